#pragma once
// What the gateways of one cluster share through its PostgreSQL: which one-time credentials (flow
// tokens) have been used, on any instance, and the call sessions between the webhook that made
// them and the media stream that claims them, on whichever instance the stream reaches. One
// statement per question, each atomic in the database (an insert that finds the key taken, an
// update that finds the session already claimed), so two instances racing for the same token or
// session cannot both win.
//
// A thread and a connection of its own: workers ask and go on serving their calls; the answer is
// delivered on the asker's thread (through its event loop, to `context`). stop() before the
// contexts are deleted. A dropped connection is reopened on the next question; while the
// database cannot be reached every answer is Unavailable (the caller refuses rather than guess).

#include "store/CallStore.h"
#include "store/DatabaseThread.h"

#include <QByteArray>

#include <atomic>
#include <functional>
#include <memory>

namespace callgate::store {

class SharedLedger {
public:
    enum class Outcome {
        Done,        // first use / stored / claimed
        Reused,      // the token or session was used before (on this instance or another)
        Unknown,     // no such session (never made, or long expired and swept)
        Expired,     // the session's stream came too late
        Unavailable, // the database did not answer
    };

    // `instance` names this gateway in what it writes (who made and who claimed a session).
    explicit SharedLedger(const QString &instance);
    ~SharedLedger();

    // Connects and migrates (blocking, at start-up); the error says what to fix.
    Status open(const PostgresTarget &target);
    // Finishes the question in progress and stops; later questions are not answered.
    void stop();

    // Marks `id` used until `expiresAt` (seconds since the epoch): Done the first time anywhere.
    void useOnce(const QByteArray &id, qint64 expiresAt, QObject *context, std::function<void(Outcome)> done);
    // Stores a new session for any instance to claim until `expiresAt`.
    void putSession(const QByteArray &id, const QByteArray &payload, qint64 expiresAt, QObject *context, std::function<void(Outcome)> done);
    // Claims a session once, cluster-wide: Done with what putSession() stored.
    void claimSession(const QByteArray &id, QObject *context, std::function<void(Outcome, const QByteArray &payload)> done);

    quint64 questions() const { return m_questions.load(std::memory_order_relaxed); }
    quint64 failures() const { return m_failures.load(std::memory_order_relaxed); }

private:
    class Connection;

    const QString m_instance;
    std::atomic<quint64> m_questions{0};
    std::atomic<quint64> m_failures{0};
    std::unique_ptr<DatabaseThread<Connection>> m_db;
};

const char *ledgerOutcomeName(SharedLedger::Outcome outcome);

} // namespace callgate::store
