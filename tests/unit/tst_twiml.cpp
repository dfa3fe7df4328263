// TwiML documents: well-formed, escaped, and shaped as Twilio's verbs expect.

#include "twilio/TwimlWriter.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace callgate::twilio;

namespace {

// Parses the document and returns "Element[attr=value,...]" paths in order, failing on bad XML.
QStringList outline(const QByteArray &xml)
{
    QXmlStreamReader r(xml);
    QStringList out;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            QStringList attrs;
            for (const auto &a : r.attributes())
                attrs << a.name().toString() + QLatin1Char('=') + a.value().toString();
            out << r.name().toString() + (attrs.isEmpty() ? QString() : QLatin1Char('[') + attrs.join(QLatin1Char(',')) + QLatin1Char(']'));
        } else if (r.isCharacters() && !r.isWhitespace()) {
            out << QLatin1Char('"') + r.text().toString() + QLatin1Char('"');
        }
    }
    if (r.hasError())
        out << QStringLiteral("XML ERROR: ") + r.errorString();
    return out;
}

} // namespace

class TestTwiml : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void connectStreamWithParameters();
    void callerFacingTextIsEscaped();
    void gatherSayRedirectHangup();
    void dialNumber();
};

void TestTwiml::connectStreamWithParameters()
{
    TwimlWriter w;
    w.connectStream(QStringLiteral("wss://gw.example/media-stream/abc"),
                    {{QStringLiteral("callSid"), QStringLiteral("CA1")}, {QStringLiteral("callerNumber"), QStringLiteral("+14155550123")}});
    const QByteArray xml = w.finish();
    QVERIFY(xml.startsWith("<?xml version=\"1.0\""));
    QCOMPARE(outline(xml),
             (QStringList{
                 QStringLiteral("Response"), QStringLiteral("Connect"), QStringLiteral("Stream[url=wss://gw.example/media-stream/abc]"),
                 QStringLiteral("Parameter[name=callSid,value=CA1]"), QStringLiteral("Parameter[name=callerNumber,value=+14155550123]")}));
}

void TestTwiml::callerFacingTextIsEscaped()
{
    TwimlWriter w;
    const QString hostile = QStringLiteral("Tom & Jerry <Hangup/> \"quoted\" ]]>");
    w.say(hostile, {QStringLiteral("Polly.Joanna"), QStringLiteral("en-US")});
    w.connectStream(QStringLiteral("wss://x/y"), {{QStringLiteral("n"), QStringLiteral("a\"b<c>&")}});
    const QByteArray xml = w.finish();
    QVERIFY(!xml.contains("<Hangup/>"));
    const QStringList o = outline(xml);
    QVERIFY2(!o.last().startsWith(QLatin1String("XML ERROR")), qPrintable(o.last()));
    QVERIFY(o.contains(QLatin1Char('"') + hostile + QLatin1Char('"')));
    QVERIFY(o.contains(QStringLiteral("Parameter[name=n,value=a\"b<c>&]")));
}

void TestTwiml::gatherSayRedirectHangup()
{
    TwimlWriter w;
    GatherOptions g;
    g.action = QStringLiteral("https://gw/validate-number?t=1&u=2");
    g.numDigits = 11;
    w.beginGather(g).say(QStringLiteral("Please enter")).endGather();
    w.pause(1).redirect(QStringLiteral("https://gw/incoming-call")).hangup();
    QCOMPARE(
        outline(w.finish()),
        (QStringList{
            QStringLiteral("Response"),
            QStringLiteral("Gather[input=dtmf,action=https://gw/validate-number?t=1&u=2,method=POST,numDigits=11,timeout=5,finishOnKey=#]"),
            QStringLiteral("Say"), QStringLiteral("\"Please enter\""), QStringLiteral("Pause[length=1]"),
            QStringLiteral("Redirect[method=POST]"), QStringLiteral("\"https://gw/incoming-call\""), QStringLiteral("Hangup")}));
}

void TestTwiml::dialNumber()
{
    TwimlWriter w;
    w.dialNumber(QStringLiteral("+14155550100"), QStringLiteral("+18005550100"));
    QCOMPARE(outline(w.finish()),
             (QStringList{QStringLiteral("Response"), QStringLiteral("Dial[callerId=+18005550100]"), QStringLiteral("Number"),
                          QStringLiteral("\"+14155550100\"")}));
}

QTEST_GUILESS_MAIN(TestTwiml)
#include "tst_twiml.moc"
