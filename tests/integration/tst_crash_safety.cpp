// kill -9 in the middle of a call: the call database opens cleanly afterwards, and every
// transcript turn that happened more than a second before the kill is on record.

#include "RawHttp.h"
#include "TestGateway.h"

#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"
#include "store/CallStore.h"
#include "store/Migrations.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace callgate;
using namespace testing;

class TestCrashSafety : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killNineMidCall();
};

void TestCrashSafety::killNineMidCall()
{
    sim::SimThread<sim::RealtimeSimServer> ai(
        [] {
            auto s = std::make_unique<sim::RealtimeSimServer>();
            (void)s->listen();
            return s;
        },
        QStringLiteral("sim-ai"));
    const QString aiUrl = ai.run([&] { return ai.object().url().toString(); });
    quint16 port = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("calls.sqlite"));
    QProcess gateway;
    gateway.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    gateway.start(QStringLiteral(CALLGATE_BINARY),
                  {QStringLiteral("--headless"),
                   QStringLiteral("--port"),
                   QString::number(port),
                   QStringLiteral("--bind-address"),
                   QStringLiteral("127.0.0.1"),
                   QStringLiteral("--public-url"),
                   kPublicUrl,
                   QStringLiteral("--openai-api-key"),
                   QStringLiteral("sk-test"),
                   QStringLiteral("--openai-realtime-url"),
                   aiUrl,
                   QStringLiteral("--twilio-auth-token"),
                   QString::fromLatin1(kAuthToken),
                   QStringLiteral("--database-url"),
                   database,
                   QStringLiteral("--twilio-account-sid"),
                   kTestAccountSid,
                   QStringLiteral("--twilio-api-base-url"),
                   twilioRest().url().toString(),
                   QStringLiteral("--twilio-lookup-base-url"),
                   twilioRest().url().toString(),
                   QStringLiteral("--prompt-cache-dir"),
                   dir.filePath(QStringLiteral("prompts"))});
    QVERIFY(gateway.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(rawExchange(port, buildRequest("GET", "/health"), 300).status, 200, 10000);

    // A talkative caller on its own thread.
    struct Host {
        QNetworkAccessManager network;
        std::unique_ptr<sim::TwilioCaller> caller;
    };
    sim::CallerOptions o;
    o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    o.publicUrl = kPublicUrl;
    o.authToken = kAuthToken;
    o.script = {sim::CallerStep::waitAssistant(200), sim::CallerStep::say(QStringLiteral("caller_order")),
                sim::CallerStep::waitAssistant(200), sim::CallerStep::say(QStringLiteral("caller_number")),
                sim::CallerStep::waitAssistant(200), sim::CallerStep::say(QStringLiteral("caller_more")),
                sim::CallerStep::waitAssistant(200)};
    sim::SimThread<Host> caller(
        [o] {
            auto h = std::make_unique<Host>();
            h->caller = std::make_unique<sim::TwilioCaller>(o, h->network);
            h->caller->start();
            return h;
        },
        QStringLiteral("sim-caller"));

    // Mid-call: once four turns have been said, kill the gateway without warning.
    QTRY_VERIFY_WITH_TIMEOUT(ai.run([&] { return ai.object().record().transcriptsSent.size() >= 4; }), 40000);
    QTest::qWait(300);
    const qint64 killedAt = QDateTime::currentMSecsSinceEpoch();
    ::kill(pid_t(gateway.processId()), SIGKILL);
    QVERIFY(gateway.waitForFinished(5000));
    QCOMPARE(gateway.exitStatus(), QProcess::CrashExit);

    // The database opens cleanly, at the current schema, and passes SQLite's integrity check.
    store::CallStore records;
    const Status opened = records.openSqlite(database);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(database);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        QCOMPARE(store::schemaVersion(db), store::latestSchemaVersion());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));

    // Every turn said more than a second before the kill is there.
    const auto calls = records.recentCalls(5);
    QCOMPARE(calls.size(), 1);
    QStringList recorded;
    for (const store::TurnRecord &t : records.transcript(calls.first().id))
        recorded << t.text;
    const auto sent = ai.run([&] { return ai.object().record().transcriptsSent; });
    int older = 0;
    for (const auto &[at, text] : sent) {
        if (at < killedAt - 1000) {
            ++older;
            QVERIFY2(recorded.contains(text),
                     qPrintable(QStringLiteral("missing: %1 (said %2 ms before the kill)").arg(text).arg(killedAt - at)));
        }
    }
    QVERIFY(older >= 3);
    QVERIFY(calls.first().outcome.isEmpty()); // it never ended: the gateway died mid-call
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crash_safety.moc"
