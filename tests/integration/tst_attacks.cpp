// The gateway attacked as a hostile client on the internet would, over real sockets on 127.0.0.1:
// headers that try to switch the HTTP guard off, a WebSocket peer that vanishes mid-frame, a
// replayed consent webhook, media that is not audio, a peer that never reads, a flood of junk
// frames, forms built to cost CPU before the signature check, and status pages and errors that
// must not leak. Each attack is refused, counted in /metrics by reason, and loses nothing.

#include "RawHttp.h"
#include "TestGateway.h"

#include "gateway/GatewayShared.h"
#include "net/Transport.h"
#include "net/WsConnection.h"
#include "sim/RealtimeSim.h"
#include "sim/TwilioCaller.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

// A plain blocking socket: the attacker sends exactly what it means and reads only when it says so.
class Attacker {
public:
    explicit Attacker(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        timeval tv{5, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~Attacker()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    // False once the peer has gone (reset or closed).
    bool send(const QByteArray &bytes)
    {
        qsizetype at = 0;
        while (at < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.constData() + at, size_t(bytes.size() - at), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            at += n;
        }
        return true;
    }
    // Reads up to the end of an HTTP head.
    QByteArray readHead()
    {
        QByteArray in;
        char c;
        while (!in.endsWith("\r\n\r\n") && ::recv(m_fd, &c, 1, 0) == 1)
            in += c;
        return in;
    }
    void shutdownWrite() { ::shutdown(m_fd, SHUT_WR); }
    // True when the peer closed the connection (or reset it) within the socket's read timeout.
    bool peerClosed()
    {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                return true;
            if (n < 0 && errno != EINTR)
                return false;
        }
    }
    bool isOpen() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

// A client frame: masked, as RFC 6455 requires of clients.
QByteArray clientFrame(int opcode, const QByteArray &payload)
{
    QByteArray f;
    f += char(0x80 | opcode);
    if (payload.size() < 126) {
        f += char(0x80 | payload.size());
    } else {
        f += char(0x80 | 126);
        f += char(payload.size() >> 8);
        f += char(payload.size() & 0xff);
    }
    const char key[4] = {0x11, 0x22, 0x33, 0x44};
    f.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        f += char(payload[i] ^ key[i & 3]);
    return f;
}

QByteArray mediaMessage(const QByteArray &payload)
{
    return R"({"event":"media","streamSid":"MZ0123","media":{"track":"inbound","chunk":"1","timestamp":"20","payload":")" + payload
        + "\"}}";
}

// A session the webhook created, its stream path ("/media-stream/<id>").
QByteArray consentedStreamPath(quint16 port, const QString &callSid)
{
    const QByteArray twiml = incomingCallThroughConsent(port, incomingCallForm(callSid));
    const qsizetype at = twiml.indexOf("/media-stream/");
    if (at < 0)
        return {};
    return twiml.mid(at, twiml.indexOf('"', at) - at);
}

QByteArray callSidFor(int n) { return QByteArray("CA") + QByteArray::number(n, 16).rightJustified(32, '0'); }

std::atomic<int> g_warningLines{0};
QtMessageHandler g_previousHandler = nullptr;

void countingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && context.category && qstrcmp(context.category, "callgate.twilio") == 0
        && message.contains(QLatin1String("malformed stream message")))
        g_warningLines.fetch_add(1);
    else if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

class TestAttacks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void upgradeHeaderDoesNotSwitchTheGuardOff_data();
    void upgradeHeaderDoesNotSwitchTheGuardOff();
    void upgradeWithoutItsBodyDoesNotHoldConnections();
    void slowUpgradeHeadTimesOut();
    void abruptCloseMidFrameParsesNoStaleBytes();
    void replayedConsentIsRefused();
    void badMediaIsRefusedAndTheCallGoesOn();
    void peerThatNeverReadsPongsIsDropped();
    void serviceThatNeverReadsIsDropped();
    void junkFramesWriteAFewLogLines();
    void formsAreBoundedBeforeTheSignature();
    void healthHidesLocalPaths();

private:
    void serverStillAnswers();
    // A media stream of a new call, opened as Twilio would (signed, for a consented session), on
    // a socket the test drives byte by byte; null if it could not be opened.
    std::unique_ptr<Attacker> openStream();
    std::unique_ptr<RealtimeSimServer> m_ai;
    std::unique_ptr<Gateway> m_gateway;
    EventLog m_log;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
    int m_nextCall = 0x5000;
};

void TestAttacks::initTestCase()
{
    m_ai = std::make_unique<RealtimeSimServer>();
    QVERIFY(m_ai->listen().ok());
    Config c = testConfig();
    c.openAiRealtimeUrl = m_ai->url();
    c.maxBodyBytes = 65536;
    c.httpRequestTimeoutMs = 500;
    c.httpIdleTimeoutMs = 3000;
    c.prompts[1] = QStringLiteral("/srv/private-config/secret-plans/consent.txt"); // cannot be read
    m_gateway = std::make_unique<Gateway>(c);
    m_gateway->shared().addObserver(&m_log);
    QVERIFY(m_gateway->start().ok());
    m_port = m_gateway->port();
}

void TestAttacks::cleanupTestCase()
{
    m_gateway.reset();
    m_ai.reset();
}

void TestAttacks::cleanup() { serverStillAnswers(); }

void TestAttacks::serverStillAnswers()
{
    QCOMPARE(rawExchange(m_port, buildRequest("GET", "/health")).status, 200);
    const RawResponse r =
        rawExchange(m_port, signedFormPost("/incoming-call", incomingCallForm(QString::fromLatin1(callSidFor(++m_nextCall)))));
    QCOMPARE(r.status, 200);
}

std::unique_ptr<Attacker> TestAttacks::openStream()
{
    const QByteArray path = consentedStreamPath(m_port, QString::fromLatin1(callSidFor(++m_nextCall)));
    auto peer = std::make_unique<Attacker>(m_port);
    if (path.isEmpty() || !peer->send(signedUpgrade(path)) || !peer->readHead().startsWith("HTTP/1.1 101"))
        return nullptr;
    return peer;
}

void TestAttacks::upgradeHeaderDoesNotSwitchTheGuardOff_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("reason");
    // Each of these once made the guard hand the socket over for good.
    QTest::newRow("chunked body behind Connection: upgrade")
        << QByteArray("POST /incoming-call HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n4000\r\n"
                      + QByteArray(0x4000, 'a') + "\r\n")
        << 411 << int(RejectReason::LengthRequired);
    QTest::newRow("huge form behind Connection: upgrade")
        << QByteArray("POST /incoming-call HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 22000000\r\n\r\n")
        << 413 << int(RejectReason::BodyTooLarge);
    QTest::newRow("websocket upgrade with a body")
        << QByteArray("GET /media-stream/abc HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nContent-Length: 100\r\n\r\n")
        << 400 << int(RejectReason::BadUpgrade);
    QTest::newRow("upgrade by POST") << QByteArray(
        "POST /media-stream/abc HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
                                     << 400 << int(RejectReason::BadUpgrade);
}

void TestAttacks::upgradeHeaderDoesNotSwitchTheGuardOff()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(int, reason);
    const auto before = m_gateway->shared().metrics.rejected(RejectReason(reason));
    RawConnection c(m_port);
    c.send(request);
    QCOMPARE(c.readResponse(3000).status, status);
    QVERIFY(c.waitForClose(3000));
    QCOMPARE(m_gateway->shared().metrics.rejected(RejectReason(reason)), before + 1);
}

void TestAttacks::upgradeWithoutItsBodyDoesNotHoldConnections()
{
    // 250 connections that each announce an upgrade and a body that never comes: each is answered
    // at once and closed, and /health answers all along.
    std::vector<std::unique_ptr<Attacker>> held;
    for (int i = 0; i < 250; ++i) {
        held.push_back(std::make_unique<Attacker>(m_port));
        QVERIFY(held.back()->isOpen());
        QVERIFY(held.back()->send("GET /media-stream/x HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nContent-Length: 1000\r\n\r\n"));
    }
    QCOMPARE(rawExchange(m_port, buildRequest("GET", "/health"), 3000).status, 200);
    for (auto &a : held) {
        QVERIFY(a->readHead().startsWith("HTTP/1.1 400"));
        QVERIFY(a->peerClosed());
    }
}

void TestAttacks::slowUpgradeHeadTimesOut()
{
    // A head that says upgrade and then trickles is under the request timeout like any other.
    RawConnection c(m_port);
    c.send("GET /media-stream/x HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nX-Slow: ");
    QCOMPARE(c.readResponse(3000).status, 408);
    QVERIFY(c.waitForClose(3000));
    // And one that names no Upgrade is an ordinary request: answered, then the connection ends.
    RawConnection d(m_port);
    d.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\n\r\n");
    QCOMPARE(d.readResponse(3000).status, 404);
    QVERIFY(d.waitForClose(1000)); // well before the idle timeout
}

void TestAttacks::abruptCloseMidFrameParsesNoStaleBytes()
{
    Metrics &m = m_gateway->shared().metrics;
    const auto stream = openStream();
    QVERIFY(stream);
    Attacker &peer = *stream;
    const auto framesBefore = m.media.framesFromTwilio.load();
    const auto malformedBefore = m.malformedMessages.load();
    const auto badBefore = m.rejected(RejectReason::BadMediaPayload);
    // A burst that fills the gateway's read buffer with frames (which it then reuses)...
    QByteArray burst;
    const QByteArray frame = clientFrame(0x1, mediaMessage(QByteArray(160, 'A')));
    for (int i = 0; i < 200; ++i)
        burst += frame;
    QVERIFY(peer.send(burst));
    QTRY_COMPARE(m.media.framesFromTwilio.load(), framesBefore + 200);
    // ... then the 6-byte head of a frame whose payload never comes, and FIN.
    QVERIFY(peer.send(QByteArray("\x81\xe4\x01\x02\x03\x04", 6)));
    peer.shutdownWrite();
    QVERIFY(peer.peerClosed());
    QTRY_VERIFY(m_log.of(QString::fromLatin1(callSidFor(m_nextCall)), CallEvent::Kind::Ended).size() == 1);
    // Nothing but what was sent was parsed: no frame from leftover bytes.
    QCOMPARE(m.media.framesFromTwilio.load(), framesBefore + 200);
    QCOMPARE(m.malformedMessages.load(), malformedBefore);
    QCOMPARE(m.rejected(RejectReason::BadMediaPayload), badBefore);
}

void TestAttacks::replayedConsentIsRefused()
{
    Metrics &m = m_gateway->shared().metrics;
    const QString callSid = QString::fromLatin1(callSidFor(++m_nextCall));
    const RawResponse first = rawExchange(m_port, signedFormPost("/incoming-call", incomingCallForm(callSid)));
    const QByteArray consentPath = gatherActionPath(first.body);
    QVERIFY2(consentPath.startsWith("/consent?"), first.body.constData());
    FormFields pressed = incomingCallForm(callSid);
    pressed.append({QStringLiteral("Digits"), QStringLiteral("1")});
    const QByteArray captured = signedFormPost(consentPath, pressed);
    const auto reusedBefore = m.rejected(RejectReason::FlowTokenReused);
    const int pendingBefore = m_gateway->shared().sessions.pendingCount();

    const RawResponse answered = rawExchange(m_port, captured);
    QCOMPARE(answered.status, 200);
    QVERIFY(answered.body.contains("<Stream"));
    for (int i = 0; i < 25; ++i) {
        const RawResponse replay = rawExchange(m_port, captured);
        QCOMPARE(replay.status, 403);
        QVERIFY(!replay.body.contains("<Stream"));
    }
    QCOMPARE(m.rejected(RejectReason::FlowTokenReused), reusedBefore + 25);
    // One call slot taken, one consent answer for the one question asked.
    QCOMPARE(m_gateway->shared().sessions.pendingCount(), pendingBefore + 1);
    QTRY_COMPARE(m_log.of(callSid, CallEvent::Kind::Consent).size(), 1);
    QTest::qWait(100);
    QCOMPARE(m_log.of(callSid, CallEvent::Kind::Consent).size(), 1);
    // The same question answered by the fall-through Redirect (no digits) is the same token: refused too.
    FormFields silent = incomingCallForm(callSid);
    QCOMPARE(rawExchange(m_port, signedFormPost(consentPath, silent)).status, 403);
}

void TestAttacks::badMediaIsRefusedAndTheCallGoesOn()
{
    Metrics &m = m_gateway->shared().metrics;
    CallerOptions o = callerFor(*m_gateway);
    o.script = {CallerStep::waitAssistant(100)};
    TwilioCaller caller(o, m_network);
    QSignalSpy done(&caller, &TwilioCaller::finished);
    const auto badBefore = m.rejected(RejectReason::BadMediaPayload);
    const auto malformedBefore = m.malformedMessages.load();
    const auto binaryBefore = m.rejected(RejectReason::BinaryMessage);
    const int utf8ClosesBefore = m_ai->record().invalidUtf8Closes;
    const auto failedBefore = m.calls(CallOutcome::OpenAiFailed);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().streamOpened, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().audioBytesReceived > 0, 10000); // the AI session is up
    caller.sendRaw(mediaMessage("this is not base64!"));
    caller.sendRaw(mediaMessage(QByteArray("\xff\xfe\xff\xff", 4))); // raw bytes: not even UTF-8 (malformed)
    caller.sendRaw(mediaMessage("QUJD=EFG"));                        // padding in the middle
    caller.sendRaw(mediaMessage("QUJDR"));                           // not a multiple of 4
    caller.sendRaw(mediaMessage(""));
    caller.sendRawBinary(QByteArray(160, char(0xff))); // audio as a binary frame
    QTRY_COMPARE(m.rejected(RejectReason::BadMediaPayload), badBefore + 4);
    QTRY_COMPARE(m.malformedMessages.load(), malformedBefore + 1);
    QTRY_COMPARE(m.rejected(RejectReason::BinaryMessage), binaryBefore + 1);
    // None of it reached the AI, whose session is still up: the call goes on.
    QTest::qWait(300);
    QCOMPARE(m_ai->record().invalidUtf8Closes, utf8ClosesBefore);
    QVERIFY(!caller.record().finished);
    caller.hangUp();
    QVERIFY(done.count() == 1 || done.wait(5000));
    QVERIFY(!caller.record().gatewayClosedStream);
    QCOMPARE(m.calls(CallOutcome::OpenAiFailed), failedBefore);
}

void TestAttacks::peerThatNeverReadsPongsIsDropped()
{
    Metrics &m = m_gateway->shared().metrics;
    const auto stream = openStream();
    QVERIFY(stream);
    Attacker &peer = *stream;
    const auto slowBefore = m.rejected(RejectReason::SlowPeer);
    const qint64 rssBefore = processRssBytes();
    // Pings with the largest payload a control frame may carry; the pongs are never read.
    QByteArray pings;
    const QByteArray ping = clientFrame(0x9, QByteArray(125, 'p'));
    for (int i = 0; i < 1000; ++i)
        pings += ping;
    int sent = 0;
    for (; sent < 400; ++sent) { // up to 400,000 pings
        if (!peer.send(pings))
            break;
    }
    QVERIFY2(sent < 400, "the gateway kept answering a peer that reads nothing");
    QTRY_COMPARE(m.rejected(RejectReason::SlowPeer), slowBefore + 1);
    QTRY_VERIFY(m_log.of(QString::fromLatin1(callSidFor(m_nextCall)), CallEvent::Kind::Ended).size() == 1);
    const qint64 grown = processRssBytes() - rssBefore;
    QVERIFY2(grown < 24 * 1024 * 1024, qPrintable(QStringLiteral("memory grew by %1 MiB").arg(grown >> 20)));
}

void TestAttacks::serviceThatNeverReadsIsDropped()
{
    // The client side (our OpenAI leg): a service that accepts the WebSocket and then reads nothing.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&a), sizeof a), 0);
    QCOMPARE(::listen(listener, 1), 0);
    ::getsockname(listener, reinterpret_cast<sockaddr *>(&a), &len);
    const quint16 port = ntohs(a.sin_port);
    std::atomic<bool> stop{false};
    std::thread service([listener, &stop] {
        const int fd = ::accept(listener, nullptr, nullptr);
        QByteArray head;
        char c;
        while (!head.endsWith("\r\n\r\n") && ::recv(fd, &c, 1, 0) == 1)
            head += c;
        QByteArray key;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("sec-websocket-key:"))
                key = line.mid(18).trimmed();
        }
        const QByteArray answer = net::WsConnection::serverHandshakeResponse(key);
        (void)::send(fd, answer.constData(), size_t(answer.size()), MSG_NOSIGNAL);
        while (!stop.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ::close(fd);
    });
    net::WsOptions options;
    options.maxQueuedBytes = 1 << 20;
    net::WsConnection ws(options);
    QSignalSpy closed(&ws, &net::WsConnection::closed);
    QSignalSpy connected(&ws, &net::WsConnection::connected);
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/realtime").arg(port)));
    QVERIFY(connected.wait(5000));
    const QByteArray message(64 * 1024, 'x');
    qint64 sent = 0;
    while (closed.isEmpty() && sent < (256 << 20)) {
        ws.sendText(message);
        sent += message.size();
        QCoreApplication::processEvents();
    }
    QVERIFY(closed.count() == 1 || closed.wait(2000));
    QVERIFY(ws.overflowed());
    QVERIFY2(sent < (64 << 20), qPrintable(QStringLiteral("%1 MiB sent before the drop").arg(sent >> 20)));
    QCOMPARE(closed.first().at(0).value<quint16>(), quint16(1006));
    stop = true;
    service.join();
    ::close(listener);
}

void TestAttacks::junkFramesWriteAFewLogLines()
{
    Metrics &m = m_gateway->shared().metrics;
    CallerOptions o = callerFor(*m_gateway);
    o.script = {CallerStep::waitAssistant(100)};
    TwilioCaller caller(o, m_network);
    QSignalSpy done(&caller, &TwilioCaller::finished);
    caller.start();
    QTRY_VERIFY_WITH_TIMEOUT(caller.record().streamOpened, 10000);
    const auto malformedBefore = m.malformedMessages.load();
    const auto suppressedBefore = m.logLinesSuppressed.load();
    g_warningLines = 0;
    g_previousHandler = qInstallMessageHandler(countingHandler);
    for (int i = 0; i < 20000; ++i)
        caller.sendRaw("junk " + QByteArray::number(i));
    QTRY_COMPARE_WITH_TIMEOUT(m.malformedMessages.load(), malformedBefore + 20000, 20000);
    qInstallMessageHandler(g_previousHandler);
    QVERIFY2(g_warningLines.load() <= 10, qPrintable(QStringLiteral("%1 log lines").arg(g_warningLines.load())));
    QVERIFY(g_warningLines.load() >= 1);
    QVERIFY(m.logLinesSuppressed.load() - suppressedBefore >= 19990);
    caller.hangUp();
    QVERIFY(done.count() == 1 || done.wait(5000));
}

void TestAttacks::formsAreBoundedBeforeTheSignature()
{
    Metrics &m = m_gateway->shared().metrics;
    // Unsigned: refused before the form is even read.
    QByteArray form;
    for (int i = 0; form.size() < 60000; ++i)
        form += "F" + QByteArray::number(i) + "=v&";
    const auto missingBefore = m.rejected(RejectReason::SignatureMissing);
    QCOMPARE(
        rawExchange(m_port, buildRequest("POST", "/incoming-call", {{"Content-Type", "application/x-www-form-urlencoded"}}, form)).status,
        403);
    QCOMPARE(m.rejected(RejectReason::SignatureMissing), missingBefore + 1);
    // With a (forged) signature: thousands of fields are refused before they are sorted and signed.
    const auto fieldsBefore = m.rejected(RejectReason::TooManyFields);
    const auto mismatchBefore = m.rejected(RejectReason::SignatureMismatch);
    QCOMPARE(
        rawExchange(
            m_port,
            buildRequest("POST", "/incoming-call",
                         {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Twilio-Signature", "Zm9yZ2VkIHNpZ25hdHVyZQ=="}}, form))
            .status,
        400);
    // So is one field of 20 KB.
    QCOMPARE(rawExchange(
                 m_port,
                 buildRequest("POST", "/incoming-call",
                              {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Twilio-Signature", "Zm9yZ2VkIHNpZ25hdHVyZQ=="}},
                              "CallSid=" + QByteArray(20000, 'C')))
                 .status,
             400);
    QCOMPARE(m.rejected(RejectReason::TooManyFields), fieldsBefore + 2);
    QCOMPARE(m.rejected(RejectReason::SignatureMismatch), mismatchBefore);
    // A real webhook with every field Twilio sends still passes.
    FormFields full = incomingCallForm(QString::fromLatin1(callSidFor(++m_nextCall)));
    for (int i = 0; i < 40; ++i)
        full.append({QStringLiteral("Extra%1").arg(i), QStringLiteral("value")});
    QCOMPARE(rawExchange(m_port, signedFormPost("/incoming-call", full)).status, 200);
    // The refusals are counted by reason in /metrics.
    const QByteArray metrics = rawExchange(m_port, buildRequest("GET", "/metrics")).body;
    QVERIFY(metrics.contains("callgate_rejected_requests_total{reason=\"too_many_fields\"} 2\n"));
    QVERIFY(metrics.contains("callgate_rejected_requests_total{reason=\"flow_token_reused\"} "));
    QVERIFY(metrics.contains("callgate_rejected_requests_total{reason=\"slow_peer\"} "));
}

void TestAttacks::healthHidesLocalPaths()
{
    const RawResponse r = rawExchange(m_port, buildRequest("GET", "/health"));
    QCOMPARE(r.status, 200);
    const QJsonObject consent =
        QJsonDocument::fromJson(r.body).object().value(QLatin1String("prompts")).toObject().value(QLatin1String("consent")).toObject();
    const QString error = consent.value(QLatin1String("lastError")).toString();
    QVERIFY2(error.contains(QString::fromUtf8("…/consent.txt")), qPrintable(error));
    QVERIFY2(!r.body.contains("private-config") && !r.body.contains("secret-plans"), r.body.constData());
}

QTEST_GUILESS_MAIN(TestAttacks)
#include "tst_attacks.moc"
