#include "store/SharedLedger.h"

#include "store/Logging.h"
#include "store/Migrations.h"

#include <QDateTime>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

namespace callgate::store {
namespace {

qint64 nowSeconds() { return QDateTime::currentSecsSinceEpoch(); }

} // namespace

const char *ledgerOutcomeName(SharedLedger::Outcome outcome)
{
    switch (outcome) {
    case SharedLedger::Outcome::Done: return "done";
    case SharedLedger::Outcome::Reused: return "already used";
    case SharedLedger::Outcome::Unknown: return "unknown";
    case SharedLedger::Outcome::Expired: return "expired";
    case SharedLedger::Outcome::Unavailable: return "database unavailable";
    }
    return "?";
}

// The connection and everything done with it; lives on the ledger's thread.
class SharedLedger::Connection : public QObject {
public:
    Connection(const QString &instance, std::atomic<quint64> &failures)
        : m_name(QStringLiteral("callgate-ledger-") + QUuid::createUuid().toString(QUuid::Id128)), m_instance(instance),
          m_failures(failures)
    {}
    ~Connection() override
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }

    Status open(const PostgresTarget &target)
    {
        m_target = target;
        // Named in pg_stat_activity as the instance's ledger.
        if (const Status added = addPostgresConnection(m_name, target.server, QStringLiteral("callgate-ledger-") + m_instance); !added)
            return added;
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        QUrl shown = target.server;
        shown.setPassword({});
        if (!db.open())
            return Error{QStringLiteral("cannot connect to %1: %2").arg(shown.toString(), db.lastError().text())};
        if (!useSchema(db))
            return Error{QStringLiteral("cannot use schema %1: %2").arg(target.schema, db.lastError().text())};
        if (const Status migrated = migrate(db, Dialect::Postgres); !migrated)
            return Error{QStringLiteral("%1: %2").arg(shown.toString(), migrated.error())};
        auto *sweep = new QTimer(this);
        sweep->setInterval(60000);
        connect(sweep, &QTimer::timeout, this, [this] { this->sweep(); });
        sweep->start();
        return Ok{};
    }

    SharedLedger::Outcome useOnce(const QByteArray &id, qint64 expiresAt)
    {
        return run([&](QSqlQuery &q) {
            q.prepare(QStringLiteral("INSERT INTO used_once (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"));
            q.addBindValue(QString::fromLatin1(id.toBase64()));
            q.addBindValue(expiresAt);
            if (!q.exec())
                return std::optional<Outcome>();
            return std::optional<Outcome>(q.numRowsAffected() == 1 ? Outcome::Done : Outcome::Reused);
        });
    }

    SharedLedger::Outcome putSession(const QByteArray &id, const QByteArray &payload, qint64 expiresAt)
    {
        return run([&](QSqlQuery &q) {
            q.prepare(QStringLiteral("INSERT INTO call_sessions (id, payload, expires_at, created_by) VALUES (?, ?, ?, ?)"));
            q.addBindValue(QString::fromLatin1(id));
            q.addBindValue(QString::fromUtf8(payload));
            q.addBindValue(expiresAt);
            q.addBindValue(m_instance);
            if (!q.exec())
                return std::optional<Outcome>();
            return std::optional<Outcome>(Outcome::Done);
        });
    }

    SharedLedger::Outcome claimSession(const QByteArray &id, QByteArray *payload)
    {
        return run([&](QSqlQuery &q) {
            const qint64 now = nowSeconds();
            q.prepare(QStringLiteral("UPDATE call_sessions SET claimed_by = ?, claimed_at = ?"
                                     " WHERE id = ? AND claimed_by IS NULL AND expires_at >= ? RETURNING payload"));
            q.addBindValue(m_instance);
            q.addBindValue(now);
            q.addBindValue(QString::fromLatin1(id));
            q.addBindValue(now);
            if (!q.exec())
                return std::optional<Outcome>();
            if (q.next()) {
                *payload = q.value(0).toString().toUtf8();
                return std::optional<Outcome>(Outcome::Done);
            }
            // Why not: never made (or swept), claimed already, or too late.
            q.prepare(QStringLiteral("SELECT claimed_by IS NOT NULL FROM call_sessions WHERE id = ?"));
            q.addBindValue(QString::fromLatin1(id));
            if (!q.exec())
                return std::optional<Outcome>();
            if (!q.next())
                return std::optional<Outcome>(Outcome::Unknown);
            return std::optional<Outcome>(q.value(0).toBool() ? Outcome::Reused : Outcome::Expired);
        });
    }

private:
    bool useSchema(QSqlDatabase &db)
    {
        QSqlQuery q(db);
        return q.exec(QStringLiteral("SET search_path TO \"%1\"").arg(m_target.schema));
    }

    // One question, reopening a dropped connection once; Unavailable when that did not help.
    template <typename F>
    SharedLedger::Outcome run(F f)
    {
        const auto reopen = [this](QSqlDatabase &db) { return db.open() && useSchema(db); };
        if (const auto answer = askReconnecting<Outcome>(m_name, "shared ledger:", reopen, f))
            return *answer;
        m_failures.fetch_add(1, std::memory_order_relaxed);
        return Outcome::Unavailable;
    }

    void sweep()
    {
        const qint64 now = nowSeconds();
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (!db.isOpen())
            return;
        QSqlQuery q(db);
        for (const char *table : {"used_once", "call_sessions"}) {
            q.prepare(QStringLiteral("DELETE FROM %1 WHERE expires_at < ?").arg(QLatin1String(table)));
            q.addBindValue(now);
            q.exec();
        }
    }

    using Outcome = SharedLedger::Outcome;
    const QString m_name;
    const QString m_instance;
    std::atomic<quint64> &m_failures;
    PostgresTarget m_target;
};

SharedLedger::SharedLedger(const QString &instance)
    : m_instance(instance),
      m_db(std::make_unique<DatabaseThread<Connection>>(QStringLiteral("callgate-ledger"), new Connection(m_instance, m_failures)))
{}

SharedLedger::~SharedLedger() { stop(); }

void SharedLedger::stop() { m_db->stop(); }

Status SharedLedger::open(const PostgresTarget &target)
{
    Status result = Ok{};
    m_db->wait([&](Connection &c) { result = c.open(target); });
    return result;
}

void SharedLedger::useOnce(const QByteArray &id, qint64 expiresAt, QObject *context, std::function<void(Outcome)> done)
{
    if (!m_db->stopped())
        m_questions.fetch_add(1, std::memory_order_relaxed);
    m_db->ask([id, expiresAt, context = QPointer<QObject>(context), done = std::move(done)](Connection &c) {
        const Outcome outcome = c.useOnce(id, expiresAt);
        answerOn(context, [done, outcome] { done(outcome); });
    });
}

void SharedLedger::putSession(const QByteArray &id, const QByteArray &payload, qint64 expiresAt, QObject *context,
                              std::function<void(Outcome)> done)
{
    if (!m_db->stopped())
        m_questions.fetch_add(1, std::memory_order_relaxed);
    m_db->ask([id, payload, expiresAt, context = QPointer<QObject>(context), done = std::move(done)](Connection &c) {
        const Outcome outcome = c.putSession(id, payload, expiresAt);
        answerOn(context, [done, outcome] { done(outcome); });
    });
}

void SharedLedger::claimSession(const QByteArray &id, QObject *context, std::function<void(Outcome, const QByteArray &)> done)
{
    if (!m_db->stopped())
        m_questions.fetch_add(1, std::memory_order_relaxed);
    m_db->ask([id, context = QPointer<QObject>(context), done = std::move(done)](Connection &c) {
        QByteArray payload;
        const Outcome outcome = c.claimSession(id, &payload);
        answerOn(context, [done, outcome, payload] { done(outcome, payload); });
    });
}

} // namespace callgate::store
