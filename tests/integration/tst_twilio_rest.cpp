// The Twilio REST client against the simulated REST API on 127.0.0.1: Basic auth, form bodies,
// Lookup, Calls, Messages and IncomingPhoneNumbers; 429 and 5xx retried with backoff (Retry-After
// honoured), errors turned into sentences a person can act on, a service that never answers.

#include "TestGateway.h"

#include "sim/TwilioRestSim.h"
#include "twilio/RestClient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace callgate;
using namespace callgate::twilio;
using namespace testing;

namespace {

RestSettings settingsFor(const QUrl &url)
{
    RestSettings s;
    s.apiBaseUrl = url;
    s.lookupBaseUrl = url;
    s.accountSid = kTestAccountSid;
    s.authToken = QString::fromLatin1(kAuthToken);
    s.timeoutMs = 2000;
    s.backoffMs = 50;
    return s;
}

// Runs one request and waits for its answer.
template <typename T, typename Start>
Result<T> await(Start start)
{
    std::optional<Result<T>> answer;
    start([&](Result<T> r) { answer.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000))
        return Error{QStringLiteral("no answer within 20 s")};
    return *answer;
}

} // namespace

class TestTwilioRest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { twilioRest().clearFailures(); }
    void lookupReadsLineType();
    void retriesServerErrorsAndRateLimits();
    void givesUpWithAMessage();
    void wrongCredentialsAreNamed();
    void callsMessagesAndNumbers();
    void aServiceThatNeverAnswersTimesOut();
    void missingCredentialsAreNamed();
};

void TestTwilioRest::lookupReadsLineType()
{
    RestClient client(settingsFor(twilioRest().url()));
    twilioRest().setLineType(QStringLiteral("+14155550301"), QStringLiteral("landline"));
    auto r = await<LookupResult>([&](auto done) { client.lookupLineType(QStringLiteral("+14155550301"), this, done); });
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QVERIFY(r.value().valid);
    QCOMPARE(r.value().lineType, QStringLiteral("landline"));
    QCOMPARE(r.value().phoneNumber, QStringLiteral("+14155550301"));
    auto invalid = await<LookupResult>([&](auto done) { client.lookupLineType(QStringLiteral("+1415"), this, done); });
    QVERIFY(invalid.ok()); // HTTP 200 with valid:false
    QVERIFY(!invalid.value().valid);
    // Line Type Intelligence cannot answer for a number (e.g. 60601, Canadian numbers need NPAC
    // approval): the number is valid, the type unknown, the reason kept.
    twilioRest().setLineTypeError(QStringLiteral("+16135550199"), 60601);
    auto noType = await<LookupResult>([&](auto done) { client.lookupLineType(QStringLiteral("+16135550199"), this, done); });
    QVERIFY2(noType.ok(), qPrintable(noType.error()));
    QVERIFY(noType.value().valid);
    QVERIFY(noType.value().lineType.isEmpty());
    QCOMPARE(noType.value().lineTypeErrorCode, 60601);
    // Line type is a data package: a request that does not ask for it gets none.
    QNetworkAccessManager network;
    QUrl url = twilioRest().url();
    url.setPath(QStringLiteral("/v2/PhoneNumbers/+14155550301"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Basic " + QByteArray(kTestAccountSid.toLatin1() + ':' + kAuthToken).toBase64());
    QNetworkReply *reply = network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    const QJsonObject plain = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    QCOMPARE(plain.value(QLatin1String("phone_number")).toString(), QStringLiteral("+14155550301"));
    QVERIFY(plain.value(QLatin1String("valid")).toBool());
    QVERIFY(plain.value(QLatin1String("line_type_intelligence")).isNull());
}

void TestTwilioRest::retriesServerErrorsAndRateLimits()
{
    RestClient client(settingsFor(twilioRest().url()));
    twilioRest().failRequests(QStringLiteral("/v2/PhoneNumbers/"), 503, 1);
    twilioRest().failRequests(QStringLiteral("/v2/PhoneNumbers/"), 429, 1);
    const int failuresBefore = twilioRest().record().injectedFailures;
    auto r = await<LookupResult>([&](auto done) { client.lookupLineType(QStringLiteral("+14155550302"), this, done); });
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(twilioRest().record().injectedFailures, failuresBefore + 2);
    QCOMPARE(client.retries(), 2);
    QCOMPARE(client.requestsSent(), 3);
}

void TestTwilioRest::givesUpWithAMessage()
{
    RestClient client(settingsFor(twilioRest().url()));
    twilioRest().failRequests(QStringLiteral("/Calls/"), 500);
    auto r = await<QJsonObject>([&](auto done) {
        client.updateCall(QStringLiteral("CA0000000000000000000000000000fail"), {{QStringLiteral("Status"), QStringLiteral("completed")}},
                          this, done);
    });
    QVERIFY(!r.ok());
    QCOMPARE(client.requestsSent(), 3); // maxAttempts
    QVERIFY2(r.error().startsWith(QLatin1String("Twilio error 20500 (HTTP 500)")), qPrintable(r.error()));
    // A 4xx is not retried, and says what Twilio said.
    twilioRest().clearFailures();
    RestClient once(settingsFor(twilioRest().url()));
    auto unknown = await<QJsonObject>([&](auto done) {
        once.updateCall(QStringLiteral("CA00000000000000000000000000000404"), {{QStringLiteral("Status"), QStringLiteral("completed")}},
                        this, done);
    });
    QVERIFY(!unknown.ok());
    QCOMPARE(once.requestsSent(), 1);
    QVERIFY2(unknown.error().contains(QLatin1String("20404"))
                 && unknown.error().contains(QLatin1String("https://www.twilio.com/docs/errors/20404")),
             qPrintable(unknown.error()));
}

void TestTwilioRest::wrongCredentialsAreNamed()
{
    RestSettings s = settingsFor(twilioRest().url());
    s.authToken = QStringLiteral("wrong");
    RestClient client(s);
    auto r = await<LookupResult>([&](auto done) { client.lookupLineType(QStringLiteral("+14155550303"), this, done); });
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("20003")) && r.error().contains(QLatin1String("Authenticate")), qPrintable(r.error()));
    QVERIFY(!r.error().contains(QLatin1String("wrong"))); // never the token
}

void TestTwilioRest::callsMessagesAndNumbers()
{
    RestClient client(settingsFor(twilioRest().url()));
    auto sent = await<QJsonObject>([&](auto done) {
        client.sendMessage(QStringLiteral("+14155550304"), QStringLiteral("+18005550100"), QStringLiteral("Thanks & goodbye + more"), this,
                           done);
    });
    QVERIFY2(sent.ok(), qPrintable(sent.error()));
    QVERIFY(sent.value().value(QLatin1String("sid")).toString().startsWith(QLatin1String("SM")));
    const auto messages = twilioRest().record().messages;
    QCOMPARE(messages.last().body, QStringLiteral("Thanks & goodbye + more")); // form-encoded intact
    QCOMPARE(messages.last().to, QStringLiteral("+14155550304"));
    auto badTo = await<QJsonObject>([&](auto done) {
        client.sendMessage(QStringLiteral("not-a-number"), QStringLiteral("+18005550100"), QStringLiteral("x"), this, done);
    });
    QVERIFY(!badTo.ok());
    QVERIFY(badTo.error().contains(QLatin1String("21211")));

    // Point the account's number at this gateway.
    auto sid = await<QString>([&](auto done) { client.findIncomingNumber(QStringLiteral("+18005550100"), this, done); });
    QVERIFY2(sid.ok(), qPrintable(sid.error()));
    QVERIFY(sid.value().startsWith(QLatin1String("PN")));
    auto updated = await<QJsonObject>(
        [&](auto done) { client.setVoiceUrl(sid.value(), QStringLiteral("https://abcd.ngrok.app/incoming-call"), this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error()));
    QCOMPARE(twilioRest().incomingNumbers().value(QStringLiteral("+18005550100")), QStringLiteral("https://abcd.ngrok.app/incoming-call"));
    auto missing = await<QString>([&](auto done) { client.findIncomingNumber(QStringLiteral("+18005559999"), this, done); });
    QVERIFY(!missing.ok());
    QVERIFY(!missing.error().contains(QLatin1String("+18005559999"))); // masked
}

void TestTwilioRest::aServiceThatNeverAnswersTimesOut()
{
    // A listener that accepts and never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    RestSettings s = settingsFor(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
    s.timeoutMs = 300;
    RestClient client(s);
    QElapsedTimer t;
    t.start();
    // A POST that timed out is not retried: it may have taken effect.
    auto r = await<QJsonObject>([&](auto done) {
        client.updateCall(QStringLiteral("CA00000000000000000000000000000001"), {{QStringLiteral("Status"), QStringLiteral("completed")}},
                          this, done);
    });
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("did not answer within 300 ms")), qPrintable(r.error()));
    QCOMPARE(client.requestsSent(), 1);
    QVERIFY(t.elapsed() < 3000);
}

void TestTwilioRest::missingCredentialsAreNamed()
{
    RestSettings s = settingsFor(twilioRest().url());
    s.accountSid.clear();
    RestClient client(s);
    QVERIFY(!client.hasCredentials());
    auto r = await<LookupResult>([&](auto done) { client.lookupLineType(QStringLiteral("+14155550305"), this, done); });
    QVERIFY(!r.ok());
    QVERIFY(r.error().contains(QLatin1String("TWILIO_ACCOUNT_SID")));
}

QTEST_GUILESS_MAIN(TestTwilioRest)
#include "tst_twilio_rest.moc"
