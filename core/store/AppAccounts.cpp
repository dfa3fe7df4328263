#include "store/AppAccounts.h"

#include "store/CallStore.h"
#include "store/Logging.h"
#include "store/Migrations.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

#include <optional>

namespace callgate::store {
namespace {

qint64 nowSeconds() { return QDateTime::currentSecsSinceEpoch(); }

} // namespace

bool appConsentCounts(const AppConsent &consent, const QString &currentVersion, int validDays, const QDateTime &now)
{
    return consent.accepted && consent.decidedAt.isValid() && consent.messageVersion == currentVersion
        && consent.decidedAt.addDays(validDays) >= now;
}

// The connection and everything done with it; lives on the accounts thread.
class AppAccounts::Connection : public QObject {
public:
    using Outcome = AppAccounts::Outcome;

    explicit Connection(std::atomic<quint64> &failures)
        : m_name(QStringLiteral("callgate-accounts-") + QUuid::createUuid().toString(QUuid::Id128)), m_failures(failures)
    {}
    ~Connection() override
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }

    Status open(const QString &database)
    {
        const auto target = postgresTarget(database);
        QString shown = database;
        if (target) {
            if (!*target)
                return Error{target->error()};
            m_schema = target->value().schema;
            if (const Status added = addPostgresConnection(m_name, target->value().server, QStringLiteral("callgate-accounts:") + m_schema);
                !added)
                return added;
            QUrl url = target->value().server;
            url.setPassword({});
            shown = url.toString();
            m_dialect = Dialect::Postgres;
        } else {
            QDir().mkpath(QFileInfo(database).absolutePath());
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
            db.setDatabaseName(database);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000")); // the store writes to the same file
            m_dialect = Dialect::Sqlite;
        }
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (!connect(db))
            return Error{QStringLiteral("cannot open %1: %2").arg(shown, db.lastError().text())};
        if (const Status migrated = migrate(db, m_dialect); !migrated)
            return Error{QStringLiteral("%1: %2").arg(shown, migrated.error())};
        auto *sweep = new QTimer(this);
        sweep->setInterval(60000);
        QObject::connect(sweep, &QTimer::timeout, this, [this] { this->sweep(); });
        sweep->start();
        return Ok{};
    }

    Outcome consentOf(const QString &phone, AppConsent *out)
    {
        return run([&](QSqlQuery &q) -> std::optional<Outcome> {
            q.prepare(QStringLiteral("SELECT accepted, message_version, language, decided_at FROM app_consents WHERE phone = ?"));
            q.addBindValue(phone);
            if (!q.exec())
                return std::nullopt;
            if (!q.next())
                return Outcome::NotFound;
            out->accepted = q.value(0).toInt() != 0;
            out->messageVersion = q.value(1).toString();
            out->language = q.value(2).toString();
            out->decidedAt = QDateTime::fromSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
            return Outcome::Done;
        });
    }

    Outcome recordConsent(const QString &phone, const AppConsent &c)
    {
        return run([&](QSqlQuery &q) -> std::optional<Outcome> {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (!db.transaction())
                return std::nullopt;
            q.prepare(QStringLiteral("INSERT INTO app_consents (phone, accepted, message_version, language, decided_at)"
                                     " VALUES (?, ?, ?, ?, ?) ON CONFLICT (phone) DO UPDATE SET accepted = excluded.accepted,"
                                     " message_version = excluded.message_version, language = excluded.language,"
                                     " decided_at = excluded.decided_at"));
            q.addBindValue(phone);
            q.addBindValue(c.accepted ? 1 : 0);
            q.addBindValue(c.messageVersion);
            q.addBindValue(c.language);
            q.addBindValue(c.decidedAt.toSecsSinceEpoch());
            bool ok = q.exec();
            if (ok) {
                // The audit, as for an answer on the keypad: no call, the number as caller and phone.
                q.prepare(QStringLiteral("INSERT INTO consents (call_sid, caller, phone, accepted, method, message_version, language,"
                                         " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
                q.addBindValue(QStringLiteral(""));
                q.addBindValue(phone);
                q.addBindValue(phone);
                q.addBindValue(c.accepted ? 1 : 0);
                q.addBindValue(QStringLiteral("app"));
                q.addBindValue(c.messageVersion);
                q.addBindValue(c.language);
                q.addBindValue(c.decidedAt.toUTC().toString(Qt::ISODateWithMs));
                ok = q.exec();
            }
            if (!ok || !db.commit()) {
                db.rollback();
                return std::nullopt;
            }
            return Outcome::Done;
        });
    }

    Outcome startSession(const QByteArray &tokenHash, const QString &phone, qint64 expiresAt)
    {
        return run([&](QSqlQuery &q) -> std::optional<Outcome> {
            q.prepare(QStringLiteral("INSERT INTO app_sessions (token_hash, phone, created_at, expires_at) VALUES (?, ?, ?, ?)"));
            q.addBindValue(QString::fromLatin1(tokenHash.toHex()));
            q.addBindValue(phone);
            q.addBindValue(nowSeconds());
            q.addBindValue(expiresAt);
            if (!q.exec())
                return std::nullopt;
            return Outcome::Done;
        });
    }

    Outcome findSession(const QByteArray &tokenHash, QString *phone)
    {
        return run([&](QSqlQuery &q) -> std::optional<Outcome> {
            q.prepare(QStringLiteral("SELECT phone FROM app_sessions WHERE token_hash = ? AND expires_at >= ?"));
            q.addBindValue(QString::fromLatin1(tokenHash.toHex()));
            q.addBindValue(nowSeconds());
            if (!q.exec())
                return std::nullopt;
            if (!q.next())
                return Outcome::NotFound;
            *phone = q.value(0).toString();
            return Outcome::Done;
        });
    }

    Outcome endSession(const QByteArray &tokenHash)
    {
        return run([&](QSqlQuery &q) -> std::optional<Outcome> {
            q.prepare(QStringLiteral("DELETE FROM app_sessions WHERE token_hash = ?"));
            q.addBindValue(QString::fromLatin1(tokenHash.toHex()));
            if (!q.exec())
                return std::nullopt;
            return Outcome::Done;
        });
    }

private:
    bool connect(QSqlDatabase &db)
    {
        if (!db.open())
            return false;
        QSqlQuery q(db);
        if (m_dialect == Dialect::Postgres)
            return q.exec(QStringLiteral("SET search_path TO \"%1\"").arg(m_schema));
        return q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    }

    // One question, reopening a dropped connection once; Unavailable when that did not help.
    template <typename F>
    Outcome run(F f)
    {
        if (const auto answer = askReconnecting<Outcome>(
                m_name, "app accounts:", [this](QSqlDatabase &db) { return connect(db); }, f))
            return *answer;
        m_failures.fetch_add(1, std::memory_order_relaxed);
        return Outcome::Unavailable;
    }

    void sweep()
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (!db.isOpen())
            return;
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM app_sessions WHERE expires_at < ?"));
        q.addBindValue(nowSeconds());
        q.exec();
    }

    const QString m_name;
    std::atomic<quint64> &m_failures;
    Dialect m_dialect = Dialect::Sqlite;
    QString m_schema;
};

AppAccounts::AppAccounts()
    : m_db(std::make_unique<DatabaseThread<Connection>>(QStringLiteral("callgate-accounts"), new Connection(m_failures)))
{}

AppAccounts::~AppAccounts() { stop(); }

void AppAccounts::stop() { m_db->stop(); }

Status AppAccounts::open(const QString &database)
{
    Status result = Ok{};
    m_db->wait([&](Connection &c) { result = c.open(database); });
    return result;
}

void AppAccounts::consentOf(const QString &phone, QObject *context, std::function<void(Outcome, const AppConsent &)> done)
{
    m_db->ask([phone, context = QPointer<QObject>(context), done = std::move(done)](Connection &c) {
        AppConsent consent;
        const Outcome outcome = c.consentOf(phone, &consent);
        answerOn(context, [done, outcome, consent] { done(outcome, consent); });
    });
}

void AppAccounts::recordConsent(const QString &phone, const AppConsent &consent, QObject *context, std::function<void(Outcome)> done)
{
    m_db->ask([phone, consent, context = QPointer<QObject>(context), done = std::move(done)](Connection &c) {
        const Outcome outcome = c.recordConsent(phone, consent);
        answerOn(context, [done, outcome] { done(outcome); });
    });
}

void AppAccounts::startSession(const QByteArray &tokenHash, const QString &phone, qint64 expiresAt, QObject *context,
                               std::function<void(Outcome)> done)
{
    m_db->ask([tokenHash, phone, expiresAt, context = QPointer<QObject>(context), done = std::move(done)](Connection &c) {
        const Outcome outcome = c.startSession(tokenHash, phone, expiresAt);
        answerOn(context, [done, outcome] { done(outcome); });
    });
}

void AppAccounts::findSession(const QByteArray &tokenHash, QObject *context, std::function<void(Outcome, const QString &)> done)
{
    m_db->ask([tokenHash, context = QPointer<QObject>(context), done = std::move(done)](Connection &c) {
        QString phone;
        const Outcome outcome = c.findSession(tokenHash, &phone);
        answerOn(context, [done, outcome, phone] { done(outcome, phone); });
    });
}

void AppAccounts::endSession(const QByteArray &tokenHash)
{
    m_db->ask([tokenHash](Connection &c) { c.endSession(tokenHash); });
}

} // namespace callgate::store
