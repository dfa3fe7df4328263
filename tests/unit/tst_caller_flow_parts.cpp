// The pure parts of the caller flow: keypad digits and caller IDs to E.164, numbers read back,
// the signed flow token, long prompts cut into pieces, Twilio's error JSON and Lookup answers, and
// what a customer API may answer.

#include "content/PromptLibrary.h"
#include "gateway/CustomerApi.h"
#include "gateway/FlowToken.h"
#include "twilio/PhoneNumber.h"
#include "twilio/RestClient.h"

#include <QJsonDocument>
#include <QTest>

using namespace callgate;
using namespace callgate::twilio;

namespace {
// JSON written with single quotes, so it reads well in a C++ string.
QByteArray j(const char *text) { return QByteArray(text).replace('\'', '"'); }
} // namespace

class TestCallerFlowParts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keypadDigits_data();
    void keypadDigits();
    void callerIds_data();
    void callerIds();
    void numbersAreReadBackInGroups();
    void flowTokenRoundTrip();
    void flowTokenRefusesTampering();
    void flowTokenIsBoundToItsCallAndExpires();
    void longPromptsAreChunkedAtBoundaries();
    void twilioErrorsReadLikeSentences();
    void lookupAnswersAreParsed();
    void customerRepliesAreParsedDefensively();
};

void TestCallerFlowParts::keypadDigits_data()
{
    QTest::addColumn<QString>("keyed");
    QTest::addColumn<QString>("e164"); // empty: refused
    QTest::addColumn<int>("error");
    // The examples of protocols/twilio-webhooks-and-rest.md §9.
    QTest::newRow("nanp with #") << "4155550100#"
                                 << "+14155550100" << 0;
    QTest::newRow("nanp with 1") << "14155550100"
                                 << "+14155550100" << 0;
    QTest::newRow("011 international") << "011442071838750"
                                       << "+442071838750" << 0;
    QTest::newRow("00 international") << "00442071838750"
                                      << "+442071838750" << 0;
    QTest::newRow("plus") << "+442071838750"
                          << "+442071838750" << 0;
    QTest::newRow("seven digits") << "5550100"
                                  << "" << int(PhoneError::TooShort);
    QTest::newRow("twelve digits") << "415555010012"
                                   << "" << int(PhoneError::TooLong);
    QTest::newRow("area code 0") << "0155550100"
                                 << "" << int(PhoneError::BadAreaCode);
    QTest::newRow("exchange 1") << "4151550100"
                                << "" << int(PhoneError::BadAreaCode);
    QTest::newRow("N11 area code") << "9115550100"
                                   << "" << int(PhoneError::ServiceNumber);
    QTest::newRow("911") << "911"
                         << "" << int(PhoneError::TooShort);
    QTest::newRow("star") << "415*550100"
                          << "" << int(PhoneError::NotDigits);
    QTest::newRow("only #") << "#"
                            << "" << int(PhoneError::Empty);
    QTest::newRow("international too long") << "0114420718387501234"
                                            << "" << int(PhoneError::TooLong);
    QTest::newRow("international country 0") << "0110442071838750"
                                             << "" << int(PhoneError::BadAreaCode);
}

void TestCallerFlowParts::keypadDigits()
{
    QFETCH(QString, keyed);
    QFETCH(QString, e164);
    QFETCH(int, error);
    const auto r = formatPhoneNumber(keyed);
    if (e164.isEmpty()) {
        QVERIFY2(!r.ok(), qPrintable(keyed));
        QVERIFY(!r.error().isEmpty());
        QCOMPARE(int(phoneErrorOf(keyed)), error);
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r.value(), e164);
    }
}

void TestCallerFlowParts::callerIds_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("e164");
    QTest::newRow("e164") << "+14155550123"
                          << "+14155550123";
    QTest::newRow("uk") << "+442071838750"
                        << "+442071838750";
    QTest::newRow("anonymous") << "anonymous"
                               << "";
    // The numbers Twilio puts in From for withheld callers (ANONYMOUS, RESTRICTED, UNAVAILABLE, BLOCKED).
    QTest::newRow("anonymous stand-in") << "+266696687"
                                        << "";
    QTest::newRow("restricted stand-in") << "+7378742833"
                                         << "";
    QTest::newRow("unavailable stand-in") << "+86282452253"
                                          << "";
    QTest::newRow("blocked stand-in") << "+2562533"
                                      << "";
    QTest::newRow("client") << "client:alice"
                            << "";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("national") << "4155550123"
                              << "";
}

void TestCallerFlowParts::callerIds()
{
    QFETCH(QString, from);
    QFETCH(QString, e164);
    QCOMPARE(callerIdToE164(from), e164);
}

void TestCallerFlowParts::numbersAreReadBackInGroups()
{
    QCOMPARE(spokenDigits(QStringLiteral("+14155550100")), QStringLiteral("4 1 5, 5 5 5, 0 1 0 0"));
    QCOMPARE(spokenDigits(QStringLiteral("+442071838750")), QStringLiteral("4 4 2, 0 7 1, 8 3 8, 7 5 0"));
}

void TestCallerFlowParts::flowTokenRoundTrip()
{
    FlowTokenSigner signer("secret");
    FlowState s;
    s.step = FlowState::Step::Consent;
    s.callSid = QStringLiteral("CA0123");
    s.number = QStringLiteral("+14155550100");
    s.lineType = QStringLiteral("mobile");
    s.source = QStringLiteral("keypad");
    s.failures = 2;
    s.noInputs = 1;
    s.consentVersion = QStringLiteral("abc123");
    s.issuedAt = 1000;
    const QByteArray token = signer.sign(s);
    // URL-safe as it stands: it goes into an action URL's query.
    for (char c : token)
        QVERIFY2(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.', token.constData());
    const auto back = signer.verify(token, s.callSid, 1010);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(int(back.value().step), int(s.step));
    QCOMPARE(back.value().number, s.number);
    QCOMPARE(back.value().lineType, s.lineType);
    QCOMPARE(back.value().source, s.source);
    QCOMPARE(back.value().failures, 2);
    QCOMPARE(back.value().noInputs, 1);
    QCOMPARE(back.value().consentVersion, s.consentVersion);
}

void TestCallerFlowParts::flowTokenRefusesTampering()
{
    FlowTokenSigner signer("secret");
    FlowState s;
    s.callSid = QStringLiteral("CA0123");
    s.issuedAt = 1000;
    const QByteArray token = signer.sign(s);
    // Every single-character change of the payload or the MAC is caught.
    for (qsizetype i = 0; i < token.size(); ++i) {
        if (token[i] == '.')
            continue;
        QByteArray bad = token;
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        QVERIFY2(!signer.verify(bad, s.callSid, 1000).ok(), qPrintable(QStringLiteral("position %1").arg(i)));
    }
    // Another key (another deployment) does not accept it.
    QVERIFY(!FlowTokenSigner("other").verify(token, s.callSid, 1000).ok());
    QVERIFY(!signer.verify("", s.callSid, 1000).ok());
    QVERIFY(!signer.verify("no-dot", s.callSid, 1000).ok());
}

void TestCallerFlowParts::flowTokenIsBoundToItsCallAndExpires()
{
    FlowTokenSigner signer("secret", 60);
    FlowState s;
    s.callSid = QStringLiteral("CA0123");
    s.issuedAt = 1000;
    const QByteArray token = signer.sign(s);
    QVERIFY(signer.verify(token, s.callSid, 1059).ok());
    const auto other = signer.verify(token, QStringLiteral("CA9999"), 1000);
    QVERIFY(!other.ok());
    QVERIFY(other.error().contains(QLatin1String("another call")));
    const auto late = signer.verify(token, s.callSid, 1061);
    QVERIFY(!late.ok());
    QVERIFY(late.error().contains(QLatin1String("expired")));
}

void TestCallerFlowParts::longPromptsAreChunkedAtBoundaries()
{
    QString text;
    for (int i = 0; i < 40; ++i)
        text += QStringLiteral("Paragraph %1 says something useful about the product. It has two sentences.\n\n").arg(i);
    const QStringList chunks = chunkText(text, 500);
    QVERIFY(chunks.size() > 5);
    QString joined;
    for (const QString &c : chunks) {
        QVERIFY(c.size() <= 500);
        QVERIFY2(c.endsWith(QLatin1Char('.')), qPrintable(c.right(20))); // never mid-sentence
        joined += c;
    }
    QCOMPARE(joined.count(QStringLiteral("Paragraph")), 40);
    // One long word still fits.
    const QStringList hard = chunkText(QString(1200, QLatin1Char('x')), 500);
    QCOMPARE(hard.size(), 3);
    QCOMPARE(chunkText(QStringLiteral("short"), 500), QStringList{QStringLiteral("short")});
}

void TestCallerFlowParts::twilioErrorsReadLikeSentences()
{
    const QString e = describeTwilioError(404,
                                          j("{'code': 20404, 'message': 'The requested resource /Calls/CA1.json was not found', "
                                            "'more_info': 'https://www.twilio.com/docs/errors/20404', 'status': 404}"));
    QVERIFY(e.startsWith(QLatin1String("Twilio error 20404 (HTTP 404): The requested resource")));
    QVERIFY(e.endsWith(QLatin1String("See https://www.twilio.com/docs/errors/20404")));
    QVERIFY(describeTwilioError(502, "<html>Bad gateway</html>").contains(QLatin1String("HTTP 502 without its error JSON")));
    // A phone number quoted by Twilio is masked.
    QVERIFY(!describeTwilioError(400, j("{'code':21211,'message':'The To number +14155550123 is not a valid phone number.'}"))
                 .contains(QLatin1String("+14155550123")));
}

void TestCallerFlowParts::lookupAnswersAreParsed()
{
    const auto mobile =
        parseLookup(QJsonDocument::fromJson(j("{'calling_country_code':'1','country_code':'US','phone_number':'+14159929960',         "
                                              "'national_format':'(415) 992-9960','valid':true,'validation_errors':null,         "
                                              "'line_type_intelligence':{'error_code':null,'mobile_country_code':'240','mobile_network_"
                                              "code':'38','carrier_name':'Twilio - SMS/MMS-SVR','type':'mobile'}}"))
                        .object());
    QVERIFY(mobile.valid);
    QVERIFY(mobile.isMobile());
    QCOMPARE(mobile.carrierName, QStringLiteral("Twilio - SMS/MMS-SVR"));
    const auto voip = parseLookup(QJsonDocument::fromJson(j("{'valid':true,'line_type_intelligence':{'type':'nonFixedVoip'}}")).object());
    QVERIFY(!voip.isMobile());
    const auto invalid =
        parseLookup(QJsonDocument::fromJson(j("{'valid':false,'validation_errors':['TOO_SHORT'],'line_type_intelligence':null}")).object());
    QVERIFY(!invalid.valid);
    QCOMPARE(invalid.validationErrors, QStringList{QStringLiteral("TOO_SHORT")});
    QVERIFY(!invalid.isMobile());
}

void TestCallerFlowParts::customerRepliesAreParsedDefensively()
{
    const auto known = parseCustomerReply(200, j("{'name':'Dana Whitfield','plan':'Gold','openOrders':2,'vip':true,'notes':{'x':1}}"));
    QVERIFY(known.found);
    QCOMPARE(known.name, QStringLiteral("Dana Whitfield"));
    QCOMPARE(known.fields.size(), 3);                                                           // nested objects are left out
    QCOMPARE(known.fields.at(0), qMakePair(QStringLiteral("openOrders"), QStringLiteral("2"))); // keys sorted: openOrders, plan, vip
    const auto wrapped = parseCustomerReply(200, j("{'customer':{'firstName':'Ana','lastName':'Ruiz'}}"));
    QCOMPARE(wrapped.name, QStringLiteral("Ana Ruiz"));
    QVERIFY(!parseCustomerReply(404, "{}").found);
    QVERIFY(!parseCustomerReply(200, "<html>oops</html>").found);
    QVERIFY(parseCustomerReply(200, "<html>oops</html>").error.contains(QLatin1String("not a JSON object")));
    QVERIFY(!parseCustomerReply(200, "{}").found);
    QVERIFY(!parseCustomerReply(503, "{}").found);
    // A huge value is cut.
    const auto huge = parseCustomerReply(200, QByteArray(j("{'name':'")) + QByteArray(5000, 'a') + j("'}"));
    QVERIFY(huge.name.size() <= 200);
}

QTEST_GUILESS_MAIN(TestCallerFlowParts)
#include "tst_caller_flow_parts.moc"
