// Past one machine: three real `callgate --headless` instances behind nginx (docs/nginx-cluster.conf
// as shipped, only its ports and paths changed), one PostgreSQL schema for all of them, the
// simulated AI and Twilio REST. Sixty simulated callers dial through nginx — mobile callers
// straight to consent, landline callers keying a mobile number first — while one instance gets
// SIGTERM in the middle, drains, and comes back: every flow completes whichever instance answers
// each step, every stream is accepted (on whichever instance), none is refused or dropped, the
// draining instance gets no new caller, and the restarted one takes callers again. A console on
// each instance (through nginx's /operator/<name>) sees every call, and `callgate export` reads
// them all from the shared database. A replayed flow token or media-stream session is refused by
// every instance. An instance that is full passes its callers on; when every try finds one full,
// the caller hears the busy message (nginx's last try), not an error.

#include "OperatorClient.h"
#include "RawHttp.h"
#include "TestDatabase.h"
#include "TestGateway.h"

#include "operator/OperatorAccounts.h"
#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"
#include "store/CallStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <array>
#include <memory>
#include <set>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QJsonObject metricsOf(quint16 port)
{
    const RawResponse r = rawExchange(port, buildRequest("GET", "/metrics?format=json"), 3000);
    return QJsonDocument::fromJson(r.body).object();
}

double rejected(const QJsonObject &metrics, const char *reason)
{
    return metrics.value(QLatin1String("rejectedByReason")).toObject().value(QLatin1String(reason)).toDouble();
}

// One instance: its own folder, .env and port; the rest is what every instance shares.
struct Instance {
    QString name;
    QTemporaryDir dir;
    quint16 port = freePort();
    QProcess process;

    void writeEnv(const QByteArray &aiUrl, const QString &database, const QString &accounts, int maxCalls)
    {
        writeFile(dir.filePath(QStringLiteral(".env")),
                  "PORT=" + QByteArray::number(port) + "\nBIND_ADDRESS=127.0.0.1\nINSTANCE_NAME=" + name.toUtf8() + "\nPUBLIC_URL="
                      + kPublicUrl.toUtf8() + "\nOPENAI_API_KEY=sk-test\nOPENAI_REALTIME_URL=" + aiUrl + "\nTWILIO_AUTH_TOKEN=" + kAuthToken
                      + "\nTWILIO_ACCOUNT_SID=" + kTestAccountSid.toUtf8() + "\nTWILIO_API_BASE_URL=" + twilioRest().url().toEncoded()
                      + "\nTWILIO_LOOKUP_BASE_URL=" + twilioRest().url().toEncoded()
                      + "\nPROMPT_CACHE_DIR=" + dir.filePath(QStringLiteral("prompts")).toUtf8() + "\nDATABASE_URL=" + database.toUtf8()
                      + "\nOPERATOR_ACCOUNTS_FILE=" + accounts.toUtf8()
                      + "\nWORKER_THREADS=1\nDRAIN_TIMEOUT_SECONDS=60\nAGENT_WAIT_SECONDS=5\nMAX_CONCURRENT_CALLS="
                      + QByteArray::number(maxCalls) + '\n');
    }
    bool start()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &k : env.keys())
            if (k.startsWith(QLatin1String("OPENAI_")) || k.startsWith(QLatin1String("TWILIO_")) || k == QLatin1String("PORT")
                || k == QLatin1String("DATABASE_URL"))
                env.remove(k);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(dir.path());
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("--headless")});
        return process.waitForStarted() && healthy(20000);
    }
    bool healthy(int withinMs)
    {
        return QTest::qWaitFor([this] { return rawExchange(port, buildRequest("GET", "/health"), 500).status == 200; }, withinMs);
    }
    ~Instance()
    {
        process.terminate();
        if (!process.waitForFinished(5000))
            process.kill();
        process.waitForFinished(2000);
    }
};

constexpr int kGw3Slots = 4;

} // namespace

class TestCluster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sixtyCallersThroughARollingRestart();
    void replaysAreRefusedByEveryInstance();
    void exportReadsTheSharedDatabase();
    void everyInstanceFullMeansBusy();

private:
    // nginx with docs/nginx-cluster.conf, its three instances at `instances`, its files in `name`.
    bool startNginx(QProcess &process, quint16 &port, const QString &name, const std::array<quint16, 3> &instances);
    TwilioCaller *placeCall(int n);
    std::unique_ptr<OperatorClient> attachConsole(const QString &instance);
    QHash<QString, QPair<QString, QString>> sessionsByCallSid(); // CallSid → (created_by, claimed_by)

    QTemporaryDir m_dir;
    std::unique_ptr<TestSchema> m_schema;
    QString m_databaseUrl;
    QByteArray m_aiUrl;
    QString m_accounts;
    QByteArray m_token;
    Instance m_gw[3];
    QProcess m_nginx;
    quint16 m_nginxPort = 0;
    QNetworkAccessManager m_network;
    std::vector<std::unique_ptr<TwilioCaller>> m_callers;
    QStringList m_callSids;
};

void TestCluster::initTestCase()
{
    if (!TestSchema::available())
        QSKIP("needs CALLGATE_TEST_DATABASE_URL (scripts/test.sh starts a server and sets it)");
    // A schema of this test's own in the test server's database.
    m_schema = std::make_unique<TestSchema>("c_");
    m_databaseUrl = m_schema->databaseUrl();

    m_aiUrl = realtimeSimUrl().toEncoded();
    m_accounts = m_dir.filePath(QStringLiteral("operators"));
    m_token = OperatorAccounts::add(m_accounts, QStringLiteral("Ana"), OperatorAccount::Role::Supervisor).value();

    // Three instances starting at once on an empty schema: one migrates, the others wait for it.
    for (int i = 0; i < 3; ++i) {
        m_gw[i].name = QStringLiteral("gw%1").arg(i + 1);
        // gw3 takes few calls at once: when it is full, nginx must send its callers elsewhere.
        m_gw[i].writeEnv(m_aiUrl, m_databaseUrl, m_accounts, i == 2 ? kGw3Slots : 500);
    }
    for (Instance &gw : m_gw)
        gw.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    for (Instance &gw : m_gw)
        QVERIFY2(gw.start(), qPrintable(gw.name + QStringLiteral(" did not start")));
    QVERIFY(startNginx(m_nginx, m_nginxPort, QStringLiteral("nginx"), {m_gw[0].port, m_gw[1].port, m_gw[2].port}));
}

bool TestCluster::startNginx(QProcess &process, quint16 &port, const QString &name, const std::array<quint16, 3> &instances)
{
    const QString nginx =
        QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (nginx.isEmpty()) {
        qWarning("nginx is needed (scripts/install-deps.sh installs it)");
        return false;
    }
    QFile example(QStringLiteral(CALLGATE_SOURCE_DIR "/docs/nginx-cluster.conf"));
    if (!example.open(QIODevice::ReadOnly))
        return false;
    port = freePort();
    QByteArray site = example.readAll();
    const QByteArray dir = m_dir.filePath(name).toUtf8();
    QDir().mkpath(QString::fromUtf8(dir));
    site.replace("listen 80;", QByteArray("listen 127.0.0.1:" + QByteArray::number(port) + ';'));
    site.replace("/var/log/nginx/callgate.log", QByteArray(dir + "/access.log"));
    for (int i = 0; i < 3; ++i)
        site.replace(QByteArray("127.0.0.1:" + QByteArray::number(5051 + i)),
                     QByteArray("127.0.0.1:" + QByteArray::number(instances[size_t(i)])));
    if (site.contains("5051") || !site.contains(QByteArray::number(port)))
        return false;
    writeFile(QString::fromUtf8(dir + "/nginx.conf"),
              "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + dir + "/nginx.pid;\nerror_log " + dir
                  + "/error.log warn;\nevents { worker_connections 1024; }\nhttp {\n  client_body_temp_path " + dir
                  + ";\n  proxy_temp_path " + dir + ";\n" + site + "}\n");
    process.start(nginx,
                  {QStringLiteral("-p"), QString::fromUtf8(dir), QStringLiteral("-c"), QString::fromUtf8(dir + "/nginx.conf"),
                   QStringLiteral("-e"), QString::fromUtf8(dir + "/error.log")});
    if (!process.waitForStarted())
        return false;
    return QTest::qWaitFor(
        [&] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            return probe.waitForConnected(200);
        },
        5000);
}

void TestCluster::cleanupTestCase()
{
    m_callers.clear();
    m_nginx.terminate();
    m_nginx.waitForFinished(3000);
    // The instances go before their schema.
    for (Instance &gw : m_gw) {
        gw.process.terminate();
        gw.process.waitForFinished(5000);
    }
    m_schema.reset();
}

TwilioCaller *TestCluster::placeCall(int n)
{
    CallerOptions o;
    o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_nginxPort));
    o.publicUrl = kPublicUrl;
    o.authToken = kAuthToken;
    o.callSid = QStringLiteral("CA%1").arg(9170000 + n, 32, 10, QLatin1Char('0'));
    o.from = QStringLiteral("+1415555%1").arg(3000 + n);
    o.rest = &twilioRest();
    // Every third caller rings from a landline and keys a mobile number: four webhooks, not two.
    if (n % 3 == 0) {
        twilioRest().setLineType(o.from, QStringLiteral("landline"));
        o.gatherDigits = {QStringLiteral("4155550142#"), QStringLiteral("1"), QStringLiteral("1")};
    }
    using S = CallerStep;
    o.script = {S::waitAssistant(), S::say(QStringLiteral("caller_order")), S::waitAssistant(300), S::hangUp()};
    o.maxCallMs = 60000;
    m_callSids << o.callSid;
    m_callers.push_back(std::make_unique<TwilioCaller>(o, m_network));
    m_callers.back()->start();
    return m_callers.back().get();
}

std::unique_ptr<OperatorClient> TestCluster::attachConsole(const QString &instance)
{
    auto c = std::make_unique<OperatorClient>();
    c->ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/operator/%2").arg(m_nginxPort).arg(instance)),
               {{"Authorization", "Bearer " + m_token}});
    return c;
}

QHash<QString, QPair<QString, QString>> TestCluster::sessionsByCallSid()
{
    QHash<QString, QPair<QString, QString>> out;
    QSqlQuery q = m_schema->query();
    q.exec(QStringLiteral("SELECT payload, created_by, claimed_by FROM \"%1\".call_sessions").arg(m_schema->name()));
    while (q.next()) {
        const QString callSid = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object().value(QLatin1String("callSid")).toString();
        out.insert(callSid, {q.value(1).toString(), q.value(2).toString()});
    }
    return out;
}

void TestCluster::sixtyCallersThroughARollingRestart()
{
    // A console on every instance, through nginx.
    std::vector<std::unique_ptr<OperatorClient>> consoles;
    for (const Instance &gw : m_gw)
        consoles.push_back(attachConsole(gw.name));
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(consoles.begin(), consoles.end(), [](const auto &c) { return !c->of("snapshot").isEmpty(); }),
                             10000);

    // 40 callers, one every 300 ms; gw2 gets SIGTERM after the 15th. It drains (its calls finish)
    // and exits; then it is started again, and 20 more callers come.
    Instance &gw2 = m_gw[1];
    QElapsedTimer clock;
    clock.start();
    qint64 terminatedAt = -1, backAt = -1;
    QHash<QString, qint64> placedAt; // CallSid → ms
    int n = 0, gw3Peak = 0;
    const auto placeNext = [&] {
        const QJsonObject m = metricsOf(m_gw[2].port);
        gw3Peak = std::max(gw3Peak, m.value(QLatin1String("sessions")).toObject().value(QLatin1String("active")).toInt());
        ++n;
        const TwilioCaller *c = placeCall(n);
        placedAt.insert(m_callSids.constLast(), clock.elapsed());
        Q_UNUSED(c);
    };
    for (int i = 0; i < 40; ++i) {
        placeNext();
        if (n == 15) {
            gw2.process.terminate(); // SIGTERM
            terminatedAt = clock.elapsed();
        }
        QTest::qWait(300);
    }
    // It drains by itself once its calls have ended, well within its 60 s drain timeout.
    // (Waiting in the event loop: the callers live on this thread.)
    QVERIFY2(QTest::qWaitFor([&] { return gw2.process.state() == QProcess::NotRunning; }, 45000), "gw2 did not drain");
    QCOMPARE(gw2.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(gw2.process.exitCode(), 0);
    const qint64 drainedAt = clock.elapsed();
    QVERIFY(gw2.start());
    backAt = clock.elapsed();
    consoles.push_back(attachConsole(gw2.name)); // the old link ended with the process
    QTRY_VERIFY_WITH_TIMEOUT(!consoles.back()->of("snapshot").isEmpty(), 10000);
    // nginx tries it again once its fail_timeout (5 s) has passed.
    QTest::qWait(5500);
    for (int i = 0; i < 20; ++i) {
        placeNext();
        QTest::qWait(300);
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(m_callers.begin(), m_callers.end(), [](const auto &c) { return c->record().finished; }), 90000);
    qInfo("gw2: SIGTERM at %lld ms, drained at %lld ms, back at %lld ms", terminatedAt, drainedAt, backAt);

    // Every caller's flow completed and its stream was accepted; none heard "busy", none was cut off.
    QStringList answeringGw2WhileAway, sawInstances;
    int crossed = 0;
    for (size_t i = 0; i < m_callers.size(); ++i) {
        const CallerRecord &r = m_callers[i]->record();
        const QString sid = m_callSids[qsizetype(i)];
        QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(sid + QStringLiteral(": ") + r.protocolErrors.join(QStringLiteral("; "))));
        QVERIFY2(r.streamOpened,
                 qPrintable(sid + QStringLiteral(" never had a stream: ") + r.endedBy + QString::fromLatin1(r.streamRefusal)));
        QVERIFY2(!r.gatewayClosedStream, qPrintable(sid + QStringLiteral(" was ended by the gateway")));
        QCOMPARE(r.endedBy, QStringLiteral("caller hung up"));
        QVERIFY2(r.audioBytesReceived > 8000, qPrintable(sid + QStringLiteral(" heard too little")));
        QVERIFY(r.webhooks.size() == (i % 3 == 2 ? 4 : 2));
        QCOMPARE(r.answeredBy.size(), r.webhooks.size());
        if (std::set<QString>(r.answeredBy.begin(), r.answeredBy.end()).size() > 1)
            ++crossed;
        sawInstances += r.answeredBy;
        const qint64 at = placedAt.value(sid);
        if (at > terminatedAt + 100 && at < backAt && r.answeredBy.contains(gw2.name))
            answeringGw2WhileAway << sid;
    }
    QVERIFY2(
        answeringGw2WhileAway.isEmpty(),
        qPrintable(QStringLiteral("gw2 answered new callers while draining or away: ") + answeringGw2WhileAway.join(QLatin1Char(' '))));
    QVERIFY2(crossed > 0, "no caller's steps were answered by more than one instance");
    for (const Instance &gw : m_gw)
        QVERIFY2(sawInstances.contains(gw.name), qPrintable(gw.name + QStringLiteral(" answered no webhook")));

    // The streams: each session claimed once, by one instance, sometimes not the one that made
    // it; none by gw2 between its SIGTERM and its return; some by gw2 after.
    const auto sessions = sessionsByCallSid();
    int claimedElsewhere = 0, gw2After = 0;
    QHash<QString, int> streamsBy;
    for (const QString &sid : std::as_const(m_callSids)) {
        QVERIFY2(sessions.contains(sid), qPrintable(sid + QStringLiteral(" has no session")));
        const auto [createdBy, claimedBy] = sessions.value(sid);
        QVERIFY2(!claimedBy.isEmpty(), qPrintable(sid + QStringLiteral(" was never claimed")));
        ++streamsBy[claimedBy];
        claimedElsewhere += createdBy != claimedBy;
        const qint64 at = placedAt.value(sid);
        if (at > terminatedAt + 100 && at < backAt)
            QVERIFY2(claimedBy != gw2.name, qPrintable(sid + QStringLiteral("'s stream went to gw2 while it was draining")));
        if (at > backAt)
            gw2After += claimedBy == gw2.name;
    }
    qInfo("streams by instance: gw1 %d, gw2 %d, gw3 %d; %d of %d claimed by another instance than made the session",
          streamsBy.value(QStringLiteral("gw1")), streamsBy.value(QStringLiteral("gw2")), streamsBy.value(QStringLiteral("gw3")),
          claimedElsewhere, int(m_callSids.size()));
    QVERIFY2(claimedElsewhere > 0, "every stream landed on the instance that made its session");
    QVERIFY2(gw2After > 0, "gw2 took no call after it came back");

    // gw3 never carried more than its slots; what it could not take went elsewhere.
    QVERIFY2(gw3Peak <= kGw3Slots, qPrintable(QStringLiteral("gw3 carried %1 calls at once").arg(gw3Peak)));
    QVERIFY2(metricsOf(m_gw[2].port).value(QLatin1String("passedOn")).toDouble() > 0, "gw3 was never full");

    // No instance refused anyone: no busy caller, no refused session.
    for (const Instance &gw : m_gw) {
        const QJsonObject m = metricsOf(gw.port);
        QCOMPARE(m.value(QLatin1String("callsByOutcome")).toObject().value(QLatin1String("busy")).toDouble(), 0.0);
        for (const char *reason : {"busy", "draining", "unknown_session", "session_reused", "flow_token_reused", "shared_store_down"})
            QVERIFY2(rejected(m, reason) == 0, qPrintable(gw.name + QStringLiteral(" refused: ") + QLatin1String(reason)));
    }

    // The consoles together saw every call that reached a stream.
    std::set<QString> seen;
    for (const auto &c : consoles) {
        for (const QJsonObject &m : c->messages) {
            for (const QJsonValue &call : m.value(QLatin1String("calls")).toArray()) {
                if (!call.toObject().value(QLatin1String("sessionId")).toString().startsWith(QLatin1String("flow:")))
                    seen.insert(call.toObject().value(QLatin1String("callSid")).toString());
            }
        }
    }
    QStringList unseen;
    for (const QString &sid : std::as_const(m_callSids)) {
        if (!seen.count(sid))
            unseen << sid;
    }
    QVERIFY2(unseen.isEmpty(), qPrintable(QStringLiteral("no console saw ") + unseen.join(QLatin1Char(' '))));
}

void TestCluster::replaysAreRefusedByEveryInstance()
{
    // One caller by hand through nginx: the incoming webhook, then consent.
    const QString callSid = QStringLiteral("CA%1").arg(9179999, 32, 10, QLatin1Char('0'));
    const FormFields base{{QStringLiteral("CallSid"), callSid},
                          {QStringLiteral("From"), QStringLiteral("+14155559999")},
                          {QStringLiteral("To"), QStringLiteral("+18005550100")}};
    const RawResponse incoming = rawExchange(m_nginxPort, signedFormPost("/incoming-call", base));
    QCOMPARE(incoming.status, 200);
    const QByteArray consentPath = gatherActionPath(incoming.body);
    QVERIFY(consentPath.startsWith("/consent?state="));
    FormFields pressed = base;
    pressed.append({QStringLiteral("Digits"), QStringLiteral("1")});
    const QByteArray consentRequest = signedFormPost(consentPath, pressed);
    const RawResponse connected = rawExchange(m_nginxPort, consentRequest);
    QCOMPARE(connected.status, 200);
    const int at = connected.body.indexOf("/media-stream/");
    QVERIFY(at > 0);
    const QByteArray streamPath = connected.body.mid(at, connected.body.indexOf('"', at) - at);
    // The stream, through nginx: accepted (by whichever instance).
    const RawResponse stream = rawExchange(m_nginxPort, signedUpgrade(streamPath), 3000);
    QCOMPARE(stream.status, 101);

    // The same consent request again, and the same stream handshake, to every instance and
    // through nginx: each refuses, and counts it.
    for (const Instance &gw : m_gw) {
        const QJsonObject before = metricsOf(gw.port);
        QCOMPARE(rawExchange(gw.port, consentRequest).status, 403);
        QCOMPARE(rawExchange(gw.port, signedUpgrade(streamPath), 3000).status, 409);
        const QJsonObject after = metricsOf(gw.port);
        QCOMPARE(rejected(after, "flow_token_reused"), rejected(before, "flow_token_reused") + 1);
        QCOMPARE(rejected(after, "session_reused"), rejected(before, "session_reused") + 1);
    }
    QCOMPARE(rawExchange(m_nginxPort, consentRequest).status, 403);
    QCOMPARE(rawExchange(m_nginxPort, signedUpgrade(streamPath), 3000).status, 409);
}

void TestCluster::exportReadsTheSharedDatabase()
{
    // Each instance wrote its own calls; one export (any host with DATABASE_URL) has them all.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QSqlQuery q = m_schema->query();
            q.exec(QStringLiteral("SELECT COUNT(*) FROM \"%1\".calls WHERE ended_at IS NOT NULL").arg(m_schema->name()));
            return q.next() && q.value(0).toInt() >= int(m_callSids.size());
        }(),
        10000);
    QProcess exporter;
    exporter.start(QStringLiteral(CALLGATE_BINARY),
                   {QStringLiteral("export"), QStringLiteral("--database-url"), m_databaseUrl, QStringLiteral("--env-file"),
                    m_dir.filePath(QStringLiteral("none.env"))});
    QVERIFY(exporter.waitForFinished(20000));
    QCOMPARE(exporter.exitCode(), 0);
    std::set<QString> exported;
    for (const QByteArray &line : exporter.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            exported.insert(QJsonDocument::fromJson(line).object().value(QLatin1String("callSid")).toString());
    }
    for (const QString &sid : std::as_const(m_callSids))
        QVERIFY2(exported.count(sid), qPrintable(sid + QStringLiteral(" is not in the export")));
}

void TestCluster::everyInstanceFullMeansBusy()
{
    // nginx whose every upstream is gw3 (kGw3Slots calls at once), and gw3 full: each try is passed
    // on, and the last one is answered as Twilio expects — the busy message, not an error.
    QProcess nginx;
    quint16 port = 0;
    const quint16 gw3 = m_gw[2].port;
    QVERIFY(startNginx(nginx, port, QStringLiteral("nginx-gw3"), {gw3, gw3, gw3}));
    const auto stop = qScopeGuard([&] {
        nginx.terminate();
        nginx.waitForFinished(3000);
    });
    std::vector<std::unique_ptr<TwilioCaller>> holding;
    for (int i = 0; i < kGw3Slots; ++i) {
        CallerOptions o;
        o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gw3));
        o.publicUrl = kPublicUrl;
        o.authToken = kAuthToken;
        o.callSid = QStringLiteral("CA%1").arg(9178000 + i, 32, 10, QLatin1Char('0'));
        o.script = {CallerStep::waitAssistant(), CallerStep::pause(20000), CallerStep::hangUp()};
        holding.push_back(std::make_unique<TwilioCaller>(o, m_network));
        holding.back()->start();
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(holding.begin(), holding.end(), [](auto &c) { return c->record().streamOpened; }), 10000);
    const double passedBefore = metricsOf(gw3).value(QLatin1String("passedOn")).toDouble();
    CallerOptions o;
    o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    o.publicUrl = kPublicUrl;
    o.authToken = kAuthToken;
    o.callSid = QStringLiteral("CA%1").arg(9178100, 32, 10, QLatin1Char('0'));
    TwilioCaller late(o, m_network);
    late.start();
    QTRY_VERIFY_WITH_TIMEOUT(late.record().finished, 10000);
    QVERIFY2(late.record().protocolErrors.isEmpty(), qPrintable(late.record().protocolErrors.join(QLatin1Char(' '))));
    QVERIFY(!late.record().streamOpened);
    QVERIFY2(late.record().said.join(QLatin1Char(' ')).contains(QLatin1String("All our lines are busy")),
             qPrintable(late.record().said.join(QLatin1Char(' '))));
    QVERIFY(metricsOf(gw3).value(QLatin1String("passedOn")).toDouble() > passedBefore);
    for (auto &c : holding)
        c->hangUp();
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
