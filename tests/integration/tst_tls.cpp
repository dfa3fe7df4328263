// A call's AI leg over TLS, as in production (wss:// to OpenAI), through our own TLS on the
// workers' epoll reactor (net/Tls.h): the simulated OpenAI serves wss:// with a certificate from a
// CA this test makes. Trusted through EXTRA_CA_CERTS, a call talks; an untrusted CA, or a
// certificate for another name, is refused at the handshake and no session is opened there.

#include "LogCapture.h"
#include "TestGateway.h"

#include "gateway/GatewayShared.h"
#include "net/Tls.h"
#include "net/WsConnection.h"
#include "sim/RealtimeSim.h"
#include "sim/SimCertificates.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"
#include "sim/WsServer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

std::unique_ptr<SimThread<RealtimeSimServer>> tlsAi(const SimCertificates &certs, const QString &name)
{
    return std::make_unique<SimThread<RealtimeSimServer>>(
        [certs] {
            RealtimeSimOptions o = RealtimeSimServer::defaultOptions();
            o.tlsCertificate = certs.certificate;
            o.tlsKey = certs.key;
            auto s = std::make_unique<RealtimeSimServer>(o);
            if (!s->listen().ok())
                qFatal("the TLS AI cannot listen");
            return s;
        },
        name);
}

} // namespace

class TestTls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void callTalksToTheAiOverTls();
    void untrustedCertificateIsRefused();
    void certificateForAnotherNameIsRefused();
    void unreadableCaFileStopsTheStart();
    void burstOfRecordsIsReadWhole();

private:
    CallerRecord call(Gateway &gateway, const QString &from);

    std::unique_ptr<LogCapture> m_log; // made in initTestCase, after QTest has installed its own handler
    QTemporaryDir m_dir;
    SimCertificates m_trusted;
    QNetworkAccessManager m_network;
};

void TestTls::initTestCase()
{
    m_log = std::make_unique<LogCapture>();
    QVERIFY(m_dir.isValid());
    m_trusted = makeSimCertificates(m_dir.path());
    QVERIFY2(m_trusted.error.isEmpty(), qPrintable(m_trusted.error));
}

void TestTls::cleanupTestCase() { m_log.reset(); }

CallerRecord TestTls::call(Gateway &gateway, const QString &from)
{
    CallerOptions o = callerFor(gateway);
    o.from = from;
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(100), CallerStep::say(QStringLiteral("caller_order")), CallerStep::waitAssistant(100),
                CallerStep::hangUp()};
    TwilioCaller caller(o, m_network);
    caller.start();
    if (!QTest::qWaitFor([&] { return caller.record().finished; }, 30000))
        qWarning("the call did not finish");
    return caller.record();
}

void TestTls::callTalksToTheAiOverTls()
{
    auto ai = tlsAi(m_trusted, QStringLiteral("tls-ai"));
    const QUrl url = ai->run([&] { return ai->object().url(); });
    QCOMPARE(url.scheme(), QStringLiteral("wss"));
    Config config = testConfig();
    config.openAiRealtimeUrl = url;
    config.extraCaCerts = m_trusted.ca;
    auto gateway = startGateway(config);
    const CallerRecord r = call(*gateway, QStringLiteral("+14155550181"));
    QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
    QVERIFY(r.streamOpened);
    QVERIFY2(r.audioBytesReceived > 16000, qPrintable(QString::number(r.audioBytesReceived))); // the greeting and an answer
    QCOMPARE(r.endedBy, QStringLiteral("caller hung up"));
    QVERIFY(ai->run([&] { return ai->object().record().sessions; }) >= 1);
    QCOMPARE(gateway->shared().metrics.ai.drops.load(), 0u);
}

void TestTls::untrustedCertificateIsRefused()
{
    QTemporaryDir other;
    const SimCertificates stranger =
        makeSimCertificates(other.path(), QStringLiteral("DNS:localhost,IP:127.0.0.1"), QStringLiteral("other"));
    QVERIFY2(stranger.error.isEmpty(), qPrintable(stranger.error));
    auto ai = tlsAi(stranger, QStringLiteral("tls-ai-untrusted"));
    Config config = testConfig();
    config.openAiRealtimeUrl = ai->run([&] { return ai->object().url(); });
    config.openAiReconnectAttempts = 1;
    auto gateway = startGateway(config);
    const CallerRecord r = call(*gateway, QStringLiteral("+14155550182"));
    QVERIFY(r.streamOpened);
    QVERIFY(r.said.contains(gateway->shared().callerText.aiUnavailable) || r.restUpdate.size() > 0);
    QCOMPARE(ai->run([&] { return ai->object().record().sessions; }), 0);
    QVERIFY(m_log->contains(QStringLiteral("is not trusted")));
}

void TestTls::certificateForAnotherNameIsRefused()
{
    QTemporaryDir other;
    // Signed by the trusted CA, but for another host: a stolen certificate of another site.
    const SimCertificates elsewhere =
        makeSimCertificates(other.path(), QStringLiteral("DNS:api.other.example"), QStringLiteral("elsewhere"));
    QVERIFY2(elsewhere.error.isEmpty(), qPrintable(elsewhere.error));
    QVERIFY(net::trustCaCertificates(elsewhere.ca).ok());
    auto ai = tlsAi(elsewhere, QStringLiteral("tls-ai-elsewhere"));
    Config config = testConfig();
    config.openAiRealtimeUrl = ai->run([&] { return ai->object().url(); });
    config.openAiReconnectAttempts = 1;
    auto gateway = startGateway(config);
    const CallerRecord r = call(*gateway, QStringLiteral("+14155550183"));
    QVERIFY(r.streamOpened);
    QCOMPARE(ai->run([&] { return ai->object().record().sessions; }), 0);
    QVERIFY(m_log->contains(QStringLiteral("hostname mismatch")) || m_log->contains(QStringLiteral("IP address mismatch")));
}

void TestTls::unreadableCaFileStopsTheStart()
{
    Config config = testConfig();
    config.extraCaCerts = m_dir.filePath(QStringLiteral("missing.pem"));
    Gateway gateway(config);
    const Status started = gateway.start();
    QVERIFY(!started);
    QVERIFY2(started.error().contains(QLatin1String("EXTRA_CA_CERTS")), qPrintable(started.error()));
}

void TestTls::burstOfRecordsIsReadWhole()
{
    // Twenty 10 KB messages at once, then silence: many TLS records arrive in one read of the
    // socket, and every message must reach the owner without waiting for more bytes.
    QVERIFY(net::trustCaCertificates(m_trusted.ca).ok());
    WsServer server(net::WsOptions{});
    QVERIFY(server.useTls(m_trusted.certificate, m_trusted.key).ok());
    QVERIFY(server.listenOn(QHostAddress::LocalHost, 0).ok());
    std::unique_ptr<net::WsConnection> accepted;
    server.onConnection = [&](std::unique_ptr<net::WsConnection> ws, const UpgradeRequest &) {
        accepted = std::move(ws);
        for (int i = 0; i < 20; ++i)
            accepted->sendText(QByteArray(10240, char('a' + i)));
    };
    net::WsConnection client(net::WsOptions{});
    int received = 0;
    qint64 bytes = 0;
    client.onMessage = [&](QByteArrayView message, bool) {
        ++received;
        bytes += message.size();
    };
    client.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(server.serverPort())));
    QVERIFY2(QTest::qWaitFor([&] { return received == 20; }, 3000), qPrintable(QString::number(received)));
    QCOMPARE(bytes, qint64(20 * 10240));
}

QTEST_MAIN(TestTls)
#include "tst_tls.moc"
