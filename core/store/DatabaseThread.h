#pragma once
// A thread that owns one object — a database connection and what is done with it — and runs the
// questions put to it in order. The askers go on at once; each question's answer goes back by
// answerOn() to the asker's thread. stop() finishes the question in progress, deletes the object
// on its thread and ends the thread; later questions are dropped.

#include "store/Logging.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <optional>

namespace callgate::store {

template <typename Object>
class DatabaseThread {
public:
    explicit DatabaseThread(const QString &name, Object *object) : m_object(object)
    {
        m_thread.setObjectName(name);
        m_object->moveToThread(&m_thread);
        m_thread.start();
    }
    ~DatabaseThread() { stop(); }
    DatabaseThread(const DatabaseThread &) = delete;
    DatabaseThread &operator=(const DatabaseThread &) = delete;

    void stop()
    {
        if (m_stopped.exchange(true))
            return;
        // Deleted on its own thread (its timers and connection belong there), after what was asked before.
        QMetaObject::invokeMethod(
            m_object, [this] { delete m_object; }, Qt::BlockingQueuedConnection);
        m_object = nullptr;
        m_thread.quit();
        m_thread.wait();
    }
    bool stopped() const { return m_stopped.load(); }

    // Runs `f(object)` on the thread and waits for it (start-up only).
    template <typename F>
    void wait(F f)
    {
        QMetaObject::invokeMethod(
            m_object, [&] { f(*m_object); }, Qt::BlockingQueuedConnection);
    }
    // Queues `f(object)`; dropped once stopped.
    template <typename F>
    void ask(F f)
    {
        if (m_stopped.load())
            return;
        QMetaObject::invokeMethod(
            m_object, [this, f = std::move(f)] { f(*m_object); }, Qt::QueuedConnection);
    }

private:
    QThread m_thread;
    Object *m_object; // lives on m_thread
    std::atomic<bool> m_stopped{false};
};

// One question `f(query)` (an answer, or nullopt when its statement failed) on the connection named
// `connection`: when the connection has dropped (a restarted server), `reopen(db)` and ask once
// more. nullopt when neither worked; a statement that fails on a working connection is logged under
// `who` and not retried.
template <typename Answer, typename Reopen, typename F>
std::optional<Answer> askReconnecting(const QString &connection, const char *who, Reopen reopen, F f)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlDatabase db = QSqlDatabase::database(connection, false);
        if (!db.isOpen() && !reopen(db))
            return std::nullopt;
        QSqlQuery q(db);
        if (const std::optional<Answer> answer = f(q))
            return answer;
        const QString why = q.lastError().text();
        QSqlQuery ping(db);
        if (ping.exec(QStringLiteral("SELECT 1"))) {
            qCWarning(lcStore).noquote() << who << why;
            return std::nullopt; // the connection is fine: the statement itself failed
        }
        db.close();
    }
    return std::nullopt;
}

// Posts `answer` to `context`'s thread if it still exists.
template <typename A>
void answerOn(const QPointer<QObject> &context, A &&answer)
{
    if (context)
        QMetaObject::invokeMethod(context, std::forward<A>(answer), Qt::QueuedConnection);
}

} // namespace callgate::store
