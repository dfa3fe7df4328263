// Load generator: N simulated Twilio calls for D seconds against a real `callgate --headless`
// (started here, pointed at the simulated OpenAI Realtime service this process hosts). Every
// caller frame and every AI audio delta carries a tag, so each is followed through the gateway:
// lost, duplicated or reordered frames each way, and the latency the gateway adds each way
// (caller frame sent → append received by the AI; delta sent by the AI → media received by the
// caller), measured on one clock. Also the gateway's CPU and memory from /proc. Prints one JSON
// line.
//
// Fault mode (--fault-every-ms N): every N ms one AI session, chosen at random, fails the way the
// real service does (dropped without a close frame, closed 1011, server_error; --faults picks
// others). Then also: calls lost (must be 0), caller frames lost per drop, and the time from a
// drop in the middle of a reply to that call's first new AI audio at the caller (p50/p99), with
// the gateway's own reconnect counters from /metrics.
//
// The AI transport (--api): realtime (the Realtime API, replies streamed --speed times faster than
// real time) or live (GPT-Live, which streams at about real time: --live-speed); `both` runs the
// two one after the other, same settings, and prints {"realtime":…,"live":…}.
//
// Remote consoles (--consoles N): the measured time is four equal phases, alternately with no
// console and with N consoles attached over /operator (each receiving every update and listening to
// one call); the gateway's CPU in each kind of phase is reported side by side ("operatorConsoles").
//
//   loadgen --calls 200 --duration 30 [--speed 4] [--workers 2] [--reply-ms 2500]
//   loadgen --calls 200 --duration 60 --fault-every-ms 3000
//   loadgen --calls 200 --duration 30 --api both
//   loadgen --calls 300 --duration 60 --consoles 3

#include "ConsoleLoad.h"

#include "operator/OperatorAccounts.h"
#include "sim/FrameTag.h"
#include "sim/RealtimeSim.h"
#include "sim/SimCertificates.h"
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
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <numeric>
#include <random>
#include <tuple>
#include <unistd.h>

using namespace callgate;
using namespace callgate::sim;

namespace {

constexpr qsizetype kFrameBytes = 160; // one caller frame: 20 ms of 8 kHz μ-law

int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct ProcStat {
    double cpuSeconds = 0;
    double userSeconds = 0;
    double systemSeconds = 0;
    qint64 rssKb = 0;
    qint64 hwmKb = 0;
};

ProcStat procStat(qint64 pid)
{
    ProcStat s;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
        s.userSeconds = double(f.value(11).toLongLong()) / double(sysconf(_SC_CLK_TCK));
        s.systemSeconds = double(f.value(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
        s.cpuSeconds = s.userSeconds + s.systemSeconds;
    }
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &l : status.readAll().split('\n')) {
            if (l.startsWith("VmRSS:"))
                s.rssKb = l.mid(6).trimmed().split(' ').value(0).toLongLong();
            if (l.startsWith("VmHWM:"))
                s.hwmKb = l.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return s;
}

// Latency samples in microseconds, one writer thread each.
struct Samples {
    std::vector<float> us;
    QJsonObject summary() const
    {
        std::vector<float> v = us;
        std::sort(v.begin(), v.end());
        const auto pct = [&](double p) {
            return v.empty() ? 0.0 : double(v[std::min(v.size() - 1, size_t(p * double(v.size())))]) / 1000.0;
        };
        return {{QStringLiteral("n"), double(v.size())},
                {QStringLiteral("p50Ms"), pct(0.50)},
                {QStringLiteral("p99Ms"), pct(0.99)},
                {QStringLiteral("maxMs"), v.empty() ? 0.0 : double(v.back()) / 1000.0}};
    }
};

struct Stats {
    int calls = 0;
    int maxFrames = 0;
    // Up: caller → AI.
    std::unique_ptr<std::atomic<int64_t>[]> upSent; // [call * maxFrames + seq] = ns
    // Each frame counted once by what happened to it: received (its first arrival), duplicated (it
    // came again), reordered (it came after a later frame of its call); lost is what never came.
    std::vector<uint32_t> upNext; // AI thread only: per call, the highest sequence seen + 1
    std::vector<bool> upSeen;     // AI thread only: [call * maxFrames + seq]
    int64_t upReceived = 0, upDuplicated = 0, upReordered = 0;
    Samples upLatency; // AI thread only
    bool measuring = false;
    // Down: AI → caller.
    static constexpr size_t kMaxDeltas = 4'000'000;
    static constexpr size_t kMaxResponses = 1 << 20;
    std::unique_ptr<std::atomic<int64_t>[]> downSent = std::make_unique<std::atomic<int64_t>[]>(kMaxDeltas); // [delta id] = ns
    std::unique_ptr<std::atomic<int32_t>[]> responseSent = std::make_unique<std::atomic<int32_t>[]>(kMaxResponses);
    std::unique_ptr<std::atomic<int32_t>[]> responseReceived = std::make_unique<std::atomic<int32_t>[]>(kMaxResponses);
    std::unique_ptr<std::atomic<uint8_t>[]> responseInterrupted = std::make_unique<std::atomic<uint8_t>[]>(kMaxResponses);
    std::unique_ptr<std::atomic<int64_t>[]> responseLastSent = std::make_unique<std::atomic<int64_t>[]>(kMaxResponses);
    std::atomic<uint32_t> nextDelta{0};
    std::atomic<uint32_t> nextResponse{0};
    std::mutex downMutex; // the caller threads share these
    Samples downLatency;
    int64_t downReceived = 0, downDuplicated = 0, downReordered = 0;
    std::vector<bool> downSeen = std::vector<bool>(kMaxDeltas); // under downMutex: [delta id]
    std::atomic<bool> measuringDown{false};
    // Fault mode: when each call's AI session last dropped mid-reply, and the last response
    // before it (the next response's first audio at the caller ends the gap).
    std::unique_ptr<std::atomic<int64_t>[]> dropAt;
    std::unique_ptr<std::atomic<uint32_t>[]> dropResponse;
    Samples afterDrop; // drop → first new AI audio at the caller (caller threads, under downMutex)
};

// The gateway's /metrics counters whose names start with `prefix`, summed over labels (or each
// with its labels).
QHash<QByteArray, double> gatewayCounters(quint16 port, const QByteArray &prefix, bool keepLabels = false)
{
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    QHash<QByteArray, double> out;
    for (const QByteArray &line : reply->readAll().split('\n')) {
        if (!line.startsWith(prefix))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        QByteArray name = line.left(space);
        if (const qsizetype brace = name.indexOf('{'); brace > 0 && !name.contains("_bucket") && !keepLabels)
            name = name.left(brace);
        out[name] += line.mid(space + 1).toDouble();
    }
    reply->deleteLater();
    return out;
}

// Twilio media frames the gateway handled both ways (from and to Twilio), from its /metrics.
double twilioFrames(quint16 port)
{
    const QHash<QByteArray, double> all = gatewayCounters(port, "callgate_media_frames_total{direction=\"", true);
    return all.value("callgate_media_frames_total{direction=\"from_twilio\"}")
        + all.value("callgate_media_frames_total{direction=\"to_twilio\"}");
}

// The gateway's system calls while `run` runs, counted by perf (the raw_syscalls tracepoint: every
// call, whichever); -1 when perf cannot count here.
qint64 countSyscalls(qint64 pid, const std::function<void()> &run)
{
    const QString perf = QStandardPaths::findExecutable(QStringLiteral("perf"));
    if (perf.isEmpty()) {
        run();
        return -1;
    }
    QProcess counter;
    counter.setProcessChannelMode(QProcess::SeparateChannels);
    counter.start(perf,
                  {QStringLiteral("stat"), QStringLiteral("-x,"), QStringLiteral("-e"), QStringLiteral("raw_syscalls:sys_enter"),
                   QStringLiteral("-p"), QString::number(pid)});
    if (!counter.waitForStarted()) {
        run();
        return -1;
    }
    QThread::msleep(300); // perf attaches
    run();
    ::kill(pid_t(counter.processId()), SIGINT);
    counter.waitForFinished(10000);
    for (const QByteArray &line : counter.readAllStandardError().split('\n')) {
        if (line.contains("raw_syscalls:sys_enter"))
            return line.split(',').value(0).toLongLong(); // "<not counted>" reads as 0
    }
    return -1;
}

struct CallerGroup {
    QNetworkAccessManager network;
    std::vector<std::unique_ptr<TwilioCaller>> callers;
    std::vector<int64_t> lastDelta;     // per caller in this group
    std::vector<uint32_t> lastResponse; // per caller in this group
};

QList<CallerStep> loadScript(int turns)
{
    QList<CallerStep> s{CallerStep::waitAssistant(300)};
    for (int i = 0; i < turns; ++i) {
        s << CallerStep::say(QStringLiteral("caller_order")) << CallerStep::waitAssistant(300)
          << CallerStep::say(QStringLiteral("caller_number")) << CallerStep::bargeIn(700, QStringLiteral("caller_more"))
          << CallerStep::waitAssistant(300);
    }
    return s;
}

// --api both: this benchmark once per transport, the same arguments otherwise, one after the
// other (they would share the two cores), and both results in one line.
int runBoth(QStringList args)
{
    const QString self = args.takeFirst();
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--api") && i + 1 < args.size())
            args.remove(i, 2);
        else if (args[i].startsWith(QLatin1String("--api=")))
            args.remove(i);
    }
    QJsonObject both;
    for (const QString &api : {QStringLiteral("realtime"), QStringLiteral("live")}) {
        QProcess run;
        run.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        run.start(self, QStringList(args) << QStringLiteral("--api") << api);
        if (!run.waitForFinished(-1) || run.exitCode() != 0)
            qFatal("the %s run failed", qPrintable(api));
        const QList<QByteArray> lines = run.readAllStandardOutput().trimmed().split('\n');
        both.insert(api, QJsonDocument::fromJson(lines.last()).object());
    }
    std::printf("%s\n", QJsonDocument(both).toJson(QJsonDocument::Compact).constData());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions(
        {{QStringLiteral("calls"), QStringLiteral("Concurrent calls."), QStringLiteral("n"), QStringLiteral("200")},
         {QStringLiteral("duration"), QStringLiteral("Seconds measured once all calls are up."), QStringLiteral("s"), QStringLiteral("30")},
         {QStringLiteral("speed"), QStringLiteral("AI audio faster than real time by."), QStringLiteral("x"), QStringLiteral("4")},
         {QStringLiteral("reply-ms"), QStringLiteral("Length of each AI reply."), QStringLiteral("ms"), QStringLiteral("2500")},
         {QStringLiteral("workers"), QStringLiteral("Gateway worker threads (0 = cores)."), QStringLiteral("n"), QStringLiteral("0")},
         {QStringLiteral("ramp-ms"), QStringLiteral("Time between call starts."), QStringLiteral("ms"), QStringLiteral("25")},
         {QStringLiteral("fault-every-ms"), QStringLiteral("Fail one random AI session this often (0: never)."), QStringLiteral("ms"),
          QStringLiteral("0")},
         {QStringLiteral("faults"), QStringLiteral("Which failures, comma-separated (abort, close_1011, server_error, stall, …)."),
          QStringLiteral("list"), QStringLiteral("abort,close_1011,server_error")},
         {QStringLiteral("api"), QStringLiteral("The AI transport: realtime, live or both."), QStringLiteral("name"),
          QStringLiteral("realtime")},
         {QStringLiteral("live-speed"), QStringLiteral("GPT-Live audio faster than real time by."), QStringLiteral("x"),
          QStringLiteral("1")},
         {QStringLiteral("consoles"), QStringLiteral("Remote consoles attached in every other phase (0: none)."), QStringLiteral("n"),
          QStringLiteral("0")},
         {QStringLiteral("tls"),
          QStringLiteral("The simulated OpenAI serves wss:// (as in production), with a certificate from a CA "
                         "made for the run that the gateway is told to trust (EXTRA_CA_CERTS).")},
         {QStringLiteral("certificates"), QStringLiteral("With --tls: the CA and certificate in this folder (made there if missing)."),
          QStringLiteral("dir")},
         {QStringLiteral("only-certificates"), QStringLiteral("Make the --certificates and stop.")},
         {QStringLiteral("trust-system"),
          QStringLiteral("With --tls: do not hand the gateway the CA (EXTRA_CA_CERTS); it trusts it through the system's store (a "
                         "private mount namespace of the bench for a build without the setting).")},
         {QStringLiteral("frames-per-append"),
          QStringLiteral("Caller frames the gateway sends to the AI per append (AI_AUDIO_FRAMES_PER_APPEND)."), QStringLiteral("n"),
          QStringLiteral("1")},
         {QStringLiteral("gateway"), QStringLiteral("The callgate binary."), QStringLiteral("path"), QStringLiteral(CALLGATE_BINARY)}});
    p.process(app);
    const QString api = p.value(QStringLiteral("api"));
    if (api == QLatin1String("both"))
        return runBoth(app.arguments());
    if (api != QLatin1String("realtime") && api != QLatin1String("live"))
        qFatal("--api must be realtime, live or both");
    const bool live = api == QLatin1String("live");
    const int calls = p.value(QStringLiteral("calls")).toInt();
    const int duration = p.value(QStringLiteral("duration")).toInt();
    const int replyMs = p.value(QStringLiteral("reply-ms")).toInt();
    const int rampMs = p.value(QStringLiteral("ramp-ms")).toInt();

    Stats st;
    st.calls = calls;
    st.maxFrames = (duration + rampMs * calls / 1000 + 30) * 50;
    st.upSent = std::make_unique<std::atomic<int64_t>[]>(size_t(calls) * size_t(st.maxFrames));
    st.upNext.assign(size_t(calls), 0);
    st.upSeen.assign(size_t(calls) * size_t(st.maxFrames), false);
    st.dropAt = std::make_unique<std::atomic<int64_t>[]>(size_t(calls));
    st.dropResponse = std::make_unique<std::atomic<uint32_t>[]>(size_t(calls));
    const int faultEveryMs = p.value(QStringLiteral("fault-every-ms")).toInt();
    QList<RealtimeFault> faultKinds;
    for (const QString &name : p.value(QStringLiteral("faults")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool known = false;
        for (int f = 0; f <= int(RealtimeFault::UnknownEvent); ++f) {
            if (name.trimmed() == QLatin1String(realtimeFaultName(RealtimeFault(f)))) {
                faultKinds << RealtimeFault(f);
                known = true;
            }
        }
        if (!known)
            qFatal("unknown fault %s", qPrintable(name));
    }

    // The simulated AI, tagging every delta and checking every appended frame; over TLS with --tls.
    RealtimeSimOptions ai = RealtimeSimServer::defaultOptions();
    const bool tls = p.isSet(QStringLiteral("tls")) || p.isSet(QStringLiteral("only-certificates"));
    QTemporaryDir certificates;
    SimCertificates certs;
    if (tls) {
        const QString dir = p.isSet(QStringLiteral("certificates")) ? p.value(QStringLiteral("certificates")) : certificates.path();
        if (QFile::exists(dir + QStringLiteral("/server.pem")))
            certs = {dir + QStringLiteral("/server-ca.pem"), dir + QStringLiteral("/server.pem"), dir + QStringLiteral("/server.key"), {}};
        else
            certs = makeSimCertificates(dir);
        if (!certs.error.isEmpty())
            qFatal("%s", qPrintable(certs.error));
        if (p.isSet(QStringLiteral("only-certificates")))
            return 0;
        ai.tlsCertificate = certs.certificate;
        ai.tlsKey = certs.key;
    }
    ai.speedFactor = p.value(QStringLiteral("speed")).toDouble();
    ai.liveSpeedFactor = p.value(QStringLiteral("live-speed")).toDouble();
    ai.responseAudio = [&st, replyMs](const QString &) {
        const uint32_t response = st.nextResponse.fetch_add(1) + 1;
        const int deltas = replyMs / 100;
        QByteArray audio;
        for (int i = 0; i < deltas; ++i) {
            QByteArray d = taggedFrame({response, st.nextDelta.fetch_add(1)}, 800);
            for (qsizetype k = 16; k < d.size(); k += 2)
                d[k] = char(0x40); // audible, so it is clearly not silence
            audio += d;
        }
        return audio;
    };
    ai.onDeltaSent = [&st](QByteArrayView ulaw) {
        if (const auto tag = readTag(ulaw); tag && tag->sequence < Stats::kMaxDeltas) {
            st.downSent[tag->sequence].store(nowNs(), std::memory_order_relaxed);
            st.responseSent[tag->stream % Stats::kMaxResponses].fetch_add(1, std::memory_order_relaxed);
            st.responseLastSent[tag->stream % Stats::kMaxResponses].store(nowNs(), std::memory_order_relaxed);
        }
    };
    ai.onResponseCancelled = [&st](QByteArrayView audio) {
        if (const auto tag = readTag(audio))
            st.responseInterrupted[tag->stream % Stats::kMaxResponses].store(1);
    };
    // An append holds one caller frame, or several (AI_AUDIO_FRAMES_PER_APPEND), each tagged.
    const auto onFrame = [&st](QByteArrayView ulaw) {
        const auto tag = readTag(ulaw);
        if (!tag || int(tag->stream) >= st.calls || int(tag->sequence) >= st.maxFrames)
            return;
        const int64_t sent = st.upSent[size_t(tag->stream) * size_t(st.maxFrames) + tag->sequence].load(std::memory_order_relaxed);
        const size_t at = size_t(tag->stream) * size_t(st.maxFrames) + tag->sequence;
        if (st.upSeen[at]) {
            ++st.upDuplicated;
            return;
        }
        st.upSeen[at] = true;
        ++st.upReceived;
        uint32_t &next = st.upNext[tag->stream];
        if (tag->sequence < next)
            ++st.upReordered; // late: a later frame of this call came first
        else
            next = tag->sequence + 1; // a gap before it is not lost yet: its frames may come late
        if (st.measuring && sent > 0)
            st.upLatency.us.push_back(float(double(nowNs() - sent) / 1000.0));
    };
    ai.onAppendAudio = [onFrame](QByteArrayView ulaw) {
        for (qsizetype at = 0; at < ulaw.size(); at += kFrameBytes)
            onFrame(ulaw.sliced(at, qMin(kFrameBytes, ulaw.size() - at)));
    };
    SimThread<RealtimeSimServer> aiThread(
        [ai] {
            auto s = std::make_unique<RealtimeSimServer>(ai);
            if (!s->listen().ok())
                qFatal("the simulated AI cannot listen");
            return s;
        },
        QStringLiteral("load-ai"));
    const QString aiUrl = aiThread.run([&] { return (live ? aiThread.object().liveUrl() : aiThread.object().url()).toString(); });
    const QByteArray token = "load-token-0123456789";
    const QString accountSid = QStringLiteral("AC0123456789abcdef0123456789abcdef");
    // Twilio's REST API: every caller ID is a mobile, so each call goes webhook → consent → stream.
    SimThread<TwilioRestSim> restThread(
        [&] {
            TwilioRestSimOptions o;
            o.accountSid = accountSid;
            o.authToken = QString::fromLatin1(token);
            o.defaultLineType = QStringLiteral("mobile");
            auto s = std::make_unique<TwilioRestSim>(o);
            if (!s->listen().ok())
                qFatal("the simulated Twilio REST API cannot listen");
            return s;
        },
        QStringLiteral("load-twilio"));
    const QString restUrl = restThread.run([&] { return restThread.object().url().toString(); });

    // The gateway under test.
    quint16 port = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    const QString publicUrl = QStringLiteral("https://load.example.test");
    QTemporaryDir records; // the gateway's call records for this run
    const int consoles = p.value(QStringLiteral("consoles")).toInt();
    const QString accounts = records.filePath(QStringLiteral("operators"));
    const QByteArray operatorToken = OperatorAccounts::add(accounts, QStringLiteral("Load"), OperatorAccount::Role::Supervisor).value();
    QProcess gateway;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), qEnvironmentVariable("LOADGEN_GATEWAY_LOG", QStringLiteral("callgate.*.info=false")));
    gateway.setProcessEnvironment(env);
    gateway.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList gatewayArgs{QStringLiteral("--headless"),
                            QStringLiteral("--port"),
                            QString::number(port),
                            QStringLiteral("--bind-address"),
                            QStringLiteral("127.0.0.1"),
                            QStringLiteral("--public-url"),
                            publicUrl,
                            QStringLiteral("--openai-api-key"),
                            QStringLiteral("sk-load"),
                            live ? QStringLiteral("--openai-live-url") : QStringLiteral("--openai-realtime-url"),
                            aiUrl,
                            QStringLiteral("--twilio-auth-token"),
                            QString::fromLatin1(token),
                            QStringLiteral("--max-concurrent-calls"),
                            QString::number(calls * 2 + 10),
                            QStringLiteral("--worker-threads"),
                            p.value(QStringLiteral("workers")),
                            QStringLiteral("--database-url"),
                            records.filePath(QStringLiteral("calls.sqlite")),
                            QStringLiteral("--twilio-account-sid"),
                            accountSid,
                            QStringLiteral("--twilio-api-base-url"),
                            restUrl,
                            QStringLiteral("--twilio-lookup-base-url"),
                            restUrl,
                            QStringLiteral("--prompt-cache-dir"),
                            records.filePath(QStringLiteral("prompts"))};
    // Only what a run needs beyond the defaults, so that an older build (the bench's baseline)
    // takes the same command line.
    if (live)
        gatewayArgs << QStringLiteral("--openai-api") << api;
    if (consoles > 0)
        gatewayArgs << QStringLiteral("--operator-accounts-file") << accounts;
    if (tls && !p.isSet(QStringLiteral("trust-system")))
        gatewayArgs << QStringLiteral("--extra-ca-certs") << certs.ca;
    if (const QString n = p.value(QStringLiteral("frames-per-append")); n != QLatin1String("1"))
        gatewayArgs << QStringLiteral("--ai-audio-frames-per-append") << n;
    gateway.start(p.value(QStringLiteral("gateway")), gatewayArgs);
    if (!gateway.waitForStarted())
        qFatal("cannot start %s", qPrintable(p.value(QStringLiteral("gateway"))));
    const qint64 pid = gateway.processId();
    QThread::msleep(500);
    const ProcStat idle = procStat(pid);

    // Callers on two threads.
    const int groups = 2;
    std::vector<std::unique_ptr<SimThread<CallerGroup>>> callerThreads;
    for (int g = 0; g < groups; ++g)
        callerThreads.push_back(std::make_unique<SimThread<CallerGroup>>([] { return std::make_unique<CallerGroup>(); },
                                                                         QStringLiteral("load-callers-%1").arg(g)));
    const int turns = duration / 8 + 4;
    for (int i = 0; i < calls; ++i) {
        auto &t = *callerThreads[size_t(i % groups)];
        t.run([&, i] {
            CallerGroup &group = t.object();
            const size_t local = group.callers.size();
            group.lastDelta.push_back(-1);
            group.lastResponse.push_back(0);
            CallerOptions o;
            o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
            o.publicUrl = publicUrl;
            o.authToken = token;
            o.from = QStringLiteral("+1415%1").arg(5000000 + i);
            o.script = loadScript(turns);
            o.maxCallMs = (duration + 120) * 1000;
            o.frameSource = [&st, i](qint64 index, const QByteArray &frame) {
                QByteArray out = frame;
                const QByteArray tag = taggedFrame({uint32_t(i), uint32_t(index)}, 16);
                out.replace(0, 16, tag);
                if (index < st.maxFrames)
                    st.upSent[size_t(i) * size_t(st.maxFrames) + size_t(index)].store(nowNs(), std::memory_order_relaxed);
                return out;
            };
            o.onAudio = [&st, &group, local, i](QByteArrayView ulaw) {
                const int64_t arrived = nowNs();
                const auto tag = readTag(ulaw);
                if (!tag || tag->sequence >= Stats::kMaxDeltas)
                    return;
                const int64_t sent = st.downSent[tag->sequence].load(std::memory_order_relaxed);
                st.responseReceived[tag->stream % Stats::kMaxResponses].fetch_add(1, std::memory_order_relaxed);
                std::lock_guard lock(st.downMutex);
                if (st.downSeen[tag->sequence]) {
                    ++st.downDuplicated;
                    return;
                }
                st.downSeen[tag->sequence] = true;
                ++st.downReceived;
                int64_t &last = group.lastDelta[local];
                // Delta ids rise through a response, and a response starts after the previous one
                // ended: one below the highest this caller has seen came late.
                if (int64_t(tag->sequence) < last)
                    ++st.downReordered;
                else
                    last = tag->sequence;
                group.lastResponse[local] = tag->stream;
                if (st.measuringDown.load(std::memory_order_relaxed) && sent > 0)
                    st.downLatency.us.push_back(float(double(arrived - sent) / 1000.0));
                // The first audio of a response begun after this call's AI session dropped.
                if (const int64_t dropped = st.dropAt[size_t(i)].load(); dropped > 0 && tag->stream > st.dropResponse[size_t(i)].load()) {
                    st.afterDrop.us.push_back(float(double(arrived - dropped) / 1000.0));
                    st.dropAt[size_t(i)].store(0);
                }
            };
            o.onClear = [&st, &group, local] { st.responseInterrupted[group.lastResponse[local] % Stats::kMaxResponses].store(1); };
            group.callers.push_back(std::make_unique<TwilioCaller>(o, group.network));
            TwilioCaller *c = group.callers.back().get();
            QTimer::singleShot(rampMs * i, c, [c] { c->start(); });
        });
    }
    // Let every call come up, then measure.
    QThread::msleep(ulong(rampMs * calls + 3000));
    aiThread.run([&] { st.measuring = true; });
    st.measuringDown = true;
    const ProcStat before = procStat(pid);
    const int64_t t0 = nowNs();
    int faultsInjected = 0, faultsMidReply = 0;
    qint64 syscalls = -1;
    double syscallFrames = 0;
    ProcStat cpuHalf;
    double cpuHalfSeconds = 0;
    std::vector<double> noConsoleCpu, consoleCpu, consoleKbit;
    int consolesUp = consoles, consolesListening = consoles;
    if (faultEveryMs > 0 && !faultKinds.isEmpty()) {
        std::mt19937 rng(20261201);
        while (nowNs() - t0 < int64_t(duration) * 1'000'000'000) {
            QThread::msleep(ulong(faultEveryMs));
            const RealtimeFault fault = faultKinds.at(qsizetype(rng() % quint32(faultKinds.size())));
            aiThread.run([&] {
                const uint32_t lastResponse = st.nextResponse.load();
                const auto hit = aiThread.object().injectIntoRandomSession(fault);
                if (!hit)
                    return;
                ++faultsInjected;
                if (hit->responseTag >= 0)
                    st.responseInterrupted[size_t(hit->responseTag) % Stats::kMaxResponses].store(2); // cut by the fault
                if (hit->midReply && hit->callerTag >= 0 && hit->callerTag < calls) {
                    ++faultsMidReply;
                    st.dropResponse[size_t(hit->callerTag)].store(lastResponse);
                    st.dropAt[size_t(hit->callerTag)].store(nowNs());
                }
            });
        }
    } else if (consoles > 0) {
        // None, consoles, none, consoles: each phase's CPU counted after 2 s of settling.
        for (int phase = 0; phase < 4; ++phase) {
            std::unique_ptr<SimThread<ConsoleLoad>> attached;
            if (phase % 2 == 1) {
                const QUrl url(QStringLiteral("ws://127.0.0.1:%1/operator").arg(port));
                attached = std::make_unique<SimThread<ConsoleLoad>>(
                    [&] { return std::make_unique<ConsoleLoad>(url, operatorToken, consoles); }, QStringLiteral("load-consoles"));
            }
            QThread::msleep(2000);
            const ProcStat from = procStat(pid);
            const quint64 bytes0 = attached ? attached->run([&] { return attached->object().bytesIn(); }) : 0;
            const int64_t p0 = nowNs();
            QThread::msleep(ulong(duration) * 250);
            const double phaseSeconds = double(nowNs() - p0) / 1e9;
            const double cpu = 100.0 * (procStat(pid).cpuSeconds - from.cpuSeconds) / phaseSeconds;
            if (attached) {
                consoleCpu.push_back(cpu);
                const auto [up, listening, bytes] = attached->run([&] {
                    const ConsoleLoad &c = attached->object();
                    return std::tuple{c.attached(), c.listening(), c.bytesIn()};
                });
                consolesUp = std::min(consolesUp, up);
                consolesListening = std::min(consolesListening, listening);
                consoleKbit.push_back(8.0 * double(bytes - bytes0) / 1000.0 / phaseSeconds / double(consoles));
            } else {
                noConsoleCpu.push_back(cpu);
            }
        }
    } else {
        // The CPU over the first half; system calls per frame over the second (perf's counting
        // costs the gateway some CPU of its own).
        QThread::msleep(ulong(duration) * 500);
        cpuHalf = procStat(pid);
        cpuHalfSeconds = double(nowNs() - t0) / 1e9;
        const double frames0 = twilioFrames(port);
        syscalls = countSyscalls(pid, [&] { QThread::msleep(ulong(duration) * 500); });
        syscallFrames = twilioFrames(port) - frames0;
    }
    const ProcStat after = cpuHalfSeconds > 0 ? cpuHalf : procStat(pid);
    const ProcStat atEnd = procStat(pid);
    const double seconds = double(nowNs() - t0) / 1e9;
    const double cpuSeconds = cpuHalfSeconds > 0 ? cpuHalfSeconds : seconds; // the span `after` closes
    aiThread.run([&] { st.measuring = false; });
    st.measuringDown = false;

    // Hang up and collect.
    const int64_t hangupNs = nowNs();
    int64_t framesSent = 0, clears = 0, callsUp = 0, protocolErrors = 0, callsLost = 0;
    QHash<qint64, QList<qint64>> heardAtClear; // call → what the caller had heard at each clear
    Samples talkOver;                          // what callers still heard of the AI after talking over it
    for (size_t g = 0; g < callerThreads.size(); ++g) {
        auto &t = callerThreads[g];
        t->run([&] {
            for (size_t k = 0; k < t->object().callers.size(); ++k) {
                auto &c = t->object().callers[k];
                if (c->record().finished || c->record().gatewayClosedStream)
                    ++callsLost; // ended before the callers hung up
                heardAtClear.insert(qint64(k * callerThreads.size() + g), c->record().heardAtClearMs);
                for (const qint64 ms : c->record().talkOverMs)
                    talkOver.us.push_back(float(ms) * 1000.0f);
                c->hangUp();
                framesSent += c->record().framesSent;
                clears += c->record().clears;
                callsUp += c->record().streamOpened ? 1 : 0;
                protocolErrors += c->record().protocolErrors.size();
            }
        });
    }
    QThread::msleep(1500); // the last frames drain to the AI
    int64_t upReceived = 0, upDup = 0, upReorder = 0;
    QJsonObject upLatency;
    aiThread.run([&] {
        upReceived = st.upReceived;
        upDup = st.upDuplicated;
        upReorder = st.upReordered;
        upLatency = st.upLatency.summary();
    });
    // Barge-in accuracy: each truncate's audio_end_ms against what that caller had heard when the
    // clear reached it (Twilio playing ~120 ms after receiving).
    Samples bargeError;
    int truncations = 0;
    aiThread.run([&] {
        QHash<qint64, int> nth;
        for (const auto &tr : aiThread.object().record().truncations) {
            ++truncations;
            const QList<qint64> heard = heardAtClear.value(tr.callerTag);
            const int i = nth[tr.callerTag]++;
            if (i < heard.size()) {
                bargeError.us.push_back(float(std::abs(double(tr.audioEndMs - heard[i])) * 1000.0));
                if (qEnvironmentVariableIsSet("LOADGEN_DEBUG") && std::abs(tr.audioEndMs - heard[i]) > 50)
                    std::fprintf(stderr, "call %lld truncate #%d at %lld ms (generated %lld), caller heard %lld; heard list %s\n",
                                 tr.callerTag, i, tr.audioEndMs, tr.generatedMs, heard[i], qPrintable(QString::number(heard.size())));
            }
        }
    });
    // Lost: frames sent that the AI never saw (duplicates and late ones are not counted twice).
    const int64_t upLost = std::max<int64_t>(0, framesSent - upReceived);
    // AI → caller: a response the caller did not interrupt must arrive whole; one cut short by a
    // barge-in loses its unplayed tail on purpose (the gateway drops what the caller will never
    // hear), and those are reported apart.
    // A response still streaming when the callers hung up is cut by the hang-up, not lost.
    int64_t downSent = 0, downLost = 0, downCut = 0, downHungUp = 0, downFault = 0;
    const uint32_t responses = st.nextResponse.load();
    for (uint32_t r = 1; r <= responses && r < Stats::kMaxResponses; ++r) {
        const int32_t sent = st.responseSent[r].load(), got = st.responseReceived[r].load();
        downSent += sent;
        if (got >= sent)
            continue;
        if (st.responseLastSent[r].load() > hangupNs - 200'000'000)
            downHungUp += sent - got;
        else
            (st.responseInterrupted[r].load() == 2 ? downFault : st.responseInterrupted[r].load() ? downCut : downLost) += sent - got;
    }
    const QHash<QByteArray, double> recovery = gatewayCounters(port, "callgate_openai_");
    gateway.terminate();
    gateway.waitForFinished(40000);
    const ProcStat end = procStat(pid);
    Q_UNUSED(end);

    QJsonObject out{
        {QStringLiteral("api"), api},
        {QStringLiteral("tls"), tls},
        {QStringLiteral("calls"), calls},
        {QStringLiteral("callsConnected"), double(callsUp)},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("framesCallerToAi"),
         QJsonObject{{QStringLiteral("sent"), double(framesSent)},
                     {QStringLiteral("received"), double(upReceived)},
                     {QStringLiteral("lost"), double(upLost)},
                     {QStringLiteral("duplicated"), double(upDup)},
                     {QStringLiteral("outOfOrder"), double(upReorder)}}},
        {QStringLiteral("framesAiToCaller"),
         QJsonObject{{QStringLiteral("sent"), double(downSent)},
                     {QStringLiteral("received"), double(st.downReceived)},
                     {QStringLiteral("lost"), double(downLost)},
                     {QStringLiteral("cutByBargeIn"), double(downCut)},
                     {QStringLiteral("cutByHangUp"), double(downHungUp)},
                     {QStringLiteral("cutByAiFault"), double(downFault)},
                     {QStringLiteral("duplicated"), double(st.downDuplicated)},
                     {QStringLiteral("outOfOrder"), double(st.downReordered)}}},
        {QStringLiteral("clears"), double(clears)},
        {QStringLiteral("bargeIn"),
         QJsonObject{{QStringLiteral("truncations"), truncations},
                     {QStringLiteral("errorVsHeard"), bargeError.summary()},
                     {QStringLiteral("talkOver"), talkOver.summary()}}},
        {QStringLiteral("protocolErrors"), double(protocolErrors)},
        {QStringLiteral("addedLatencyCallerToAi"), upLatency},
        {QStringLiteral("addedLatencyAiToCaller"), st.downLatency.summary()},
        {QStringLiteral("gatewayCpuPercentOfOneCore"), 100.0 * (after.cpuSeconds - before.cpuSeconds) / cpuSeconds},
        {QStringLiteral("gatewayUserPercent"), 100.0 * (after.userSeconds - before.userSeconds) / cpuSeconds},
        {QStringLiteral("gatewaySystemPercent"), 100.0 * (after.systemSeconds - before.systemSeconds) / cpuSeconds},
        // Every system call of the gateway per Twilio media frame it handled (either way), over the
        // middle half of the window; -1 without perf.
        {QStringLiteral("syscallsPerFrame"), syscalls >= 0 && syscallFrames > 0 ? double(syscalls) / syscallFrames : -1.0},
        {QStringLiteral("gatewayIdleRssMb"), double(idle.rssKb) / 1024.0},
        {QStringLiteral("gatewayPeakRssMb"), double(atEnd.hwmKb) / 1024.0},
        {QStringLiteral("rssPerCallKb"), calls ? double(atEnd.rssKb - idle.rssKb) / double(calls) : 0.0},
    };
    if (consoles > 0) {
        const auto mean = [](const std::vector<double> &v) {
            return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        };
        const double none = mean(noConsoleCpu), with = mean(consoleCpu);
        out.insert(QStringLiteral("operatorConsoles"),
                   QJsonObject{{QStringLiteral("consoles"), consoles},
                               {QStringLiteral("attached"), consolesUp},
                               {QStringLiteral("listeningEach"), consolesListening},
                               {QStringLiteral("gatewayCpuNone"), none},
                               {QStringLiteral("gatewayCpuWithConsoles"), with},
                               {QStringLiteral("increasePercent"), none > 0 ? 100.0 * (with - none) / none : 0.0},
                               {QStringLiteral("linkKbitPerSecondPerConsole"), mean(consoleKbit)}});
    }
    if (faultEveryMs > 0) {
        const double drops = recovery.value("callgate_openai_session_drops_total");
        QJsonObject afterDrop;
        {
            std::lock_guard lock(st.downMutex);
            afterDrop = st.afterDrop.summary();
        }
        out.insert(
            QStringLiteral("faults"),
            QJsonObject{{QStringLiteral("injected"), faultsInjected},
                        {QStringLiteral("midReply"), faultsMidReply},
                        {QStringLiteral("callsLost"), double(callsLost)},
                        {QStringLiteral("sessionDrops"), drops},
                        {QStringLiteral("reconnects"), recovery.value("callgate_openai_reconnects_total")},
                        {QStringLiteral("givenUp"), recovery.value("callgate_openai_given_up_total")},
                        {QStringLiteral("gapFramesKept"), recovery.value("callgate_openai_gap_frames_kept_total")},
                        {QStringLiteral("gapFramesDropped"), recovery.value("callgate_openai_gap_frames_dropped_total")},
                        {QStringLiteral("callerFramesLostPerDrop"), drops > 0 ? double(upLost) / drops : 0.0},
                        {QStringLiteral("gapMeanMs"),
                         recovery.value("callgate_openai_gap_seconds_count") > 0 ? 1000.0
                                 * recovery.value("callgate_openai_gap_seconds_sum") / recovery.value("callgate_openai_gap_seconds_count")
                                                                                 : 0.0},
                        {QStringLiteral("dropToFirstAiAudio"), afterDrop}});
    }
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    callerThreads.clear();
    return 0;
}
