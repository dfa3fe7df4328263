// The gateway over real sockets on 127.0.0.1: signed webhooks get TwiML that points at a media
// stream built from PUBLIC_URL; unsigned or wrongly signed ones get 403; the same for the
// media-stream handshake; /health and /metrics answer, and /health warns of a model OpenAI is
// about to take away.

#include "RawHttp.h"
#include "TestGateway.h"

#include "gateway/GatewayShared.h"
#include "sim/RealtimeSim.h"
#include "twilio/RequestValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QXmlStreamReader>

using namespace callgate;
using namespace testing;

namespace {

struct StreamInfo {
    QString url;
    QHash<QString, QString> parameters;
};

StreamInfo parseStream(const QByteArray &twiml)
{
    StreamInfo s;
    QXmlStreamReader r(twiml);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == QLatin1String("Stream"))
            s.url = r.attributes().value(QLatin1String("url")).toString();
        if (r.isStartElement() && r.name() == QLatin1String("Parameter"))
            s.parameters.insert(r.attributes().value(QLatin1String("name")).toString(),
                                r.attributes().value(QLatin1String("value")).toString());
    }
    return r.hasError() ? StreamInfo{} : s;
}

QByteArray pathOf(const QString &url) { return QUrl(url).path().toLatin1(); }

} // namespace

class TestGatewayHttp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void signedIncomingCallGetsStreamTwiml();
    void unsignedIncomingCallIs403();
    void wronglySignedIncomingCallIs403();
    void signatureOverOtherUrlIs403();
    void signedHandshakeUpgrades();
    void unsignedHandshakeIs403();
    void wronglySignedHandshakeIs403();
    void unknownSessionHandshakeIsRefused();
    void secondStreamForSessionIsRefused();
    void sessionWhoseStreamNeverComesIsSwept();
    void health();
    void healthWarnsOfAModelShuttingDown();
    void metricsText();
    void metricsJson();
    void unknownPathAndMethod();
    void sessionIdsAreUnguessable();
    void connectionsSpreadOverWorkers();

private:
    QByteArray openSession();
    std::unique_ptr<Gateway> m_gateway;
    quint16 m_port = 0;
};

void TestGatewayHttp::initTestCase()
{
    m_gateway = startGateway(testConfig());
    m_port = m_gateway->port();
    QVERIFY(m_port > 0);
}

void TestGatewayHttp::cleanupTestCase() { m_gateway.reset(); }

QByteArray TestGatewayHttp::openSession() { return pathOf(parseStream(incomingCallThroughConsent(m_port, incomingCallForm())).url); }

void TestGatewayHttp::signedIncomingCallGetsStreamTwiml()
{
    // A mobile caller is asked for consent first; pressing 1 connects the stream.
    const RawResponse r = rawExchange(m_port, signedFormPost("/incoming-call", incomingCallForm()));
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/xml"));
    QVERIFY2(gatherActionPath(r.body).startsWith("/consent?state="), r.body.constData());
    const StreamInfo s = parseStream(incomingCallThroughConsent(m_port, incomingCallForm()));
    QVERIFY2(s.url.startsWith(QLatin1String("wss://gw.example.test/media-stream/")), qPrintable(s.url));
    QCOMPARE(s.parameters.value(QStringLiteral("callerNumber")), QStringLiteral("+14155550123"));
    QCOMPARE(s.parameters.value(QStringLiteral("callSid")), QStringLiteral("CA0123456789abcdef0123456789abcdef"));
    QVERIFY(m_gateway->shared().sessions.pendingCount() >= 1);
}

void TestGatewayHttp::unsignedIncomingCallIs403()
{
    const auto before = m_gateway->shared().metrics.rejected(RejectReason::SignatureMissing);
    const RawResponse r = rawExchange(
        m_port,
        buildRequest("POST", "/incoming-call", {{"Content-Type", "application/x-www-form-urlencoded"}}, encodeForm(incomingCallForm())));
    QCOMPARE(r.status, 403);
    QCOMPARE(m_gateway->shared().metrics.rejected(RejectReason::SignatureMissing), before + 1);
}

void TestGatewayHttp::wronglySignedIncomingCallIs403()
{
    const auto before = m_gateway->shared().metrics.rejected(RejectReason::SignatureMismatch);
    QCOMPARE(rawExchange(m_port, signedFormPost("/incoming-call", incomingCallForm(), "wrong-token")).status, 403);
    // A body changed after signing.
    QByteArray tampered = signedFormPost("/incoming-call", incomingCallForm());
    tampered.replace("%2B14155550123", "%2B14155550999");
    QCOMPARE(rawExchange(m_port, tampered).status, 403);
    QCOMPARE(m_gateway->shared().metrics.rejected(RejectReason::SignatureMismatch), before + 2);
}

void TestGatewayHttp::signatureOverOtherUrlIs403()
{
    // Signed for the local address instead of PUBLIC_URL: what a naive server would rebuild.
    const QString local = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
    QCOMPARE(rawExchange(m_port, signedFormPost("/incoming-call", incomingCallForm(), kAuthToken, local)).status, 403);
}

void TestGatewayHttp::signedHandshakeUpgrades()
{
    const QByteArray path = openSession();
    QVERIFY(!path.isEmpty());
    RawConnection c(m_port);
    c.send(signedUpgrade(path));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 101);
    QCOMPARE(r.header("upgrade").toLower(), QByteArray("websocket"));
    QTRY_COMPARE(m_gateway->shared().sessions.activeCount(), 1);
    // Closing the socket without `stop` ends the call and frees the session.
    c = RawConnection(m_port);
    QTRY_COMPARE(m_gateway->shared().sessions.activeCount(), 0);
}

void TestGatewayHttp::unsignedHandshakeIs403()
{
    const QByteArray path = openSession();
    QByteArray request = signedUpgrade(path);
    const qsizetype at = request.indexOf("X-Twilio-Signature");
    request.remove(at, request.indexOf("\r\n", at) + 2 - at);
    const RawResponse r = rawExchange(m_port, request);
    QCOMPARE(r.status, 403);
    QCOMPARE(m_gateway->shared().sessions.activeCount(), 0);
}

void TestGatewayHttp::wronglySignedHandshakeIs403()
{
    const QByteArray path = openSession();
    QCOMPARE(rawExchange(m_port, signedUpgrade(path, "wrong-token")).status, 403);
    // Signed for another session's path.
    const QByteArray other = openSession();
    QByteArray request = signedUpgrade(other);
    request.replace(other, path);
    QCOMPARE(rawExchange(m_port, request).status, 403);
}

void TestGatewayHttp::unknownSessionHandshakeIsRefused()
{
    const auto before = m_gateway->shared().metrics.rejected(RejectReason::UnknownSession);
    QCOMPARE(rawExchange(m_port, signedUpgrade("/media-stream/AAAAAAAAAAAAAAAAAAAAAA")).status, 404);
    QCOMPARE(m_gateway->shared().metrics.rejected(RejectReason::UnknownSession), before + 1);
}

void TestGatewayHttp::sessionWhoseStreamNeverComesIsSwept()
{
    // The webhook answered and reserved a call slot, but Twilio never opened the stream: after
    // SESSION_PENDING_TTL_SECONDS the gateway's sweep frees the slot and counts the call expired,
    // and a stream that turns up late is refused.
    Config config = testConfig();
    config.sessionPendingTtlSeconds = 1;
    const auto gateway = startGateway(config);
    const quint16 port = gateway->port();
    const QByteArray path = pathOf(parseStream(incomingCallThroughConsent(port, incomingCallForm())).url);
    QVERIFY(!path.isEmpty());
    QCOMPARE(gateway->shared().sessions.pendingCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(gateway->shared().metrics.calls(CallOutcome::Expired), quint64(1), 5000);
    QCOMPARE(gateway->shared().sessions.pendingCount(), 0);
    QCOMPARE(rawExchange(port, signedUpgrade(path)).status, 404);
}

void TestGatewayHttp::secondStreamForSessionIsRefused()
{
    const QByteArray path = openSession();
    RawConnection first(m_port);
    first.send(signedUpgrade(path));
    QCOMPARE(first.readResponse().status, 101);
    QTRY_COMPARE(m_gateway->shared().sessions.activeCount(), 1);
    QCOMPARE(rawExchange(m_port, signedUpgrade(path)).status, 409);
    first = RawConnection(m_port);
    QTRY_COMPARE(m_gateway->shared().sessions.activeCount(), 0);
}

void TestGatewayHttp::health()
{
    const RawResponse r = rawExchange(m_port, buildRequest("GET", "/health"));
    QCOMPARE(r.status, 200);
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QVERIFY(o.contains(QLatin1String("version")));
    QVERIFY(o.contains(QLatin1String("uptimeSeconds")));
    QVERIFY(o.value(QLatin1String("calls")).toObject().contains(QLatin1String("pending")));
    QVERIFY(o.value(QLatin1String("calls")).toObject().contains(QLatin1String("active")));
    const QString lastAi = o.value(QLatin1String("openai")).toObject().value(QLatin1String("lastConnection")).toString();
    QVERIFY2(QStringList({QStringLiteral("never"), QStringLiteral("ok"), QStringLiteral("failed")}).contains(lastAi), qPrintable(lastAi));
    QCOMPARE(o.value(QLatin1String("signatureValidation")).toBool(), true);
}

void TestGatewayHttp::healthWarnsOfAModelShuttingDown()
{
    const QDate going = QDate::currentDate().addDays(30);
    sim::RealtimeSimOptions o = sim::RealtimeSimServer::defaultOptions();
    o.models = {{QStringLiteral("gpt-realtime-going"), going.toString(Qt::ISODate)}, {QStringLiteral("gpt-transcribe"), QString()}};
    sim::RealtimeSimServer ai(o);
    QVERIFY(ai.listen().ok());
    Config config = testConfig();
    config.openAiRealtimeUrl = ai.url();
    config.openAiModel = QStringLiteral("gpt-realtime-going");
    config.openAiTranscriptionModel = QStringLiteral("gpt-transcribe");
    const auto gateway = startGateway(config);

    QJsonObject o2;
    QTRY_VERIFY_WITH_TIMEOUT((o2 = QJsonDocument::fromJson(rawExchange(gateway->port(), buildRequest("GET", "/health")).body).object())
                                     .value(QLatin1String("warnings"))
                                     .toArray()
                                     .size()
                                 == 1,
                             10000);
    QCOMPARE(o2.value(QLatin1String("status")).toString(), QStringLiteral("ok")); // a warning, not an outage
    const QString warning = o2.value(QLatin1String("warnings")).toArray().first().toString();
    QCOMPARE(warning, QStringLiteral("gpt-realtime-going (OPENAI_MODEL) shuts down on %1").arg(going.toString(Qt::ISODate)));
    const QJsonArray models = o2.value(QLatin1String("openai")).toObject().value(QLatin1String("models")).toArray();
    QCOMPARE(models.size(), 2);
    const QJsonObject model = models.at(0).toObject();
    QCOMPARE(model.value(QLatin1String("setting")).toString(), QStringLiteral("OPENAI_MODEL"));
    QCOMPARE(model.value(QLatin1String("status")).toString(), QStringLiteral("shutting-down"));
    QCOMPARE(model.value(QLatin1String("shutdownDate")).toString(), going.toString(Qt::ISODate));
    QCOMPARE(models.at(1).toObject().value(QLatin1String("status")).toString(), QStringLiteral("current"));
    QVERIFY(models.at(1).toObject().value(QLatin1String("shutdownDate")).isNull());
    QCOMPARE(ai.record().modelsAsked, QStringList({QStringLiteral("gpt-realtime-going"), QStringLiteral("gpt-transcribe")}));
    // The shared gateway's models are current: nothing to warn of.
    const QJsonObject calm = QJsonDocument::fromJson(rawExchange(m_port, buildRequest("GET", "/health")).body).object();
    QCOMPARE(calm.value(QLatin1String("warnings")).toArray().size(), 0);
}

void TestGatewayHttp::metricsText()
{
    const RawResponse r = rawExchange(m_port, buildRequest("GET", "/metrics"));
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
    for (const char *needle :
         {"callgate_sessions_active ", "callgate_sessions_pending ", "callgate_calls_total{outcome=\"completed\"}",
          "callgate_rejected_requests_total{reason=\"signature_missing\"}", "callgate_media_frames_total{direction=\"from_twilio\"}",
          "callgate_process_resident_memory_bytes ", "callgate_turn_latency_seconds_bucket{le=\"+Inf\"}"})
        QVERIFY2(r.body.contains(needle), needle);
    // Every sample line is "name{labels} value" or "name value".
    for (const QByteArray &line : r.body.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QVERIFY2(line.count(' ') == 1, line.constData());
    }
}

void TestGatewayHttp::metricsJson()
{
    const RawResponse r = rawExchange(m_port, buildRequest("GET", "/metrics?format=json"));
    QCOMPARE(r.status, 200);
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    QVERIFY(o.value(QLatin1String("sessions")).isObject());
    QVERIFY(o.value(QLatin1String("rejectedByReason")).toObject().value(QLatin1String("signature_missing")).toDouble() >= 1);
    QVERIFY(o.value(QLatin1String("processRssBytes")).toDouble() > 0);
}

void TestGatewayHttp::unknownPathAndMethod()
{
    QCOMPARE(rawExchange(m_port, buildRequest("GET", "/nope")).status, 404);
    QCOMPARE(rawExchange(m_port, buildRequest("GET", "/incoming-call")).status, 405);
    QCOMPARE(rawExchange(m_port, buildRequest("GET", "/media-stream/abc")).status, 426);
}

void TestGatewayHttp::sessionIdsAreUnguessable()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 20; ++i) {
        const QByteArray path = openSession();
        const QByteArray id = path.mid(path.lastIndexOf('/') + 1);
        QCOMPARE(id.size(), 22); // 128 bits, base64url
        QVERIFY(!seen.contains(id));
        seen.insert(id);
    }
}

void TestGatewayHttp::connectionsSpreadOverWorkers()
{
    // Each worker has its own SO_REUSEPORT listener; the kernel hashes connections across them.
    auto &byWorker = m_gateway->shared().metrics.connectionsByWorker;
    const auto before0 = byWorker[0].load(), before1 = byWorker[1].load();
    for (int i = 0; i < 64; ++i)
        QCOMPARE(rawExchange(m_port, buildRequest("GET", "/health")).status, 200);
    QVERIFY(byWorker[0].load() - before0 >= 8);
    QVERIFY(byWorker[1].load() - before1 >= 8);
    QCOMPARE(byWorker[0].load() - before0 + byWorker[1].load() - before1, 64u);
}

QTEST_GUILESS_MAIN(TestGatewayHttp)
#include "tst_gateway_http.moc"
