// A call center on one machine: real `callgate --headless` gateway processes with simulated
// callers, the real console window (offscreen, its sound on the loopback device) attached to them
// over the operator link, and a second console (a bare protocol client) beside it. Both see the
// calls; tokens and roles hold; one person has a call and the other is told who; the console's
// headset hears the caller over the link and its microphone reaches the caller; a link cut
// mid-listen is said, retried and restored while the call goes on; one console shows two
// gateways; and the link runs over TLS through nginx.

#include "AudioMatch.h"
#include "OperatorClient.h"
#include "RawHttp.h"
#include "TcpRelay.h"
#include "TestGateway.h"

#include "AudioPanel.h"
#include "CallsModel.h"
#include "ConsoleSettings.h"
#include "ConsoleWindow.h"
#include "FirstRunDialog.h"
#include "NoticeBar.h"
#include "SettingsDialog.h"
#include "audio/AudioEngine.h"
#include "audio/G711.h"
#include "operator/GatewayList.h"
#include "operator/OperatorAccounts.h"
#include "operator/OperatorLink.h"
#include "operator/RemoteGateway.h"
#include "sim/ClipLibrary.h"
#include "sim/RealtimeSim.h"
#include "sim/SimCertificates.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;
using T = operatorlink::Command::Type;

namespace {

void writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

// A headless gateway process of its own, on its own port, with the AI simulated on a thread of
// the test and the operator accounts the test made.
struct GatewayProcess {
    QTemporaryDir dir;
    quint16 port = freePort();
    QProcess process;

    bool start(const QByteArray &aiUrl, const QString &accounts)
    {
        writeFile(dir.filePath(QStringLiteral(".env")),
                  "PORT=" + QByteArray::number(port) + "\nBIND_ADDRESS=127.0.0.1\nPUBLIC_URL=" + kPublicUrl.toUtf8()
                      + "\nOPENAI_API_KEY=sk-test\nOPENAI_REALTIME_URL=" + aiUrl + "\nTWILIO_AUTH_TOKEN=" + kAuthToken
                      + "\nTWILIO_ACCOUNT_SID=" + kTestAccountSid.toUtf8() + "\nTWILIO_API_BASE_URL=" + twilioRest().url().toEncoded()
                      + "\nTWILIO_LOOKUP_BASE_URL=" + twilioRest().url().toEncoded()
                      + "\nPROMPT_CACHE_DIR=" + dir.filePath(QStringLiteral("prompts")).toUtf8()
                      + "\nDATABASE_URL=" + dir.filePath(QStringLiteral("calls.sqlite")).toUtf8()
                      + "\nOPERATOR_ACCOUNTS_FILE=" + accounts.toUtf8() + "\nDRAIN_TIMEOUT_SECONDS=1\n");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &k : env.keys())
            if (k.startsWith(QLatin1String("OPENAI_")) || k.startsWith(QLatin1String("TWILIO_")) || k == QLatin1String("PORT"))
                env.remove(k);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(dir.path());
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("--headless")});
        return process.waitForStarted()
            && QTest::qWaitFor([this] { return rawExchange(port, buildRequest("GET", "/health"), 500).status == 200; }, 15000);
    }
    ~GatewayProcess()
    {
        process.terminate();
        if (!process.waitForFinished(5000))
            process.kill();
    }
    QUrl operatorUrl() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(port)); }
};

void stopListening(AudioPanel *panel)
{
    if (panel->listenAction()->isChecked())
        panel->listenAction()->trigger();
}

} // namespace

class TestRemoteConsole : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void wrongTokenIsRefused();
    void bothConsolesSeeTheCallsAndOneHasEachCall();
    void headsetOverTheLink();
    void cutLinkIsSaidRetriedAndRestored();
    void oneConsoleTwoGateways();
    void overTlsThroughNginx();
    void settingsListTheGateways();
    void firstRunAsksInsteadOfExiting();

private:
    // A caller on `gateway` saying `frames`; the session id, once the console's table has it.
    QByteArray callOn(const GatewayProcess &gateway, const QString &callSid, std::function<QByteArray(qint64)> frames = {});
    int rowOf(const QByteArray &sessionId) const;

    QTemporaryDir m_dir;
    QByteArray m_aiUrl;
    QString m_accounts;
    QByteArray m_ana, m_lee, m_vic;
    GatewayProcess m_lab;
    QNetworkAccessManager m_network;
    std::vector<std::unique_ptr<TwilioCaller>> m_calls;
    OperatorLink m_link;
    std::unique_ptr<ConsoleWindow> m_window;
    QByteArray m_listened; // the call the headset test leaves running
};

void TestRemoteConsole::initTestCase()
{
    m_aiUrl = realtimeSimUrl().toEncoded();
    m_accounts = m_dir.filePath(QStringLiteral("operators"));
    m_ana = OperatorAccounts::add(m_accounts, QStringLiteral("Ana"), OperatorAccount::Role::Supervisor).value();
    m_lee = OperatorAccounts::add(m_accounts, QStringLiteral("Lee"), OperatorAccount::Role::Supervisor).value();
    m_vic = OperatorAccounts::add(m_accounts, QStringLiteral("Vic"), OperatorAccount::Role::Viewer).value();
    QVERIFY(m_lab.start(m_aiUrl, m_accounts));

    Config console = testConfig();
    console.database = m_dir.filePath(QStringLiteral("console.sqlite"));
    m_window = std::make_unique<ConsoleWindow>(console, m_link);
    m_window->show();
}

void TestRemoteConsole::cleanupTestCase()
{
    for (auto &c : m_calls)
        c->hangUp();
    m_window.reset();
}

int TestRemoteConsole::rowOf(const QByteArray &sessionId) const
{
    const CallsModel *m = m_window->callsModel();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->summaryAt(r).sessionId == sessionId)
            return r;
    return -1;
}

QByteArray TestRemoteConsole::callOn(const GatewayProcess &gateway, const QString &callSid, std::function<QByteArray(qint64)> frames)
{
    CallerOptions o;
    o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gateway.port));
    o.publicUrl = kPublicUrl;
    o.authToken = kAuthToken;
    o.callSid = callSid;
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(100), CallerStep::waitAssistant(600000)};
    if (frames)
        o.frameSource = [frames](qint64 index, const QByteArray &) { return frames(index); };
    m_calls.push_back(std::make_unique<TwilioCaller>(o, m_network));
    m_calls.back()->start();
    QByteArray session;
    (void)QTest::qWaitFor(
        [&] {
            const CallsModel *m = m_window->callsModel();
            for (int r = 0; r < m->rowCount(); ++r)
                if (m->summaryAt(r).callSid == callSid && m->summaryAt(r).phase != CallPhase::InCallerFlow)
                    session = m->summaryAt(r).sessionId;
            return !session.isEmpty();
        },
        15000);
    return session;
}

void TestRemoteConsole::wrongTokenIsRefused()
{
    // A console with a token no account has: refused before the upgrade, said on screen.
    m_window->attachGateways({{QStringLiteral("lab"), m_lab.operatorUrl(), "cgop_not-a-real-token", {}}});
    const QLabel *banner = m_window->findChild<QLabel *>(QStringLiteral("warningBanner"));
    QVERIFY(banner);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible() && banner->text().contains(QStringLiteral("401")), 5000);
    QVERIFY2(banner->text().contains(QStringLiteral("Gateway lab cannot be reached: the gateway refused the token")),
             qPrintable(banner->text()));
    QCOMPARE(m_window->gateways().constFirst()->state(), RemoteGateway::State::Down);
    QVERIFY(!m_window->callsView()->isColumnHidden(CallsModel::Gateway));
    // The gateway counted it, and its log never shows the token.
    QVERIFY(rawExchange(m_lab.port, buildRequest("GET", "/metrics")).body.contains("reason=\"operator_unauthorized\""));
    // The real token: attached, and the banner goes.
    m_window->attachGateways({{QStringLiteral("lab"), m_lab.operatorUrl(), m_ana, {}}});
    QCOMPARE(m_window->gateways().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->gateways().constFirst()->state(), RemoteGateway::State::Up, 5000);
    QCOMPARE(m_window->gateways().constFirst()->you(), QStringLiteral("Ana"));
    QTRY_VERIFY(!banner->isVisible());
}

void TestRemoteConsole::bothConsolesSeeTheCallsAndOneHasEachCall()
{
    OperatorClient lee;
    lee.ws.open(m_lab.operatorUrl(), {{"Authorization", "Bearer " + m_lee}});
    QTRY_VERIFY(!lee.decoded.isEmpty());
    // A new call reaches both consoles within a second of each other.
    const QString sid = QStringLiteral("CA%1").arg(7101, 32, 10, QLatin1Char('0'));
    QElapsedTimer clock;
    clock.start();
    const QByteArray session = callOn(m_lab, sid);
    const qint64 inWindow = clock.elapsed();
    QVERIFY(!session.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(lee.call(session).has_value(), 2000);
    const qint64 inLee = clock.elapsed();
    qInfo("the call in the window after %lld ms, in the second console after %lld ms", inWindow, inLee);
    QVERIFY(std::abs(inLee - inWindow) <= 1000);
    QCOMPARE(m_window->callsModel()->summaryAt(rowOf(session)).gateway, QStringLiteral("lab"));

    // A viewer listens but cannot take.
    OperatorClient vic;
    vic.ws.open(m_lab.operatorUrl(), {{"Authorization", "Bearer " + m_vic}});
    QTRY_VERIFY(!vic.decoded.isEmpty());
    QVERIFY(vic.command(T::Take, session).contains(QStringLiteral("watch and listen only")));
    QCOMPARE(vic.command(T::Listen, session), QString());

    // The console's supervisor takes it with the Take button; the other is told who has it.
    m_window->selectCall(session);
    m_window->takeCallAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->callsModel()->summaryAt(rowOf(session)).agent, QStringLiteral("Ana"), 3000);
    QCOMPARE(lee.command(T::Take, session), QStringLiteral("taken by Ana"));
    QTRY_COMPARE(lee.call(session)->agent, QStringLiteral("Ana"));
    QCOMPARE(m_window->callsModel()->data(m_window->callsModel()->index(rowOf(session), CallsModel::State)).toString(),
             QStringLiteral("with Ana"));
    // Whispers from anyone.
    QCOMPARE(lee.command(T::Whisper, session, QStringLiteral("offer the refund")), QString());
    m_window->audioPanel()->handBackAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->callsModel()->summaryAt(rowOf(session)).agent.isEmpty(), 3000);

    // The other way round: Lee has it, and the console says so when Ana asks.
    QCOMPARE(lee.command(T::Take, session), QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->callsModel()->summaryAt(rowOf(session)).agent, QStringLiteral("Lee"), 3000);
    QCOMPARE(m_window->callsModel()->data(m_window->callsModel()->index(rowOf(session), CallsModel::State)).toString(),
             QStringLiteral("with Lee"));
    m_window->selectCall(session);
    QVERIFY(!m_window->takeCallAction()->isEnabled()); // someone has it
    // Two supervisors pressing Take at once: the one who came second is told who won.
    m_link.takeCall(session);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->notices()->texts().isEmpty()
                                 && m_window->notices()->texts().constFirst().contains(QStringLiteral("taken by Lee")),
                             3000);
    QCOMPARE(lee.command(T::HandBack, session), QString());
    m_window->notices()->dismiss(m_window->notices()->texts().constFirst());
    stopListening(m_window->audioPanel());
    m_calls.back()->hangUp();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(session) < 0 || m_window->callsModel()->summaryAt(rowOf(session)).phase == CallPhase::Ended, 5000);
}

void TestRemoteConsole::headsetOverTheLink()
{
    // The caller says the clip over and over; later, a 1 kHz tone.
    const Clip *words = ClipLibrary::instance().find(QStringLiteral("caller_order"));
    QVERIFY(words);
    auto tone = std::make_shared<bool>(false);
    const auto frames = [words, tone](qint64 index) {
        if (*tone) {
            QByteArray f(160, Qt::Uninitialized);
            for (int i = 0; i < 160; ++i)
                f[i] = char(audio::linearToUlaw(int16_t(8000 * std::sin(2 * M_PI * 1000.0 * double(index * 160 + i) / 8000.0))));
            return f;
        }
        const qsizetype at = (index * 160) % (words->ulaw.size() / 160 * 160);
        return words->ulaw.mid(at, 160);
    };
    const QByteArray session = callOn(m_lab, QStringLiteral("CA%1").arg(7102, 32, 10, QLatin1Char('0')), frames);
    QVERIFY(!session.isEmpty());
    m_listened = session;
    TwilioCaller &call = *m_calls.back();

    // Listening in the console: the caller's frames come over the link to the headset, and the
    // engine measures each one's delay from the gateway to the speaker.
    AudioPanel *panel = m_window->audioPanel();
    m_window->selectCall(session);
    QVERIFY2(panel->listeningTo().isEmpty(), panel->listeningTo().constData());
    QVERIFY(panel->listenAction()->isEnabled());
    panel->listenAction()->trigger();
    QCOMPARE(panel->listeningTo(), session);
    QTRY_VERIFY_WITH_TIMEOUT(panel->engine().stats().delaySamples > 100, 8000);
    const auto s = panel->engine().stats();
    qInfo("listen delay over the link, gateway → speaker: p50 %.0f ms (%d frames)", s.delayP50Ms, s.delaySamples);
    QVERIFY(s.delayP50Ms > 0 && s.delayP50Ms < 400);

    // Taking it: the loopback headset's microphone hears what its speaker plays — the caller's own
    // words, now over the link twice — and sends it back to the caller as μ-law.
    m_window->takeCallAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->callsModel()->summaryAt(rowOf(session)).agent, QStringLiteral("Ana"), 3000);
    const qsizetype before = call.record().audioReceived.size();
    QTRY_VERIFY_WITH_TIMEOUT(call.record().audioReceived.size() - before >= 8000 * 4, 8000);
    std::vector<float> heard = lowPass(decodeUlaw(call.record().audioReceived.mid(before + 8000)));
    QStringList figures;
    int matched = 0;
    for (const double at : {0.2, 0.35, 0.5, 0.65, 0.8}) {
        const double c = bestCorrelation(heard, clipProbe(words->ulaw, at));
        matched += c > 0.5 ? 1 : 0;
        figures << QString::number(c, 'f', 2);
    }
    qInfo("the caller's words through the remote headset and back: correlations %s", qPrintable(figures.join(QLatin1Char(' '))));
    QVERIFY2(matched >= 3, qPrintable(figures.join(QLatin1Char(' '))));

    // A tone in the remote microphone reaches the caller.
    *tone = true;
    QTest::qWait(1500);
    const qsizetype toneFrom = call.record().audioReceived.size();
    QTRY_VERIFY_WITH_TIMEOUT(call.record().audioReceived.size() - toneFrom >= 4800, 5000);
    const QByteArray got = call.record().audioReceived.mid(toneFrom, 4800);
    const double at1k = powerAt(got, 1000), off = powerAt(got, 1700);
    qInfo("1 kHz at the caller from the remote microphone: %.4f (1.7 kHz: %.6f)", at1k, off);
    QVERIFY(at1k > 100 * off && at1k > 1e-3);
    panel->handBackAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->callsModel()->summaryAt(rowOf(session)).agent.isEmpty(), 3000);
    *tone = false;
}

void TestRemoteConsole::cutLinkIsSaidRetriedAndRestored()
{
    // The console reaches the gateway through a relay this test can cut.
    AudioPanel *panel = m_window->audioPanel();
    stopListening(panel);
    QVERIFY(panel->listeningTo().isEmpty());
    TcpRelay relay(m_lab.port);
    m_window->attachGateways({{QStringLiteral("lab"), QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(relay.port())), m_ana, {}}});
    RemoteGateway *lab = m_window->gateways().constFirst();
    QTRY_COMPARE_WITH_TIMEOUT(lab->state(), RemoteGateway::State::Up, 5000);
    // The call of the last test still runs; the console listens to it.
    const QByteArray session = m_listened;
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(session) >= 0 && !m_window->callsModel()->summaryAt(rowOf(session)).unreachable, 5000);
    m_window->selectCall(session);
    panel->listenAction()->trigger();
    QCOMPARE(panel->listeningTo(), session);
    QTRY_VERIFY_WITH_TIMEOUT(panel->engine().stats().delaySamples > 50, 5000);
    const qint64 framesBefore = m_calls.back()->record().framesSent;

    relay.cut();
    QTRY_COMPARE_WITH_TIMEOUT(lab->state(), RemoteGateway::State::Down, 3000);
    QTRY_VERIFY(!m_window->notices()->texts().isEmpty());
    QVERIFY2(m_window->notices()->texts().constFirst().contains(QStringLiteral("Lost the link to gateway lab")),
             qPrintable(m_window->notices()->texts().constFirst()));
    QVERIFY(m_window->callsModel()->summaryAt(rowOf(session)).unreachable); // shown as such, not removed
    QVERIFY(m_window->callsModel()
                ->data(m_window->callsModel()->index(rowOf(session), CallsModel::State))
                .toString()
                .contains(QStringLiteral("unreachable")));

    // Back by itself; the call is live again on screen and the headset hears it again.
    QTRY_COMPARE_WITH_TIMEOUT(lab->state(), RemoteGateway::State::Up, 5000);
    QCOMPARE(relay.accepted(), 2);
    QTRY_VERIFY(!m_window->callsModel()->summaryAt(rowOf(session)).unreachable);
    const quint64 bytes = lab->audioBytesIn();
    QTRY_VERIFY_WITH_TIMEOUT(lab->audioBytesIn() > bytes + 2000, 3000);
    QCOMPARE(panel->listeningTo(), session);
    // The call never noticed: its stream stayed open and its audio kept flowing.
    QVERIFY(m_calls.back()->record().streamOpened);
    QVERIFY(m_calls.back()->record().framesSent > framesBefore + 50);
    QVERIFY(m_window->callsModel()->summaryAt(rowOf(session)).phase != CallPhase::Ended);
    stopListening(panel);
    m_window->attachGateways({{QStringLiteral("lab"), m_lab.operatorUrl(), m_ana, {}}});
    QTRY_COMPARE_WITH_TIMEOUT(m_window->gateways().constFirst()->state(), RemoteGateway::State::Up, 5000);
}

void TestRemoteConsole::oneConsoleTwoGateways()
{
    GatewayProcess east;
    QVERIFY(east.start(m_aiUrl, m_accounts));
    m_window->attachGateways(
        {{QStringLiteral("lab"), m_lab.operatorUrl(), m_ana, {}}, {QStringLiteral("east"), east.operatorUrl(), m_ana, {}}});
    QCOMPARE(m_window->gateways().size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->gateways().at(1)->state() == RemoteGateway::State::Up, 5000);
    const QByteArray onLab = callOn(m_lab, QStringLiteral("CA%1").arg(7103, 32, 10, QLatin1Char('0')));
    const QByteArray onEast = callOn(east, QStringLiteral("CA%1").arg(7104, 32, 10, QLatin1Char('0')));
    QVERIFY(!onLab.isEmpty() && !onEast.isEmpty());
    const CallsModel *m = m_window->callsModel();
    QCOMPARE(m->data(m->index(rowOf(onLab), CallsModel::Gateway)).toString(), QStringLiteral("lab"));
    QCOMPARE(m->data(m->index(rowOf(onEast), CallsModel::Gateway)).toString(), QStringLiteral("east"));
    // A command goes to the call's own gateway.
    m_window->selectCall(onEast);
    m_window->takeCallAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m->summaryAt(rowOf(onEast)).agent, QStringLiteral("Ana"), 3000);
    QVERIFY(m->summaryAt(rowOf(onLab)).agent.isEmpty());
    m_window->audioPanel()->handBackAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m->summaryAt(rowOf(onEast)).agent.isEmpty(), 3000);
    stopListening(m_window->audioPanel());
    m_calls.back()->hangUp();
    m_window->attachGateways({{QStringLiteral("lab"), m_lab.operatorUrl(), m_ana, {}}});
    QTRY_VERIFY(rowOf(onEast) < 0 || m->summaryAt(rowOf(onEast)).phase == CallPhase::Ended);
}

void TestRemoteConsole::overTlsThroughNginx()
{
    const QString nginx =
        QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (nginx.isEmpty() || openssl.isEmpty())
        QFAIL("nginx and openssl are needed (scripts/install-deps.sh installs them)");
    QTemporaryDir tls;
    const auto path = [&](const char *name) { return tls.filePath(QLatin1String(name)); };
    // A private CA and a certificate for localhost signed by it.
    const SimCertificates certs = makeSimCertificates(tls.path(), QStringLiteral("DNS:localhost,IP:127.0.0.1"), QStringLiteral("gw"));
    QVERIFY2(certs.error.isEmpty(), qPrintable(certs.error));
    // nginx as the README shows it (docs/nginx-operator.conf), on a port of this test's own, in
    // the foreground, with its files in the test's folder.
    QFile example(QStringLiteral(CALLGATE_SOURCE_DIR "/docs/nginx-operator.conf"));
    QVERIFY(example.open(QIODevice::ReadOnly));
    const quint16 tlsPort = freePort();
    QByteArray site = example.readAll();
    site.replace("listen 443 ssl;", QByteArray("listen 127.0.0.1:" + QByteArray::number(tlsPort) + " ssl;"));
    site.replace("/etc/ssl/callgate/fullchain.pem", path("gw.pem").toUtf8());
    site.replace("/etc/ssl/callgate/privkey.pem", path("gw.key").toUtf8());
    site.replace("127.0.0.1:8080", QByteArray("127.0.0.1:" + QByteArray::number(m_lab.port)));
    QVERIFY(site.contains(QByteArray::number(tlsPort)) && site.contains(path("gw.pem").toUtf8()));
    writeFile(path("nginx.conf"),
              "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + path("nginx.pid").toUtf8() + ";\nerror_log "
                  + path("error.log").toUtf8()
                  + " warn;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n  client_body_temp_path " + tls.path().toUtf8()
                  + ";\n  proxy_temp_path " + tls.path().toUtf8() + ";\n" + site + "}\n");
    QProcess proxy;
    proxy.start(nginx,
                {QStringLiteral("-p"), tls.path(), QStringLiteral("-c"), path("nginx.conf"), QStringLiteral("-e"), path("error.log")});
    QVERIFY(proxy.waitForStarted());
    const auto cleanup = qScopeGuard([&] {
        proxy.terminate();
        proxy.waitForFinished(3000);
    });
    const bool listening = QTest::qWaitFor(
        [&] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, tlsPort);
            return probe.waitForConnected(200);
        },
        5000);
    QVERIFY2(listening, path("error.log").toUtf8().constData());

    // The console over wss://, trusting the private CA.
    const QUrl wss(QStringLiteral("wss://localhost:%1/operator").arg(tlsPort));
    m_window->attachGateways({{QStringLiteral("lab"), wss, m_ana, certs.ca}});
    RemoteGateway *lab = m_window->gateways().constFirst();
    QTRY_COMPARE_WITH_TIMEOUT(lab->state(), RemoteGateway::State::Up, 8000);
    const QByteArray session = callOn(m_lab, QStringLiteral("CA%1").arg(7105, 32, 10, QLatin1Char('0')));
    QVERIFY(!session.isEmpty());
    QCOMPARE(m_window->callsModel()->summaryAt(rowOf(session)).gateway, QStringLiteral("lab"));
    // A wrong token through the proxy is still the gateway's 401 (the proxy passes it on).
    RemoteGateway stranger({QStringLiteral("x"), wss, "cgop_wrong", {}});
    stranger.start();
    QTRY_VERIFY_WITH_TIMEOUT(stranger.problem().contains(QStringLiteral("401")), 5000);
    m_calls.back()->hangUp();
}

void TestRemoteConsole::settingsListTheGateways()
{
    // Settings → Gateways: rows in, the list file out (owner-only: it holds tokens), the window
    // attached to what was saved.
    SettingsDialog dialog(m_dir.filePath(QStringLiteral("console.env")));
    QVERIFY(dialog.load().ok());
    dialog.addGatewayRow({QStringLiteral("lab"), m_lab.operatorUrl(), m_ana, {}});
    dialog.addGatewayRow({QStringLiteral("broken"), QUrl(QStringLiteral("http://example.com/operator")), "cgop_x", {}});
    const Status refused = dialog.save();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("Gateway 2")) && refused.error().contains(QStringLiteral("wss://")),
             qPrintable(refused.error()));
    dialog.gatewayTable()->removeRow(1);
    QVERIFY(dialog.save().ok());
    const auto listed = loadGatewayList();
    QVERIFY(listed.ok());
    QCOMPARE(listed.value().size(), 1);
    QCOMPARE(listed.value().constFirst().token, m_ana);
    QCOMPARE(QFile(gatewayListPath()).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    SettingsDialog again(m_dir.filePath(QStringLiteral("console.env")));
    QVERIFY(again.load().ok());
    QCOMPARE(again.gatewayTable()->rowCount(), 1);
    QCOMPARE(static_cast<QLineEdit *>(again.gatewayTable()->cellWidget(0, 2))->echoMode(), QLineEdit::Password);
    m_window->attachGateways(listed.value());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->gateways().constFirst()->state(), RemoteGateway::State::Up, 5000);
}

void TestRemoteConsole::firstRunAsksInsteadOfExiting()
{
    // The dialog: attaching writes the gateway list and remembers the choice; a gateway here needs
    // its keys, and says which is missing.
    QFile::remove(gatewayListPath());
    FirstRunDialog ask(m_dir.filePath(QStringLiteral("first.env")), QStringLiteral("OPENAI_API_KEY is missing"));
    ask.setChoice(FirstRunDialog::Choice::Gateway);
    ask.field(QStringLiteral("PUBLIC_URL"))->setText(QStringLiteral("https://calls.example.com"));
    const Status noKey = ask.save();
    QVERIFY2(!noKey.ok() && noKey.error().contains(QStringLiteral("OPENAI_API_KEY")), qPrintable(noKey.error()));
    ask.setChoice(FirstRunDialog::Choice::Attach);
    ask.field(QStringLiteral("name"))->setText(QStringLiteral("lab"));
    ask.field(QStringLiteral("url"))->setText(m_lab.operatorUrl().toString());
    ask.field(QStringLiteral("token"))->setText(QString::fromUtf8(m_ana));
    QVERIFY(ask.save().ok());
    QCOMPARE(ConsoleSettings::load().startWith, QStringLiteral("attach"));
    QCOMPARE(loadGatewayList().value().constFirst().url, m_lab.operatorUrl());

    // The program itself, started from a menu with nothing set up: a window that asks, not one
    // line on stderr and an exit.
    QTemporaryDir home;
    QProcess console;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys())
        if (k.startsWith(QLatin1String("OPENAI_")) || k.startsWith(QLatin1String("TWILIO_")) || k == QLatin1String("PUBLIC_URL"))
            env.remove(k);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    console.setProcessEnvironment(env);
    console.setWorkingDirectory(home.path());
    console.start(QStringLiteral(CALLGATE_BINARY), {});
    QVERIFY(console.waitForStarted());
    QVERIFY2(!console.waitForFinished(3000), console.readAllStandardError().constData()); // still up: asking
    console.terminate();
    QVERIFY(console.waitForFinished(5000));
    // Attached: the same program with the choice made opens the console on the listed gateway.
    QDir().mkpath(home.filePath(QStringLiteral("config/Callgate")));
    QVERIFY(saveGatewayList({{QStringLiteral("lab"), m_lab.operatorUrl(), m_ana, {}}},
                            home.filePath(QStringLiteral("config/Callgate/gateways.json")))
                .ok());
    console.start(QStringLiteral(CALLGATE_BINARY), {QStringLiteral("--attach")});
    QVERIFY(console.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QString::fromUtf8(rawExchange(m_lab.port, buildRequest("GET", "/metrics")).body)
                                 .contains(QStringLiteral("callgate_operator_consoles 2")),
                             8000);
    console.terminate();
    QVERIFY(console.waitForFinished(5000));
    QCOMPARE(console.exitCode(), 0);
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("callgate-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_remote_console"));
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("CALLGATE_AUDIO_BACKEND", "loopback");
    TestRemoteConsole t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_remote_console.moc"
