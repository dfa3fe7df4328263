// The cluster's shared ledger against a real PostgreSQL (CALLGATE_TEST_DATABASE_URL, a fresh schema
// per test): a token is good once across two instances, even when both race for it; a session put
// by one is claimed by the other exactly once; too late, unknown and replayed sessions are told
// apart; a connection the server drops is reopened for the next question; the two
// instances' migrations on one empty schema do not trip over each other.

#include "TestDatabase.h"

#include "store/SharedLedger.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

#include <thread>

using namespace callgate;
using namespace callgate::store;
using testing::TestSchema;
using Outcome = SharedLedger::Outcome;

namespace {

// Asks on this thread and waits for the answer (delivered through this thread's event loop).
Outcome useOnce(SharedLedger &l, const QByteArray &id, qint64 expiresAt)
{
    std::optional<Outcome> got;
    QObject context;
    l.useOnce(id, expiresAt, &context, [&](Outcome o) { got = o; });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, 10000))
        return Outcome::Unavailable;
    return *got;
}

Outcome put(SharedLedger &l, const QByteArray &id, const QByteArray &payload, qint64 expiresAt)
{
    std::optional<Outcome> got;
    QObject context;
    l.putSession(id, payload, expiresAt, &context, [&](Outcome o) { got = o; });
    return QTest::qWaitFor([&] { return got.has_value(); }, 10000) ? *got : Outcome::Unavailable;
}

std::pair<Outcome, QByteArray> claim(SharedLedger &l, const QByteArray &id)
{
    std::optional<std::pair<Outcome, QByteArray>> got;
    QObject context;
    l.claimSession(id, &context, [&](Outcome o, const QByteArray &payload) { got = {o, payload}; });
    return QTest::qWaitFor([&] { return got.has_value(); }, 10000) ? *got : std::pair{Outcome::Unavailable, QByteArray()};
}

qint64 inAMinute() { return QDateTime::currentSecsSinceEpoch() + 60; }

} // namespace

class TestSharedLedger : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        if (!TestSchema::available())
            QSKIP("needs CALLGATE_TEST_DATABASE_URL (scripts/test.sh starts a server and sets it)");
    }

    void twoInstancesMigrateOneSchemaAtOnce()
    {
        TestSchema schema("l_");
        SharedLedger a(QStringLiteral("a")), b(QStringLiteral("b"));
        Status ra = Ok{}, rb = Ok{};
        std::thread ta([&] { ra = a.open(schema.target()); });
        std::thread tb([&] { rb = b.open(schema.target()); });
        ta.join();
        tb.join();
        QVERIFY2(ra, qPrintable(ra.error()));
        QVERIFY2(rb, qPrintable(rb.error()));
    }

    void aTokenIsGoodOnceAcrossInstances()
    {
        TestSchema schema("l_");
        SharedLedger a(QStringLiteral("a")), b(QStringLiteral("b"));
        QVERIFY(a.open(schema.target()));
        QVERIFY(b.open(schema.target()));
        QCOMPARE(useOnce(a, "token-1", inAMinute()), Outcome::Done);
        QCOMPARE(useOnce(b, "token-1", inAMinute()), Outcome::Reused);
        QCOMPARE(useOnce(a, "token-1", inAMinute()), Outcome::Reused);
        QCOMPARE(useOnce(b, "token-2", inAMinute()), Outcome::Done);

        // Both at once, 200 tokens: each is won exactly once.
        int done = 0, reused = 0, answered = 0;
        QObject context;
        for (int i = 0; i < 200; ++i) {
            const QByteArray id = "race-" + QByteArray::number(i);
            for (SharedLedger *l : {&a, &b})
                l->useOnce(id, inAMinute(), &context, [&](Outcome o) {
                    ++answered;
                    done += o == Outcome::Done;
                    reused += o == Outcome::Reused;
                });
        }
        QVERIFY(QTest::qWaitFor([&] { return answered == 400; }, 20000));
        QCOMPARE(done, 200);
        QCOMPARE(reused, 200);
    }

    void aSessionIsClaimedOnceByAnyInstance()
    {
        TestSchema schema("l_");
        SharedLedger a(QStringLiteral("gw-a")), b(QStringLiteral("gw-b"));
        QVERIFY(a.open(schema.target()));
        QVERIFY(b.open(schema.target()));
        QCOMPARE(put(a, "s1", R"({"v":1})", inAMinute()), Outcome::Done);
        const auto first = claim(b, "s1");
        QCOMPARE(first.first, Outcome::Done);
        QCOMPARE(first.second, QByteArray(R"({"v":1})"));
        QCOMPARE(claim(a, "s1").first, Outcome::Reused);
        QCOMPARE(claim(b, "s1").first, Outcome::Reused);
        QCOMPARE(claim(a, "never-made").first, Outcome::Unknown);
        QCOMPARE(put(a, "late", "{}", QDateTime::currentSecsSinceEpoch() - 1), Outcome::Done);
        QCOMPARE(claim(b, "late").first, Outcome::Expired);
        // Who made it and who took it, for whoever asks afterwards.
        QSqlQuery q = schema.query();
        QVERIFY(q.exec(QStringLiteral("SELECT created_by, claimed_by FROM \"%1\".call_sessions WHERE id = 's1'").arg(schema.name())));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("gw-a"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("gw-b"));
        // A second put of the same id is refused, never a silent overwrite.
        QCOMPARE(put(b, "s1", "{}", inAMinute()), Outcome::Unavailable);
    }

    void aDroppedConnectionIsReopened()
    {
        TestSchema schema("l_");
        const QString name = QStringLiteral("drop-") + QUuid::createUuid().toString(QUuid::Id128);
        SharedLedger a(name);
        QVERIFY(a.open(schema.target()));
        QCOMPARE(useOnce(a, "before", inAMinute()), Outcome::Done);
        // The server ends the ledger's connection (as a restart or a network cut would); only
        // that one: other tests may be using this server.
        QSqlQuery q = schema.query();
        QVERIFY(
            q.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'callgate-ledger-%1'")
                       .arg(name)));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toBool());
        QCOMPARE(useOnce(a, "after", inAMinute()), Outcome::Done);
        QCOMPARE(useOnce(a, "before", inAMinute()), Outcome::Reused);
        QCOMPARE(a.failures(), quint64(0));
    }

    void anUnreachableDatabaseAnswersUnavailable()
    {
        const PostgresTarget nowhere = postgresTarget(QStringLiteral("postgres://callgate:callgate@127.0.0.1:1/none"))->value();
        SharedLedger a(QStringLiteral("a"));
        const Status opened = a.open(nowhere);
        QVERIFY(!opened);
        QVERIFY2(opened.error().contains(QLatin1String("cannot connect")), qPrintable(opened.error()));
        QVERIFY2(!opened.error().contains(QLatin1String(":callgate@")), "the password is never shown");
    }
};

QTEST_GUILESS_MAIN(TestSharedLedger)
#include "tst_shared_ledger.moc"
