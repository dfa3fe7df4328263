// The German and Spanish translations are complete: every text the sources pass through tr() —
// found afresh by lupdate in a scratch copy, so a new string without a translation fails here —
// has a translation, with every plural form. English has every plural form ("%n call(s)" reads
// "1 call").

#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyTextIsTranslated_data();
    void everyTextIsTranslated();
};

void TestTranslations::everyTextIsTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("pluralOnly");
    QTest::newRow("German") << QStringLiteral("de") << false;
    QTest::newRow("Spanish") << QStringLiteral("es") << false;
    QTest::newRow("English plurals") << QStringLiteral("en") << true;
}

void TestTranslations::everyTextIsTranslated()
{
    QFETCH(QString, language);
    QFETCH(bool, pluralOnly);
    const QString source = QStringLiteral(CALLGATE_SOURCE_DIR);
    const QString ts = source + QStringLiteral("/translations/callgate_%1.ts").arg(language);
    QTemporaryDir scratch;
    const QString copy = scratch.filePath(QFileInfo(ts).fileName());
    QVERIFY(QFile::copy(ts, copy));
    QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
    if (!QFile::exists(lupdate))
        lupdate = QStringLiteral("/usr/lib/qt6/bin/lupdate");
    QProcess p;
    QStringList args{
        QStringLiteral("-no-obsolete"),   QStringLiteral("-locations"),    QStringLiteral("none"), source + QStringLiteral("/ui"),
        source + QStringLiteral("/core"), source + QStringLiteral("/app"), QStringLiteral("-ts"),  copy};
    if (pluralOnly)
        args.prepend(QStringLiteral("-pluralonly"));
    p.start(lupdate, args);
    QVERIFY2(p.waitForFinished(60000) && p.exitCode() == 0, p.readAllStandardError().constData());

    QFile f(copy);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader r(&f);
    QStringList untranslated;
    int messages = 0;
    QString sourceText;
    while (!r.atEnd()) {
        r.readNext();
        if (!r.isStartElement())
            continue;
        if (r.name() == QLatin1String("source")) {
            sourceText = r.readElementText();
            ++messages;
        } else if (r.name() == QLatin1String("translation")) {
            const bool unfinished = r.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            const QString text = r.readElementText(QXmlStreamReader::IncludeChildElements);
            if (unfinished || text.trimmed().isEmpty())
                untranslated << sourceText;
        }
    }
    QVERIFY(!r.hasError());
    QVERIFY(messages > (pluralOnly ? 5 : 100));
    QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("not translated: ") + untranslated.join(QStringLiteral(" | "))));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
