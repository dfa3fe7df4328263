#pragma once
// What the caller's app (/user) keeps in the call database, so that it holds on every instance of
// a cluster and across restarts: each number's latest consent answer given in the app (and a row
// in the consent audit for every answer, method "app"), and signed-in sessions — a SHA-256 of
// each token, never the token — with their expiry. SQLite or PostgreSQL, as DATABASE_URL says.
//
// A thread ("callgate-accounts") and a connection of its own: the app's thread and the caller
// flow ask and go on; each answer is delivered on the asker's thread (to `context`). stop()
// before the contexts are deleted. A dropped connection is reopened on the next question; while
// the database cannot answer, the answer is Unavailable.

#include "store/DatabaseThread.h"
#include "util/Result.h"

#include <QDateTime>

#include <atomic>
#include <functional>
#include <memory>

namespace callgate::store {

struct AppConsent {
    bool accepted = false;
    QString messageVersion;
    QString language;
    QDateTime decidedAt; // invalid: never answered in the app
};

// Whether an answer given in the app stands for a call now: accepted, for the consent message the
// caller would hear now, within the days it is good for.
bool appConsentCounts(const AppConsent &consent, const QString &currentVersion, int validDays, const QDateTime &now);

class AppAccounts {
public:
    enum class Outcome { Done, NotFound, Unavailable };

    AppAccounts();
    ~AppAccounts();

    // Connects and migrates (blocking, at start-up): a SQLite path or a postgres:// URL.
    Status open(const QString &database);
    void stop();

    // The number's latest answer in the app (NotFound: it never gave one).
    void consentOf(const QString &phone, QObject *context, std::function<void(Outcome, const AppConsent &)> done);
    // Records an answer (replacing the last) and adds it to the consent audit.
    void recordConsent(const QString &phone, const AppConsent &consent, QObject *context, std::function<void(Outcome)> done);
    // A signed-in session: its token's hash, the number, until when (seconds since the epoch).
    void startSession(const QByteArray &tokenHash, const QString &phone, qint64 expiresAt, QObject *context,
                      std::function<void(Outcome)> done);
    // The number of a session that has not expired (NotFound otherwise).
    void findSession(const QByteArray &tokenHash, QObject *context, std::function<void(Outcome, const QString &phone)> done);
    void endSession(const QByteArray &tokenHash);

    quint64 failures() const { return m_failures.load(std::memory_order_relaxed); }

private:
    class Connection;
    std::atomic<quint64> m_failures{0};
    std::unique_ptr<DatabaseThread<Connection>> m_db;
};

} // namespace callgate::store
