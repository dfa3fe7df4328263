// The caller's companion app, end to end over loopback: a real gateway with USER_APP on and its
// SQLite call database (written by the store as in production), the /user WebSocket, Twilio's
// REST API simulated (Lookup, and Messages capturing each SMS) and simulated callers. Sign in with
// the code from the SMS, consent in the app, then call: no keypad question, the audit says "app";
// withdraw, and the next call is asked again; wrong codes lock the number; a resumed session sees
// its live call's states and the live-agent message; hostile clients are refused and counted, and
// no log line holds a code, a token or a whole number.

#include "LogCapture.h"
#include "RawHttp.h"
#include "TestGateway.h"

#include "content/PromptLibrary.h"
#include "gateway/GatewayShared.h"
#include "gateway/UserServer.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"
#include "store/CallStore.h"
#include "store/StoreWriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

QByteArray upgradeRequest(const QByteArray &origin)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"Host", "127.0.0.1"},
                                                 {"Upgrade", "websocket"},
                                                 {"Connection", "Upgrade"},
                                                 {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                                 {"Sec-WebSocket-Version", "13"}};
    if (!origin.isEmpty())
        headers.append({"Origin", origin});
    return buildRequest("GET", "/user", headers);
}

int sequence = 0;
QString nextCallSid() { return QStringLiteral("CA%1").arg(++sequence, 32, 10, QLatin1Char('0')); }

// One app: a WebSocket to /user, and the messages it got, in order.
class AppClient {
public:
    explicit AppClient(quint16 port, const QByteArray &origin = {})
    {
        QObject::connect(&m_ws, &QWebSocket::textMessageReceived,
                         [this](const QString &text) { m_received.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
        QObject::connect(&m_ws, &QWebSocket::disconnected, [this] { m_closeCode = int(m_ws.closeCode()); });
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/user").arg(port)));
        if (!origin.isEmpty())
            request.setRawHeader("Origin", origin);
        m_ws.open(request);
    }
    bool waitOpen()
    {
        return QTest::qWaitFor([this] { return m_ws.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QJsonObject &m) { m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(m).toJson(QJsonDocument::Compact))); }
    void sendRaw(const QString &text) { m_ws.sendTextMessage(text); }
    // The next message of `type`, taken out (those of other types stay); empty on timeout.
    QJsonObject next(const QString &type, int timeoutMs = 5000)
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                for (qsizetype i = 0; i < m_received.size(); ++i) {
                    if (m_received[i].value(QStringLiteral("type")).toString() == type) {
                        found = m_received[i];
                        m_received.remove(i);
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return found;
    }
    // Every "call" state received so far, in order.
    QStringList states() const
    {
        QStringList out;
        for (const QJsonObject &m : m_received)
            if (m.value(QStringLiteral("type")).toString() == QLatin1String("call"))
                out << m.value(QStringLiteral("state")).toString();
        return out;
    }
    bool waitState(const QString &state, int timeoutMs = 15000)
    {
        return QTest::qWaitFor([&] { return states().contains(state); }, timeoutMs);
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return m_ws.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    int closeCode() const { return m_closeCode; }
    QWebSocket &socket() { return m_ws; }

private:
    QWebSocket m_ws;
    QList<QJsonObject> m_received;
    int m_closeCode = -1;
};

} // namespace

class TestUserApp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void signInConsentAndTheCallSkipsTheKeypad();
    void withdrawnConsentIsAskedAgainOnTheNextCall();
    void fiveWrongCodesLockTheNumber();
    void resumedSessionFollowsItsLiveCall();
    void notAMobileGetsNoCode();
    void hostileClientsAreRefusedAndCounted();
    void pageIsServedWithItsScript();
    void noCodeTokenOrNumberInTheLog();

private:
    // Signs in `phone` (as typed) with the code from its SMS; the signed_in message.
    QJsonObject signIn(AppClient &app, const QString &typed, const QString &e164);
    QString lastCodeFor(const QString &e164) const;
    CallerRecord runCaller(CallerOptions o, int timeoutMs = 30000);
    CallerOptions caller(const QString &from);
    quint64 metric(const QByteArray &line);

    std::unique_ptr<LogCapture> m_log; // made in initTestCase, after QTest has installed its own handler
    QTemporaryDir m_dir;
    std::unique_ptr<store::StoreWriter> m_store;
    std::unique_ptr<Gateway> m_gateway;
    QNetworkAccessManager m_network;
    QStringList m_secrets; // codes and tokens handed out: none may be logged
};

void TestUserApp::initTestCase()
{
    m_log = std::make_unique<LogCapture>();
    QVERIFY(m_dir.isValid());
    Config config = testConfig();
    config.userApp = true;
    config.smsFrom = QStringLiteral("+18005550100");
    config.database = m_dir.filePath(QStringLiteral("calls.sqlite"));
    m_store = std::make_unique<store::StoreWriter>();
    QVERIFY(m_store->open(config.database));
    m_gateway = startGateway(config);
    m_gateway->shared().addObserver(m_store.get());
    // A console watches: a caller who asks for a person waits for one.
    m_gateway->shared().consoles.fetch_add(1);
}

void TestUserApp::cleanupTestCase()
{
    m_gateway.reset();
    m_store.reset();
    m_log.reset();
}

QString TestUserApp::lastCodeFor(const QString &e164) const
{
    static const QRegularExpression sixDigits(QStringLiteral("\\b(\\d{6})\\b"));
    const auto messages = twilioRest().record().messages;
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        if (messages[i].to == e164)
            return sixDigits.match(messages[i].body).captured(1);
    }
    return {};
}

QJsonObject TestUserApp::signIn(AppClient &app, const QString &typed, const QString &e164)
{
    const int smsBefore = int(twilioRest().record().messages.size());
    app.send({{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("phone"), typed}});
    const QJsonObject sent = app.next(QStringLiteral("code_sent"));
    if (sent.isEmpty())
        return {};
    const auto messages = twilioRest().record().messages;
    if (messages.size() != smsBefore + 1 || messages.constLast().to != e164 || messages.constLast().from != QLatin1String("+18005550100"))
        return {};
    const QString code = lastCodeFor(e164);
    m_secrets << code;
    app.send({{QStringLiteral("type"), QStringLiteral("verify")}, {QStringLiteral("code"), code}});
    const QJsonObject in = app.next(QStringLiteral("signed_in"));
    m_secrets << in.value(QStringLiteral("token")).toString();
    return in;
}

CallerOptions TestUserApp::caller(const QString &from)
{
    CallerOptions o = callerFor(*m_gateway);
    o.from = from;
    o.callSid = nextCallSid();
    o.rest = &twilioRest();
    o.gatherDigits = {};
    o.script = {CallerStep::waitAssistant(100), CallerStep::hangUp()};
    return o;
}

CallerRecord TestUserApp::runCaller(CallerOptions o, int timeoutMs)
{
    TwilioCaller call(o, m_network);
    call.start();
    if (!QTest::qWaitFor([&] { return call.record().finished; }, timeoutMs))
        qWarning("the simulated call did not finish within %d ms", timeoutMs);
    return call.record();
}

quint64 TestUserApp::metric(const QByteArray &line)
{
    const RawResponse page = rawExchange(m_gateway->port(), buildRequest("GET", "/metrics"));
    for (const QByteArray &l : page.body.split('\n')) {
        if (l.startsWith(QByteArray(line + ' ')))
            return l.sliced(line.size() + 1).toULongLong();
    }
    return 0;
}

void TestUserApp::signInConsentAndTheCallSkipsTheKeypad()
{
    const QString number = QStringLiteral("+14155550161");
    AppClient app(m_gateway->port());
    QVERIFY(app.waitOpen());
    const QJsonObject in = signIn(app, QStringLiteral("(415) 555-0161"), number);
    QCOMPARE(in.value(QStringLiteral("phone")).toString(), number);
    QVERIFY(in.value(QStringLiteral("token")).toString().size() >= 40);
    const QJsonObject consent = in.value(QStringLiteral("consent")).toObject();
    const PromptText message = m_gateway->shared().prompts.get(PromptKind::Consent);
    QCOMPARE(consent.value(QStringLiteral("text")).toString(), message.text);
    QVERIFY(!consent.contains(QStringLiteral("decided_at"))); // never answered

    app.send({{QStringLiteral("type"), QStringLiteral("consent")}, {QStringLiteral("accepted"), true}});
    const QJsonObject recorded = app.next(QStringLiteral("consent_recorded"));
    QCOMPARE(recorded.value(QStringLiteral("accepted")).toBool(), true);
    QCOMPARE(recorded.value(QStringLiteral("version")).toString(), message.version);
    const QDateTime until = QDateTime::fromString(recorded.value(QStringLiteral("valid_until")).toString(), Qt::ISODate);
    QVERIFY(qAbs(until.secsTo(QDateTime::currentDateTimeUtc().addDays(30))) < 60);

    // The call: one webhook, one line about the app, then the stream. No <Gather> at all.
    CallerOptions o = caller(number);
    const CallerRecord r = runCaller(o);
    QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
    QCOMPARE(r.webhooks, QStringList{QStringLiteral("/incoming-call")});
    QVERIFY(!r.verbs.contains(QLatin1String("Gather")));
    QVERIFY2(r.said.contains(m_gateway->shared().callerText.consentInApp), qPrintable(r.said.join(QLatin1String(" | "))));
    QVERIFY(!r.said.contains(message.text));
    QVERIFY(r.streamOpened);
    QCOMPARE(r.endedBy, QStringLiteral("caller hung up"));
    // The app saw it live, from the flow to the assistant to the end.
    QVERIFY2(app.waitState(QStringLiteral("ended")), qPrintable(app.states().join(QLatin1Char(','))));
    const QStringList states = app.states();
    QVERIFY(states.indexOf(QLatin1String("assistant")) >= 0);
    QVERIFY(states.indexOf(QLatin1String("in_flow")) < states.indexOf(QLatin1String("assistant")));

    // The audit: the app's answer, and the call's consent, both by "app" with the message version.
    m_store->flush();
    store::CallStore records;
    QVERIFY(records.open(m_dir.filePath(QStringLiteral("calls.sqlite"))));
    const auto ofCall = records.consents(o.callSid);
    QCOMPARE(ofCall.size(), 1);
    QCOMPARE(ofCall[0].method, QStringLiteral("app"));
    QVERIFY(ofCall[0].accepted);
    QCOMPARE(ofCall[0].messageVersion, message.version);
    QCOMPARE(ofCall[0].phone, number);
    int inApp = 0;
    for (const store::ConsentRecord &c : records.consents({}, QDateTime::currentDateTimeUtc().addSecs(-120)))
        if (c.callSid.isEmpty() && c.phone == number && c.method == QLatin1String("app") && c.accepted)
            ++inApp;
    QCOMPARE(inApp, 1);
    QVERIFY(metric("callgate_app_consent_calls_total") >= 1);
}

void TestUserApp::withdrawnConsentIsAskedAgainOnTheNextCall()
{
    const QString number = QStringLiteral("+14155550162");
    AppClient app(m_gateway->port());
    QVERIFY(app.waitOpen());
    QVERIFY(!signIn(app, number, number).isEmpty());
    app.send({{QStringLiteral("type"), QStringLiteral("consent")}, {QStringLiteral("accepted"), true}});
    QVERIFY(!app.next(QStringLiteral("consent_recorded")).isEmpty());
    app.send({{QStringLiteral("type"), QStringLiteral("consent")}, {QStringLiteral("accepted"), false}});
    const QJsonObject withdrawn = app.next(QStringLiteral("consent_recorded"));
    QCOMPARE(withdrawn.value(QStringLiteral("accepted")).toBool(true), false);

    CallerOptions o = caller(number);
    o.gatherDigits = {QStringLiteral("1")};
    const CallerRecord r = runCaller(o);
    QCOMPARE(r.webhooks, QStringList({QStringLiteral("/incoming-call"), QStringLiteral("/consent")}));
    QVERIFY(!r.said.contains(m_gateway->shared().callerText.consentInApp));
    QVERIFY(r.streamOpened);
    m_store->flush();
    store::CallStore records;
    QVERIFY(records.open(m_dir.filePath(QStringLiteral("calls.sqlite"))));
    const auto ofCall = records.consents(o.callSid);
    QCOMPARE(ofCall.size(), 1);
    QCOMPARE(ofCall[0].method, QStringLiteral("keypad"));
}

void TestUserApp::fiveWrongCodesLockTheNumber()
{
    const QString number = QStringLiteral("+14155550163");
    const quint64 wrongBefore = metric("callgate_rejected_requests_total{reason=\"app_wrong_code\"}");
    const quint64 lockedBefore = metric("callgate_rejected_requests_total{reason=\"app_locked\"}");
    AppClient app(m_gateway->port());
    QVERIFY(app.waitOpen());
    app.send({{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("phone"), number}});
    QVERIFY(!app.next(QStringLiteral("code_sent")).isEmpty());
    const QString right = lastCodeFor(number);
    m_secrets << right;
    const QString wrong = right == QLatin1String("000000") ? QStringLiteral("111111") : QStringLiteral("000000");
    for (int i = 1; i <= 5; ++i) {
        QTest::qWait(600); // a person's pace: the message limit is not what refuses them
        app.send({{QStringLiteral("type"), QStringLiteral("verify")}, {QStringLiteral("code"), wrong}});
        const QJsonObject e = app.next(QStringLiteral("error"));
        QCOMPARE(e.value(QStringLiteral("reason")).toString(), i < 5 ? QStringLiteral("wrong_code") : QStringLiteral("locked"));
    }
    // Locked: the right code no longer helps, and no new code is sent, on this connection or another.
    app.send({{QStringLiteral("type"), QStringLiteral("verify")}, {QStringLiteral("code"), right}});
    QCOMPARE(app.next(QStringLiteral("error")).value(QStringLiteral("reason")).toString(), QStringLiteral("locked"));
    const int smsBefore = int(twilioRest().record().messages.size());
    AppClient other(m_gateway->port());
    QVERIFY(other.waitOpen());
    other.send({{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("phone"), number}});
    const QJsonObject e = other.next(QStringLiteral("error"));
    QCOMPARE(e.value(QStringLiteral("reason")).toString(), QStringLiteral("locked"));
    QVERIFY(e.value(QStringLiteral("retry_after")).toInt() > 3000);
    QCOMPARE(int(twilioRest().record().messages.size()), smsBefore);
    QCOMPARE(metric("callgate_rejected_requests_total{reason=\"app_wrong_code\"}"), wrongBefore + 4);
    QCOMPARE(metric("callgate_rejected_requests_total{reason=\"app_locked\"}"), lockedBefore + 3);
}

void TestUserApp::resumedSessionFollowsItsLiveCall()
{
    const QString number = QStringLiteral("+14155550164");
    QString token;
    {
        AppClient first(m_gateway->port());
        QVERIFY(first.waitOpen());
        token = signIn(first, number, number).value(QStringLiteral("token")).toString();
        QVERIFY(!token.isEmpty());
    }
    // A call from that number, on the keypad, that stays on the line.
    CallerOptions o = caller(number);
    o.gatherDigits = {QStringLiteral("1")};
    o.script = {CallerStep::waitAssistant(100), CallerStep::pause(60000), CallerStep::hangUp()};
    TwilioCaller call(o, m_network);
    call.start();
    QVERIFY(QTest::qWaitFor([&] { return call.record().streamOpened; }, 10000));
    QTest::qWait(300);

    // The app comes back (a reload): the token resumes, and the live call's state comes at once.
    AppClient app(m_gateway->port());
    QVERIFY(app.waitOpen());
    app.send({{QStringLiteral("type"), QStringLiteral("resume")}, {QStringLiteral("token"), token}});
    const QJsonObject in = app.next(QStringLiteral("signed_in"));
    QCOMPARE(in.value(QStringLiteral("phone")).toString(), number);
    QVERIFY2(app.waitState(QStringLiteral("assistant"), 5000), qPrintable(app.states().join(QLatin1Char(','))));

    // The caller asks for a person from the app: waiting, with the live-agent message.
    app.send({{QStringLiteral("type"), QStringLiteral("ask_agent")}});
    QVERIFY(!app.next(QStringLiteral("agent_requested")).isEmpty());
    QVERIFY(app.waitState(QStringLiteral("waiting_for_agent"), 5000));
    const QJsonObject agent = app.next(QStringLiteral("live_agent"));
    QCOMPARE(agent.value(QStringLiteral("text")).toString(), m_gateway->shared().prompts.get(PromptKind::LiveAgent).text);

    // A supervisor takes it; then the caller hangs up.
    const QByteArray sessionId = QUrl(call.record().streamUrl).path().section(QLatin1Char('/'), -1).toLatin1();
    m_gateway->takeCall(sessionId, QStringLiteral("Ana"));
    QVERIFY2(app.waitState(QStringLiteral("with_agent"), 5000), qPrintable(app.states().join(QLatin1Char(','))));
    call.hangUp();
    QVERIFY2(app.waitState(QStringLiteral("ended"), 10000), qPrintable(app.states().join(QLatin1Char(','))));

    // A token no session has does not resume.
    AppClient stranger(m_gateway->port());
    QVERIFY(stranger.waitOpen());
    stranger.send({{QStringLiteral("type"), QStringLiteral("resume")},
                   {QStringLiteral("token"), QString(token).replace(3, 4, QStringLiteral("AAAA"))}});
    QCOMPARE(stranger.next(QStringLiteral("error")).value(QStringLiteral("reason")).toString(), QStringLiteral("invalid_token"));
}

void TestUserApp::notAMobileGetsNoCode()
{
    const QString landline = QStringLiteral("+14155550165");
    twilioRest().setLineType(landline, QStringLiteral("landline"));
    const int smsBefore = int(twilioRest().record().messages.size());
    AppClient app(m_gateway->port());
    QVERIFY(app.waitOpen());
    app.send({{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("phone"), landline}});
    QCOMPARE(app.next(QStringLiteral("error")).value(QStringLiteral("reason")).toString(), QStringLiteral("not_mobile"));
    QTest::qWait(600);
    app.send({{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("phone"), QStringLiteral("call me maybe")}});
    QCOMPARE(app.next(QStringLiteral("error")).value(QStringLiteral("reason")).toString(), QStringLiteral("invalid_number"));
    QTest::qWait(600);
    app.send({{QStringLiteral("type"), QStringLiteral("verify")}, {QStringLiteral("code"), QStringLiteral("123456")}});
    QCOMPARE(app.next(QStringLiteral("error")).value(QStringLiteral("reason")).toString(), QStringLiteral("no_code"));
    QTest::qWait(600);
    app.send({{QStringLiteral("type"), QStringLiteral("consent")}, {QStringLiteral("accepted"), true}});
    QCOMPARE(app.next(QStringLiteral("error")).value(QStringLiteral("reason")).toString(), QStringLiteral("not_signed_in"));
    QCOMPARE(int(twilioRest().record().messages.size()), smsBefore);
}

void TestUserApp::hostileClientsAreRefusedAndCounted()
{
    const quint16 port = m_gateway->port();
    const auto refused = [this](const char *reason) {
        return metric(QByteArray("callgate_rejected_requests_total{reason=\"") + reason + "\"}");
    };
    // Another site's page may not open it.
    const quint64 originBefore = refused("app_bad_origin");
    const RawResponse foreign = rawExchange(port, upgradeRequest("https://evil.example"));
    QCOMPARE(foreign.status, 403);
    QCOMPARE(refused("app_bad_origin"), originBefore + 1);
    {
        AppClient own(port, "https://gw.example.test"); // the page at PUBLIC_URL
        QVERIFY(own.waitOpen());
    }

    // Not JSON, then a flood: told, then closed.
    const quint64 badBefore = refused("app_bad_message");
    AppClient flood(port);
    QVERIFY(flood.waitOpen());
    flood.sendRaw(QStringLiteral("{not json"));
    QCOMPARE(flood.next(QStringLiteral("error")).value(QStringLiteral("reason")).toString(), QStringLiteral("bad_message"));
    for (int i = 0; i < 30; ++i)
        flood.send({{QStringLiteral("type"), QStringLiteral("hello")}});
    QVERIFY(flood.waitClosed());
    QCOMPARE(flood.closeCode(), 1008);
    QVERIFY(refused("app_bad_message") >= badBefore + 5);

    // Oversized: closed with 1009.
    AppClient big(port);
    QVERIFY(big.waitOpen());
    big.sendRaw(QString(UserServer::kMaxMessageBytes + 10, QLatin1Char('x')));
    QVERIFY(big.waitClosed());
    QCOMPARE(big.closeCode(), 1009);

    // More connections from one address than may sign in at once: 429, counted.
    const quint64 tooManyBefore = refused("app_too_many_connections");
    std::vector<std::unique_ptr<AppClient>> held;
    for (int i = 0; i < UserServer::kMaxPendingPerAddress; ++i) {
        held.push_back(std::make_unique<AppClient>(port));
        QVERIFY(held.back()->waitOpen());
    }
    const RawResponse extra = rawExchange(port, upgradeRequest({}));
    QCOMPARE(extra.status, 429);
    QCOMPARE(refused("app_too_many_connections"), tooManyBefore + 1);
    // One closes: another may come.
    held.pop_back();
    QTest::qWait(300);
    AppClient again(port);
    QVERIFY(again.waitOpen());
}

void TestUserApp::pageIsServedWithItsScript()
{
    const RawResponse page = rawExchange(m_gateway->port(), buildRequest("GET", "/app"));
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("content-security-policy").startsWith("default-src 'self'"));
    QVERIFY(page.body.contains("<script src=\"/app/app.js\""));
    const RawResponse script = rawExchange(m_gateway->port(), buildRequest("GET", "/app/app.js"));
    QVERIFY(script.header("content-type").startsWith("text/javascript"));
    QVERIFY(script.body.contains("'/user'"));
    QCOMPARE(rawExchange(m_gateway->port(), buildRequest("GET", "/app/../etc/passwd")).status, 404);
    QCOMPARE(rawExchange(m_gateway->port(), buildRequest("POST", "/app", {}, "x")).status, 405);
}

void TestUserApp::noCodeTokenOrNumberInTheLog()
{
    const QStringList log = m_log->lines();
    QVERIFY(log.size() > 10);
    QVERIFY(m_secrets.size() >= 6);
    for (const QString &line : log) {
        for (const QString &secret : std::as_const(m_secrets))
            QVERIFY2(secret.isEmpty() || !line.contains(secret), qPrintable(line));
        for (const char *n : {"4155550161", "4155550162", "4155550163", "4155550164", "4155550165"})
            QVERIFY2(!line.contains(QLatin1String(n)), qPrintable(line));
    }
}

QTEST_MAIN(TestUserApp)
#include "tst_user_app.moc"
