// The simulated GPT-Live service answers like the real one where the gateway relies on it
// (protocols/openai-live.md): session.start first and strictly checked, session.started, audio
// deltas with nothing but the audio, the caller's words with times as they are heard, the model
// falling silent when the caller talks over it, *.append acked (commentary said aloud), tools
// through the hosted backend, session.close confirmed, and the time limit as session.closed.

#include "SimClient.h"
#include "openai/LiveClient.h"
#include "sim/ClipLibrary.h"
#include "sim/RealtimeSim.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace callgate;

namespace {

struct Client : testing::SimClient {
    // Caller audio as Twilio frames it: 20 ms at a time.
    void sendAudio(const QByteArray &ulaw)
    {
        for (qsizetype at = 0; at < ulaw.size(); at += 160)
            ws.sendText({R"({"type":"session.input_audio.append","audio":")", ulaw.mid(at, 160).toBase64(), "\"}"});
    }
    void sendSilence(int ms) { sendAudio(QByteArray(ms * 8, char(0xFF))); }
};

openai::LiveClient::Options gatewayOptions()
{
    openai::LiveClient::Options o;
    o.model = QStringLiteral("gpt-live-1.1");
    o.voice = QStringLiteral("marin");
    o.instructions = QStringLiteral("You answer the phone.");
    o.backendModel = QStringLiteral("gpt-5.6-terra");
    o.tools = openai::gatewayTools();
    return o;
}

QJsonObject errorOf(const QJsonObject &event) { return event.value(QLatin1String("error")).toObject(); }

const sim::Clip &clip(const char *name) { return *sim::ClipLibrary::instance().find(QLatin1String(name)); }

} // namespace

class TestLiveSim : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_sim.listen().ok()); }
    void gatewayStartIsAccepted();
    void nothingGoesBeforeTheStart();
    void startViolationsAreRefused_data();
    void startViolationsAreRefused();
    void appendsAreAckedAndCommentaryIsSpoken();
    void callerWordsStreamAndTheModelYields();
    void toolsGoThroughTheBackend();
    void closeIsConfirmed();
    void sessionEndsAtItsTimeLimit();
    void clientSeesTheModelYield();
    void clientCutsNothingTheModelTalksThrough();
    void nextSessionReusesNoId();

private:
    // A LiveClient on `sim`, ready, with every event it makes.
    struct Session {
        std::unique_ptr<openai::LiveClient> client;
        QList<openai::ServerEvent> events;
        int audio = 0;
        QList<openai::ServerEvent::Type> types() const
        {
            QList<openai::ServerEvent::Type> t;
            for (const auto &e : events)
                t << e.type;
            return t;
        }
        void speak(const QByteArray &ulaw)
        {
            for (qsizetype at = 0; at < ulaw.size(); at += 160)
                client->appendAudio(ulaw.mid(at, 160).toBase64());
        }
    };
    static void open(Session &s, const sim::RealtimeSimServer &sim);
    void start(Client &c, const QList<openai::HistoryItem> &history = {});
    sim::RealtimeSimServer m_sim;
};

void TestLiveSim::start(Client &c, const QList<openai::HistoryItem> &history)
{
    c.ws.open(m_sim.liveUrl(), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(c.ws.isOpen());
    c.ws.sendText(openai::LiveClient::sessionStart(gatewayOptions(), history));
    QTRY_VERIFY(!c.events.isEmpty());
    QVERIFY2(c.types().first() == QLatin1String("session.started"),
             qPrintable(errorOf(c.events.first()).value(QLatin1String("message")).toString()));
}

void TestLiveSim::gatewayStartIsAccepted()
{
    // The gateway's own session.start, with a conversation carried over, passes the strict check.
    Client c;
    using H = openai::HistoryItem;
    start(c,
          {H{H::Role::System, QStringLiteral("Caller is a known customer."), {}, 0, false},
           H{H::Role::User, QStringLiteral("Where is my order?"), {}, 0, false},
           H{H::Role::Assistant, QStringLiteral("It shipped"), {}, 0, true},
           H{H::Role::Agent, {}, QByteArray(800, char(0xFF)), 0.1, false}});
    const QJsonObject started = c.events.first();
    QCOMPARE(started.value(QLatin1String("client_event_id")).toString(), QStringLiteral("start_1"));
    const QJsonObject session = started.value(QLatin1String("session")).toObject();
    QVERIFY(session.value(QLatin1String("id")).toString().startsWith(QLatin1String("live_")));
    QVERIFY(session.value(QLatin1String("expires_at")).toDouble() > double(QDateTime::currentSecsSinceEpoch()));
    QCOMPARE(session.value(QLatin1String("model")).toString(), QStringLiteral("gpt-live-1.1"));
    const QJsonArray input = session.value(QLatin1String("input")).toArray();
    QCOMPARE(input.size(), 5); // the cut reply carries a note that it was cut
    QCOMPARE(input.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("developer"));
    QCOMPARE(input.at(2).toObject().value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
}

void TestLiveSim::nothingGoesBeforeTheStart()
{
    Client c;
    c.ws.open(m_sim.liveUrl(), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(c.ws.isOpen());
    c.sendSilence(20);
    QTRY_COMPARE(c.types().value(0), QStringLiteral("error"));
    QCOMPARE(errorOf(c.events.first()).value(QLatin1String("code")).toString(), QStringLiteral("session_not_started"));
    QVERIFY(c.ws.isOpen());
}

void TestLiveSim::startViolationsAreRefused_data()
{
    QTest::addColumn<QByteArray>("session");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("param");
    QTest::newRow("a Realtime field") << QByteArray(R"({"model":"gpt-live-1","voice":"marin"})") << QStringLiteral("unknown_parameter")
                                      << QStringLiteral("session.voice");
    QTest::newRow("pcmu without its rate") << QByteArray(R"({"model":"gpt-live-1","audio":{"format":{"type":"audio/pcmu"}}})")
                                           << QStringLiteral("invalid_value") << QStringLiteral("session.audio.format");
    QTest::newRow("a system message") << QByteArray(
        R"({"model":"gpt-live-1","input":[{"type":"message","role":"system","content":[{"type":"input_text","text":"hi"}]}]})")
                                      << QStringLiteral("invalid_value") << QStringLiteral("session.input[0].role");
    QTest::newRow("two parts") << QByteArray(
        R"({"model":"gpt-live-1","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"a"},{"type":"input_text","text":"b"}]}]})")
                               << QStringLiteral("invalid_value") << QStringLiteral("session.input[0].content");
    QTest::newRow("turn detection") << QByteArray(
        R"({"model":"gpt-live-1","delegation":{"type":"responses","responses":{"model":"gpt-5.6-terra","turn_detection":{}}}})")
                                    << QStringLiteral("unknown_parameter") << QStringLiteral("session.delegation.responses.turn_detection");
    QTest::newRow("no model") << QByteArray(R"({"instructions":"hi"})") << QStringLiteral("invalid_value")
                              << QStringLiteral("session.model");
}

void TestLiveSim::startViolationsAreRefused()
{
    QFETCH(QByteArray, session);
    QFETCH(QString, code);
    QFETCH(QString, param);
    Client c;
    c.ws.open(m_sim.liveUrl(), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(c.ws.isOpen());
    c.ws.sendText({R"({"type":"session.start","event_id":"s1","session":)", session, "}"});
    QTRY_COMPARE(c.types().value(0), QStringLiteral("error"));
    const QJsonObject error = errorOf(c.events.first());
    QCOMPARE(error.value(QLatin1String("code")).toString(), code);
    QCOMPARE(error.value(QLatin1String("param")).toString(), param);
    QCOMPARE(error.value(QLatin1String("client_event_id")).toString(), QStringLiteral("s1"));
    // Not started: audio is still refused.
    c.sendSilence(20);
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    QCOMPARE(errorOf(c.events.value(1)).value(QLatin1String("code")).toString(), QStringLiteral("session_not_started"));
}

void TestLiveSim::appendsAreAckedAndCommentaryIsSpoken()
{
    Client c;
    start(c);
    // Instructions: acked with times on the session's timeline, not said.
    c.sendSilence(200);
    c.ws.sendText(R"({"type":"session.instructions.append","event_id":"i1","content":"Be brief.","delegation_id":null})");
    QTRY_COMPARE(c.of("session.instructions.appended").size(), 1);
    const QJsonObject ack = c.of("session.instructions.appended").first();
    QCOMPARE(ack.value(QLatin1String("client_event_id")).toString(), QStringLiteral("i1"));
    QCOMPARE(ack.value(QLatin1String("start_ms")).toInt(), 200);
    QVERIFY(ack.value(QLatin1String("end_ms")).toInt() > 200);
    QTest::qWait(200);
    QVERIFY(c.of("session.output_audio.delta").isEmpty());
    // delegation_id is required, even when null.
    c.ws.sendText(R"({"type":"session.thinking.append","event_id":"t1","content":"A fact."})");
    QTRY_COMPARE(c.of("error").size(), 1);
    QCOMPARE(errorOf(c.of("error").first()).value(QLatin1String("param")).toString(), QStringLiteral("delegation_id"));
    // Commentary is said aloud: audio with nothing but the audio, and its words.
    c.ws.sendText(R"({"type":"session.commentary.append","event_id":"c1","content":"Greet the caller.","delegation_id":null})");
    QTRY_VERIFY(c.of("session.output_audio.delta").size() >= 3);
    const QJsonObject delta = c.of("session.output_audio.delta").first();
    QCOMPARE(delta.keys(), QStringList({QStringLiteral("delta"), QStringLiteral("type")}));
    const QByteArray audio = QByteArray::fromBase64(delta.value(QLatin1String("delta")).toString().toLatin1());
    QVERIFY(clip("assistant_greeting").ulaw.startsWith(audio));
    QTRY_VERIFY(!c.of("session.output_transcript.delta").isEmpty());
    // About real time: 3 deltas of 100 ms take at least 200 ms to come.
    QElapsedTimer t;
    t.start();
    const qsizetype before = c.of("session.output_audio.delta").size();
    QTRY_VERIFY(c.of("session.output_audio.delta").size() >= before + 3);
    QVERIFY2(t.elapsed() >= 180, qPrintable(QString::number(t.elapsed())));
}

void TestLiveSim::callerWordsStreamAndTheModelYields()
{
    Client c;
    start(c);
    c.ws.sendText(R"({"type":"session.commentary.append","content":"Greet the caller.","delegation_id":null})");
    QTRY_VERIFY(!c.of("session.output_audio.delta").isEmpty());
    // The caller talks over it: the model stops (no cancel needed), and their words come as heard.
    c.sendAudio(clip("caller_more").ulaw);
    QTest::qWait(300);
    const qsizetype deltas = c.of("session.output_audio.delta").size();
    QTest::qWait(400);
    QCOMPARE(c.of("session.output_audio.delta").size(), deltas);
    QCOMPARE(m_sim.record().responsesCancelled, 1);
    QVERIFY(c.of("session.input_transcript.delta").size() >= 2); // word by word while they talk
    // It answers once the caller has stopped.
    c.sendSilence(600);
    QTRY_VERIFY(c.of("session.output_audio.delta").size() > deltas);
    const QList<QJsonObject> words = c.of("session.input_transcript.delta");
    QString said;
    qint64 lastEnd = -1;
    for (const QJsonObject &w : words) {
        said += w.value(QLatin1String("delta")).toString();
        const qint64 startMs = qint64(w.value(QLatin1String("start_ms")).toDouble());
        const qint64 endMs = qint64(w.value(QLatin1String("end_ms")).toDouble());
        QVERIFY(startMs <= endMs);
        QVERIFY(endMs >= lastEnd);
        lastEnd = endMs;
    }
    QCOMPARE(said, clip("caller_more").text);
    // Times on the audio's timeline: the words end where the clip ends (give or take the quiet
    // start the simulator's speech detection skips).
    QVERIFY2(lastEnd >= clip("caller_more").durationMs() - 100 && lastEnd <= clip("caller_more").durationMs() + 100,
             qPrintable(QStringLiteral("%1 of %2").arg(lastEnd).arg(clip("caller_more").durationMs())));
}

void TestLiveSim::toolsGoThroughTheBackend()
{
    Client c;
    start(c);
    c.sendAudio(clip("caller_bye").ulaw);
    c.sendSilence(600);
    QTRY_COMPARE(c.of("session.delegation.created").size(), 1);
    QTRY_COMPARE(c.of("response.event").size(), 3);
    QJsonObject call;
    for (const QJsonObject &e : c.of("response.event")) {
        const QJsonObject inner = e.value(QLatin1String("event")).toObject();
        if (inner.value(QLatin1String("type")).toString() == QLatin1String("response.output_item.done"))
            call = inner.value(QLatin1String("item")).toObject();
    }
    QCOMPARE(call.value(QLatin1String("type")).toString(), QStringLiteral("function_call"));
    QCOMPARE(call.value(QLatin1String("name")).toString(), QStringLiteral("end_call"));
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    // A result for a call that was never made is refused.
    c.ws.sendText(R"({"type":"response.item.create","item":{"type":"function_call_output","call_id":"call_nope","output":"{}"}})");
    QTRY_COMPARE(c.of("error").size(), 1);
    // The right one, then response.create: the backend goes on, and the voice says goodbye.
    const qsizetype deltas = c.of("session.output_audio.delta").size();
    c.ws.sendText(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("response.item.create")},
                                            {QStringLiteral("item"),
                                             QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                                         {QStringLiteral("call_id"), call.value(QLatin1String("call_id"))},
                                                         {QStringLiteral("output"), QStringLiteral("{\"ok\":true}")}}}})
                      .toJson(QJsonDocument::Compact));
    c.ws.sendText(R"({"type":"response.create"})");
    QTRY_VERIFY(c.of("session.output_audio.delta").size() > deltas);
    const QByteArray first =
        QByteArray::fromBase64(c.of("session.output_audio.delta").value(deltas).value(QLatin1String("delta")).toString().toLatin1());
    QVERIFY(clip("assistant_bye").ulaw.startsWith(first));
    QCOMPARE(c.of("error").size(), 1);
}

void TestLiveSim::closeIsConfirmed()
{
    Client c;
    start(c);
    c.sendSilence(1000);
    c.ws.sendText(R"({"type":"session.close"})");
    QTRY_COMPARE(c.of("session.closed").size(), 1);
    const QJsonObject closed = c.of("session.closed").first();
    QCOMPARE(closed.value(QLatin1String("reason")).toString(), QStringLiteral("close_requested"));
    QCOMPARE(closed.value(QLatin1String("usage")).toObject().value(QLatin1String("seconds")).toDouble(), 1.0);
    QTRY_VERIFY(!c.ws.isOpen());
}

void TestLiveSim::sessionEndsAtItsTimeLimit()
{
    sim::RealtimeSimOptions options = sim::RealtimeSimServer::defaultOptions();
    options.sessionLifetimeMs = 300;
    sim::RealtimeSimServer sim(options);
    QVERIFY(sim.listen().ok());
    Client c;
    c.ws.open(sim.liveUrl(), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(c.ws.isOpen());
    c.ws.sendText(openai::LiveClient::sessionStart(gatewayOptions(), {}));
    QTRY_COMPARE(c.of("session.closed").size(), 1);
    QCOMPARE(c.of("session.closed").first().value(QLatin1String("reason")).toString(), QStringLiteral("expired"));
    QTRY_VERIFY(!c.ws.isOpen());
}

void TestLiveSim::open(Session &s, const sim::RealtimeSimServer &sim)
{
    openai::LiveClient::Options o = gatewayOptions();
    o.url = sim.liveUrl();
    o.apiKey = QStringLiteral("sk-test");
    s.client = std::make_unique<openai::LiveClient>(o);
    s.client->onEvent = [&s](const openai::ServerEvent &e) { s.events << e; };
    s.client->onAudioDelta = [&s](const openai::AudioDeltaView &) { ++s.audio; };
    s.client->connectToService();
    QTRY_VERIFY(s.client->isReady());
}

void TestLiveSim::clientSeesTheModelYield()
{
    // The caller talks over the greeting and the model stops: the client says the caller started
    // speaking and ends the reply cut; once the model answers, the caller's turn ends with its
    // words and how long ago they stopped.
    using T = openai::ServerEvent::Type;
    Session s;
    open(s, m_sim);
    s.client->askReply(QStringLiteral("Greet the caller."));
    QTRY_VERIFY(s.audio >= 5);
    s.speak(clip("caller_more").ulaw);
    QTRY_VERIFY(s.types().contains(T::SpeechStarted));
    QVERIFY(s.types().indexOf(T::ResponseCreated) < s.types().indexOf(T::SpeechStarted));
    QTRY_VERIFY(s.types().contains(T::ResponseDone));
    const auto done = s.events.at(s.types().indexOf(T::ResponseDone));
    QCOMPARE(done.status, QByteArray("cancelled"));
    s.speak(QByteArray(600 * 8, char(0xFF))); // the caller stops; the model answers
    QTRY_VERIFY(s.types().contains(T::InputTranscriptCompleted));
    const auto stopped = s.events.at(s.types().indexOf(T::SpeechStopped));
    QVERIFY(stopped.sinceMs >= 500); // the 600 ms of silence, less the model's answer time
    QCOMPARE(s.events.at(s.types().indexOf(T::InputTranscriptCompleted)).text, clip("caller_more").text);
}

void TestLiveSim::clientCutsNothingTheModelTalksThrough()
{
    // A model that talks through the caller's words (a backchannel, or an overlap it chose): no
    // speech_started, the reply ends whole.
    using T = openai::ServerEvent::Type;
    sim::RealtimeSimOptions options = sim::RealtimeSimServer::defaultOptions();
    options.liveYieldAfterMs = 60000;
    sim::RealtimeSimServer sim(options);
    QVERIFY(sim.listen().ok());
    Session s;
    open(s, sim);
    s.client->askReply(QStringLiteral("Greet the caller."));
    QTRY_VERIFY(s.audio >= 5);
    s.speak(clip("caller_more").ulaw);
    s.speak(QByteArray(600 * 8, char(0xFF)));
    QTRY_VERIFY_WITH_TIMEOUT(s.types().contains(T::ResponseDone), 10000);
    QVERIFY(!s.types().contains(T::SpeechStarted));
    QCOMPARE(s.events.at(s.types().indexOf(T::ResponseDone)).status, QByteArray("completed"));
    QVERIFY(s.types().contains(T::AudioTranscriptDone));
    QCOMPARE(s.events.at(s.types().indexOf(T::AudioTranscriptDone)).text, clip("assistant_greeting").text);
}

void TestLiveSim::nextSessionReusesNoId()
{
    // A call's next session (after a drop) must not name its replies as the last one did: the
    // bridge drops the audio of a reply it cancelled, by id.
    using T = openai::ServerEvent::Type;
    Session first, next;
    open(first, m_sim);
    open(next, m_sim);
    first.client->askReply(QStringLiteral("Greet the caller."));
    next.client->askReply(QStringLiteral("Greet the caller."));
    const auto created = [](const Session &s) { return s.events.at(s.types().indexOf(T::ResponseCreated)).responseId; };
    QVERIFY(first.types().contains(T::ResponseCreated) && next.types().contains(T::ResponseCreated));
    QVERIFY(created(first) != created(next));
}

QTEST_GUILESS_MAIN(TestLiveSim)
#include "tst_live_sim.moc"
