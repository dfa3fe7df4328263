// A call outlives its OpenAI session, over loopback with the simulators failing as the real
// service does: a socket dropped mid-reply is replaced and the AI speaks again within 2 s with the
// earlier turns in the new session's context; a stalled service is found by pings; a session at
// its time limit is replaced ahead of it at a pause, without a sound the caller would hear; a
// service that refuses the new session (401) hands the caller to the live-agent number; a drop
// while a supervisor has the call is mended when the call is handed back. On both AI transports
// (OPENAI_API realtime and live).

#include "TestGateway.h"

#include "gateway/GatewayShared.h"
#include "gateway/HoldPlayer.h"
#include "sim/ClipLibrary.h"
#include "sim/RealtimeSim.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

bool live()
{
    QFETCH_GLOBAL(bool, live);
    return live;
}

QString callSid(int n) { return QStringLiteral("CA%1").arg(9400 + n + (live() ? 50 : 0), 32, 10, QLatin1Char('0')); }

// The text of the conversation items a session was given, from `from` on ("role: text" lines);
// on GPT-Live, the history the newest session was started with.
QStringList createdTexts(const RealtimeSimRecord &r, qsizetype from)
{
    QStringList out;
    if (live()) {
        for (const QJsonValue &v : r.liveStarts.last().value(QLatin1String("input")).toArray()) {
            const QJsonObject m = v.toObject();
            const QString role = m.value(QLatin1String("role")).toString();
            out << (role == QLatin1String("developer") ? QStringLiteral("system") : role) + QStringLiteral(": ")
                    + m.value(QLatin1String("content")).toArray().at(0).toObject().value(QLatin1String("text")).toString();
        }
        // … and the notes that followed, from `from` on (see contextMark).
        for (qsizetype i = from; i < r.liveAppends.size(); ++i) {
            if (r.liveAppends[i].first != QLatin1String("commentary")) // a reply asked for is no context
                out << QStringLiteral("system: ") + r.liveAppends[i].second;
        }
        return out;
    }
    for (qsizetype i = from; i < r.createdItems.size(); ++i) {
        const QJsonObject item = r.createdItems[i];
        QStringList parts;
        for (const QJsonValue &c : item.value(QLatin1String("content")).toArray())
            parts << c.toObject().value(QLatin1String("text")).toString();
        out << item.value(QLatin1String("role")).toString() + QStringLiteral(": ") + parts.join(QLatin1Char(' '));
    }
    return out;
}

// Where the context a later session is given starts, for createdTexts.
qsizetype contextMark(const RealtimeSimRecord &r) { return live() ? r.liveAppends.size() : r.createdItems.size(); }

QString clipText(const char *name) { return ClipLibrary::instance().find(QLatin1String(name))->text; }

} // namespace

class TestAiRecovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data();
    void abruptCloseMidReply();
    void stallIsFoundByPings();
    void sessionLimitIsRolledOverAtAPause();
    void refusedReconnectGoesToTheLiveAgent();
    void dropDuringTakeoverThenHandBack();
    void lateTranscriptKeepsItsPlace();

private:
    QNetworkAccessManager m_network;
};

void TestAiRecovery::initTestCase_data()
{
    QTest::addColumn<bool>("live");
    QTest::newRow("realtime") << false;
    QTest::newRow("live") << true;
}

void TestAiRecovery::abruptCloseMidReply()
{
    RealtimeSimServer ai;
    QVERIFY(ai.listen().ok());
    EventLog log;
    Config c = aimedAt(testConfig(), ai, live());
    const auto gateway = startGateway(c);
    gateway->shared().addObserver(&log);
    CallerOptions o = callerFor(*gateway);
    o.callSid = callSid(1);
    o.script = {CallerStep::waitAssistant(200), CallerStep::say(QStringLiteral("caller_order")), CallerStep::waitAssistant(200),
                CallerStep::say(QStringLiteral("caller_more")), CallerStep::waitAssistant(600000)};
    TwilioCaller caller(o, m_network);
    caller.start();

    // The AI answers the second question; a moment into its reply the connection drops.
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().responsesCreated >= 3, 20000);
    const qint64 before = caller.record().audioBytesReceived;
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().audioBytesReceived >= before + 1600, 5000);
    const qsizetype itemsBefore = contextMark(ai.record());
    const int responsesBefore = ai.record().responsesCreated;
    QElapsedTimer sinceDrop;
    QVERIFY(ai.inject(RealtimeFault::Abort));
    sinceDrop.start();

    // A new session, primed with the conversation, and the AI speaks again within 2 s.
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().responsesCreated > responsesBefore, 5000);
    const qint64 atResume = caller.record().audioBytesReceived;
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().audioBytesReceived > atResume, 5000);
    const qint64 gapMs = sinceDrop.elapsed();
    QVERIFY2(gapMs < 2000, qPrintable(QStringLiteral("the AI spoke again %1 ms after the drop").arg(gapMs)));
    QCOMPARE(ai.record().sessions, 2);
    const QStringList context = createdTexts(ai.record(), itemsBefore);
    const QString joined = context.join(QLatin1Char('\n'));
    QVERIFY2(joined.contains(QStringLiteral("user: ") + clipText("caller_order")), qPrintable(joined));
    QVERIFY2(joined.contains(QStringLiteral("assistant: ") + clipText("assistant_order")), qPrintable(joined));
    QVERIFY2(joined.contains(QStringLiteral("user: ") + clipText("caller_more")), qPrintable(joined));
    // The opening instructions come first, and the reply in progress is replayed as cut off.
    QVERIFY2(context.first().startsWith(QLatin1String("system: ")), qPrintable(joined));
    QVERIFY2(joined.contains(QLatin1String("cut off")), qPrintable(joined));
    // The new session was asked to pick up where the old one stopped.
    QVERIFY(ai.record().responses.last().instructions.contains(QLatin1String("cut off")));

    const Metrics &m = gateway->shared().metrics;
    QCOMPARE(m.ai.drops.load(), 1u);
    QCOMPARE(m.ai.reconnects.load(), 1u);
    QCOMPARE(m.ai.givenUp.load(), 0u);
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::AiReconnected).size(), 1);
    QVERIFY(log.of(o.callSid, CallEvent::Kind::AiReconnected).first().valueMs < 2000);
    QVERIFY(log.of(o.callSid, CallEvent::Kind::Ended).isEmpty());
    caller.hangUp();
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::Ended).size(), 1);
    QCOMPARE(log.of(o.callSid, CallEvent::Kind::Ended).first().text, QStringLiteral("completed"));
}

void TestAiRecovery::stallIsFoundByPings()
{
    RealtimeSimServer ai;
    QVERIFY(ai.listen().ok());
    EventLog log;
    Config c = aimedAt(testConfig(), ai, live());
    c.openAiPingMs = 200; // silent for 500 ms: gone
    c.reconnectCueAfterMs = 100;
    const auto gateway = startGateway(c);
    gateway->shared().addObserver(&log);
    CallerOptions o = callerFor(*gateway);
    o.callSid = callSid(2);
    o.script = {CallerStep::waitAssistant(200), CallerStep::waitAssistant(600000)};
    QByteArray heard;
    o.onAudio = [&](QByteArrayView ulaw) { heard += ulaw; };
    TwilioCaller caller(o, m_network);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().responsesCreated >= 1 && caller.record().audioBytesReceived > 0, 10000);
    // The greeting has been heard; the service hangs without a word.
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().transcriptsSent.size() >= 1, 10000);
    QTest::qWait(1500);
    QVERIFY(ai.inject(RealtimeFault::Stall));
    QTRY_VERIFY_WITH_TIMEOUT(gateway->shared().metrics.ai.reconnects.load() == 1, 5000);
    QCOMPARE(ai.record().sessions, 2);
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::AiReconnected).size(), 1);
    const CallEvent back = log.of(o.callSid, CallEvent::Kind::AiReconnected).first();
    QVERIFY2(back.text.contains(QLatin1String("idle timeout")), qPrintable(back.text));
    // Nobody was speaking: the new session is not asked to say anything, and the gap was too
    // short for the cue.
    QTest::qWait(300);
    QCOMPARE(ai.record().responsesCreated, 1);
    const auto cue = loadCallerClip({}, CallerClip::ReconnectCue);
    QVERIFY(cue.ok());
    const QByteArray tone = cue.value().mid(800, 320); // in the first tone
    QVERIFY(!heard.contains(tone));

    // A longer gap (the service refuses two handshakes): the caller hears the cue, not dead air,
    // and it stops when the AI is back.
    ai.refuseHandshakes(503, 2);
    QVERIFY(ai.inject(RealtimeFault::Close1011));
    QTRY_VERIFY_WITH_TIMEOUT(heard.contains(tone), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(gateway->shared().metrics.ai.reconnects.load(), 2u, 5000);
    QCOMPARE(ai.record().handshakesRefused, 2);
    caller.hangUp();
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::Ended).size(), 1);
}

void TestAiRecovery::sessionLimitIsRolledOverAtAPause()
{
    RealtimeSimOptions options = RealtimeSimServer::defaultOptions();
    options.sessionLifetimeMs = 10000;
    RealtimeSimServer ai(options);
    QVERIFY(ai.listen().ok());
    EventLog log;
    Config c = aimedAt(testConfig(), ai, live());
    c.openAiRolloverSeconds = 8; // the next session opens 2 s into the first, during the greeting
    const auto gateway = startGateway(c);
    gateway->shared().addObserver(&log);
    CallerOptions o = callerFor(*gateway);
    o.callSid = callSid(3);
    o.script = {CallerStep::waitAssistant(300), CallerStep::say(QStringLiteral("caller_more")), CallerStep::waitAssistant(600000)};
    QByteArray heard;
    o.onAudio = [&](QByteArrayView ulaw) { heard += ulaw; };
    TwilioCaller caller(o, m_network);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(gateway->shared().metrics.ai.rollovers.load() == 1, 15000);
    QVERIFY(ai.record().sessions >= 2); // (the next one may already be opening)
    // The first session was left before its limit: it never expired, nothing was lost.
    QVERIFY(!ai.record().faults.contains(RealtimeFault::SessionExpired));
    QCOMPARE(gateway->shared().metrics.ai.drops.load(), 0u);
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::AiReconnected).size(), 1);
    QCOMPARE(log.of(o.callSid, CallEvent::Kind::AiReconnected).first().text, QStringLiteral("rollover"));
    // The call goes on in the new session: the caller's next question is answered there.
    const int responses = ai.record().responsesCreated;
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().responsesCreated > responses, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().transcriptsSent.last().second == clipText("assistant_more"), 20000);
    // No cue, no clear: the caller heard nothing of the move.
    const QByteArray tone = loadCallerClip({}, CallerClip::ReconnectCue).value().mid(800, 320);
    QVERIFY(!heard.contains(tone));
    QCOMPARE(caller.record().clears, 0);
    caller.hangUp();
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::Ended).size(), 1);
    QCOMPARE(log.of(o.callSid, CallEvent::Kind::Ended).first().text, QStringLiteral("completed"));
}

void TestAiRecovery::refusedReconnectGoesToTheLiveAgent()
{
    RealtimeSimServer ai;
    QVERIFY(ai.listen().ok());
    EventLog log;
    Config c = aimedAt(testConfig(), ai, live());
    c.liveAgentNumber = QStringLiteral("+14155550199");
    const auto gateway = startGateway(c);
    gateway->shared().addObserver(&log);
    CallerOptions o = callerFor(*gateway);
    o.callSid = callSid(4);
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(200), CallerStep::waitAssistant(600000)};
    TwilioCaller caller(o, m_network);
    QSignalSpy done(&caller, &TwilioCaller::finished);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().transcriptsSent.size() >= 1, 10000);
    // The key was revoked: the session drops and every new one is refused.
    ai.refuseHandshakes(401);
    QVERIFY(ai.inject(RealtimeFault::Close1011));
    QVERIFY(done.wait(10000));
    QCOMPARE(ai.record().handshakesRefused, 1); // 401 ends the attempts at once
    QCOMPARE(caller.record().restUpdate, QStringLiteral("twiml"));
    QVERIFY2(caller.record().said.join(QLatin1Char(' ')).contains(QLatin1String("technical trouble")),
             qPrintable(caller.record().said.join(QLatin1Char('|'))));
    QVERIFY2(caller.record().endedBy.contains(QLatin1String("+14155550199")), qPrintable(caller.record().endedBy));
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::Ended).size(), 1);
    const CallEvent ended = log.of(o.callSid, CallEvent::Kind::Ended).first();
    QCOMPARE(ended.text, QStringLiteral("transferred"));
    QVERIFY2(ended.detail.contains(QLatin1String("HTTP 401")), qPrintable(ended.detail));
    QCOMPARE(gateway->shared().metrics.ai.givenUp.load(), 1u);
}

void TestAiRecovery::dropDuringTakeoverThenHandBack()
{
    RealtimeSimServer ai;
    QVERIFY(ai.listen().ok());
    EventLog log;
    Config c = aimedAt(testConfig(), ai, live());
    c.openAiReconnectAttempts = 1;
    const auto gateway = startGateway(c);
    gateway->shared().addObserver(&log);
    gateway->shared().consoles = 1;
    CallerOptions o = callerFor(*gateway);
    o.callSid = callSid(5);
    o.script = {CallerStep::waitAssistant(200), CallerStep::waitAssistant(600000)};
    TwilioCaller caller(o, m_network);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().transcriptsSent.size() >= 1, 10000);
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::Started).size(), 1);
    const QByteArray session = log.of(o.callSid, CallEvent::Kind::Started).first().sessionId;
    gateway->takeCall(session);
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::AgentTookOver).size(), 1);

    // While the supervisor talks, OpenAI goes away for longer than the attempts last.
    ai.refuseHandshakes(503);
    QVERIFY(ai.inject(RealtimeFault::Abort));
    QTRY_COMPARE_WITH_TIMEOUT(gateway->shared().metrics.ai.givenUp.load(), 1u, 5000);
    QTest::qWait(300);
    QVERIFY(log.of(o.callSid, CallEvent::Kind::Ended).isEmpty()); // the supervisor still has the call

    // OpenAI is back; the supervisor hands the call back: a new session first, then the AI
    // says it is back, with the takeover in its context.
    ai.refuseHandshakes(0);
    const int sessions = ai.record().sessions;
    const int responses = ai.record().responsesCreated;
    const qsizetype items = contextMark(ai.record());
    gateway->handBack(session);
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().sessions == sessions + 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().responsesCreated > responses, 5000);
    QVERIFY(ai.record().responses.last().instructions.contains(QLatin1String("handed the call back")));
    const QString context = createdTexts(ai.record(), items).join(QLatin1Char('\n'));
    QVERIFY2(context.contains(QLatin1String("had this call for")), qPrintable(context));
    const qint64 atBack = caller.record().audioBytesReceived;
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().audioBytesReceived > atBack, 5000);
    QVERIFY(log.of(o.callSid, CallEvent::Kind::Ended).isEmpty());
    caller.hangUp();
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::Ended).size(), 1);
    QCOMPARE(log.of(o.callSid, CallEvent::Kind::Ended).first().text, QStringLiteral("completed"));
}

void TestAiRecovery::lateTranscriptKeepsItsPlace()
{
    // The caller's transcript arrives after the reply to it; a drop after that replays the turns
    // in the order they were spoken.
    if (live())
        QSKIP(
            "GPT-Live writes the caller's words down as they are heard, on the audio's timeline: no transcript completes after the reply");
    RealtimeSimOptions options = RealtimeSimServer::defaultOptions();
    options.lateTranscriptMs = 300;
    RealtimeSimServer ai(options);
    QVERIFY(ai.listen().ok());
    EventLog log;
    Config c = aimedAt(testConfig(), ai, live());
    const auto gateway = startGateway(c);
    gateway->shared().addObserver(&log);
    CallerOptions o = callerFor(*gateway);
    o.callSid = callSid(6);
    o.script = {CallerStep::waitAssistant(200), CallerStep::say(QStringLiteral("caller_order")), CallerStep::waitAssistant(600000)};
    TwilioCaller caller(o, m_network);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(ai.record().transcriptsSent.size() >= 3, 15000); // greeting, reply, then the caller's turn
    QCOMPARE(ai.record().transcriptsSent.last().second, clipText("caller_order"));
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::TranscriptFinal).size(), 3);
    const qsizetype items = contextMark(ai.record());
    QVERIFY(ai.inject(RealtimeFault::Abort));
    QTRY_COMPARE_WITH_TIMEOUT(gateway->shared().metrics.ai.reconnects.load(), 1u, 5000);
    const QStringList context = createdTexts(ai.record(), items);
    const auto indexOf = [&](const QString &line) { return context.indexOf(line); };
    const qsizetype question = indexOf(QStringLiteral("user: ") + clipText("caller_order"));
    const qsizetype answer = indexOf(QStringLiteral("assistant: ") + clipText("assistant_order"));
    QVERIFY2(question >= 0 && answer > question, qPrintable(context.join(QLatin1Char('\n'))));
    caller.hangUp();
    QTRY_COMPARE(log.of(o.callSid, CallEvent::Kind::Ended).size(), 1);
}

QTEST_MAIN(TestAiRecovery)
#include "tst_ai_recovery.moc"
