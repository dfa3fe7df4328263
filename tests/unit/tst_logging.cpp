// Log lines: phone numbers masked wherever they appear, one line per event, JSON when asked.

#include "util/Log.h"
#include "util/PhoneMask.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace callgate;

class TestLogging : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void maskOneNumber_data();
    void maskOneNumber();
    void masksNumbersInFreeText();
    void textLineIsOneLine();
    void jsonLine();
};

void TestLogging::maskOneNumber_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("nanp") << QStringLiteral("+14155554567") << QStringLiteral("+1******4567");
    QTest::newRow("uk") << QStringLiteral("+442071838750") << QStringLiteral("+4*******8750");
    QTest::newRow("anonymous") << QStringLiteral("anonymous") << QStringLiteral("****");
    QTest::newRow("short") << QStringLiteral("+1234") << QStringLiteral("****");
    QTest::newRow("empty") << QString() << QStringLiteral("****");
}

void TestLogging::maskOneNumber()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(maskPhone(in), out);
}

void TestLogging::masksNumbersInFreeText()
{
    QCOMPARE(maskPhoneNumbersIn(QStringLiteral("call from +14155554567 to +18005550100, 1+1=2")),
             QStringLiteral("call from +1******4567 to +1******0100, 1+1=2"));
    QCOMPARE(maskPhoneNumbersIn(QStringLiteral("nothing here")), QStringLiteral("nothing here"));
}

void TestLogging::textLineIsOneLine()
{
    const QByteArray line =
        log::formatLine(log::Format::Text, QtWarningMsg, "callgate.twilio", QStringLiteral("two\nlines from +14155554567"));
    QVERIFY(!line.contains('\n'));
    QVERIFY(line.contains(" warning callgate.twilio two\\nlines from +1******4567"));
}

void TestLogging::jsonLine()
{
    const QByteArray line = log::formatLine(log::Format::Json, QtInfoMsg, "callgate.http", QStringLiteral("hello +14155554567"));
    QVERIFY(!line.contains('\n'));
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    QCOMPARE(o.value(QLatin1String("level")).toString(), QStringLiteral("info"));
    QCOMPARE(o.value(QLatin1String("cat")).toString(), QStringLiteral("callgate.http"));
    QCOMPARE(o.value(QLatin1String("msg")).toString(), QStringLiteral("hello +1******4567"));
    QVERIFY(o.contains(QLatin1String("ts")));
}

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
