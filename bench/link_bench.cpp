// Listening over the operator link: a real `callgate --headless` gateway process with simulated
// callers and AI, and a console in this process — the console's own OperatorLink, RemoteGateway and
// AudioEngine — listening to one call. Measured, each as the engine measures a caller frame from
// reaching the gateway to the speaker (one clock: both run on this machine):
//   - direct: the link on loopback;
//   - wan: the same through a relay that holds every chunk 50 ms ± 20 ms each way (in order), for a
//     network with jitter (the kernel here has no netem; --delay/--jitter change it);
// and the link's bandwidth per listened call (audio, and everything received). Prints one JSON line.
//
//   link_bench [--seconds 20] [--calls 5] [--delay 50] [--jitter 20]
// The sound device is PortAudio's default unless CALLGATE_AUDIO_BACKEND=loopback (no sound server).

#include "RawHttp.h"
#include "TcpRelay.h"
#include "TestGateway.h"

#include "audio/AudioEngine.h"
#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "operator/OperatorAccounts.h"
#include "operator/OperatorLink.h"
#include "operator/RemoteGateway.h"
#include "sim/ClipLibrary.h"
#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace callgate;
using namespace callgate::sim;

namespace {

void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        waitMs(20);
    }
    return true;
}

// One listening session through `url`: the engine's delay figures and the link's bytes.
QJsonObject listen(const QUrl &url, const QByteArray &token, const QByteArray &session, int seconds)
{
    OperatorLink link;
    RemoteGateway gateway({QStringLiteral("bench"), url, token, {}});
    link.addGateway(&gateway);
    gateway.start();
    if (!waitFor([&] { return gateway.state() == RemoteGateway::State::Up && gateway.owns(session); }, 10000))
        qFatal("the console did not attach (%s)", qPrintable(gateway.problem()));
    audio::AudioEngine engine;
    auto tap = std::make_shared<audio::CallAudioTap>();
    link.attachAudio(session, tap);
    if (const Status s = engine.listen(tap, audio::ListenMode::Mixed); !s)
        qFatal("cannot listen: %s", qPrintable(s.error()));
    waitMs(2000); // the jitter buffer settles; the first second is not the steady state
    const quint64 audio0 = gateway.audioBytesIn(), all0 = gateway.bytesIn();
    QElapsedTimer t;
    t.start();
    // Figures from the steady state only: the engine's are since the listen began, so listen anew.
    engine.stopListening();
    tap->close();
    auto steady = std::make_shared<audio::CallAudioTap>();
    link.attachAudio(session, steady);
    if (const Status s = engine.listen(steady, audio::ListenMode::Mixed); !s)
        qFatal("cannot listen: %s", qPrintable(s.error()));
    waitMs(seconds * 1000);
    const double elapsed = double(t.elapsed()) / 1000.0;
    const audio::AudioStats st = engine.stats();
    engine.stopListening();
    steady->close();
    return QJsonObject{
        {QStringLiteral("device"), st.outputDevice},
        {QStringLiteral("framesMeasured"), st.delaySamples},
        {QStringLiteral("listenDelayP50Ms"), st.delayP50Ms},
        {QStringLiteral("listenDelayP95Ms"), st.delayP95Ms},
        {QStringLiteral("listenDelayMaxMs"), st.delayMaxMs},
        {QStringLiteral("lateCallAudio"), double(st.callerGaps)},
        {QStringLiteral("underruns"), double(st.underruns)},
        {QStringLiteral("audioKbitPerSecond"), 8.0 * double(gateway.audioBytesIn() - audio0) / 1000.0 / elapsed},
        {QStringLiteral("allKbitPerSecond"), 8.0 * double(gateway.bytesIn() - all0) / 1000.0 / elapsed},
    };
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addHelpOption();
    cli.addOption({QStringLiteral("seconds"), QStringLiteral("Seconds to listen, each way."), QStringLiteral("n"), QStringLiteral("20")});
    cli.addOption({QStringLiteral("calls"), QStringLiteral("Calls running meanwhile."), QStringLiteral("n"), QStringLiteral("5")});
    cli.addOption({QStringLiteral("delay"), QStringLiteral("The relay's delay each way, ms."), QStringLiteral("ms"), QStringLiteral("50")});
    cli.addOption({QStringLiteral("jitter"), QStringLiteral("… plus or minus this, ms."), QStringLiteral("ms"), QStringLiteral("20")});
    cli.process(app);
    const int seconds = std::max(3, cli.value(QStringLiteral("seconds")).toInt());
    const int calls = std::max(1, cli.value(QStringLiteral("calls")).toInt());
    qputenv("QT_LOGGING_RULES", "callgate.*.info=false");

    SimThread<RealtimeSimServer> ai(
        [] {
            auto s = std::make_unique<RealtimeSimServer>();
            (void)s->listen();
            return s;
        },
        QStringLiteral("bench-ai"));
    const QByteArray aiUrl = ai.run([&] { return ai.object().url().toEncoded(); });

    QTemporaryDir dir;
    const QString accounts = dir.filePath(QStringLiteral("operators"));
    const QByteArray token = OperatorAccounts::add(accounts, QStringLiteral("Bench"), OperatorAccount::Role::Supervisor).value();
    quint16 port = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    QProcess gateway;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("callgate.*.info=false"));
    gateway.setProcessEnvironment(env);
    gateway.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    gateway.start(QStringLiteral(CALLGATE_BINARY),
                  {QStringLiteral("--headless"),
                   QStringLiteral("--port"),
                   QString::number(port),
                   QStringLiteral("--bind-address"),
                   QStringLiteral("127.0.0.1"),
                   QStringLiteral("--public-url"),
                   testing::kPublicUrl,
                   QStringLiteral("--openai-api-key"),
                   QStringLiteral("sk-bench"),
                   QStringLiteral("--openai-realtime-url"),
                   QString::fromUtf8(aiUrl),
                   QStringLiteral("--twilio-auth-token"),
                   QString::fromLatin1(testing::kAuthToken),
                   QStringLiteral("--twilio-account-sid"),
                   testing::kTestAccountSid,
                   QStringLiteral("--twilio-api-base-url"),
                   testing::twilioRest().url().toString(),
                   QStringLiteral("--twilio-lookup-base-url"),
                   testing::twilioRest().url().toString(),
                   QStringLiteral("--database-url"),
                   dir.filePath(QStringLiteral("calls.sqlite")),
                   QStringLiteral("--prompt-cache-dir"),
                   dir.filePath(QStringLiteral("prompts")),
                   QStringLiteral("--operator-accounts-file"),
                   accounts});
    if (!gateway.waitForStarted())
        qFatal("cannot start %s", CALLGATE_BINARY);
    if (!waitFor([&] { return rawExchange(port, buildRequest("GET", "/health"), 500).status == 200; }, 15000))
        qFatal("the gateway did not come up");

    // Callers saying words on a loop, no turn ever ending (the AI answers once, then listens).
    const Clip *words = ClipLibrary::instance().find(QStringLiteral("caller_order"));
    if (!words)
        qFatal("no caller clip");
    QNetworkAccessManager network;
    std::vector<std::unique_ptr<TwilioCaller>> callers;
    for (int i = 0; i < calls; ++i) {
        CallerOptions o;
        o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        o.publicUrl = testing::kPublicUrl;
        o.authToken = testing::kAuthToken;
        o.callSid = QStringLiteral("CA%1").arg(9000 + i, 32, 10, QLatin1Char('0'));
        o.from = QStringLiteral("+1415555%1").arg(3000 + i);
        o.rest = &testing::twilioRest();
        o.script = {CallerStep::waitAssistant(100), CallerStep::waitAssistant(600000)};
        o.maxCallMs = (seconds * 4 + 120) * 1000;
        o.frameSource = [words](qint64 index, const QByteArray &) {
            const qsizetype at = (index * 160) % (words->ulaw.size() / 160 * 160);
            return words->ulaw.mid(at, 160);
        };
        callers.push_back(std::make_unique<TwilioCaller>(o, network));
        callers.back()->start();
    }
    // The session to listen to: the first call, as a console sees it.
    QByteArray session;
    {
        OperatorLink link;
        RemoteGateway probe({QStringLiteral("probe"), QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(port)), token, {}});
        QObject::connect(&probe, &RemoteGateway::callsChanged, [&](const QList<CallSummary> &cs) {
            for (const CallSummary &c : cs)
                if (c.callSid == QStringLiteral("CA%1").arg(9000, 32, 10, QLatin1Char('0')) && c.phase != CallPhase::InCallerFlow
                    && session.isEmpty())
                    session = c.sessionId;
        });
        probe.start();
        if (!waitFor([&] { return !session.isEmpty(); }, 20000))
            qFatal("the first call did not come up");
    }

    const QJsonObject direct = listen(QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(port)), token, session, seconds);
    testing::TcpRelay relay(port);
    relay.setDelay(cli.value(QStringLiteral("delay")).toInt(), cli.value(QStringLiteral("jitter")).toInt());
    QJsonObject wan = listen(QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(relay.port())), token, session, seconds);
    wan.insert(QStringLiteral("relayDelayMs"), cli.value(QStringLiteral("delay")).toInt());
    wan.insert(QStringLiteral("relayJitterMs"), cli.value(QStringLiteral("jitter")).toInt());

    for (auto &c : callers)
        c->hangUp();
    gateway.terminate();
    gateway.waitForFinished(10000);
    const QJsonObject out{{QStringLiteral("calls"), calls},
                          {QStringLiteral("secondsEach"), seconds},
                          {QStringLiteral("direct"), direct},
                          {QStringLiteral("wan"), wan}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
