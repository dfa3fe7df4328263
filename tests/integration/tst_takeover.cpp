// A supervisor and a live call, at the gateway, over loopback: listening (the caller's frames and
// what the caller hears reach the console's tap, whole and in order), taking the call over (the AI
// stops replying but still hears and transcribes the caller; the supervisor's frames reach the
// caller as they were sent) and handing it back (the AI replies again with the takeover's words in
// its context: the caller's turns and the agent's speech). No sound device here: the test plays
// the console's part on the tap; tst_live_audio does the same through PortAudio. On both AI
// transports (OPENAI_API realtime and live).

#include "TestGateway.h"

#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "audio/OggOpusReader.h"
#include "gateway/GatewayShared.h"
#include "sim/ClipLibrary.h"
#include "sim/FrameTag.h"
#include "sim/RealtimeSim.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

constexpr uint32_t kStream = 0x7a6b;

QByteArray readAll(audio::SpscRing<uint8_t> &ring)
{
    QByteArray out(qsizetype(ring.readable()), Qt::Uninitialized);
    out.resize(qsizetype(ring.read(reinterpret_cast<uint8_t *>(out.data()), size_t(out.size()))));
    return out;
}

QString contextText(const RealtimeSimRecord &r, int items)
{
    QStringList lines;
    for (int i = 0; i < items && i < r.conversation.size(); ++i)
        lines << r.conversation[i].role + QStringLiteral(": ") + r.conversation[i].text;
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestTakeover : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void cleanupTestCase();
    void listenTakeOverAndHandBack();
    void tapOfAnEndedCallSaysSo();
    void waitingCallerHearsHoldAudioUntilTaken();

private:
    static bool live()
    {
        QFETCH_GLOBAL(bool, live);
        return live;
    }
    Gateway &gateway() { return live() ? *m_liveGateway : *m_realtimeGateway; }

    QTemporaryDir m_recordings;
    std::unique_ptr<RealtimeSimServer> m_ai;
    EventLog m_log;
    std::unique_ptr<Gateway> m_realtimeGateway;
    std::unique_ptr<Gateway> m_liveGateway;
    QNetworkAccessManager m_network;
};

void TestTakeover::initTestCase_data()
{
    QTest::addColumn<bool>("live");
    QTest::newRow("realtime") << false;
    QTest::newRow("live") << true;
}

void TestTakeover::initTestCase()
{
    m_ai = std::make_unique<RealtimeSimServer>();
    QVERIFY(m_ai->listen().ok());
    for (const bool isLive : {false, true}) {
        Config c = aimedAt(testConfig(), *m_ai, isLive);
        c.recordCalls = true;
        c.recordingsDir = m_recordings.path();
        auto g = startGateway(c);
        g->shared().addObserver(&m_log);
        g->shared().consoles = 1; // a supervisor watches: a caller who asks for one waits
        (isLive ? m_liveGateway : m_realtimeGateway) = std::move(g);
    }
}

void TestTakeover::cleanupTestCase()
{
    m_realtimeGateway.reset();
    m_liveGateway.reset();
}

void TestTakeover::listenTakeOverAndHandBack()
{
    const Clip *callerWords = ClipLibrary::instance().find(QStringLiteral("caller_order"));
    const Clip *agentWords = ClipLibrary::instance().find(QStringLiteral("assistant_status"));
    QVERIFY(callerWords && agentWords);

    // The caller's frames: tagged near-silence (so each frame can be found again), or the clip
    // while `speak` is on.
    QByteArray sent;
    bool speak = false;
    qsizetype spoken = 0;
    CallerOptions o = callerFor(gateway());
    o.callSid = QStringLiteral("CA%1").arg(live() ? 17 : 7, 32, 10, QLatin1Char('0'));
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(100), CallerStep::waitAssistant(600000)};
    o.frameSource = [&](qint64 index, const QByteArray &) {
        QByteArray frame = taggedFrame({kStream, uint32_t(index)});
        if (speak) {
            frame = callerWords->ulaw.mid(spoken, 160).leftJustified(160, char(0xFF));
            spoken += 160;
            speak = spoken < callerWords->ulaw.size();
        }
        sent += frame;
        return frame;
    };
    TwilioCaller call(o, m_network);
    call.start();
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::Started).size(), 1);
    const QByteArray session = m_log.of(o.callSid, CallEvent::Kind::Started)[0].sessionId;
    const qint64 greeting = agentWords ? ClipLibrary::instance().find(QStringLiteral("assistant_greeting"))->ulaw.size() : 0;
    QTRY_VERIFY_WITH_TIMEOUT(call.record().audioBytesReceived >= greeting, 10000);

    // ---- Listening: the caller's frames reach the tap whole and in order.
    auto tap = std::make_shared<audio::CallAudioTap>();
    gateway().attachAudio(session, tap);
    QTRY_VERIFY(tap->caller().readable() >= 50 * 160); // a second of the call
    const QByteArray heard = readAll(tap->caller());
    QVERIFY(heard.size() % 160 == 0);
    const auto first = readTag(QByteArrayView(heard.constData(), 160));
    QVERIFY(first && first->stream == kStream);
    for (qsizetype at = 0; at < heard.size(); at += 160) {
        const auto tag = readTag(QByteArrayView(heard.constData() + at, 160));
        QVERIFY2(tag && tag->sequence == first->sequence + uint32_t(at / 160), "a frame lost or out of order on the way to the console");
    }
    QVERIFY(sent.contains(heard));
    // The arrival of each frame is marked for the listen-delay measurement.
    QVERIFY(tap->arrivals().readable() >= size_t(heard.size() / 160));

    // ---- Take over: the AI stops replying for itself but keeps listening.
    const int responsesBefore = m_ai->record().responsesCreated;
    gateway().takeCall(session);
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::AgentTookOver).size(), 1);
    const auto createResponse = [&] {
        return m_ai->record()
            .lastSession.value(QLatin1String("audio"))
            .toObject()
            .value(QLatin1String("input"))
            .toObject()
            .value(QLatin1String("turn_detection"))
            .toObject()
            .value(QLatin1String("create_response"));
    };
    const auto appended = [&](const char *kind, const char *text) {
        for (const auto &[k, content] : m_ai->record().liveAppends) {
            if (k == QLatin1String(kind) && content.contains(QLatin1String(text)))
                return true;
        }
        return false;
    };
    if (live()) {
        QTRY_VERIFY(appended("instructions", "Do not speak")); // Live's replies cannot be turned off: it is told
    } else {
        QTRY_COMPARE(createResponse(), QJsonValue(false));
        QVERIFY(m_ai->record().lastSession.value(QLatin1String("instructions")).toString().size() > 10); // the rest kept
    }

    // The supervisor speaks (the console's mixer does this every 20 ms), then is quiet a second.
    const qint64 receivedBefore = call.record().audioReceived.size();
    QByteArray agentSent;
    QTimer mic;
    qsizetype micAt = 0;
    QObject::connect(&mic, &QTimer::timeout, [&] {
        QByteArray frame = agentWords->ulaw.mid(micAt, 160).leftJustified(160, char(0xFF));
        micAt += 160;
        if (micAt > agentWords->ulaw.size() + 8000)
            return;
        QVERIFY(tap->agentAudio(frame));
        agentSent += frame;
    });
    mic.start(20);
    QTRY_VERIFY_WITH_TIMEOUT(micAt > agentWords->ulaw.size() + 8000, 20000);
    mic.stop();
    // It reached the caller as μ-law, as it was sent.
    QTRY_VERIFY(call.record().audioReceived.size() - receivedBefore >= agentSent.size());
    QVERIFY2(call.record().audioReceived.mid(receivedBefore).contains(agentWords->ulaw.left(agentWords->ulaw.size() / 160 * 160)),
             "the supervisor's voice did not reach the caller intact");
    // The agent's turn went to the AI as audio, labelled, once the supervisor fell quiet.
    QTRY_VERIFY(!m_log.of(o.callSid, CallEvent::Kind::TranscriptFinal).isEmpty()
                && m_log.of(o.callSid, CallEvent::Kind::TranscriptFinal).last().speaker == Speaker::Agent);
    // … and was written down through the transcription endpoint: the supervisor's own words in the
    // transcript (and so in the history), not the length of their speech.
    const CallEvent agentLine = m_log.of(o.callSid, CallEvent::Kind::TranscriptFinal).last();
    QCOMPARE(agentLine.text, agentWords->text);
    QVERIFY(!m_ai->record().transcriptions.isEmpty());
    const RealtimeSimRecord::Transcription asked = m_ai->record().transcriptions.last();
    QCOMPARE(asked.model, gateway().shared().config.openAiTranscriptionModel);
    QCOMPARE(asked.language, QStringLiteral("en"));
    QVERIFY2(std::abs(asked.seconds * 1000 - agentWords->durationMs()) <= 1200, qPrintable(QString::number(asked.seconds)));
    // GPT-Live, which takes no recorded audio, is told the words.
    if (live())
        QTRY_VERIFY(appended("instructions", "The live agent said to the caller"));

    // The caller answers: transcribed, but the AI does not reply.
    speak = true;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const CallEvent &e : m_log.of(o.callSid, CallEvent::Kind::TranscriptFinal)) {
                if (e.speaker == Speaker::Caller && e.text == callerWords->text)
                    return true;
            }
            return false;
        }(),
        15000);
    QTest::qWait(700);
    // Nothing of the AI reached the caller (on Live, whatever it says unasked is dropped).
    const QByteArray answer = ClipLibrary::instance().find(QStringLiteral("assistant_order"))->ulaw.left(800);
    QVERIFY(!call.record().audioReceived.mid(receivedBefore).contains(answer));
    if (!live())
        QCOMPARE(m_ai->record().responsesCreated, responsesBefore);
    QCOMPARE(gateway().shared().metrics.callsWaitingForAgent.load(), 0);

    // ---- Hand back: replies on again, and the next reply has the takeover in its context.
    gateway().handBack(session);
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::HandedBack).size(), 1);
    if (live()) {
        QTRY_VERIFY(appended("instructions", "The call is yours again"));
        QTRY_VERIFY(appended("commentary", "handed the call back"));
    } else {
        QTRY_COMPARE(createResponse(), QJsonValue(true));
        QTRY_COMPARE(m_ai->record().responsesCreated, responsesBefore + 1);
    }
    const RealtimeSimRecord &r = m_ai->record();
    const int context = r.responses.last().contextItems;
    const QString seen = contextText(r, context);
    int agentItem = -1, callerItem = -1, note = -1;
    for (int i = 0; i < context; ++i) {
        const auto &item = r.conversation[i];
        // The agent's words as audio (Realtime), or that an agent spoke (GPT-Live takes no audio in its context).
        if (live() ? item.role == QLatin1String("system") && item.text.contains(QLatin1String("live agent, a person, just spoke"))
                   : item.fromClient && item.role == QLatin1String("user") && item.text.contains(QLatin1String("live agent"))
                    && item.text.contains(agentWords->text))
            agentItem = i;
        if (!item.fromClient && item.role == QLatin1String("user") && item.text == callerWords->text)
            callerItem = i;
        if (item.role == QLatin1String("system") && item.text.contains(QLatin1String("handed it back")))
            note = i;
    }
    QVERIFY2(agentItem >= 0, qPrintable(seen));
    QVERIFY2(callerItem > agentItem, qPrintable(seen)); // in the order they were said
    QVERIFY2(note > callerItem, qPrintable(seen));
    if (!live())
        QVERIFY(std::abs(r.conversation[agentItem].audioMs - agentWords->durationMs()) <= 400);
    QVERIFY(r.responses.last().instructions.contains(QLatin1String("handed the call back")));
    // The AI speaks again, and the listener hears what the caller hears.
    const qint64 receivedAtHandBack = call.record().audioBytesReceived;
    QTRY_VERIFY_WITH_TIMEOUT(call.record().audioBytesReceived > receivedAtHandBack + 1600, 10000);
    QTRY_VERIFY(tap->other().readable() > 0);

    call.hangUp();
    QTRY_VERIFY(tap->callEnded());

    // The recording has the supervisor where the AI was: on the right.
    QTRY_COMPARE_WITH_TIMEOUT(m_log.of(o.callSid, CallEvent::Kind::RecordingSaved).size(), 1, 10000);
    audio::OggOpusReader reader;
    QVERIFY(reader.open(m_log.of(o.callSid, CallEvent::Kind::RecordingSaved)[0].text).ok());
    std::vector<float> stereo;
    while (reader.read(stereo, 8000) > 0) {
    }
    std::vector<double> right;
    for (size_t i = 1; i < stereo.size(); i += 2)
        right.push_back(stereo[i]);
    // Five stretches of 200 ms from the middle of what the supervisor said, each looked for in the
    // right channel. The recording places the agent's frames when they reach the gateway, as
    // Twilio plays them: on a busy machine a late frame leaves a gap there, as it would for the
    // caller, and a stretch that spans it no longer matches whole: four of five must.
    const auto correlation = [&](qsizetype from) {
        std::vector<double> probe;
        for (qsizetype i = from; i < from + 1600; ++i)
            probe.push_back(audio::ulawToLinear(uint8_t(agentWords->ulaw[i])) / 32768.0);
        double best = 0, probeEnergy = 0;
        for (double v : probe)
            probeEnergy += v * v;
        for (size_t lag = 0; lag + probe.size() <= right.size(); lag += 1) {
            double dot = 0, energy = 0;
            for (size_t i = 0; i < probe.size(); i += 2) { // every other sample: enough to find it
                dot += right[lag + i] * probe[i];
                energy += right[lag + i] * right[lag + i];
            }
            if (energy > 0)
                best = std::max(best, dot / std::sqrt(energy * probeEnergy / 2));
        }
        return best;
    };
    QStringList found;
    int matched = 0;
    for (const double at : {0.3, 0.4, 0.5, 0.6, 0.7}) {
        const double c = correlation(qsizetype(double(agentWords->ulaw.size()) * at));
        matched += c > 0.6 ? 1 : 0;
        found << QString::number(c, 'f', 2);
    }
    qInfo("supervisor in the recording: correlations %s", qPrintable(found.join(QLatin1Char(' '))));
    QVERIFY2(matched >= 4,
             qPrintable(QStringLiteral("the supervisor's words in the recording: correlations %1").arg(found.join(QLatin1Char(' ')))));
}

void TestTakeover::tapOfAnEndedCallSaysSo()
{
    // A console that asks to listen to a call that has just ended is told, not left waiting.
    CallerOptions o = callerFor(gateway());
    o.callSid = QStringLiteral("CA%1").arg(live() ? 18 : 8, 32, 10, QLatin1Char('0'));
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(100), CallerStep::hangUp()};
    TwilioCaller call(o, m_network);
    call.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_log.of(o.callSid, CallEvent::Kind::Ended).size(), 1, 15000);
    const QByteArray session = m_log.of(o.callSid, CallEvent::Kind::Started)[0].sessionId;
    auto tap = std::make_shared<audio::CallAudioTap>();
    gateway().attachAudio(session, tap);
    // No worker holds it any more: the tap says the call ended.
    QTRY_VERIFY(tap->callEnded());
    QCOMPARE(tap->caller().readable(), size_t(0));
}

void TestTakeover::waitingCallerHearsHoldAudioUntilTaken()
{
    CallerOptions o = callerFor(gateway());
    o.callSid = QStringLiteral("CA%1").arg(live() ? 4243 : 4242, 32, 10, QLatin1Char('0')); // a call of its own
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(100), CallerStep::sendDigit("0"), CallerStep::waitAssistant(600000)};
    TwilioCaller call(o, m_network);
    call.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_log.of(o.callSid, CallEvent::Kind::Escalated).size(), 1, 10000);
    const QByteArray session = m_log.of(o.callSid, CallEvent::Kind::Started)[0].sessionId;
    // Once the AI has said it connects the caller, the hold clip plays, byte for byte, looped.
    const QByteArray &clip = gateway().shared().holdClip;
    QVERIFY(clip.size() >= 16000);
    const auto heardHold = [&] {
        const QByteArray got = call.record().audioReceived;
        return got.contains(clip.left(800)) && got.contains(clip.mid(clip.size() - 800));
    };
    QTRY_VERIFY_WITH_TIMEOUT(heardHold(), 15000); // the whole clip, to its end
    const int clearsBefore = call.record().clears;
    // Taken: what Twilio still has of the hold audio is dropped, and no more comes.
    gateway().takeCall(session);
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::AgentTookOver).size(), 1);
    QTRY_COMPARE(call.record().clears, clearsBefore + 1);
    const qint64 bytesAtClear = call.record().audioBytesReceived;
    QTest::qWait(600);
    QCOMPARE(call.record().audioBytesReceived, bytesAtClear);
    call.hangUp();
    QTRY_VERIFY(call.record().finished);
}

QTEST_GUILESS_MAIN(TestTakeover)
#include "tst_takeover.moc"
