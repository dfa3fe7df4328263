// A whole call over loopback, checked step by step against the protocols: the signed webhook and
// its TwiML, the signed stream handshake, the AI greeting first, the caller speaking and the AI
// answering, the caller barging in (Twilio clear, truncate at what the caller really heard), the
// AI ending the call with end_call. And fifty calls at once with no frame lost, doubled or
// reordered. Every test runs on both AI transports (OPENAI_API realtime and live).

#include "TestGateway.h"

#include "gateway/GatewayShared.h"
#include "sim/ClipLibrary.h"
#include "sim/FrameTag.h"
#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"

#include <QJsonArray>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

class TestMediaBridge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void cleanupTestCase();
    void wholeCallWithBargeIn();
    void fiftyCallsLoseNoFrame();
    void pairedFramesLoseNoFrame();
    void malformedAndUnknownMessagesAreCounted();
    void aiFailureEndsTheCallCleanly();
    void callerInterruptsBeforeTheFirstAudio();

private:
    // kCalls calls with tagged caller frames: every frame reaches the AI once, in order.
    void framesArriveInOrder(int kCalls, int framesPerAppend);
    static bool live()
    {
        QFETCH_GLOBAL(bool, live);
        return live;
    }
    Gateway &gateway() { return live() ? *m_liveGateway : *m_realtimeGateway; }

    std::unique_ptr<RealtimeSimServer> m_ai;
    EventLog m_log;
    std::unique_ptr<Gateway> m_realtimeGateway;
    std::unique_ptr<Gateway> m_liveGateway;
    QNetworkAccessManager m_network;
};

void TestMediaBridge::initTestCase_data()
{
    QTest::addColumn<bool>("live");
    QTest::newRow("realtime") << false;
    QTest::newRow("live") << true;
}

void TestMediaBridge::initTestCase()
{
    m_ai = std::make_unique<RealtimeSimServer>();
    QVERIFY(m_ai->listen().ok());
    for (const bool isLive : {false, true}) {
        Config c = aimedAt(testConfig(), *m_ai, isLive);
        c.maxConcurrentCalls = 200;
        auto g = std::make_unique<Gateway>(c);
        g->shared().addObserver(&m_log);
        QVERIFY(g->start().ok());
        (isLive ? m_liveGateway : m_realtimeGateway) = std::move(g);
    }
}

void TestMediaBridge::cleanupTestCase()
{
    m_realtimeGateway.reset();
    m_liveGateway.reset();
    m_ai.reset();
}

void TestMediaBridge::wholeCallWithBargeIn()
{
    const auto completedBefore = gateway().shared().metrics.calls(CallOutcome::Completed);
    m_ai->record() = {};
    CallerOptions o = callerFor(gateway());
    o.script = {
        CallerStep::waitAssistant(300), // the AI greets first
        CallerStep::say(QStringLiteral("caller_number")),
        CallerStep::bargeIn(1500, QStringLiteral("caller_more")), // interrupt the long reply
        CallerStep::waitAssistant(300),
        CallerStep::say(QStringLiteral("caller_bye")), // the AI calls end_call
    };
    // The caller on a thread of its own, so it hears the clear the moment it arrives.
    struct Host {
        QNetworkAccessManager network;
        std::unique_ptr<TwilioCaller> caller;
    };
    SimThread<Host> host(
        [o] {
            auto h = std::make_unique<Host>();
            h->caller = std::make_unique<TwilioCaller>(o, h->network);
            h->caller->start();
            return h;
        },
        QStringLiteral("sim-caller"));
    QTRY_VERIFY_WITH_TIMEOUT(host.run([&] { return host.object().caller->record().finished; }), 60000);
    const CallerRecord r = host.run([&] { return host.object().caller->record(); });
    const RealtimeSimRecord &ai = m_ai->record();

    // Webhooks and TwiML: a mobile caller is asked for consent, presses 1 and is connected to a
    // stream, the caller's number passed as a parameter.
    QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
    QCOMPARE(r.webhooks, QStringList({QStringLiteral("/incoming-call"), QStringLiteral("/consent")}));
    QVERIFY(r.verbs.contains(QStringLiteral("Connect")));
    QVERIFY(r.streamOpened);
    QCOMPARE(r.streamParameters.value(QStringLiteral("callerNumber")), o.from);

    // The session is configured for Twilio's μ-law before anything else is sent, with the
    // gateway's tools. The only error allowed is the documented harmless one: a cancel that
    // crossed the response's end on the wire (Realtime).
    for (const QString &error : ai.errorsSent)
        QVERIFY2(!live() && error.startsWith(QLatin1String("Cancellation failed: no active response")), qPrintable(error));
    if (live()) {
        // GPT-Live: session.start first, one format both ways (rate given), the voice, the tools
        // on the hosted backend; the greeting asked for as commentary.
        QCOMPARE(ai.clientEventTypes.value(0), QByteArray("session.start"));
        const QJsonObject format = ai.lastSession.value(QLatin1String("audio")).toObject().value(QLatin1String("format")).toObject();
        QCOMPARE(format.value(QLatin1String("type")).toString(), QStringLiteral("audio/pcmu"));
        QCOMPARE(format.value(QLatin1String("rate")).toInt(), 8000);
        QCOMPARE(ai.lastSession.value(QLatin1String("audio"))
                     .toObject()
                     .value(QLatin1String("output"))
                     .toObject()
                     .value(QLatin1String("voice"))
                     .toString(),
                 QStringLiteral("marin"));
        const QJsonObject backend =
            ai.lastSession.value(QLatin1String("delegation")).toObject().value(QLatin1String("responses")).toObject();
        QCOMPARE(backend.value(QLatin1String("tools")).toArray().first().toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("end_call"));
        QVERIFY(!ai.liveAppends.isEmpty());
        QCOMPARE(ai.liveAppends.first().first, QStringLiteral("commentary"));
    } else {
        QCOMPARE(ai.clientEventTypes.value(0), QByteArray("session.update"));
        const QJsonObject audio = ai.lastSession.value(QLatin1String("audio")).toObject();
        const auto field = [&](const char *side, const char *key) {
            return audio.value(QLatin1String(side)).toObject().value(QLatin1String(key));
        };
        QCOMPARE(field("input", "format").toObject().value(QLatin1String("type")).toString(), QStringLiteral("audio/pcmu"));
        QCOMPARE(field("output", "format").toObject().value(QLatin1String("type")).toString(), QStringLiteral("audio/pcmu"));
        QCOMPARE(field("output", "voice").toString(), QStringLiteral("marin"));
        QCOMPARE(field("input", "turn_detection").toObject().value(QLatin1String("type")).toString(), QStringLiteral("server_vad"));
        QVERIFY(field("input", "transcription").isObject());
        QCOMPARE(ai.lastSession.value(QLatin1String("tools")).toArray().first().toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("end_call"));
        // The AI greets first: a response.create before any caller turn.
        QVERIFY(ai.clientEventTypes.indexOf("response.create") >= 0);
    }

    // Caller audio reached the AI: every frame the caller sent while the AI session was open.
    QVERIFY(ai.appends > 0);
    QVERIFY2(ai.appends >= r.framesSent - 3, qPrintable(QStringLiteral("%1 appends for %2 frames").arg(ai.appends).arg(r.framesSent)));

    // The AI's audio reached the caller, with marks echoed.
    QVERIFY(r.audioBytesReceived > ClipLibrary::instance().find(QStringLiteral("assistant_greeting"))->ulaw.size());
    QVERIFY(r.marksReceived > 0);
    QVERIFY(r.marksEchoed > 0);

    // Barge-in: the caller stops hearing the assistant soon after they start talking over it.
    QCOMPARE(r.talkOverMs.size(), 1);
    QVERIFY2(r.talkOverMs.first() <= 400,
             qPrintable(QStringLiteral("the caller heard %1 ms over their own words").arg(r.talkOverMs.first())));
    if (live()) {
        // GPT-Live stops by itself (no truncate or cancel in its protocol); it streams at about
        // real time, so little is queued at Twilio to clear.
        QCOMPARE(ai.responsesCancelled, 1);
        QVERIFY(ai.truncations.isEmpty());
        QVERIFY(r.clears <= 1);
    } else {
        // Exactly one clear, and the truncate lands within 20 ms of what the caller heard.
        QCOMPARE(r.clears, 1);
        QCOMPARE(ai.truncations.size(), 1);
        const qint64 heard = r.heardAtClearMs.value(0);
        const qint64 truncatedAt = ai.truncations.first().audioEndMs;
        QVERIFY2(qAbs(truncatedAt - heard) <= 20,
                 qPrintable(QStringLiteral("truncated at %1 ms, the caller had heard %2 ms").arg(truncatedAt).arg(heard)));
        QVERIFY(heard >= 1400);
    }

    // end_call: the gateway said goodbye and closed the stream itself.
    QVERIFY(r.gatewayClosedStream);
    QVERIFY(ai.clientEventTypes.contains(live() ? "response.item.create" : "conversation.item.create")); // the function output
    QTRY_COMPARE(gateway().shared().sessions.activeCount(), 0);
    QTRY_COMPARE(m_ai->liveSessions(), 0);
    QCOMPARE(gateway().shared().metrics.calls(CallOutcome::Completed), completedBefore + 1);

    // Transcripts of both sides, a turn latency and the barge-in were published.
    QStringList callerSaid, assistantSaid, kinds;
    bool latency = false, bargeIn = false;
    for (const CallEvent &e : m_log.events()) {
        kinds << QString::number(int(e.kind)) + QLatin1Char(':') + e.text.left(30);
        if (e.callSid != o.callSid && e.callSid != r.streamParameters.value(QStringLiteral("callSid")))
            continue;
        if (e.kind == CallEvent::Kind::TranscriptFinal)
            (e.speaker == Speaker::Caller ? callerSaid : assistantSaid) << e.text;
        latency = latency || (e.kind == CallEvent::Kind::TurnLatency && e.valueMs >= 0 && e.valueMs < 5000);
        bargeIn = bargeIn || e.kind == CallEvent::Kind::BargeIn;
    }
    QVERIFY2(callerSaid.contains(ClipLibrary::instance().find(QStringLiteral("caller_number"))->text),
             qPrintable(callerSaid.join(QLatin1Char('|'))));
    QVERIFY2(assistantSaid.contains(ClipLibrary::instance().find(QStringLiteral("assistant_greeting"))->text),
             qPrintable(assistantSaid.join(QLatin1Char('|'))));
    QVERIFY2(latency, qPrintable(kinds.join(QLatin1Char(' '))));
    QVERIFY(bargeIn);
    QVERIFY(gateway().shared().metrics.turnLatency.toJson().value(QLatin1String("count")).toDouble() >= 1);
}

void TestMediaBridge::fiftyCallsLoseNoFrame() { framesArriveInOrder(50, 1); }

void TestMediaBridge::pairedFramesLoseNoFrame()
{
    // AI_AUDIO_FRAMES_PER_APPEND=2: appends hold two whole frames, in order (a call's last one
    // may hold one, sent when its stream stops).
    framesArriveInOrder(10, 2);
}

void TestMediaBridge::framesArriveInOrder(int kCalls, int framesPerAppend)
{
    m_ai->record() = {};
    QHash<uint32_t, uint32_t> next; // stream → next expected sequence
    int lost = 0, duplicated = 0, reordered = 0, tagged = 0;
    RealtimeSimOptions options = RealtimeSimServer::defaultOptions();
    auto ai = std::make_unique<RealtimeSimServer>(options);
    // Check every appended frame's tag as it arrives at the AI.
    int appends = 0, badAppends = 0, shortAppends = 0;
    options.onAppendAudio = [&](QByteArrayView all) {
        ++appends;
        badAppends += all.isEmpty() || all.size() % 160 != 0 || all.size() > 160 * framesPerAppend;
        shortAppends += all.size() < 160 * framesPerAppend;
        for (qsizetype at = 0; at + 160 <= all.size(); at += 160) {
            const QByteArrayView ulaw = all.sliced(at, 160);
            const auto tag = readTag(ulaw);
            if (!tag)
                continue;
            ++tagged;
            const uint32_t expected = next.value(tag->stream, 0);
            if (tag->sequence == expected)
                next[tag->stream] = expected + 1;
            else if (tag->sequence < expected)
                ++duplicated;
            else {
                lost += int(tag->sequence - expected);
                ++reordered;
                next[tag->stream] = tag->sequence + 1;
            }
        }
    };
    ai = std::make_unique<RealtimeSimServer>(options);
    QVERIFY(ai->listen().ok());
    Config c = aimedAt(testConfig(), *ai, live());
    c.maxConcurrentCalls = 200;
    c.aiAudioFramesPerAppend = framesPerAppend;
    Gateway gateway(c);
    QVERIFY(gateway.start().ok());

    std::vector<std::unique_ptr<TwilioCaller>> callers;
    int finished = 0;
    for (int i = 0; i < kCalls; ++i) {
        CallerOptions o = callerFor(gateway);
        o.from = QStringLiteral("+1415555%1").arg(1000 + i);
        o.frameSource = [i](qint64 index, const QByteArray &) { return taggedFrame({uint32_t(i), uint32_t(index)}); };
        o.script = {CallerStep::waitAssistant(200), CallerStep::hangUp()};
        callers.push_back(std::make_unique<TwilioCaller>(o, m_network));
        connect(callers.back().get(), &TwilioCaller::finished, this, [&finished] { ++finished; });
    }
    for (auto &caller : callers)
        caller->start();
    QTRY_COMPARE_WITH_TIMEOUT(finished, kCalls, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(gateway.shared().sessions.activeCount(), 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(ai->liveSessions(), 0, 10000);

    qint64 framesSent = 0;
    const qint64 greeting = ClipLibrary::instance().find(QStringLiteral("assistant_greeting"))->ulaw.size();
    for (const auto &caller : callers) {
        const CallerRecord &r = caller->record();
        QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
        QCOMPARE(r.endedBy, QStringLiteral("caller hung up"));
        QCOMPARE(r.audioBytesReceived, greeting); // the whole greeting, nothing more, nothing twice
        framesSent += r.framesSent;
    }
    QCOMPARE(lost, 0);
    QCOMPARE(duplicated, 0);
    QCOMPARE(reordered, 0);
    QCOMPARE(qint64(tagged), framesSent); // a batch the hang-up interrupted is sent at the stream's stop
    QCOMPARE(badAppends, 0);
    QVERIFY2(shortAppends <= kCalls, qPrintable(QStringLiteral("%1 short appends").arg(shortAppends))); // one per call at most
    QVERIFY(qint64(appends) * framesPerAppend >= qint64(tagged));
    QVERIFY(qint64(appends) * framesPerAppend < qint64(tagged) + qint64(kCalls) * framesPerAppend);
    QCOMPARE(next.size(), kCalls);
}

void TestMediaBridge::malformedAndUnknownMessagesAreCounted()
{
    // A peer that sends garbage and events we do not know: counted, logged, and the call goes on.
    CallerOptions o = callerFor(gateway());
    o.script = {CallerStep::waitAssistant(100)};
    TwilioCaller caller(o, m_network);
    QSignalSpy done(&caller, &TwilioCaller::finished);
    Metrics &metrics = gateway().shared().metrics;
    const auto malformedBefore = metrics.malformedMessages.load();
    const auto unknownBefore = metrics.unknownEvents.load();
    const auto completedBefore = metrics.calls(CallOutcome::Completed);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().streamOpened, 10000);
    caller.sendRaw("{\"event\":\"media\",\"media\":{\"payload\":"); // cut short
    caller.sendRaw("not json at all");
    caller.sendRaw("{\"event\":\"something_new\",\"streamSid\":\"MZ1\"}"); // an event Twilio may add one day
    QTRY_COMPARE(metrics.malformedMessages.load(), malformedBefore + 2);
    QTRY_COMPARE(metrics.unknownEvents.load(), unknownBefore + 1);
    // The call is still up: the greeting plays to the end and the caller hangs up normally.
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().audioBytesReceived > 0, 10000);
    QTest::qWait(300);
    caller.hangUp();
    QVERIFY(done.count() == 1 || done.wait(5000));
    QVERIFY(!caller.record().gatewayClosedStream);
    QTRY_COMPARE(metrics.calls(CallOutcome::Completed), completedBefore + 1);
}

void TestMediaBridge::aiFailureEndsTheCallCleanly()
{
    // An AI endpoint that refuses the connection: after its attempts the call ends, says why in
    // its record, and nothing leaks.
    EventLog log;
    Config c = testConfig();
    c.openAiApi = live() ? QStringLiteral("live") : QStringLiteral("realtime");
    c.openAiRealtimeUrl = QUrl(QStringLiteral("ws://127.0.0.1:1/v1/realtime"));
    c.openAiLiveUrl = QUrl(QStringLiteral("ws://127.0.0.1:1/v1/live/sessions"));
    c.openAiReconnectAttempts = 2;
    Gateway gateway(c);
    gateway.shared().addObserver(&log);
    QVERIFY(gateway.start().ok());
    CallerOptions o = callerFor(gateway);
    o.callSid = QStringLiteral("CA%1").arg(78, 32, 10, QLatin1Char('0'));
    o.script = {CallerStep::waitAssistant(100)};
    TwilioCaller caller(o, m_network);
    QSignalSpy done(&caller, &TwilioCaller::finished);
    caller.start();
    QVERIFY(done.wait(20000));
    QVERIFY(caller.record().gatewayClosedStream);
    QTRY_COMPARE(gateway.shared().sessions.activeCount(), 0);
    QCOMPARE(gateway.shared().metrics.calls(CallOutcome::OpenAiFailed), 1u);
    QCOMPARE(gateway.shared().metrics.ai.givenUp.load(), 1u);
    QCOMPARE(gateway.shared().health.openAiStatus().result, QStringLiteral("failed"));
    const auto ended = log.of(o.callSid, CallEvent::Kind::Ended);
    QCOMPARE(ended.size(), 1);
    QVERIFY2(ended.first().detail.contains(QLatin1String("no OpenAI session after 2 attempt(s)")), qPrintable(ended.first().detail));
}

void TestMediaBridge::callerInterruptsBeforeTheFirstAudio()
{
    // The AI has begun its reply but not yet sent a sound of it when the caller speaks again:
    // nothing is queued at Twilio, so no clear; the reply is cancelled (on GPT-Live the model
    // drops it itself, unseen: there is nothing of it to cut), and none of it is heard.
    RealtimeSimOptions options = RealtimeSimServer::defaultOptions();
    options.firstAudioDelayMs = 1500;
    RealtimeSimServer ai(options);
    QVERIFY(ai.listen().ok());
    EventLog log; // outlives the gateway, which may still publish as it stops
    const auto gateway = startGateway(aimedAt(testConfig(), ai, live()));
    gateway->shared().addObserver(&log);
    CallerOptions o = callerFor(*gateway);
    o.callSid = QStringLiteral("CA%1").arg(77, 32, 10, QLatin1Char('0'));
    o.script = {CallerStep::waitAssistant(300),
                CallerStep::say(QStringLiteral("caller_order")),
                CallerStep::pause(900), // the turn ends; the reply is created, its audio 1.5 s away
                CallerStep::say(QStringLiteral("caller_more")),
                CallerStep::waitAssistant(300),
                CallerStep::hangUp()};
    TwilioCaller caller(o, m_network);
    QSignalSpy done(&caller, &TwilioCaller::finished);
    caller.start();
    QVERIFY(done.wait(60000));
    const CallerRecord &r = caller.record();
    QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
    QCOMPARE(ai.record().responsesCancelled, 1);
    QVERIFY2(ai.record().errorsSent.isEmpty(), qPrintable(ai.record().errorsSent.join(QLatin1String("; "))));
    QCOMPARE(r.clears, 0);
    const auto bargeIns = log.of(o.callSid, CallEvent::Kind::BargeIn);
    if (live()) {
        QVERIFY(bargeIns.isEmpty());
    } else {
        QCOMPARE(bargeIns.size(), 1);
        QCOMPARE(bargeIns[0].valueMs, 0.0); // the caller had heard none of it
    }
    const QByteArray cancelled = ClipLibrary::instance().find(QStringLiteral("assistant_order"))->ulaw.left(800);
    const QByteArray answered = ClipLibrary::instance().find(QStringLiteral("assistant_more"))->ulaw.left(800);
    QVERIFY(!r.audioReceived.contains(cancelled));
    QVERIFY(r.audioReceived.contains(answered)); // the reply to what the caller said instead
    QTRY_COMPARE(gateway->shared().sessions.activeCount(), 0);
}

QTEST_GUILESS_MAIN(TestMediaBridge)
#include "tst_media_bridge.moc"
