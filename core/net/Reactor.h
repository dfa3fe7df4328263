#pragma once
// One epoll set per thread, watched by a single QSocketNotifier. Qt's event dispatchers poll()
// every registered descriptor on every loop iteration, which with hundreds of call sockets per
// worker was four fifths of the gateway's CPU (sock_poll, tcp_poll, fdget in the kernel); here
// the kernel hands back only the descriptors that are ready. Lives on, and is used only from, the
// thread that owns it (see forThisThread()).

#include <QObject>

#include <cstdint>
#include <unordered_set>
#include <vector>

class QSocketNotifier;

namespace callgate::net {

class IoHandler {
public:
    virtual ~IoHandler() = default;
    // `events` are EPOLLIN / EPOLLOUT / EPOLLERR / EPOLLHUP bits.
    virtual void onIo(uint32_t events) = 0;
    // Sends what was written while a handler ran (see Reactor::deferFlush).
    virtual void flushDeferred() {}
};

class Reactor : public QObject {
    Q_OBJECT
public:
    // The reactor of the calling thread, created on first use (the thread needs an event loop).
    static Reactor &forThisThread();
    ~Reactor() override;

    bool add(int fd, IoHandler *handler, uint32_t events);
    void modify(int fd, IoHandler *handler, uint32_t events);
    // After remove(), the handler is not called again, even later in the batch being dispatched.
    void remove(int fd, IoHandler *handler);

    // True while a handler's onIo() runs. What one wake-up of one socket makes us send (a media
    // message and its mark, a truncate and a cancel, several frames read at once) can then wait
    // for the handler's end and leave in one send per socket instead of one per message.
    bool inHandler() const { return m_inHandler; }
    // `handler`'s flushDeferred() is called once, right after the running handler returns.
    void deferFlush(IoHandler *handler);
    void cancelFlush(IoHandler *handler);

private:
    Reactor();
    void dispatch();
    void flushDeferred();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
    bool m_dispatching = false;
    bool m_inHandler = false;
    std::vector<IoHandler *> m_deferred;
    std::unordered_set<IoHandler *> m_removedInBatch;
};

} // namespace callgate::net
