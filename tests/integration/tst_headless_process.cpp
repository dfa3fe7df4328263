// The real `callgate --headless` process: starts from a .env, never loads a GUI plugin, answers
// /health and /metrics, refuses to start on a missing setting (naming it, printing no secret), and
// on SIGTERM turns new callers away, lets the live call run to the drain timeout, ends it and
// exits 0.

#include "RawHttp.h"
#include "TestDatabase.h"
#include "TestGateway.h"

#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"
#include "store/CallStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace testing;

namespace {

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys()) {
        if (k.startsWith(QLatin1String("OPENAI_")) || k.startsWith(QLatin1String("TWILIO_")) || k == QLatin1String("PORT")
            || k == QLatin1String("PUBLIC_URL"))
            env.remove(k);
    }
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("no-such-platform")); // a GUI load would abort
    return env;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

bool waitForHealth(quint16 port, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (rawExchange(port, buildRequest("GET", "/health"), 500).status == 200)
            return true;
        QTest::qWait(50);
    }
    return false;
}

} // namespace

class TestHeadlessProcess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingSettingStopsStartup();
    void malformedSettingStopsStartup();
    void helpListsEverySetting();
    void modelOpenAiNoLongerOffersStopsStartup();
    void pointNumberSetsTheVoiceUrl();
    void unusableDatabaseStopsStartup();
    void runsFromDotEnvAndDrainsOnSigterm();
    void exitsAtOnceWithNoCalls();
    void secondGatewayOnAPortInUseRefuses();
    void anotherWorkerJoinsThePortDeliberately();
};

void TestHeadlessProcess::missingSettingStopsStartup()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral(".env")), "PUBLIC_URL=https://abcd.ngrok.app\nTWILIO_AUTH_TOKEN=very-secret-token-987\n");
    QProcess p;
    p.setProcessEnvironment(cleanEnvironment());
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("--headless")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(err.count('\n'), 1);
    QVERIFY2(err.contains("OPENAI_API_KEY"), err.constData());
    QVERIFY(!err.contains("very-secret"));
}

void TestHeadlessProcess::malformedSettingStopsStartup()
{
    QTemporaryDir dir;
    QProcess p;
    p.setProcessEnvironment(cleanEnvironment());
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(CALLGATE_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--port"), QStringLiteral("99999")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("setting PORT"));
}

void TestHeadlessProcess::unusableDatabaseStopsStartup()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("not-a-database.sqlite")), "this is not SQLite, it is a text file that happens to be here\n");
    QProcess p;
    p.setProcessEnvironment(cleanEnvironment());
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(CALLGATE_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--port"), QString::number(freePort()),
             QStringLiteral("--database-url"), dir.filePath(QStringLiteral("not-a-database.sqlite"))});
    QVERIFY(p.waitForFinished(15000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("DATABASE_URL") && err.contains("not-a-database.sqlite"), err.constData());
}

void TestHeadlessProcess::helpListsEverySetting()
{
    QProcess p;
    p.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray out = p.readAllStandardOutput();
    for (const char *k :
         {"--port", "--public-url", "--openai-api-key", "--twilio-auth-token", "--openai-realtime-url", "--twilio-api-base-url",
          "--twilio-lookup-base-url", "--headless", "--demo", "--env-file", "--openai-reasoning-effort", "--openai-transcription-model"})
        QVERIFY2(out.contains(k), k);
    // The current models are the defaults.
    const QString text = QString::fromUtf8(out).simplified();
    QVERIFY2(text.contains(QLatin1String("[OPENAI_MODEL, default gpt-realtime-2.1]")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("[OPENAI_TRANSCRIPTION_MODEL, default gpt-transcribe]")));
    QVERIFY(text.contains(QLatin1String("[OPENAI_REASONING_EFFORT, default low]")));
}

void TestHeadlessProcess::modelOpenAiNoLongerOffersStopsStartup()
{
    // The demo's simulated OpenAI answers the models endpoint as OpenAI does: a model it does not
    // offer stops the start with one line that names the setting, before a call can come in.
    QTemporaryDir dir;
    const quint16 port = freePort();
    QProcess p;
    p.setProcessEnvironment(cleanEnvironment());
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(CALLGATE_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--port"), QString::number(port),
             QStringLiteral("--database-url"), dir.filePath(QStringLiteral("calls.sqlite")), QStringLiteral("--openai-model"),
             QStringLiteral("gpt-4o-realtime-preview")});
    QVERIFY(p.waitForFinished(15000));
    QCOMPARE(p.exitCode(), 2);
    const QList<QByteArray> lines = p.readAllStandardError().trimmed().split('\n');
    QCOMPARE(lines.last(),
             QByteArray("callgate: OPENAI_MODEL: OpenAI has no model gpt-4o-realtime-preview (shut down, misspelt, or not open "
                        "to this key); set OPENAI_MODEL to a current model such as gpt-realtime-2.1"));
    for (const QByteArray &line : lines)
        QVERIFY2(!line.contains("gateway listening on"), line.constData()); // it never opened the port
}

void TestHeadlessProcess::pointNumberSetsTheVoiceUrl()
{
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("TWILIO_ACCOUNT_SID"), kTestAccountSid);
    env.insert(QStringLiteral("TWILIO_AUTH_TOKEN"), QString::fromLatin1(kAuthToken));
    env.insert(QStringLiteral("TWILIO_API_BASE_URL"), twilioRest().url().toString());
    QTemporaryDir dir;
    QProcess p;
    p.setWorkingDirectory(dir.path());
    p.setProcessEnvironment(env);
    // Without PUBLIC_URL (or --url) it says which setting is missing.
    p.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("point-number"), QStringLiteral("+18005550100")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(p.readAllStandardError().contains("PUBLIC_URL"), "the error does not name PUBLIC_URL");

    env.insert(QStringLiteral("PUBLIC_URL"), QStringLiteral("https://fresh.ngrok.example"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("point-number"), QStringLiteral("+18005550100")});
    QVERIFY(p.waitForFinished(10000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(p.readAllStandardOutput().contains("https://fresh.ngrok.example/incoming-call"), err.constData());
    QCOMPARE(twilioRest().incomingNumbers().value(QStringLiteral("+18005550100")),
             QStringLiteral("https://fresh.ngrok.example/incoming-call"));

    // A number the account does not have: Twilio's answer, without the full number.
    p.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("point-number"), QStringLiteral("+18005559999")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray missing = p.readAllStandardError();
    QVERIFY2(missing.contains("has no phone number") && !missing.contains("+18005559999"), missing.constData());
}

// The lines of /metrics about the call records and how calls ended, for a failure message.
static QByteArray storeLines(const QByteArray &metrics)
{
    QByteArray out;
    for (const QByteArray &line : metrics.split('\n')) {
        if (!line.startsWith('#') && (line.contains("store") || (line.contains("_total{") && !line.endsWith(" 0"))))
            out += line + "; ";
    }
    return out;
}

void TestHeadlessProcess::runsFromDotEnvAndDrainsOnSigterm()
{
    const QByteArray aiUrl = realtimeSimUrl().toEncoded();
    QTemporaryDir dir;
    const quint16 port = freePort();
    writeFile(dir.filePath(QStringLiteral(".env")),
              "PORT=" + QByteArray::number(port) + "\nBIND_ADDRESS=127.0.0.1\nPUBLIC_URL=" + kPublicUrl.toUtf8()
                  + "\nOPENAI_API_KEY=sk-test\nOPENAI_REALTIME_URL=" + aiUrl + "\nTWILIO_AUTH_TOKEN=" + kAuthToken + "\nTWILIO_ACCOUNT_SID="
                  + kTestAccountSid.toUtf8() + "\nTWILIO_API_BASE_URL=" + twilioRest().url().toEncoded() + "\nTWILIO_LOOKUP_BASE_URL="
                  + twilioRest().url().toEncoded() + "\nPROMPT_CACHE_DIR=" + dir.filePath(QStringLiteral("prompts")).toUtf8()
                  + "\nDRAIN_TIMEOUT_SECONDS=2\nDATABASE_URL=" + dir.filePath(QStringLiteral("calls.sqlite")).toUtf8() + "\n");
    QProcess p;
    p.setProcessEnvironment(cleanEnvironment());
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("--headless")});
    QVERIFY(p.waitForStarted());
    QVERIFY2(waitForHealth(port, 10000), p.readAllStandardError().constData());
    QCOMPARE(rawExchange(port, buildRequest("GET", "/metrics")).status, 200);

    // One live call: webhook, consent, then the stream.
    const QByteArray twiml = incomingCallThroughConsent(port, incomingCallForm());
    const qsizetype at = twiml.indexOf("/media-stream/");
    QVERIFY2(at > 0, twiml.constData());
    const QByteArray path = twiml.mid(at, twiml.indexOf('"', at) - at);
    RawConnection stream(port);
    stream.send(signedUpgrade(path));
    QCOMPARE(stream.readResponse().status, 101);
    // /metrics reads the call records: the consent and the call are in the database.
    const auto metrics = [port] { return rawExchange(port, buildRequest("GET", "/metrics")).body; };
    QTRY_VERIFY2_WITH_TIMEOUT(metrics().contains("callgate_store_consents{answer=\"accepted\"} 1\n")
                                  && metrics().contains("callgate_store_calls 1\n"),
                              storeLines(metrics()).constData(), 10000);

    QElapsedTimer sinceSignal;
    sinceSignal.start();
    ::kill(pid_t(p.processId()), SIGTERM);
    QTRY_COMPARE(rawExchange(port, buildRequest("GET", "/health")).status, 503);
    const RawResponse busy = rawExchange(port, signedFormPost("/incoming-call", incomingCallForm()));
    QCOMPARE(busy.status, 200);
    QVERIFY2(busy.body.contains("<Say ") && busy.body.contains("<Hangup/>") && !busy.body.contains("<Stream"), busy.body.constData());

    // The live call keeps its stream until the 2 s drain timeout, then the gateway ends it.
    QVERIFY(stream.isConnected());
    QVERIFY(stream.waitForClose(6000));
    QVERIFY(p.waitForFinished(6000));
    QVERIFY2(sinceSignal.elapsed() >= 1900, "the live call was not given its drain time");
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const QByteArray log = p.readAllStandardError();
    QVERIFY(log.contains("drain"));
    QVERIFY2(log.contains("A second Ctrl+C (or signal) stops at once"), log.constData()); // the way out is named
    QVERIFY(!log.contains("+14155550123"));                                               // numbers are masked
    QVERIFY(!log.contains(kAuthToken));
    QVERIFY2(log.contains("ended: drained"), log.constData());
    // The call was recorded, with how it ended.
    callgate::store::CallStore records;
    QVERIFY(records.openSqlite(dir.filePath(QStringLiteral("calls.sqlite"))).ok());
    const auto calls = records.recentCalls(5);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.first().outcome, QStringLiteral("drained"));
    QCOMPARE(calls.first().caller, QStringLiteral("+14155550123"));
}

void TestHeadlessProcess::exitsAtOnceWithNoCalls()
{
    QTemporaryDir dir;
    const quint16 port = freePort();
    QProcess p;
    p.setProcessEnvironment(cleanEnvironment());
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(CALLGATE_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--public-url"), kPublicUrl, QStringLiteral("--openai-api-key"),
             QStringLiteral("sk-test"), QStringLiteral("--twilio-auth-token"), QString::fromLatin1(kAuthToken), QStringLiteral("--port"),
             QString::number(port), QStringLiteral("--bind-address"), QStringLiteral("127.0.0.1"), QStringLiteral("--log-format"),
             QStringLiteral("json"), QStringLiteral("--database-url"), dir.filePath(QStringLiteral("calls.sqlite"))});
    QVERIFY(waitForHealth(port, 10000));
    QElapsedTimer t;
    t.start();
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(5000));
    QVERIFY(t.elapsed() < 2000);
    QCOMPARE(p.exitCode(), 0);
    for (const QByteArray &line : p.readAllStandardError().split('\n')) {
        if (!line.isEmpty())
            QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
    }
}

void TestHeadlessProcess::secondGatewayOnAPortInUseRefuses()
{
    QTemporaryDir dir;
    const quint16 port = freePort();
    const auto gatewayOn = [&](QProcess &p, const QString &name) {
        p.setProcessEnvironment(cleanEnvironment());
        p.setWorkingDirectory(dir.path());
        p.start(QStringLiteral(CALLGATE_BINARY),
                {QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--drain-timeout-seconds"), QStringLiteral("1"),
                 QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind-address"), QStringLiteral("127.0.0.1"),
                 QStringLiteral("--database-url"), dir.filePath(name + QStringLiteral(".sqlite"))});
    };
    QProcess first;
    gatewayOn(first, QStringLiteral("first"));
    QVERIFY(waitForHealth(port, 10000));
    // The second one on the same port would join the first one's listeners (SO_REUSEPORT) and take
    // half its connections; it refuses instead, at once, in one line naming the port and the holder.
    QProcess second;
    QElapsedTimer t;
    t.start();
    gatewayOn(second, QStringLiteral("second"));
    QVERIFY(second.waitForFinished(5000));
    qInfo("refused after %lld ms", t.elapsed());
    QCOMPARE(second.exitCode(), 2);
    const QByteArray err = second.readAllStandardError();
    QByteArray refusal;
    for (const QByteArray &line : err.split('\n'))
        if (line.startsWith("callgate: "))
            refusal = line;
    QVERIFY2(refusal.contains(QByteArray("port " + QByteArray::number(port) + " is already used by another Callgate gateway")),
             err.constData());
    QVERIFY2(refusal.contains(QByteArray("(pid " + QByteArray::number(first.processId()) + ")")), refusal.constData());
    // The first one goes on as before.
    QCOMPARE(rawExchange(port, buildRequest("GET", "/health")).status, 200);
    ::kill(pid_t(first.processId()), SIGTERM);
    QVERIFY(first.waitForFinished(10000));
    // Once it is gone, the port is free for another.
    QProcess third;
    gatewayOn(third, QStringLiteral("third"));
    QVERIFY(waitForHealth(port, 10000));
    ::kill(pid_t(third.processId()), SIGTERM);
    QVERIFY(third.waitForFinished(10000));
}

void TestHeadlessProcess::anotherWorkerJoinsThePortDeliberately()
{
    QTemporaryDir dir;
    const quint16 port = freePort();
    const auto gatewayOn = [&](QProcess &p, const QString &name, const QString &database, const QByteArray &aiUrl, bool join) {
        p.setProcessEnvironment(cleanEnvironment());
        p.setWorkingDirectory(dir.path());
        QStringList args{QStringLiteral("--headless"),
                         QStringLiteral("--port"),
                         QString::number(port),
                         QStringLiteral("--bind-address"),
                         QStringLiteral("127.0.0.1"),
                         QStringLiteral("--instance-name"),
                         name,
                         QStringLiteral("--public-url"),
                         kPublicUrl,
                         QStringLiteral("--openai-api-key"),
                         QStringLiteral("sk-test"),
                         QStringLiteral("--openai-realtime-url"),
                         QString::fromUtf8(aiUrl),
                         QStringLiteral("--twilio-auth-token"),
                         QString::fromUtf8(kAuthToken),
                         QStringLiteral("--twilio-account-sid"),
                         kTestAccountSid,
                         QStringLiteral("--twilio-api-base-url"),
                         twilioRest().url().toString(),
                         QStringLiteral("--twilio-lookup-base-url"),
                         twilioRest().url().toString(),
                         QStringLiteral("--prompt-cache-dir"),
                         dir.filePath(name),
                         QStringLiteral("--database-url"),
                         database};
        if (join)
            args << QStringLiteral("--join-port");
        p.start(QStringLiteral(CALLGATE_BINARY), args);
    };
    const auto refusalOf = [](QProcess &p) {
        QByteArray refusal;
        for (const QByteArray &line : p.readAllStandardError().split('\n'))
            if (line.startsWith("callgate: "))
                refusal = line;
        return refusal;
    };
    const QByteArray aiUrl = realtimeSimUrl().toEncoded();

    // Two processes can only be one instance if they share call sessions: with SQLite, no.
    QProcess a;
    gatewayOn(a, QStringLiteral("a"), dir.filePath(QStringLiteral("a.sqlite")), aiUrl, false);
    QVERIFY(waitForHealth(port, 10000));
    QProcess lone;
    gatewayOn(lone, QStringLiteral("b"), dir.filePath(QStringLiteral("b.sqlite")), aiUrl, true);
    QVERIFY(lone.waitForFinished(5000));
    QCOMPARE(lone.exitCode(), 2);
    QVERIFY2(refusalOf(lone).contains("--join-port needs a PostgreSQL DATABASE_URL"), "joined without a shared database");
    ::kill(pid_t(a.processId()), SIGTERM);
    QVERIFY(a.waitForFinished(10000));

    if (!TestSchema::available())
        QSKIP("the rest needs CALLGATE_TEST_DATABASE_URL (scripts/test.sh starts a server and sets it)");
    const TestSchema schema("j_");
    const QString database = schema.databaseUrl();

    // a holds the port; b joins it deliberately, as another worker of the same instance.
    QProcess first, second;
    gatewayOn(first, QStringLiteral("a"), database, aiUrl, false);
    QVERIFY(waitForHealth(port, 10000));
    gatewayOn(second, QStringLiteral("b"), database, aiUrl, true);
    const auto both = qScopeGuard([&] {
        for (QProcess *p : {&first, &second}) {
            p->terminate();
            p->waitForFinished(5000);
        }
    });
    const auto answering = [&](int requests) {
        QSet<QByteArray> names;
        for (int i = 0; i < requests; ++i) {
            const RawResponse r = rawExchange(port, buildRequest("GET", "/health"), 2000);
            for (const QByteArray &line : r.head.split('\n'))
                if (line.toLower().startsWith("x-callgate-instance:"))
                    names.insert(line.mid(20).trimmed());
        }
        return names;
    };
    QVERIFY(QTest::qWaitFor([&] { return answering(1).size() == 1 && second.state() == QProcess::Running; }, 10000));
    QTRY_VERIFY_WITH_TIMEOUT(answering(40).size() == 2, 10000); // the kernel spreads connections over both

    // Callers on the port, each reaching a or b; then a gets SIGTERM while they talk.
    QNetworkAccessManager network;
    std::vector<std::unique_ptr<callgate::sim::TwilioCaller>> callers;
    for (int i = 0; i < 8; ++i) {
        callgate::sim::CallerOptions o;
        o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        o.publicUrl = kPublicUrl;
        o.authToken = kAuthToken;
        o.callSid = QStringLiteral("CA%1").arg(8150000 + i, 32, 10, QLatin1Char('0'));
        using S = callgate::sim::CallerStep;
        o.script = {S::waitAssistant(), S::say(QStringLiteral("caller_order")), S::waitAssistant(300), S::hangUp()};
        callers.push_back(std::make_unique<callgate::sim::TwilioCaller>(o, network));
        callers.back()->start();
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(callers.begin(), callers.end(), [](auto &c) { return c->record().streamOpened; }), 10000);
    ::kill(pid_t(first.processId()), SIGTERM);
    // Draining, a stops taking connections at once; every new one reaches b.
    QTest::qWait(300);
    QCOMPARE(answering(20), QSet<QByteArray>{"b"});
    // a's calls finish; then a exits by itself, and b takes the port's lock over.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(callers.begin(), callers.end(), [](auto &c) { return c->record().finished; }), 30000);
    for (const auto &c : callers)
        QCOMPARE(c->record().endedBy, QStringLiteral("caller hung up"));
    QTRY_VERIFY_WITH_TIMEOUT(first.state() == QProcess::NotRunning, 10000);
    QCOMPARE(first.exitCode(), 0);
    // b holds the port's lock as soon as a is gone: a gateway started without --join-port now is
    // refused, naming b.
    QTest::qWait(500);
    QProcess third;
    gatewayOn(third, QStringLiteral("c"), database, aiUrl, false);
    QVERIFY2(third.waitForFinished(5000), "a third gateway started on the port unasked");
    QVERIFY2(refusalOf(third).contains(QByteArray("(pid " + QByteArray::number(second.processId()) + ")")), "not refused naming b");
    QCOMPARE(rawExchange(port, buildRequest("GET", "/health")).status, 200);
}

QTEST_GUILESS_MAIN(TestHeadlessProcess)
#include "tst_headless_process.moc"
