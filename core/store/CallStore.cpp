#include "store/CallStore.h"

#include "store/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrlQuery>
#include <QUuid>

namespace callgate::store {
namespace {

QString iso(const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); }

const QString kCallColumns =
    QStringLiteral("id, session_id, call_sid, caller, started_at, ended_at, outcome, verified_number, line_type, number_source, language,"
                   " consent_version, customer_name, customer_fields, handled_by, end_reason, recording_path, agent, transferred_to,"
                   " disposition, notes, noted_by, noted_at");

CallRecord callFrom(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(),
            q.value(1).toString(),
            q.value(2).toString(),
            q.value(3).toString(),
            QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs),
            QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs),
            q.value(6).toString(),
            q.value(7).toString(),
            q.value(8).toString(),
            q.value(9).toString(),
            q.value(10).toString(),
            q.value(11).toString(),
            q.value(12).toString(),
            q.value(13).toString(),
            q.value(14).toString(),
            q.value(15).toString(),
            q.value(16).toString(),
            q.value(17).toString(),
            q.value(18).toString(),
            q.value(19).toString(),
            q.value(20).toString(),
            q.value(21).toString(),
            QDateTime::fromString(q.value(22).toString(), Qt::ISODateWithMs)};
}

// SQLite: TOOBIG 18, CONSTRAINT 19 (also a trigger's RAISE), MISMATCH 20, RANGE 25. PostgreSQL:
// SQLSTATE classes 22 (data exception), 23 (integrity constraint), P0 (raised by a trigger).
bool isDataError(const QSqlError &e, Dialect dialect)
{
    const QString code = e.nativeErrorCode();
    if (dialect == Dialect::Postgres)
        return code.startsWith(QLatin1String("22")) || code.startsWith(QLatin1String("23")) || code.startsWith(QLatin1String("P0"));
    const int primary = code.toInt() & 0xff;
    return primary == 18 || primary == 19 || primary == 20 || primary == 25;
}

} // namespace

CallStore::CallStore() : m_connection(QStringLiteral("callgate-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

CallStore::~CallStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

Status CallStore::openSqlite(const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (!db.open())
        return Error{QStringLiteral("cannot open the call database %1: %2").arg(path, db.lastError().text())};
    QSqlQuery q(db);
    // WAL with synchronous=NORMAL: a crash of this process loses nothing committed.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
        if (!q.exec(QLatin1String(pragma)))
            return Error{QStringLiteral("cannot prepare the call database %1: %2").arg(path, q.lastError().text())};
    }
    m_dialect = Dialect::Sqlite;
    const Status migrated = migrate(db, m_dialect);
    if (!migrated)
        return Error{QStringLiteral("call database %1: %2").arg(path, migrated.error())};
    return Ok{};
}

Status CallStore::openPostgres(const QUrl &url, const QString &schema)
{
    // Named in pg_stat_activity after the schema it writes.
    if (const Status added = addPostgresConnection(m_connection, url, QStringLiteral("callgate-store:") + schema); !added)
        return added;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QUrl shown = url;
    shown.setPassword({});
    if (!db.open())
        return Error{QStringLiteral("cannot connect to %1: %2").arg(shown.toString(), db.lastError().text())};
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SET search_path TO \"%1\"").arg(schema)))
        return Error{QStringLiteral("cannot use schema %1: %2").arg(schema, q.lastError().text())};
    m_dialect = Dialect::Postgres;
    m_schema = schema;
    const Status migrated = migrate(db, m_dialect);
    if (!migrated)
        return Error{QStringLiteral("call database %1: %2").arg(shown.toString(), migrated.error())};
    return Ok{};
}

bool CallStore::reconnect()
{
    if (m_dialect != Dialect::Postgres)
        return false; // a SQLite file does not drop; a full disk is retried as it is
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery ping(db);
    if (db.isOpen() && ping.exec(QStringLiteral("SELECT 1")))
        return false; // the connection is fine; the failure was something else
    db.close();
    if (!db.open())
        return false;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SET search_path TO \"%1\"").arg(m_schema));
    m_callIds.clear();
    return true;
}

std::optional<Result<PostgresTarget>> postgresTarget(const QString &database)
{
    if (!database.startsWith(QLatin1String("postgres://")) && !database.startsWith(QLatin1String("postgresql://")))
        return std::nullopt;
    QUrl url(database, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
        return Result<PostgresTarget>(Error{QStringLiteral("DATABASE_URL must look like postgres://user:password@host:port/database")});
    PostgresTarget t;
    t.schema = QUrlQuery(url).queryItemValue(QStringLiteral("schema"));
    if (t.schema.isEmpty())
        t.schema = QStringLiteral("public");
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
    if (!identifier.match(t.schema).hasMatch())
        return Result<PostgresTarget>(Error{QStringLiteral("the schema in DATABASE_URL must be a plain name (letters, digits, _)")});
    url.setQuery(QString());
    t.server = url;
    return Result<PostgresTarget>(std::move(t));
}

Status addPostgresConnection(const QString &connection, const QUrl &server, const QString &applicationName)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
    if (!db.isValid())
        return Error{QStringLiteral("the PostgreSQL driver is not installed (Debian: libqt6sql6-psql)")};
    db.setHostName(server.host());
    db.setPort(server.port(5432));
    db.setUserName(server.userName());
    db.setPassword(server.password());
    db.setDatabaseName(server.path().mid(1));
    db.setConnectOptions(QStringLiteral("connect_timeout=5;application_name=") + applicationName);
    return Ok{};
}

Status CallStore::open(const QString &database)
{
    if (const auto target = postgresTarget(database)) {
        if (!*target)
            return Error{target->error()};
        return openPostgres(target->value().server, target->value().schema);
    }
    return openSqlite(database);
}

qint64 CallStore::callIdFor(const QByteArray &sessionId)
{
    if (const auto it = m_callIds.constFind(sessionId); it != m_callIds.cend())
        return *it;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT id FROM calls WHERE session_id = ?"));
    q.addBindValue(QString::fromLatin1(sessionId));
    if (q.exec() && q.next()) {
        const qint64 id = q.value(0).toLongLong();
        m_callIds.insert(sessionId, id);
        return id;
    }
    return 0;
}

Status CallStore::write(const std::vector<CallEvent> &events)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    m_lastFailureWasData = false;
    if (!db.transaction())
        return Error{QStringLiteral("cannot write call records: %1").arg(db.lastError().text())};
    QSqlQuery q(db);
    for (const CallEvent &e : events) {
        bool ok = true;
        if (e.kind == CallEvent::Kind::Consent) {
            const CallerVerification &v = e.verification;
            q.prepare(
                QStringLiteral("INSERT INTO consents (call_sid, caller, phone, accepted, method, message_version, language, decided_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
            q.addBindValue(e.callSid);
            q.addBindValue(e.caller);
            q.addBindValue(v.number.isEmpty() ? QVariant() : QVariant(v.number));
            q.addBindValue(e.text == QLatin1String("accepted") ? 1 : 0);
            q.addBindValue(v.consentMethod.isEmpty() ? QStringLiteral("keypad") : v.consentMethod);
            q.addBindValue(v.consentVersion);
            q.addBindValue(v.language);
            q.addBindValue(iso(e.at));
            ok = q.exec();
        } else if (e.kind == CallEvent::Kind::Started) {
            // Idempotent: a batch retried after a failure may carry the same start again.
            const CallerVerification &v = e.verification;
            QStringList fields;
            for (const auto &[key, value] : e.customer.fields)
                fields << key + QStringLiteral(": ") + value;
            const auto text = [](const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); };
            q.prepare(QStringLiteral("INSERT INTO calls (session_id, call_sid, caller, started_at, verified_number, line_type,"
                                     " number_source, language, consent_version, customer_name, customer_fields, handled_by)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ai') ON CONFLICT (session_id) DO NOTHING"));
            q.addBindValue(QString::fromLatin1(e.sessionId));
            q.addBindValue(e.callSid);
            q.addBindValue(e.caller);
            q.addBindValue(iso(e.at));
            q.addBindValue(text(v.number));
            q.addBindValue(text(v.lineType));
            q.addBindValue(text(v.source));
            q.addBindValue(text(v.language));
            q.addBindValue(text(v.consentVersion));
            q.addBindValue(text(e.customer.name));
            q.addBindValue(fields.isEmpty() ? QVariant() : QVariant(fields.join(QStringLiteral("; "))));
            ok = q.exec();
            if (m_callIds.size() > 10000)
                m_callIds.clear(); // a cache, refilled from the table on demand
        } else {
            const qint64 callId = callIdFor(e.sessionId);
            if (callId == 0)
                continue;
            switch (e.kind) {
            case CallEvent::Kind::TranscriptFinal:
                q.prepare(QStringLiteral(
                    "INSERT INTO transcript_turns (call_id, speaker, item_id, text, at, by_name) VALUES (?, ?, ?, ?, ?, ?)"));
                q.addBindValue(callId);
                q.addBindValue(QLatin1String(speakerName(e.speaker)));
                q.addBindValue(QString::fromLatin1(e.itemId));
                q.addBindValue(e.text);
                q.addBindValue(iso(e.at));
                q.addBindValue(e.by.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.by.left(200)));
                ok = q.exec();
                break;
            case CallEvent::Kind::RecordingSaved:
                q.prepare(QStringLiteral("UPDATE calls SET recording_path = ? WHERE id = ?"));
                q.addBindValue(e.text);
                q.addBindValue(callId);
                ok = q.exec();
                break;
            case CallEvent::Kind::Ended:
                q.prepare(
                    QStringLiteral("UPDATE calls SET ended_at = ?, outcome = ?, end_reason = ?, agent = COALESCE(?, agent) WHERE id = ?"));
                q.addBindValue(iso(e.at));
                q.addBindValue(e.text);
                q.addBindValue(e.detail.isEmpty() ? QVariant() : QVariant(e.detail.left(500)));
                q.addBindValue(e.by.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.by.left(200)));
                q.addBindValue(callId);
                ok = q.exec();
                m_callIds.remove(e.sessionId);
                break;
            case CallEvent::Kind::AgentTookOver:
            case CallEvent::Kind::HandedBack:
            case CallEvent::Kind::Transferred:
                q.prepare(QStringLiteral("UPDATE calls SET handled_by = ?, agent = COALESCE(?, agent),"
                                         " transferred_to = COALESCE(?, transferred_to) WHERE id = ?"));
                // A call an agent took and gave back was handled by both.
                q.addBindValue(e.kind == CallEvent::Kind::AgentTookOver    ? QStringLiteral("agent")
                                   : e.kind == CallEvent::Kind::HandedBack ? QStringLiteral("agent+ai")
                                                                           : QStringLiteral("transferred"));
                q.addBindValue(e.by.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.by.left(200)));
                q.addBindValue(e.kind == CallEvent::Kind::Transferred && !e.text.isEmpty() ? QVariant(e.text.left(64))
                                                                                           : QVariant(QMetaType(QMetaType::QString)));
                q.addBindValue(callId);
                ok = q.exec();
                if (!ok)
                    break;
                [[fallthrough]];
            case CallEvent::Kind::TurnLatency:
            case CallEvent::Kind::BargeIn:
            case CallEvent::Kind::Escalated:
            case CallEvent::Kind::AiReconnected:
                q.prepare(QStringLiteral("INSERT INTO call_events (call_id, kind, detail, value_ms, at) VALUES (?, ?, ?, ?, ?)"));
                q.addBindValue(callId);
                q.addBindValue(QLatin1String(eventKindName(e.kind)));
                q.addBindValue(e.kind == CallEvent::Kind::TurnLatency || e.kind == CallEvent::Kind::BargeIn ? QString::fromLatin1(e.itemId)
                                                                                                            : e.text);
                q.addBindValue(e.valueMs);
                q.addBindValue(iso(e.at));
                ok = q.exec();
                break;
            default: break;
            }
        }
        if (!ok) {
            const QString why = q.lastError().text();
            m_lastFailureWasData = isDataError(q.lastError(), m_dialect);
            db.rollback();
            m_callIds.clear(); // ids learnt inside the rolled-back transaction may not exist
            return Error{QStringLiteral("cannot write call records: %1").arg(why)};
        }
    }
    if (!db.commit()) {
        m_callIds.clear();
        m_lastFailureWasData = false;
        return Error{QStringLiteral("cannot commit call records: %1").arg(db.lastError().text())};
    }
    return Ok{};
}

QList<CallRecord> CallStore::recentCalls(int limit) const
{
    QList<CallRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM calls ORDER BY id DESC LIMIT ?").arg(kCallColumns));
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next())
        out.append(callFrom(q));
    return out;
}

QList<CallRecord> CallStore::callsSince(const QDateTime &since, const QString &callSid) const
{
    QList<CallRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM calls WHERE started_at >= ? AND (? = '' OR call_sid = ?) ORDER BY started_at, id")
                  .arg(kCallColumns));
    const QString sid = callSid.isNull() ? QStringLiteral("") : callSid; // a null QString binds as NULL
    q.addBindValue(iso(since));
    q.addBindValue(sid);
    q.addBindValue(sid);
    if (!q.exec())
        return out;
    while (q.next())
        out.append(callFrom(q));
    return out;
}

QList<CallRecord> CallStore::search(const Search &s) const
{
    QList<CallRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM calls WHERE (? = '' OR caller LIKE ? OR verified_number LIKE ?)"
                             " AND (? = '' OR started_at >= ?) AND (? = '' OR started_at < ?) AND (? = '' OR outcome = ?)"
                             " ORDER BY started_at DESC, id DESC LIMIT ?")
                  .arg(kCallColumns));
    // Digits only, so "+1 (415) 555" finds +1415555…; LIKE's own wildcards cannot come through.
    QString digits;
    for (QChar ch : s.number) {
        if (ch.isDigit())
            digits += ch;
    }
    const QString like = QLatin1Char('%') + digits + QLatin1Char('%');
    const QString from = s.from.isValid() ? iso(s.from) : QStringLiteral("");
    const QString to = s.to.isValid() ? iso(s.to) : QStringLiteral("");
    const QString outcome = s.outcome.isNull() ? QStringLiteral("") : s.outcome;
    for (const QVariant &v : {QVariant(digits.isNull() ? QStringLiteral("") : digits), QVariant(like), QVariant(like), QVariant(from),
                              QVariant(from), QVariant(to), QVariant(to), QVariant(outcome), QVariant(outcome), QVariant(s.limit)})
        q.addBindValue(v);
    if (!q.exec())
        return out;
    while (q.next())
        out.append(callFrom(q));
    return out;
}

Status CallStore::setNotes(qint64 callId, const QString &disposition, const QString &notes, const QString &by)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE calls SET disposition = ?, notes = ?, noted_by = ?, noted_at = ? WHERE id = ?"));
    const auto text = [](const QString &s, int max) {
        return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s.left(max));
    };
    q.addBindValue(text(disposition, 64));
    q.addBindValue(text(notes, 4000));
    q.addBindValue(text(by, 200));
    q.addBindValue(iso(QDateTime::currentDateTimeUtc()));
    q.addBindValue(callId);
    if (!q.exec())
        return Error{QStringLiteral("cannot keep the notes: %1").arg(q.lastError().text())};
    if (q.numRowsAffected() != 1)
        return Error{QStringLiteral("no such call in the records")};
    return Ok{};
}

Result<QueueFigures> CallStore::queueFigures(const QDateTime &since, int serviceLevelSeconds) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT c.handled_by, c.outcome,"
                             " (SELECT MIN(e.at) FROM call_events e WHERE e.call_id = c.id AND e.kind = 'escalated'),"
                             " (SELECT MIN(e.at) FROM call_events e WHERE e.call_id = c.id AND e.kind = 'agent_took_over')"
                             " FROM calls c WHERE c.started_at >= ? AND c.outcome IS NOT NULL"));
    q.addBindValue(iso(since));
    if (!q.exec())
        return Error{q.lastError().text()};
    QueueFigures f;
    while (q.next()) {
        ++f.calls;
        const QString handled = q.value(0).toString();
        const QString outcome = q.value(1).toString();
        const QDateTime asked = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        const QDateTime taken = QDateTime::fromString(q.value(3).toString(), Qt::ISODateWithMs);
        const bool person = taken.isValid() || handled == QLatin1String("agent") || handled == QLatin1String("agent+ai");
        const bool transferred = !person && (handled == QLatin1String("transferred") || outcome == QLatin1String("transferred"));
        if (person)
            ++f.byPerson;
        else if (transferred)
            ++f.transferred;
        else if (asked.isValid())
            ++f.abandoned;
        else
            ++f.byAi;
        if (asked.isValid()) {
            ++f.askedForPerson;
            if (taken.isValid() && asked.msecsTo(taken) <= qint64(serviceLevelSeconds) * 1000)
                ++f.answeredInTime;
        }
    }
    return f;
}

Result<StoreTotals> CallStore::totals() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM calls), (SELECT COUNT(*) FROM consents WHERE accepted = 1),"
                               " (SELECT COUNT(*) FROM consents WHERE accepted = 0)"))
        || !q.next())
        return Error{q.lastError().text()};
    return StoreTotals{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()};
}

QList<ConsentRecord> CallStore::consents(const QString &callSid, const QDateTime &since) const
{
    QList<ConsentRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT call_sid, caller, phone, accepted, method, message_version, language, decided_at FROM consents"
                             " WHERE (? = '' OR call_sid = ?) AND decided_at >= ? ORDER BY decided_at, id"));
    q.addBindValue(callSid.isNull() ? QStringLiteral("") : callSid);
    q.addBindValue(callSid.isNull() ? QStringLiteral("") : callSid);
    q.addBindValue(since.isValid() ? iso(since) : QStringLiteral(""));
    if (!q.exec())
        return out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt() != 0, q.value(4).toString(),
                    q.value(5).toString(), q.value(6).toString(), QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs)});
    return out;
}

Result<int> CallStore::purgeBefore(const QDateTime &cutoff)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    if (!db.transaction())
        return Error{db.lastError().text()};
    // Their recordings go with them (once the rows are gone for sure).
    QStringList recordings;
    q.prepare(QStringLiteral("SELECT recording_path FROM calls WHERE started_at < ? AND recording_path IS NOT NULL"));
    q.addBindValue(iso(cutoff));
    if (q.exec()) {
        while (q.next())
            recordings << q.value(0).toString();
    }
    // Children first, so it works whether or not the database enforces the cascade.
    const QString old = QStringLiteral("(SELECT id FROM calls WHERE started_at < ?)");
    for (const QString &table : {QStringLiteral("transcript_turns"), QStringLiteral("call_events")}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE call_id IN %2").arg(table, old));
        q.addBindValue(iso(cutoff));
        if (!q.exec()) {
            db.rollback();
            return Error{q.lastError().text()};
        }
    }
    q.prepare(QStringLiteral("DELETE FROM calls WHERE started_at < ?"));
    q.addBindValue(iso(cutoff));
    if (!q.exec()) {
        db.rollback();
        return Error{q.lastError().text()};
    }
    const int n = q.numRowsAffected();
    q.prepare(QStringLiteral("DELETE FROM consents WHERE decided_at < ?"));
    q.addBindValue(iso(cutoff));
    if (!q.exec()) {
        db.rollback();
        return Error{q.lastError().text()};
    }
    if (!db.commit())
        return Error{db.lastError().text()};
    for (const QString &path : std::as_const(recordings)) {
        if (!path.isEmpty() && QFile::exists(path) && !QFile::remove(path))
            qCWarning(lcStore).noquote() << "retention: cannot delete recording" << path;
    }
    m_callIds.clear();
    return n;
}

QList<TurnRecord> CallStore::transcript(qint64 callId) const
{
    QList<TurnRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT speaker, text, at, by_name FROM transcript_turns WHERE call_id = ? ORDER BY id"));
    q.addBindValue(callId);
    if (!q.exec())
        return out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs),
                    q.value(3).toString()});
    return out;
}

} // namespace callgate::store
