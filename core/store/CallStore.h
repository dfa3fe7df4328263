#pragma once
// Call records on QtSql: calls, transcript turns and call events, written in batches. Lives on
// the store thread (see StoreWriter); nothing on a call's hot path ever waits for it.

#include "call/CallEvents.h"
#include "store/Migrations.h"
#include "store/QueueFigures.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QUrl>

#include <optional>
#include <vector>

namespace callgate::store {

struct TurnRecord {
    QString speaker; // "caller" | "assistant" | "agent" | "whisper"
    QString text;
    QDateTime at;
    QString by; // a whisper: the supervisor who gave it (empty before schema 4, or unknown)
};

struct CallRecord {
    qint64 id = 0;
    QString sessionId;
    QString callSid;
    QString caller;
    QDateTime startedAt;
    QDateTime endedAt;
    QString outcome;
    QString verifiedNumber; // the mobile the caller flow verified (may differ from caller)
    QString lineType;
    QString numberSource; // caller-id | keypad | keypad-unverified
    QString language;
    QString consentVersion;
    QString customerName;
    QString customerFields; // "key: value; …" as the customer API gave them
    QString handledBy;      // "ai", "agent" (a supervisor took it) or "transferred"
    QString endReason;      // why it ended, in words
    QString recordingPath;  // the call's recording, if one was made
    QString agent;          // the supervisor who took, transferred or hung up on it (the last of them)
    QString transferredTo;  // where a transfer sent it (masked, as the event gave it)
    QString disposition;    // a supervisor's after-call disposition (CallDisposition's words)
    QString notes;          // … and notes
    QString notedBy;
    QDateTime notedAt;
};

// One consent answer: who, when, how, and which message they were read.
struct ConsentRecord {
    QString callSid;
    QString caller;
    QString phone;
    bool accepted = false;
    QString method;
    QString messageVersion;
    QString language;
    QDateTime decidedAt;
};

// Totals read from the database for /metrics.
struct StoreTotals {
    qint64 calls = 0;
    qint64 consentsAccepted = 0;
    qint64 consentsDeclined = 0;
};

// A postgres:// DATABASE_URL split into the server and the schema its tables live in
// (`?schema=name`, default public: several clusters, or test runs, may share one database).
struct PostgresTarget {
    QUrl server; // without the query
    QString schema;
};
// Nothing for a SQLite path; an error for a postgres:// URL that cannot be used.
std::optional<Result<PostgresTarget>> postgresTarget(const QString &database);
// Adds a QPSQL connection named `connection` for `server` (not yet opened; 5 s to connect), named
// `applicationName` in pg_stat_activity; an error when the driver is missing.
Status addPostgresConnection(const QString &connection, const QUrl &server, const QString &applicationName);

class CallStore : public QObject {
    Q_OBJECT
public:
    CallStore();
    ~CallStore() override;

    // SQLite file (created if missing, WAL journal). The error says what to fix.
    Status openSqlite(const QString &path);
    // PostgreSQL at postgres://user:password@host:port/database, tables in `schema`.
    Status openPostgres(const QUrl &url, const QString &schema = QStringLiteral("public"));
    // Either of the above, by the form of `database` (a postgres:// URL or a file path).
    Status open(const QString &database);
    // Writes the events in one transaction; events of calls it has not seen start are skipped.
    Status write(const std::vector<CallEvent> &events);
    // Whether the last failed write was refused for what it held (a constraint, a bad value: that
    // record will never go in) rather than for the store's state (disk full, I/O, connection).
    bool lastFailureWasData() const { return m_lastFailureWasData; }
    // After a failed write: reopens a connection that has dropped (PostgreSQL restarted, network);
    // returns true if it reconnected.
    bool reconnect();

    QList<CallRecord> recentCalls(int limit) const;
    // Calls that started at or after `since`, oldest first; only `callSid` when it is not empty.
    QList<CallRecord> callsSince(const QDateTime &since, const QString &callSid = {}) const;
    // The console's history: newest first, at most `limit`. `number` matches the caller ID or the
    // verified mobile (any part of it); `outcome` exactly; empty filters match everything.
    struct Search {
        QString number;
        QDateTime from; // invalid: no lower bound
        QDateTime to;   // invalid: no upper bound
        QString outcome;
        int limit = 500;
    };
    QList<CallRecord> search(const Search &s) const;
    // Deletes calls that started before `cutoff` (their turns and events with them); returns how many.
    Result<int> purgeBefore(const QDateTime &cutoff);
    QList<TurnRecord> transcript(qint64 callId) const;
    Result<StoreTotals> totals() const;
    // Calls that began at or after `since` still live are left out (they are on the live page).
    Result<QueueFigures> queueFigures(const QDateTime &since, int serviceLevelSeconds) const;
    // A supervisor's disposition and notes on a call (after it ended; again replaces them).
    Status setNotes(qint64 callId, const QString &disposition, const QString &notes, const QString &by);
    // Consent answers of a call (or all since `since` when callSid is empty), oldest first.
    QList<ConsentRecord> consents(const QString &callSid, const QDateTime &since = {}) const;

private:
    qint64 callIdFor(const QByteArray &sessionId);
    QString m_connection;
    Dialect m_dialect = Dialect::Sqlite;
    QHash<QByteArray, qint64> m_callIds;
    QString m_schema;
    bool m_lastFailureWasData = false;
};

} // namespace callgate::store
