// X-Twilio-Signature against every vector in protocols/twilio-signature-test-vectors.json, plus
// form decoding as Twilio's bodies need it.

#include "twilio/FormBody.h"
#include "twilio/RequestValidator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace callgate;
using namespace callgate::twilio;

namespace {

QJsonObject loadVectors()
{
    QFile f(QStringLiteral(CALLGATE_TEST_DATA "/twilio-signature-test-vectors.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open the signature vectors");
    return QJsonDocument::fromJson(f.readAll()).object();
}

const QJsonObject &vectors()
{
    static const QJsonObject v = loadVectors();
    return v;
}

FormFields toFields(const QJsonValue &params)
{
    QJsonObject obj = params.toObject();
    if (params.isString()) // "same as default"
        obj = vectors().value(QLatin1String("form_vectors")).toArray().at(0).toObject().value(QLatin1String("params")).toObject();
    FormFields out;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (it->isArray()) {
            for (const QJsonValue &v : it->toArray())
                out.append({it.key(), v.toString()});
        } else {
            out.append({it.key(), it->toString()});
        }
    }
    return out;
}

// The URL the request arrived at. A vector that gives only the URL Twilio signed (with an explicit
// default port) arrived without that port.
QString receivedUrl(const QJsonObject &v)
{
    if (v.contains(QLatin1String("url_received")))
        return v.value(QLatin1String("url_received")).toString();
    if (v.contains(QLatin1String("url")))
        return v.value(QLatin1String("url")).toString();
    return v.value(QLatin1String("url_signed")).toString().replace(QLatin1String(":443/"), QLatin1String("/"));
}

} // namespace

class TestSignature : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formVectors_data();
    void formVectors();
    void negativeOtherUrl();
    void jsonBodyHashes();
    void jsonBodyVectors_data();
    void jsonBodyVectors();
    void tamperedBodyIsRejected();
    void missingSignature();
    void wssHandshakeExamples();
    void formDecodingTurnsPlusIntoSpace();
    void formKeepsRepeatedNames();
};

void TestSignature::formVectors_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QJsonValue>("params");
    QTest::addColumn<QByteArray>("expected");
    for (const QJsonValue &jv : vectors().value(QLatin1String("form_vectors")).toArray()) {
        const QJsonObject v = jv.toObject();
        if (!v.contains(QLatin1String("expected")))
            continue;
        QTest::newRow(qPrintable(v.value(QLatin1String("id")).toString()))
            << v.value(QLatin1String("authToken")).toString() << receivedUrl(v) << v.value(QLatin1String("params"))
            << v.value(QLatin1String("expected")).toString().toLatin1();
    }
}

void TestSignature::formVectors()
{
    QFETCH(QString, token);
    QFETCH(QString, url);
    QFETCH(QJsonValue, params);
    QFETCH(QByteArray, expected);
    QCOMPARE(verdictName(validateForm(token.toUtf8(), expected, url, toFields(params))), "valid");
}

void TestSignature::negativeOtherUrl()
{
    for (const QJsonValue &jv : vectors().value(QLatin1String("form_vectors")).toArray()) {
        const QJsonObject v = jv.toObject();
        if (v.value(QLatin1String("id")).toString() != QLatin1String("negative_other_url"))
            continue;
        const QByteArray token = v.value(QLatin1String("authToken")).toString().toUtf8();
        const QByteArray sig = v.value(QLatin1String("expected_for_signed_url")).toString().toLatin1();
        QCOMPARE(computeSignature(token, v.value(QLatin1String("url_signed")).toString(), {}), sig);
        QCOMPARE(validateForm(token, sig, v.value(QLatin1String("url_received")).toString(), {}), Verdict::Mismatch);
        return;
    }
    QFAIL("negative_other_url vector not found");
}

void TestSignature::jsonBodyHashes()
{
    int checked = 0;
    for (const QJsonValue &jv : vectors().value(QLatin1String("json_body_vectors")).toArray()) {
        const QJsonObject v = jv.toObject();
        if (!v.contains(QLatin1String("body")) || !v.contains(QLatin1String("sha256_hex")))
            continue;
        const QByteArray body = v.value(QLatin1String("body")).toString().toUtf8();
        QCOMPARE(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex(),
                 v.value(QLatin1String("sha256_hex")).toString().toLatin1());
        ++checked;
    }
    QCOMPARE(checked, 2);
}

void TestSignature::jsonBodyVectors_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray knownBody = "{\"property\": \"value\", \"boolean\": true}";
    for (const QJsonValue &jv : vectors().value(QLatin1String("json_body_vectors")).toArray()) {
        const QJsonObject v = jv.toObject();
        if (!v.contains(QLatin1String("expected")))
            continue;
        const QByteArray body = v.contains(QLatin1String("body")) ? v.value(QLatin1String("body")).toString().toUtf8() : knownBody;
        QTest::newRow(qPrintable(v.value(QLatin1String("id")).toString()))
            << v.value(QLatin1String("authToken")).toString() << receivedUrl(v) << body
            << v.value(QLatin1String("expected")).toString().toLatin1();
    }
}

void TestSignature::jsonBodyVectors()
{
    QFETCH(QString, token);
    QFETCH(QString, url);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(verdictName(validateRawBody(token.toUtf8(), expected, url, body)), "valid");
}

void TestSignature::tamperedBodyIsRejected()
{
    const QString url = QStringLiteral(
        "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
    QCOMPARE(validateRawBody("12345", "a9nBmqA0ju/hNViExpshrM61xv4=", url, "{\"property\": \"value\", \"boolean\": false}"),
             Verdict::BodyHashMismatch);
}

void TestSignature::missingSignature()
{
    QCOMPARE(validateForm("12345", "", QStringLiteral("https://example.com/"), {}), Verdict::Missing);
}

void TestSignature::wssHandshakeExamples()
{
    const QJsonObject ex = vectors().value(QLatin1String("self_computed_not_official")).toArray().at(0).toObject();
    const QByteArray token = ex.value(QLatin1String("authToken")).toString().toUtf8();
    const QJsonArray cases = ex.value(QLatin1String("cases")).toArray();
    QCOMPARE(cases.size(), 2);
    for (const QJsonValue &c : cases)
        QCOMPARE(computeSignature(token, c.toObject().value(QLatin1String("url")).toString(), {}),
                 c.toObject().value(QLatin1String("hmac_b64")).toString().toLatin1());
}

void TestSignature::formDecodingTurnsPlusIntoSpace()
{
    const FormFields f = parseForm("Body=It%27s+amazing&From=%2B14155550123&Empty=&Flag");
    QCOMPARE(formValue(f, u"Body"), QStringLiteral("It's amazing"));
    QCOMPARE(formValue(f, u"From"), QStringLiteral("+14155550123"));
    QCOMPARE(formValue(f, u"Empty"), QString());
    QCOMPARE(f.size(), 4);
    QCOMPARE(parseForm(encodeForm(f)), f);
}

void TestSignature::formKeepsRepeatedNames()
{
    const FormFields f = parseForm("Digits=5678&Sid=CA123&Digits=1234&SidAccount=AC123&Digits=1234");
    QCOMPARE(f.size(), 5);
    QCOMPARE(computeSignature("12345", QStringLiteral("https://mycompany.com/myapp.php?foo=1&bar=2"), f),
             QByteArray("IK+Dwps556ElfBT0I3Rgjkr1wJU="));
}

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
