// The simulated OpenAI Realtime service answers like the real one where our tests rely on it:
// GA only (a beta header gets beta_api_shape_disabled and close 4000), a key is required, events
// come in the documented order, a client event that breaks the published schema (or names a
// session field it does not know) gets an `error` naming what is wrong, and the models endpoint
// says which models are offered and until when.

#include "SimClient.h"
#include "audio/G711.h"
#include "net/WsConnection.h"
#include "openai/ModelStatus.h"
#include "openai/RealtimeEvents.h"
#include "openai/Transcriber.h"
#include "sim/ClipLibrary.h"
#include "sim/RealtimeSim.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace callgate;

namespace {

using Client = testing::SimClient;

QUrl withModel(QUrl url, const QString &model = QStringLiteral("gpt-realtime-2.1"))
{
    url.setQuery(QStringLiteral("model=") + model);
    return url;
}

QJsonObject errorOf(const QJsonObject &event) { return event.value(QLatin1String("error")).toObject(); }

} // namespace

class TestRealtimeSim : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_sim.listen().ok()); }
    void sessionCreatedThenUpdated();
    void schemaViolationsGetAnError_data();
    void schemaViolationsGetAnError();
    void betaHeaderIsRefused();
    void keyIsRequired();
    void cancelWithoutResponseIsAnError();
    void gatewaySessionIsAccepted_data();
    void gatewaySessionIsAccepted();
    void unknownSessionFieldIsRefused_data();
    void unknownSessionFieldIsRefused();
    void reasoningOnAnEarlierModelIsRefused();
    void modelsEndpointSaysWhatIsOffered();
    void transcriptionEndpointWritesDownWhatItKnows();
    void sessionForAModelPastItsDateIsRefused();
    void unknownResponseOrItemFieldIsRefused_data();
    void unknownResponseOrItemFieldIsRefused();
    void faultsEndSessionsAsTheServiceDoes_data();
    void faultsEndSessionsAsTheServiceDoes();
    void stalledSessionAnswersNoPing();
    void sessionEndsAtItsTimeLimit();
    void rateLimitedResponseFails();
    void refusedHandshakeSaysItsStatus();
    void audioIsHeardInTheSessionsFormat();

private:
    sim::RealtimeSimServer m_sim;
};

void TestRealtimeSim::sessionCreatedThenUpdated()
{
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_COMPARE(c.types().value(0), QStringLiteral("session.created"));
    c.ws.sendText("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":\"marin\",\"format\":{"
                  "\"type\":\"audio/pcmu\"}}}}}");
    QTRY_COMPARE(c.types().value(1), QStringLiteral("session.updated"));
    const QJsonObject session = c.events.value(1).value(QLatin1String("session")).toObject();
    QCOMPARE(
        session.value(QLatin1String("audio")).toObject().value(QLatin1String("output")).toObject().value(QLatin1String("voice")).toString(),
        QStringLiteral("marin"));
}

void TestRealtimeSim::schemaViolationsGetAnError_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("truncate with a string offset")
        << QByteArray("{\"type\":\"conversation.item.truncate\",\"item_id\":\"x\",\"content_index\":0,\"audio_end_ms\":\"12\"}")
        << QStringLiteral("audio_end_ms");
    QTest::newRow("append without audio") << QByteArray("{\"type\":\"input_audio_buffer.append\"}") << QStringLiteral("audio");
    QTest::newRow("unknown event type") << QByteArray("{\"type\":\"response.make_it_so\"}") << QStringLiteral("response.make_it_so");
    QTest::newRow("no type") << QByteArray("{\"audio\":\"AAAA\"}") << QStringLiteral("type");
    QTest::newRow("bad voice") << QByteArray(
        "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":42}}}}")
                               << QStringLiteral("voice");
}

void TestRealtimeSim::schemaViolationsGetAnError()
{
    QFETCH(QByteArray, event);
    QFETCH(QString, mentions);
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    c.ws.sendText(event);
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    const QJsonObject error = c.events.value(1).value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(mentions),
             qPrintable(error.value(QLatin1String("message")).toString()));
    QVERIFY(c.ws.isOpen()); // errors are recoverable; the socket stays open
}

void TestRealtimeSim::betaHeaderIsRefused()
{
    Client c;
    QSignalSpy closed(&c.ws, &net::WsConnection::closed);
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}, {"OpenAI-Beta", "realtime=v1"}});
    QVERIFY(closed.wait(5000));
    QCOMPARE(closed.first().at(0).value<quint16>(), quint16(4000));
    QVERIFY(c.types().contains(QStringLiteral("error")));
}

void TestRealtimeSim::keyIsRequired()
{
    Client c;
    QSignalSpy failed(&c.ws, &net::WsConnection::failed);
    c.ws.open(withModel(m_sim.url()));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("401")), qPrintable(failed.first().at(0).toString()));
}

void TestRealtimeSim::cancelWithoutResponseIsAnError()
{
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    c.ws.sendText("{\"type\":\"response.cancel\"}");
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    QCOMPARE(c.events.value(1).value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("response_cancel_not_active"));
}

void TestRealtimeSim::gatewaySessionIsAccepted_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("transcription");
    QTest::addColumn<bool>("reasoning");
    QTest::newRow("gpt-realtime-2.1") << "gpt-realtime-2.1"
                                      << "gpt-transcribe" << true;
    QTest::newRow("gpt-realtime-2.1-mini") << "gpt-realtime-2.1-mini"
                                           << "gpt-live-transcribe" << true;
    QTest::newRow("gpt-realtime-1.5 (no reasoning)") << "gpt-realtime-1.5"
                                                     << "gpt-4o-mini-transcribe" << false;
}

void TestRealtimeSim::gatewaySessionIsAccepted()
{
    // The gateway's own session.update, as MediaBridge builds it, passes the strict check.
    QFETCH(QString, model);
    QFETCH(QString, transcription);
    QFETCH(bool, reasoning);
    Client c;
    c.ws.open(withModel(m_sim.url(), model), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    QCOMPARE(c.events.first().value(QLatin1String("session")).toObject().value(QLatin1String("model")).toString(), model);
    openai::SessionSettings s;
    s.model = model;
    s.voice = QStringLiteral("marin");
    s.instructions = QStringLiteral("You answer the phone.");
    s.reasoningEffort = QStringLiteral("minimal");
    s.transcriptionModel = transcription;
    s.language = QStringLiteral("en");
    s.tools = openai::gatewayTools();
    c.ws.sendText(openai::sessionUpdate(s));
    QTRY_COMPARE(c.events.size(), 2);
    QVERIFY2(c.types().value(1) == QLatin1String("session.updated"),
             qPrintable(errorOf(c.events.value(1)).value(QLatin1String("message")).toString()));
    const QJsonObject session = c.events.value(1).value(QLatin1String("session")).toObject();
    QCOMPARE(session.contains(QLatin1String("reasoning")), reasoning);
    if (reasoning)
        QCOMPARE(session.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort")).toString(), QStringLiteral("minimal"));
}

void TestRealtimeSim::unknownSessionFieldIsRefused_data()
{
    QTest::addColumn<QByteArray>("session");
    QTest::addColumn<QString>("param");
    QTest::newRow("beta-era temperature") << QByteArray(R"({"type":"realtime","temperature":0.8})")
                                          << QStringLiteral("session.temperature");
    QTest::newRow("beta-era voice at the top") << QByteArray(R"({"type":"realtime","voice":"marin"})") << QStringLiteral("session.voice");
    QTest::newRow("nested") << QByteArray(R"({"type":"realtime","audio":{"input":{"format":{"type":"audio/pcmu"},"gain":2}}})")
                            << QStringLiteral("session.audio.input.gain");
    QTest::newRow("in reasoning") << QByteArray(R"({"type":"realtime","reasoning":{"effort":"low","budget":100}})")
                                  << QStringLiteral("session.reasoning.budget");
}

void TestRealtimeSim::unknownSessionFieldIsRefused()
{
    QFETCH(QByteArray, session);
    QFETCH(QString, param);
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    c.ws.sendText(QByteArray(QByteArray(R"({"type":"session.update","event_id":"e1","session":)") + session + "}"));
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    const QJsonObject error = errorOf(c.events.value(1));
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("unknown_parameter"));
    QCOMPARE(error.value(QLatin1String("message")).toString(), QStringLiteral("Unknown parameter: '%1'.").arg(param));
    QCOMPARE(error.value(QLatin1String("event_id")).toString(), QStringLiteral("e1"));
    QVERIFY(c.ws.isOpen());
}

void TestRealtimeSim::reasoningOnAnEarlierModelIsRefused()
{
    Client c;
    c.ws.open(withModel(m_sim.url(), QStringLiteral("gpt-realtime-1.5")), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    c.ws.sendText(R"({"type":"session.update","session":{"type":"realtime","reasoning":{"effort":"low"}}})");
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    QCOMPARE(errorOf(c.events.value(1)).value(QLatin1String("code")).toString(), QStringLiteral("unsupported_parameter"));
    // A bad effort is a schema error on any model.
    c.ws.sendText(R"({"type":"session.update","session":{"type":"realtime","reasoning":{"effort":"maximal"}}})");
    QTRY_COMPARE(c.types().value(2), QStringLiteral("error"));
    QVERIFY(errorOf(c.events.value(2)).value(QLatin1String("message")).toString().contains(QLatin1String("effort")));
}

void TestRealtimeSim::transcriptionEndpointWritesDownWhatItKnows()
{
    // POST /v1/audio/transcriptions as the gateway's Transcriber sends it: a clip it knows comes
    // back as its words, noise as nothing; a wrong key, an unknown model, a file that is not a WAV
    // and a failing service each come back as the service says so.
    sim::RealtimeSimOptions o = sim::RealtimeSimServer::defaultOptions();
    o.requiredKey = "sk-right";
    sim::RealtimeSimServer sim(o);
    QVERIFY(sim.listen().ok());
    const QUrl endpoint = openai::transcriptionUrl(sim.url());
    QCOMPARE(endpoint.path(), QStringLiteral("/v1/audio/transcriptions"));
    QCOMPARE(endpoint.scheme(), QStringLiteral("http"));
    const sim::Clip *clip = sim::ClipLibrary::instance().find(QStringLiteral("assistant_status"));
    QVERIFY(clip);
    QByteArray pcm;
    for (char b : clip->ulaw) {
        const qint16 v = audio::ulawToLinear(uint8_t(b));
        pcm.append(reinterpret_cast<const char *>(&v), 2);
    }
    const auto run = [&](openai::Transcriber &t, const QByteArray &audio) -> Result<QString> {
        std::optional<Result<QString>> got;
        t.transcribe(audio, QStringLiteral("en"), [&](Result<QString> r) { got.emplace(std::move(r)); });
        if (!QTest::qWaitFor([&] { return got.has_value(); }, 5000))
            return Error{QStringLiteral("no answer")};
        return *got;
    };
    openai::Transcriber right(endpoint, QStringLiteral("sk-right"), QStringLiteral("gpt-transcribe"), 5000);
    const Result<QString> words = run(right, pcm);
    QVERIFY2(words.ok(), qPrintable(words.error()));
    QCOMPARE(words.value(), clip->text);
    QCOMPARE(sim.record().transcriptions.last().model, QStringLiteral("gpt-transcribe"));
    QCOMPARE(sim.record().transcriptions.last().language, QStringLiteral("en"));
    QByteArray noise(16000, Qt::Uninitialized);
    for (qsizetype i = 0; i < noise.size(); i += 2) {
        const auto v = qint16(QRandomGenerator::global()->bounded(-3000, 3000));
        std::memcpy(noise.data() + i, &v, 2);
    }
    QCOMPARE(run(right, noise).value(), QString());

    openai::Transcriber wrongKey(endpoint, QStringLiteral("sk-wrong"), QStringLiteral("gpt-transcribe"), 5000);
    QVERIFY(run(wrongKey, pcm).error().contains(QLatin1String("401")));
    openai::Transcriber wrongModel(endpoint, QStringLiteral("sk-right"), QStringLiteral("no-such-model"), 5000);
    const Result<QString> unknown = run(wrongModel, pcm);
    QVERIFY(unknown.error().contains(QLatin1String("404")) && unknown.error().contains(QLatin1String("no-such-model")));
    // Not a WAV at all.
    QNetworkAccessManager network;
    QNetworkRequest request(endpoint);
    request.setRawHeader("Authorization", "Bearer sk-right");
    request.setRawHeader("Content-Type", "multipart/form-data; boundary=xyz");
    QNetworkReply *reply = network.post(request,
                                        QByteArray("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-transcribe\r\n"
                                                   "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n"
                                                   "not audio\r\n--xyz--\r\n"));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    QVERIFY(reply->readAll().contains("Invalid file format"));
    delete reply;
    // The service failing.
    sim::RealtimeSimOptions failing = o;
    failing.transcriptionStatus = 500;
    sim::RealtimeSimServer down(failing);
    QVERIFY(down.listen().ok());
    openai::Transcriber toDown(openai::transcriptionUrl(down.url()), QStringLiteral("sk-right"), QStringLiteral("gpt-transcribe"), 5000);
    QVERIFY(run(toDown, pcm).error().contains(QLatin1String("500")));
}

void TestRealtimeSim::modelsEndpointSaysWhatIsOffered()
{
    const QDate today = QDate::currentDate();
    sim::RealtimeSimOptions o = sim::RealtimeSimServer::defaultOptions();
    o.requiredKey = "sk-right";
    o.models = {{QStringLiteral("model-current"), QString()},
                {QStringLiteral("model-going"), today.addDays(40).toString(Qt::ISODate)},
                {QStringLiteral("model-gone"), today.toString(Qt::ISODate)}};
    sim::RealtimeSimServer sim(o);
    QVERIFY(sim.listen().ok());

    openai::ModelCheck check(sim.url(), QStringLiteral("sk-right"));
    QList<openai::ModelStatus> got;
    check.check({{QStringLiteral("A"), QStringLiteral("model-current")},
                 {QStringLiteral("B"), QStringLiteral("model-going")},
                 {QStringLiteral("C"), QStringLiteral("model-gone")},
                 {QStringLiteral("D"), QStringLiteral("model-never")}},
                [&](QList<openai::ModelStatus> m) { got = m; });
    QTRY_COMPARE(got.size(), 4);
    using S = openai::ModelStatus::State;
    QCOMPARE(got[0].state, S::Current);
    QCOMPARE(got[1].state, S::ShuttingDown);
    QCOMPARE(got[1].shutdownDate, today.addDays(40));
    QCOMPARE(got[2].state, S::Gone);
    QCOMPARE(got[3].state, S::Gone);
    QCOMPARE(got[3].setting, QStringLiteral("D"));
    QCOMPARE(sim.record().modelsAsked,
             QStringList({QStringLiteral("model-current"), QStringLiteral("model-going"), QStringLiteral("model-gone"),
                          QStringLiteral("model-never")}));

    openai::ModelCheck wrongKey(sim.url(), QStringLiteral("sk-wrong"));
    got.clear();
    wrongKey.check({{QStringLiteral("A"), QStringLiteral("model-current")}}, [&](QList<openai::ModelStatus> m) { got = m; });
    QTRY_COMPARE(got.size(), 1);
    QCOMPARE(got[0].state, S::KeyRefused);
    QVERIFY(!got[0].fatalError().isEmpty());

    // Nobody answers: the state is unknown (the gateway goes on), and says why.
    QUrl nowhere = sim.url();
    nowhere.setPort(1);
    openai::ModelCheck unreachable(nowhere, QStringLiteral("sk-right"));
    got.clear();
    unreachable.check({{QStringLiteral("A"), QStringLiteral("model-current")}}, [&](QList<openai::ModelStatus> m) { got = m; });
    QTRY_COMPARE(got.size(), 1);
    QCOMPARE(got[0].state, S::Unknown);
    QVERIFY(got[0].fatalError().isEmpty());
    QVERIFY(!got[0].detail.isEmpty());
}

void TestRealtimeSim::sessionForAModelPastItsDateIsRefused()
{
    sim::RealtimeSimOptions o = sim::RealtimeSimServer::defaultOptions();
    o.models = {{QStringLiteral("model-gone"), QDate::currentDate().addDays(-1).toString(Qt::ISODate)}};
    sim::RealtimeSimServer sim(o);
    QVERIFY(sim.listen().ok());
    Client c;
    QSignalSpy closed(&c.ws, &net::WsConnection::closed);
    c.ws.open(withModel(sim.url(), QStringLiteral("model-gone")), {{"Authorization", "Bearer sk-test"}});
    QVERIFY(closed.wait(5000));
    QCOMPARE(closed.first().at(0).value<quint16>(), quint16(1008));
    QCOMPARE(c.types(), QStringList{QStringLiteral("error")});
    QCOMPARE(errorOf(c.events.first()).value(QLatin1String("code")).toString(), QStringLiteral("model_not_found"));
    QCOMPARE(sim.liveSessions(), 0);
}

void TestRealtimeSim::unknownResponseOrItemFieldIsRefused_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("param");
    QTest::newRow("response") << QByteArray(R"({"type":"response.create","response":{"instructions":"hi","temperature":0.8}})")
                              << QStringLiteral("response.temperature");
    QTest::newRow("item") << QByteArray(
        R"({"type":"conversation.item.create","item":{"type":"message","role":"user","priority":1,"content":[{"type":"input_text","text":"hi"}]}})")
                          << QStringLiteral("item.priority");
    QTest::newRow("content part") << QByteArray(
        R"({"type":"conversation.item.create","item":{"type":"message","role":"system","content":[{"type":"input_text","text":"hi","lang":"en"}]}})")
                                  << QStringLiteral("lang");
}

void TestRealtimeSim::unknownResponseOrItemFieldIsRefused()
{
    QFETCH(QByteArray, event);
    QFETCH(QString, param);
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    c.ws.sendText(event);
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    const QJsonObject error = errorOf(c.events.value(1));
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(param),
             qPrintable(error.value(QLatin1String("message")).toString()));
    // What the gateway itself sends passes.
    c.ws.sendText(openai::systemMessage(QStringLiteral("note")));
    c.ws.sendText(openai::assistantTextMessage(QStringLiteral("said")));
    c.ws.sendText(openai::responseCreate(QStringLiteral("say hi")));
    QTRY_VERIFY(c.types().contains(QLatin1String("response.created")));
    QCOMPARE(c.types().count(QLatin1String("error")), 1);
}

void TestRealtimeSim::faultsEndSessionsAsTheServiceDoes_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("errorCode");
    QTest::newRow("abort") << int(sim::RealtimeFault::Abort) << 1006 << QString() << QString();
    QTest::newRow("1011") << int(sim::RealtimeFault::Close1011) << 1011 << QString() << QString();
    QTest::newRow("server error") << int(sim::RealtimeFault::ServerError) << 1011 << QStringLiteral("server_error")
                                  << QStringLiteral("server_error");
    QTest::newRow("quota") << int(sim::RealtimeFault::QuotaExceeded) << 1008 << QStringLiteral("insufficient_quota")
                           << QStringLiteral("insufficient_quota");
    QTest::newRow("expired") << int(sim::RealtimeFault::SessionExpired) << 1001 << QStringLiteral("invalid_request_error")
                             << QStringLiteral("session_expired");
    QTest::newRow("invalid request: the session goes on")
        << int(sim::RealtimeFault::InvalidRequest) << 0 << QStringLiteral("invalid_request_error") << QStringLiteral("invalid_value");
    QTest::newRow("unknown event: the session goes on") << int(sim::RealtimeFault::UnknownEvent) << 0 << QString() << QString();
}

void TestRealtimeSim::faultsEndSessionsAsTheServiceDoes()
{
    QFETCH(int, fault);
    QFETCH(int, closeCode);
    QFETCH(QString, errorType);
    QFETCH(QString, errorCode);
    sim::RealtimeSimServer sim;
    QVERIFY(sim.listen().ok());
    Client c;
    QSignalSpy closed(&c.ws, &net::WsConnection::closed);
    c.ws.open(withModel(sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    QVERIFY(sim.inject(sim::RealtimeFault(fault)));
    QCOMPARE(sim::endsSession(sim::RealtimeFault(fault)), closeCode != 0);
    if (closeCode != 0) {
        QVERIFY(closed.wait(3000));
        QCOMPARE(closed.first().first().toInt(), closeCode);
    } else {
        QTRY_COMPARE(c.events.size(), 2);
        QVERIFY(c.ws.isOpen());
    }
    if (!errorType.isEmpty()) {
        QCOMPARE(c.types().value(1), QStringLiteral("error"));
        QCOMPARE(errorOf(c.events.value(1)).value(QLatin1String("type")).toString(), errorType);
        QCOMPARE(errorOf(c.events.value(1)).value(QLatin1String("code")).toString(), errorCode);
    }
    if (sim::RealtimeFault(fault) == sim::RealtimeFault::UnknownEvent)
        QVERIFY(c.types().value(1).startsWith(QLatin1String("response.output_hologram")));
    QCOMPARE(sim.record().faults.size(), 1);
}

void TestRealtimeSim::stalledSessionAnswersNoPing()
{
    sim::RealtimeSimServer sim;
    QVERIFY(sim.listen().ok());
    net::WsOptions options;
    options.pingIntervalMs = 100;
    options.idleTimeoutMs = 350;
    net::WsConnection ws(options);
    QSignalSpy closed(&ws, &net::WsConnection::closed);
    ws.open(withModel(sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(ws.isOpen());
    QTest::qWait(600); // pongs keep an idle session alive
    QVERIFY(ws.isOpen());
    QVERIFY(sim.inject(sim::RealtimeFault::Stall));
    QVERIFY(closed.wait(2000));
    QCOMPARE(closed.first().first().toInt(), 1001); // the client's own idle timeout
}

void TestRealtimeSim::sessionEndsAtItsTimeLimit()
{
    sim::RealtimeSimOptions o = sim::RealtimeSimServer::defaultOptions();
    o.sessionLifetimeMs = 2500;
    sim::RealtimeSimServer sim(o);
    QVERIFY(sim.listen().ok());
    Client c;
    QSignalSpy closed(&c.ws, &net::WsConnection::closed);
    const qint64 opened = QDateTime::currentSecsSinceEpoch();
    c.ws.open(withModel(sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    const qint64 expiresAt =
        qint64(c.events.first().value(QLatin1String("session")).toObject().value(QLatin1String("expires_at")).toDouble());
    QVERIFY(expiresAt >= opened + 1 && expiresAt <= opened + 3);
    QVERIFY(closed.wait(4000));
    QCOMPARE(closed.first().first().toInt(), 1001);
    QCOMPARE(errorOf(c.events.last()).value(QLatin1String("code")).toString(), QStringLiteral("session_expired"));
}

void TestRealtimeSim::rateLimitedResponseFails()
{
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    QVERIFY(m_sim.inject(sim::RealtimeFault::RateLimited));
    c.ws.sendText(openai::responseCreate(QStringLiteral("say hi")));
    QTRY_VERIFY(c.types().contains(QLatin1String("response.done")));
    const QStringList types = c.types();
    QCOMPARE(types.indexOf(QLatin1String("rate_limits.updated")), types.indexOf(QLatin1String("response.created")) + 1);
    const QJsonObject response = c.events.last().value(QLatin1String("response")).toObject();
    QCOMPARE(response.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    const openai::ServerEvent parsed = openai::parseServerEvent(QJsonDocument(c.events.last()).toJson(QJsonDocument::Compact));
    QCOMPARE(parsed.errorCode, QByteArray("rate_limit_exceeded"));
    // Only that one: the next response is spoken.
    c.events.clear();
    c.ws.sendText(openai::responseCreate(QStringLiteral("say hi")));
    QTRY_VERIFY(c.types().contains(QLatin1String("response.output_audio.delta")));
}

void TestRealtimeSim::refusedHandshakeSaysItsStatus()
{
    sim::RealtimeSimServer sim;
    QVERIFY(sim.listen().ok());
    sim.refuseHandshakes(401, 1);
    net::WsConnection refused{net::WsOptions{}};
    QSignalSpy failed(&refused, &net::WsConnection::closed);
    refused.open(withModel(sim.url()), {{"Authorization", "Bearer sk-test"}});
    QVERIFY(failed.wait(3000));
    QCOMPARE(refused.handshakeStatus(), 401);
    Client c; // only the one
    c.ws.open(withModel(sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    QCOMPARE(c.ws.handshakeStatus(), 0);
    QCOMPARE(sim.record().handshakesRefused, 1);
}

void TestRealtimeSim::audioIsHeardInTheSessionsFormat()
{
    // μ-law sent before the session says audio/pcmu is taken for 24 kHz PCM: noise, not words.
    const sim::Clip *clip = sim::ClipLibrary::instance().find(QStringLiteral("caller_order"));
    QVERIFY(clip);
    const QByteArray silence(8000, char(0xFF));
    const auto speak = [&](Client &c) {
        for (const QByteArray &part : {clip->ulaw, silence})
            for (qsizetype at = 0; at < part.size(); at += 160)
                c.ws.sendText(QByteArray(R"({"type":"input_audio_buffer.append","audio":")" + part.mid(at, 160).toBase64() + "\"}"));
    };
    const auto heard = [](const Client &c) {
        for (const QJsonObject &e : c.events) {
            if (e.value(QLatin1String("type")).toString() == QLatin1String("conversation.item.input_audio_transcription.completed"))
                return e.value(QLatin1String("transcript")).toString();
        }
        return QString();
    };
    Client before;
    before.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!before.events.isEmpty());
    before.ws.sendText(
        R"({"type":"session.update","session":{"type":"realtime","audio":{"input":{"transcription":{"model":"gpt-transcribe"}}}}})");
    QTRY_VERIFY(before.types().contains(QLatin1String("session.updated")));
    speak(before);
    QTest::qWait(500);
    QVERIFY2(heard(before) != clip->text, qPrintable(heard(before)));

    Client after;
    after.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!after.events.isEmpty());
    after.ws.sendText(
        R"({"type":"session.update","session":{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcmu"},"transcription":{"model":"gpt-transcribe"}}}}})");
    QTRY_VERIFY(after.types().contains(QLatin1String("session.updated")));
    speak(after);
    QTRY_COMPARE(heard(after), clip->text);
}

QTEST_GUILESS_MAIN(TestRealtimeSim)
#include "tst_realtime_sim.moc"
