#include "net/Reactor.h"

#include "net/IoStats.h"
#include "util/ShardedCounter.h"

#include <QSocketNotifier>
#include <QThread>

#include <sys/epoll.h>
#include <unistd.h>

namespace callgate::net {
namespace {

thread_local Reactor *t_reactor = nullptr;

ShardedCounter g_sends, g_receives, g_epollWaits;

} // namespace

IoStats ioStats() { return {g_sends.load(), g_receives.load(), g_epollWaits.load()}; }

namespace detail {
void countSend() { g_sends.add(); }
void countReceive() { g_receives.add(); }
} // namespace detail

Reactor &Reactor::forThisThread()
{
    if (!t_reactor) {
        t_reactor = new Reactor;
        QThread *thread = QThread::currentThread();
        // Worker threads: go with the thread, while its event dispatcher still exists.
        QObject::connect(
            thread, &QThread::finished, t_reactor,
            [] {
                delete t_reactor;
                t_reactor = nullptr;
            },
            Qt::DirectConnection);
    }
    return *t_reactor;
}

Reactor::Reactor()
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &Reactor::dispatch);
}

Reactor::~Reactor()
{
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool Reactor::add(int fd, IoHandler *handler, uint32_t events)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    m_removedInBatch.erase(handler); // a new handler may reuse a freed one's address
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) == 0;
}

void Reactor::modify(int fd, IoHandler *handler, uint32_t events)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
}

void Reactor::remove(int fd, IoHandler *handler)
{
    epoll_event ev{};
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &ev);
    if (m_dispatching)
        m_removedInBatch.insert(handler);
}

void Reactor::deferFlush(IoHandler *handler) { m_deferred.push_back(handler); }

void Reactor::cancelFlush(IoHandler *handler) { std::erase(m_deferred, handler); }

void Reactor::flushDeferred()
{
    // Flushing only sends (a failure is reported on a later turn), so nothing is added meanwhile.
    for (size_t i = 0; i < m_deferred.size(); ++i)
        m_deferred[i]->flushDeferred();
    m_deferred.clear();
}

void Reactor::dispatch()
{
    constexpr int kBatch = 256;
    epoll_event events[kBatch];
    for (int round = 0; round < 8; ++round) {
        const int n = ::epoll_wait(m_epoll, events, kBatch, 0);
        g_epollWaits.add();
        if (n <= 0)
            return;
        m_dispatching = true;
        for (int i = 0; i < n; ++i) {
            auto *handler = static_cast<IoHandler *>(events[i].data.ptr);
            if (!m_removedInBatch.empty() && m_removedInBatch.count(handler))
                continue;
            m_inHandler = true;
            handler->onIo(events[i].events);
            m_inHandler = false;
            if (!m_deferred.empty())
                flushDeferred();
        }
        m_dispatching = false;
        m_removedInBatch.clear();
        if (n < kBatch)
            return;
    }
}

} // namespace callgate::net
