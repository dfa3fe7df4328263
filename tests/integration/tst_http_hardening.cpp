// What QtHttpServer 6.4 lacks, tested over real sockets: an oversize body gets 413, an oversize
// head 431, a slow request 408, garbage 400, a chunked body 411, an idle connection is closed —
// and after each of them the server still answers normal requests.

#include "RawHttp.h"
#include "TestGateway.h"

#include "gateway/GatewayShared.h"

#include <QTest>

using namespace callgate;
using namespace testing;

class TestHttpHardening : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void oversizeBodyIs413();
    void oversizeBodyWithExpectContinueIs413();
    void oversizeHeadIs431();
    void slowHeadIs408();
    void slowBodyIs408();
    void garbageIs400_data();
    void garbageIs400();
    void chunkedBodyIs411();
    void idleConnectionIsClosed();
    void keepAliveServesManyRequests();
    void pipelinedRequests();
    void connectionCloseIsHonoured();
    void expectContinueIsAnswered();
    void bodyArrivingInPieces();

private:
    void serverStillAnswers();
    std::unique_ptr<Gateway> m_gateway;
    quint16 m_port = 0;
};

void TestHttpHardening::initTestCase()
{
    Config c = testConfig();
    c.maxBodyBytes = 4096;
    c.maxHeaderBytes = 2048;
    c.httpRequestTimeoutMs = 400;
    c.httpIdleTimeoutMs = 600;
    m_gateway = startGateway(c);
    m_port = m_gateway->port();
}

void TestHttpHardening::cleanupTestCase() { m_gateway.reset(); }

void TestHttpHardening::init() { serverStillAnswers(); }

void TestHttpHardening::cleanup() { serverStillAnswers(); }

void TestHttpHardening::serverStillAnswers()
{
    QCOMPARE(rawExchange(m_port, buildRequest("GET", "/health")).status, 200);
    QCOMPARE(rawExchange(m_port, signedFormPost("/incoming-call", incomingCallForm())).status, 200);
}

void TestHttpHardening::oversizeBodyIs413()
{
    const auto before = m_gateway->shared().metrics.rejected(RejectReason::BodyTooLarge);
    RawConnection c(m_port);
    c.send("POST /incoming-call HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
           "Content-Length: 10000000\r\n\r\n"
           + QByteArray(1000, 'a'));
    QCOMPARE(c.readResponse().status, 413);
    QVERIFY(c.waitForClose());
    QCOMPARE(m_gateway->shared().metrics.rejected(RejectReason::BodyTooLarge), before + 1);
}

void TestHttpHardening::oversizeBodyWithExpectContinueIs413()
{
    RawConnection c(m_port);
    c.send("POST /incoming-call HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
    QCOMPARE(c.readResponse().status, 413);
}

void TestHttpHardening::oversizeHeadIs431()
{
    RawConnection c(m_port);
    c.send("GET /health HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 100; ++i)
        c.send("X-Filler-" + QByteArray::number(i) + ": " + QByteArray(40, 'b') + "\r\n");
    QCOMPARE(c.readResponse().status, 431);
    QVERIFY(c.waitForClose());
}

void TestHttpHardening::slowHeadIs408()
{
    const auto before = m_gateway->shared().metrics.rejected(RejectReason::RequestTimeout);
    RawConnection c(m_port);
    c.send("GET /health HTTP/1.1\r\nHo");
    QCOMPARE(c.readResponse(3000).status, 408);
    QVERIFY(c.waitForClose());
    QCOMPARE(m_gateway->shared().metrics.rejected(RejectReason::RequestTimeout), before + 1);
}

void TestHttpHardening::slowBodyIs408()
{
    RawConnection c(m_port);
    c.send("POST /incoming-call HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nCallSid=");
    QTest::qWait(150);
    c.send("CA1"); // trickling bytes does not extend the deadline
    QCOMPARE(c.readResponse(3000).status, 408);
    QVERIFY(c.waitForClose());
}

void TestHttpHardening::garbageIs400_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15);
    QTest::newRow("no version") << QByteArray("GET /health\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET /health HTTP/9.9\r\n\r\n");
    QTest::newRow("bad method") << QByteArray("G(T /health HTTP/1.1\r\n\r\n");
    QTest::newRow("bad header") << QByteArray("GET /health HTTP/1.1\r\nno colon here\r\n\r\n");
    QTest::newRow("bad length") << QByteArray("POST /incoming-call HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n");
    QTest::newRow("conflicting lengths") << QByteArray(
        "POST /incoming-call HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
}

void TestHttpHardening::garbageIs400()
{
    QFETCH(QByteArray, bytes);
    RawConnection c(m_port);
    c.send(bytes);
    QCOMPARE(c.readResponse().status, 400);
    QVERIFY(c.waitForClose());
}

void TestHttpHardening::chunkedBodyIs411()
{
    RawConnection c(m_port);
    c.send("POST /incoming-call HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    QCOMPARE(c.readResponse().status, 411);
}

void TestHttpHardening::idleConnectionIsClosed()
{
    RawConnection c(m_port);
    c.send(buildRequest("GET", "/health"));
    QCOMPARE(c.readResponse().status, 200);
    QVERIFY(c.waitForClose(3000)); // idle timeout is 600 ms here
}

void TestHttpHardening::keepAliveServesManyRequests()
{
    RawConnection c(m_port);
    for (int i = 0; i < 20; ++i) {
        c.send(i % 2 ? buildRequest("GET", "/health") : signedFormPost("/incoming-call", incomingCallForm()));
        QCOMPARE(c.readResponse().status, 200);
    }
    QVERIFY(c.isConnected());
}

void TestHttpHardening::pipelinedRequests()
{
    RawConnection c(m_port);
    c.send(buildRequest("GET", "/health") + signedFormPost("/incoming-call", incomingCallForm()) + buildRequest("GET", "/nope")
           + buildRequest("GET", "/metrics"));
    QCOMPARE(c.readResponse().status, 200);
    QCOMPARE(c.readResponse().status, 200);
    QCOMPARE(c.readResponse().status, 404);
    QCOMPARE(c.readResponse().status, 200);
    // And a bad one after good ones on the same connection is still caught.
    c.send("POST /incoming-call HTTP/1.1\r\nContent-Length: 999999\r\n\r\n");
    QCOMPARE(c.readResponse().status, 413);
}

void TestHttpHardening::connectionCloseIsHonoured()
{
    RawConnection c(m_port);
    c.send(buildRequest("GET", "/health", {{"Connection", "close"}}));
    QCOMPARE(c.readResponse().status, 200);
    QVERIFY(c.waitForClose(300)); // well before the idle timeout
}

void TestHttpHardening::expectContinueIsAnswered()
{
    const QByteArray full = signedFormPost("/incoming-call", incomingCallForm());
    const qsizetype split = full.indexOf("\r\n\r\n");
    QByteArray head = full.left(split + 2) + "Expect: 100-continue\r\n\r\n";
    RawConnection c(m_port);
    c.send(head);
    // The interim 100 comes before the body is sent; readResponse() skips it.
    c.send(full.mid(split + 4));
    QCOMPARE(c.readResponse().status, 200);
}

void TestHttpHardening::bodyArrivingInPieces()
{
    const QByteArray full = signedFormPost("/incoming-call", incomingCallForm());
    RawConnection c(m_port);
    for (qsizetype i = 0; i < full.size(); i += 37) {
        c.send(full.mid(i, 37));
        QTest::qWait(2);
    }
    QCOMPARE(c.readResponse().status, 200);
}

QTEST_GUILESS_MAIN(TestHttpHardening)
#include "tst_http_hardening.moc"
