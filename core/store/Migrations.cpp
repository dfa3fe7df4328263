#include "store/Migrations.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace callgate::store {

QList<Migration> migrations(Dialect dialect)
{
    const QString id =
        dialect == Dialect::Sqlite ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT") : QStringLiteral("BIGSERIAL PRIMARY KEY");
    return {
        {1,
         "calls, transcript turns and call events",
         {QStringLiteral("CREATE TABLE calls ("
                         " id %1,"
                         " session_id TEXT NOT NULL UNIQUE,"
                         " call_sid TEXT NOT NULL,"
                         " caller TEXT NOT NULL,"
                         " started_at TEXT NOT NULL,"
                         " ended_at TEXT,"
                         " outcome TEXT)")
              .arg(id),
          QStringLiteral("CREATE INDEX calls_started_at ON calls (started_at)"),
          QStringLiteral("CREATE INDEX calls_caller ON calls (caller)"),
          QStringLiteral("CREATE TABLE transcript_turns ("
                         " id %1,"
                         " call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,"
                         " speaker TEXT NOT NULL,"
                         " item_id TEXT,"
                         " text TEXT NOT NULL,"
                         " at TEXT NOT NULL)")
              .arg(id),
          QStringLiteral("CREATE INDEX transcript_turns_call ON transcript_turns (call_id)"),
          QStringLiteral("CREATE TABLE call_events ("
                         " id %1,"
                         " call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,"
                         " kind TEXT NOT NULL,"
                         " detail TEXT,"
                         " value_ms DOUBLE PRECISION,"
                         " at TEXT NOT NULL)")
              .arg(id),
          QStringLiteral("CREATE INDEX call_events_call ON call_events (call_id)")}},
        {2,
         "who called (verified number, customer), who handled it, why it ended, its recording; the consent audit",
         {QStringLiteral("ALTER TABLE calls ADD COLUMN verified_number TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN line_type TEXT"), QStringLiteral("ALTER TABLE calls ADD COLUMN number_source TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN language TEXT"), QStringLiteral("ALTER TABLE calls ADD COLUMN consent_version TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN customer_name TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN customer_fields TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN handled_by TEXT"), QStringLiteral("ALTER TABLE calls ADD COLUMN end_reason TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN recording_path TEXT"),
          QStringLiteral("CREATE TABLE consents ("
                         " id %1,"
                         " call_sid TEXT NOT NULL,"
                         " caller TEXT NOT NULL,"
                         " phone TEXT,"
                         " accepted INTEGER NOT NULL,"
                         " method TEXT NOT NULL,"
                         " message_version TEXT,"
                         " language TEXT,"
                         " decided_at TEXT NOT NULL)")
              .arg(id),
          QStringLiteral("CREATE INDEX consents_call_sid ON consents (call_sid)"),
          QStringLiteral("CREATE INDEX consents_decided_at ON consents (decided_at)")}},
        {3,
         "who did what (the supervisor, where a transfer went); a supervisor's disposition and notes after the call",
         {QStringLiteral("ALTER TABLE calls ADD COLUMN agent TEXT"), QStringLiteral("ALTER TABLE calls ADD COLUMN transferred_to TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN disposition TEXT"), QStringLiteral("ALTER TABLE calls ADD COLUMN notes TEXT"),
          QStringLiteral("ALTER TABLE calls ADD COLUMN noted_by TEXT"), QStringLiteral("ALTER TABLE calls ADD COLUMN noted_at TEXT")}},
        {4, "who gave the AI each whispered instruction", {QStringLiteral("ALTER TABLE transcript_turns ADD COLUMN by_name TEXT")}},
        {5,
         "what the gateways of one cluster share: one-time credentials used, call sessions waiting for their stream",
         {QStringLiteral("CREATE TABLE used_once (id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)"),
          QStringLiteral("CREATE INDEX used_once_expires_at ON used_once (expires_at)"),
          QStringLiteral("CREATE TABLE call_sessions ("
                         " id TEXT PRIMARY KEY,"
                         " payload TEXT NOT NULL,"
                         " expires_at BIGINT NOT NULL,"
                         " created_by TEXT,"
                         " claimed_by TEXT,"
                         " claimed_at BIGINT)"),
          QStringLiteral("CREATE INDEX call_sessions_expires_at ON call_sessions (expires_at)")}},
        {6,
         "the caller's app: each number's consent given there, and its signed-in sessions (token hashes)",
         {QStringLiteral("CREATE TABLE app_consents ("
                         " phone TEXT PRIMARY KEY,"
                         " accepted INTEGER NOT NULL,"
                         " message_version TEXT,"
                         " language TEXT,"
                         " decided_at BIGINT NOT NULL)"),
          QStringLiteral("CREATE TABLE app_sessions ("
                         " token_hash TEXT PRIMARY KEY,"
                         " phone TEXT NOT NULL,"
                         " created_at BIGINT NOT NULL,"
                         " expires_at BIGINT NOT NULL)"),
          QStringLiteral("CREATE INDEX app_sessions_expires_at ON app_sessions (expires_at)")}},
    };
}

int latestSchemaVersion() { return migrations(Dialect::Sqlite).constLast().version; }

int schemaVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

namespace {

Status migrateLocked(QSqlDatabase &db, Dialect dialect, int upTo)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")))
        return Error{QStringLiteral("cannot create schema_version: %1").arg(q.lastError().text())};
    const int current = schemaVersion(db);
    if (current > latestSchemaVersion())
        return Error{QStringLiteral("the database is at schema version %1, newer than this program knows (%2); upgrade callgate")
                         .arg(current)
                         .arg(latestSchemaVersion())};
    for (const Migration &m : migrations(dialect)) {
        if (m.version <= current || (upTo > 0 && m.version > upTo))
            continue;
        if (!db.transaction())
            return Error{QStringLiteral("cannot start migration %1: %2").arg(m.version).arg(db.lastError().text())};
        for (const QString &statement : m.statements) {
            if (!q.exec(statement)) {
                const QString why = q.lastError().text();
                db.rollback();
                return Error{QStringLiteral("migration %1 (%2) failed: %3").arg(m.version).arg(QLatin1String(m.description), why)};
            }
        }
        q.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)"));
        q.addBindValue(m.version);
        if (!q.exec() || !db.commit()) {
            const QString why = q.lastError().text();
            db.rollback();
            return Error{QStringLiteral("migration %1 could not be recorded: %2").arg(m.version).arg(why)};
        }
    }
    return Ok{};
}

} // namespace

Status migrate(QSqlDatabase &db, Dialect dialect, int upTo)
{
    QSqlQuery q(db);
    if (dialect == Dialect::Postgres) {
        // Several gateways of one cluster start at once on one schema: one migrates, the others
        // wait for it and then find nothing left to do.
        if (!q.exec(QStringLiteral("SELECT pg_advisory_lock(hashtext('callgate migrate ' || current_schema()))")))
            return Error{QStringLiteral("cannot lock the schema for migration: %1").arg(q.lastError().text())};
        const Status done = migrateLocked(db, dialect, upTo);
        q.exec(QStringLiteral("SELECT pg_advisory_unlock(hashtext('callgate migrate ' || current_schema()))"));
        return done;
    }
    return migrateLocked(db, dialect, upTo);
}

} // namespace callgate::store
