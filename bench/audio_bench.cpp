// Listening and takeover figures through real PortAudio streams on PulseAudio's null sinks
// (scripts/test-pulse.sh makes them): a gateway in this process with simulated callers and AI,
// the console's AudioEngine listening to one call while others run.
//   - listen delay, two ways: as the engine measures it (each caller frame, from reaching the
//     gateway to the moment PortAudio says its first sample reaches the speaker), and from outside
//     (the speaker sink's monitor recorded with parec, each stretch of caller audio found in the
//     recording by correlation; this includes the recorder's own latency, so it reads a little high);
//   - the mixer thread's CPU per listened call (thread CPU time over wall time), listening only and
//     then listening and talking (a tone in the microphone sink going to the caller);
//   - under- and overruns. Prints one JSON line.
//
//   scripts/test-pulse.sh && audio_bench [--seconds 20] [--calls 10]

#include "TestGateway.h"

#include "audio/AudioEngine.h"
#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "gateway/GatewayShared.h"
#include "sim/RealtimeSim.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

using namespace callgate;
using namespace callgate::sim;

namespace {

int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

struct Caller {
    std::unique_ptr<TwilioCaller> call;
    QByteArray session;
    std::vector<float> sent;       // decoded, every sample the caller sent
    std::vector<int64_t> sentAtNs; // per 160-sample frame
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addHelpOption();
    cli.addOption({QStringLiteral("seconds"), QStringLiteral("Seconds to listen (and as long again to talk)."), QStringLiteral("n"),
                   QStringLiteral("20")});
    cli.addOption({QStringLiteral("calls"), QStringLiteral("Calls running meanwhile."), QStringLiteral("n"), QStringLiteral("10")});
    cli.process(app);
    const int seconds = cli.value(QStringLiteral("seconds")).toInt();
    const int calls = std::max(1, cli.value(QStringLiteral("calls")).toInt());
    qputenv("PULSE_SINK", "callgate_speaker");
    qputenv("PULSE_SOURCE", "callgate_mic.monitor");
    qputenv("QT_LOGGING_RULES", "callgate.*.info=false");

    RealtimeSimServer ai;
    if (!ai.listen().ok())
        qFatal("the simulated AI did not start");
    Config c = testing::testConfig();
    c.openAiRealtimeUrl = ai.url();
    auto gateway = testing::startGateway(c);
    testing::EventLog log;
    gateway->shared().addObserver(&log);
    QNetworkAccessManager network;

    // Callers breathing noise under the AI's speech threshold: every frame different, no replies.
    std::vector<std::unique_ptr<Caller>> callers;
    for (int i = 0; i < calls; ++i) {
        auto caller = std::make_unique<Caller>();
        CallerOptions o = testing::callerFor(*gateway);
        o.callSid = QStringLiteral("CA%1").arg(i + 1, 32, 10, QLatin1Char('0'));
        o.from = QStringLiteral("+1415555%1").arg(2000 + i);
        o.rest = &testing::twilioRest();
        o.script = {CallerStep::waitAssistant(100), CallerStep::waitAssistant(600000)};
        o.maxCallMs = (seconds * 3 + 60) * 1000;
        Caller *self = caller.get();
        o.frameSource = [self](qint64, const QByteArray &) {
            QByteArray frame(160, Qt::Uninitialized);
            for (char &b : frame)
                b = char(audio::linearToUlaw(int16_t(QRandomGenerator::global()->bounded(-900, 900))));
            self->sentAtNs.push_back(nowNs());
            for (char b : frame)
                self->sent.push_back(float(audio::ulawToLinear(uint8_t(b))) / 32768.0f);
            return frame;
        };
        caller->call = std::make_unique<TwilioCaller>(o, network);
        caller->call->start();
        callers.push_back(std::move(caller));
    }
    for (int i = 0; i < 300 && log.events().size() < qsizetype(calls); ++i)
        waitMs(100);
    Caller &heard = *callers[0];
    for (const CallEvent &e : log.events()) {
        if (e.kind == CallEvent::Kind::Started && e.callSid == QStringLiteral("CA%1").arg(1, 32, 10, QLatin1Char('0')))
            heard.session = e.sessionId;
    }
    if (heard.session.isEmpty())
        qFatal("the first call did not start");
    waitMs(6000); // past the greetings

    // The speaker's monitor, timestamped as it arrives.
    struct Chunk {
        int64_t atNs;
        qsizetype endFrame;
    };
    std::vector<Chunk> chunks;
    QByteArray recorded;
    QProcess parec;
    QObject::connect(&parec, &QProcess::readyReadStandardOutput, [&] {
        recorded += parec.readAllStandardOutput();
        chunks.push_back({nowNs(), recorded.size() / 4});
    });
    parec.start(QStringLiteral("parec"),
                {QStringLiteral("--device=callgate_speaker.monitor"), QStringLiteral("--format=s16le"), QStringLiteral("--rate=8000"),
                 QStringLiteral("--channels=2"), QStringLiteral("--raw"), QStringLiteral("--latency-msec=5")});
    parec.waitForStarted();
    waitMs(300);

    audio::AudioEngine engine;
    auto tap = std::make_shared<audio::CallAudioTap>();
    if (const Status s = engine.listen(tap, audio::ListenMode::Split); !s)
        qFatal("cannot listen: %s", qPrintable(s.error()));
    gateway->attachAudio(heard.session, tap);
    const size_t sentAtListen = heard.sentAtNs.size();
    waitMs(seconds * 1000);
    const audio::AudioStats listening = engine.stats();
    parec.terminate();
    parec.waitForFinished();

    // The outside measure: stretches of what the caller sent, found in the recording's left channel.
    std::vector<float> left;
    for (qsizetype i = 0; i + 3 < recorded.size(); i += 4)
        left.push_back(float(*reinterpret_cast<const qint16 *>(recorded.constData() + i)) / 32768.0f);
    const auto timeOfFrame = [&](qsizetype frame) -> int64_t {
        for (const Chunk &ch : chunks) {
            if (ch.endFrame > frame)
                return ch.atNs - int64_t(double(ch.endFrame - frame) * 1e9 / 8000.0);
        }
        return -1;
    };
    std::vector<double> outside;
    double worstMatch = 1;
    const size_t firstFrame = sentAtListen + 100;                          // two seconds in
    for (size_t f = firstFrame; f + 25 < heard.sentAtNs.size(); f += 25) { // every half second
        const size_t s0 = f * 160;
        if (s0 + 3200 > heard.sent.size())
            break;
        const int64_t sentNs = heard.sentAtNs[f];
        // Candidates: recorded samples heard between 0 and 500 ms after the frame was sent.
        qsizetype lo = -1, hi = -1;
        for (qsizetype r = 0; r < qsizetype(left.size()); r += 8) {
            const int64_t t = timeOfFrame(r);
            if (t < 0)
                break;
            if (lo < 0 && t >= sentNs)
                lo = r;
            if (t <= sentNs + 500'000'000)
                hi = r;
        }
        if (lo < 0 || hi <= lo || hi + 3200 > qsizetype(left.size()))
            continue;
        double best = 0;
        qsizetype at = -1;
        double probeEnergy = 0;
        for (size_t i = 0; i < 3200; ++i)
            probeEnergy += double(heard.sent[s0 + i]) * heard.sent[s0 + i];
        for (qsizetype lag = std::max<qsizetype>(0, lo - 8); lag <= hi; ++lag) {
            double dot = 0, energy = 0;
            for (size_t i = 0; i < 3200; ++i) {
                dot += double(left[size_t(lag) + i]) * heard.sent[s0 + i];
                energy += double(left[size_t(lag) + i]) * left[size_t(lag) + i];
            }
            const double corr = energy > 0 ? dot / std::sqrt(energy * probeEnergy) : 0;
            if (corr > best) {
                best = corr;
                at = lag;
            }
        }
        if (at >= 0 && best > 0.5) {
            outside.push_back(double(timeOfFrame(at) - sentNs) / 1e6);
            worstMatch = std::min(worstMatch, best);
        }
    }

    // Then talk as well: a tone into the microphone for as long again.
    QProcess tone;
    tone.start(QStringLiteral("pacat"),
               {QStringLiteral("--playback"), QStringLiteral("--device=callgate_mic"), QStringLiteral("--format=s16le"),
                QStringLiteral("--rate=8000"), QStringLiteral("--channels=1"), QStringLiteral("--raw")});
    tone.waitForStarted();
    QByteArray pcm;
    for (int i = 0; i < 8000 * (seconds + 5); ++i) {
        const auto v = qint16(10000 * std::sin(2 * M_PI * 440 * i / 8000.0));
        pcm.append(reinterpret_cast<const char *>(&v), 2);
    }
    tone.write(pcm);
    gateway->takeCall(heard.session);
    if (const Status s = engine.startTalking(tap); !s)
        qFatal("cannot talk: %s", qPrintable(s.error()));
    const audio::AudioStats before = engine.stats();
    waitMs(seconds * 1000);
    const audio::AudioStats talking = engine.stats();
    engine.stopTalking();
    engine.stopListening();
    tone.kill();
    tone.waitForFinished();
    for (auto &caller : callers)
        caller->call->hangUp();
    waitMs(500);

    const double talkCpu = talking.mixerCpuMs - before.mixerCpuMs;
    const double talkWall = talking.mixerWallMs - before.mixerWallMs;
    QJsonObject out{
        {QStringLiteral("calls"), calls},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("output_rate"), listening.outputRate},
        {QStringLiteral("input_rate"), talking.inputRate},
        {QStringLiteral("listen_delay_engine_p50_ms"), listening.delayP50Ms},
        {QStringLiteral("listen_delay_engine_p95_ms"), listening.delayP95Ms},
        {QStringLiteral("listen_delay_engine_max_ms"), listening.delayMaxMs},
        {QStringLiteral("listen_delay_engine_frames"), listening.delaySamples},
        {QStringLiteral("listen_delay_monitor_p50_ms"), percentile(outside, 0.5)},
        {QStringLiteral("listen_delay_monitor_max_ms"), percentile(outside, 1.0)},
        {QStringLiteral("listen_delay_monitor_probes"), int(outside.size())},
        {QStringLiteral("monitor_worst_correlation"), worstMatch},
        {QStringLiteral("mixer_cpu_listen_pct_of_core"), 100.0 * listening.mixerCpuMs / std::max(1.0, listening.mixerWallMs)},
        {QStringLiteral("mixer_cpu_listen_and_talk_pct_of_core"), 100.0 * talkCpu / std::max(1.0, talkWall)},
        {QStringLiteral("frames_to_caller"), double(talking.framesToCall)},
        {QStringLiteral("underruns"), double(talking.underruns)},
        {QStringLiteral("overruns"), double(talking.overruns)},
        {QStringLiteral("caller_gaps"), double(talking.callerGaps)},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    gateway.reset();
    return 0;
}
