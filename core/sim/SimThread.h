#pragma once
// Runs a simulator on its own thread, so it keeps time while its owner blocks or is busy (the
// demo, the benchmark, tests that wait on sockets). The object is created, used and destroyed on
// that thread; the owner talks to it only through run().

#include <QThread>

#include <functional>
#include <memory>

namespace callgate::sim {

template <typename T>
class SimThread {
public:
    // Creates T on a new thread with `make` (called there) and starts the thread.
    explicit SimThread(std::function<std::unique_ptr<T>()> make, const QString &name)
    {
        m_thread.setObjectName(name);
        m_thread.start();
        run([this, make] { m_object = make(); });
    }
    ~SimThread()
    {
        run([this] { m_object.reset(); });
        m_thread.quit();
        m_thread.wait();
    }
    // Runs `f` on the simulator's thread and waits for it.
    template <typename F>
    auto run(F f)
    {
        using R = decltype(f());
        if constexpr (std::is_void_v<R>) {
            QMetaObject::invokeMethod(m_context(), f, Qt::BlockingQueuedConnection);
        } else {
            R result{};
            QMetaObject::invokeMethod(
                m_context(), [&] { result = f(); }, Qt::BlockingQueuedConnection);
            return result;
        }
    }
    T &object() { return *m_object; } // only from within run()

private:
    QObject *m_context()
    {
        if (!m_anchor) {
            m_anchor = std::make_unique<QObject>();
            m_anchor->moveToThread(&m_thread);
        }
        return m_anchor.get();
    }
    QThread m_thread;
    std::unique_ptr<QObject> m_anchor;
    std::unique_ptr<T> m_object;
};

} // namespace callgate::sim
