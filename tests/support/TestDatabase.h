#pragma once
// A PostgreSQL schema of a test's own, in the server CALLGATE_TEST_DATABASE_URL names (scripts/test.sh
// starts a private one and sets it), dropped with everything in it when the object goes. Tests
// skip without a server, except in CI, where one must be there.

#include "store/CallStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace testing {

class TestSchema {
public:
    // False (the test should QSKIP) when no server is configured; fatal in CI.
    static bool available()
    {
        if (qEnvironmentVariableIsSet("CALLGATE_TEST_DATABASE_URL"))
            return true;
        if (qEnvironmentVariableIsSet("CI"))
            qFatal("CI must provide PostgreSQL: CALLGATE_TEST_DATABASE_URL is not set");
        return false;
    }

    explicit TestSchema(const char *prefix) : m_connection(QStringLiteral("schema-admin-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        const auto target = callgate::store::postgresTarget(qEnvironmentVariable("CALLGATE_TEST_DATABASE_URL"));
        if (!target || !*target)
            qFatal("CALLGATE_TEST_DATABASE_URL must look like postgres://user:password@host:port/database");
        m_target = target->value();
        m_target.schema = QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::Id128);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
        db.setHostName(m_target.server.host());
        db.setPort(m_target.server.port());
        db.setUserName(m_target.server.userName());
        db.setPassword(m_target.server.password());
        db.setDatabaseName(m_target.server.path().mid(1));
        if (!db.open() || !QSqlQuery(db).exec(QStringLiteral("CREATE SCHEMA \"%1\"").arg(m_target.schema)))
            qFatal("cannot make a schema in the test database");
    }
    ~TestSchema()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection);
            QSqlQuery(db).exec(QStringLiteral("DROP SCHEMA \"%1\" CASCADE").arg(m_target.schema));
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    TestSchema(const TestSchema &) = delete;
    TestSchema &operator=(const TestSchema &) = delete;

    const callgate::store::PostgresTarget &target() const { return m_target; }
    QString name() const { return m_target.schema; }
    // DATABASE_URL for a gateway on this schema.
    QString databaseUrl() const { return m_target.server.toString() + QStringLiteral("?schema=") + m_target.schema; }
    // A query on the test's own connection, search path unset: name tables "schema".table.
    QSqlQuery query() const { return QSqlQuery(QSqlDatabase::database(m_connection)); }

private:
    QString m_connection;
    callgate::store::PostgresTarget m_target;
};

} // namespace testing
