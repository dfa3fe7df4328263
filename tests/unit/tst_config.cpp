// Settings: the layering defaults < .env < environment < command line, errors that name the
// setting (and never echo a secret), .env parsing, and the README table kept in step.

#include "config/Config.h"
#include "config/DotEnv.h"
#include "config/SettingsSpec.h"
#include "util/Redact.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace callgate;

namespace {

ConfigSources minimal()
{
    ConfigSources s;
    s.dotEnv = {{QStringLiteral("PUBLIC_URL"), QStringLiteral("https://abcd.ngrok.app/")},
                {QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-secret-value-123")},
                {QStringLiteral("TWILIO_AUTH_TOKEN"), QStringLiteral("tok-secret-456")}};
    return s;
}

} // namespace

class TestConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void layering();
    void missingRequiredSettingIsNamed_data();
    void missingRequiredSettingIsNamed();
    void malformedSettingIsNamed_data();
    void malformedSettingIsNamed();
    void urlErrorsHideCredentials_data();
    void urlErrorsHideCredentials();
    void describeHidesCredentials();
    void redactPathsKeepsTheName();
    void demoNeedsNoKeys();
    void validationOffNeedsNoToken();
    void streamAndPublicUrls();
    void dotEnvParsing();
    void dotEnvErrorsNameTheLine();
    void dotEnvRoundTrip();
    void readmeTableMatchesCode();
};

void TestConfig::defaults()
{
    auto c = Config::resolve(minimal(), false);
    QVERIFY2(c.ok(), qPrintable(c.error()));
    QCOMPARE(c.value().port, quint16(5050));
    QCOMPARE(c.value().openAiRealtimeUrl.toString(), QStringLiteral("wss://api.openai.com/v1/realtime"));
    QCOMPARE(c.value().openAiApi, QStringLiteral("realtime"));
    QCOMPARE(c.value().openAiLiveUrl.toString(), QStringLiteral("wss://api.openai.com/v1/live/sessions"));
    QCOMPARE(c.value().openAiLiveModel, QStringLiteral("gpt-live-1.1"));
    QCOMPARE(c.value().twilioApiBaseUrl.toString(), QStringLiteral("https://api.twilio.com"));
    QCOMPARE(c.value().twilioLookupBaseUrl.toString(), QStringLiteral("https://lookups.twilio.com"));
    QCOMPARE(c.value().publicUrl.toString(), QStringLiteral("https://abcd.ngrok.app")); // trailing slash dropped
    QVERIFY(c.value().signatureValidation);
    QVERIFY(c.value().workerThreads >= 1);
}

void TestConfig::layering()
{
    ConfigSources s = minimal();
    s.dotEnv.insert(QStringLiteral("PORT"), QStringLiteral("6000"));
    s.dotEnv.insert(QStringLiteral("OPENAI_MODEL"), QStringLiteral("from-dotenv"));
    s.dotEnv.insert(QStringLiteral("OPENAI_VOICE"), QStringLiteral("ash"));
    s.environment.insert(QStringLiteral("PORT"), QStringLiteral("6001"));
    s.environment.insert(QStringLiteral("OPENAI_MODEL"), QStringLiteral("from-env"));
    s.commandLine.insert(QStringLiteral("PORT"), QStringLiteral("6002"));
    auto c = Config::resolve(s, false);
    QVERIFY2(c.ok(), qPrintable(c.error()));
    QCOMPARE(c.value().port, quint16(6002));                     // command line wins
    QCOMPARE(c.value().openAiModel, QStringLiteral("from-env")); // environment beats .env
    QCOMPARE(c.value().openAiVoice, QStringLiteral("ash"));      // .env beats default
}

void TestConfig::missingRequiredSettingIsNamed_data()
{
    QTest::addColumn<QString>("removed");
    QTest::newRow("public url") << QStringLiteral("PUBLIC_URL");
    QTest::newRow("openai key") << QStringLiteral("OPENAI_API_KEY");
    QTest::newRow("auth token") << QStringLiteral("TWILIO_AUTH_TOKEN");
}

void TestConfig::missingRequiredSettingIsNamed()
{
    QFETCH(QString, removed);
    ConfigSources s = minimal();
    s.dotEnv.remove(removed);
    auto c = Config::resolve(s, false);
    QVERIFY(!c.ok());
    QVERIFY2(c.error().startsWith(QStringLiteral("setting ") + removed + QStringLiteral(" is missing")), qPrintable(c.error()));
    QVERIFY(!c.error().contains(QLatin1String("secret")));
    QVERIFY(!c.error().contains(QLatin1Char('\n')));
}

void TestConfig::malformedSettingIsNamed_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("port text") << QStringLiteral("PORT") << QStringLiteral("fifty");
    QTest::newRow("port range") << QStringLiteral("PORT") << QStringLiteral("70000");
    QTest::newRow("public url scheme") << QStringLiteral("PUBLIC_URL") << QStringLiteral("ftp://host");
    QTest::newRow("public url relative") << QStringLiteral("PUBLIC_URL") << QStringLiteral("abcd.ngrok.app");
    QTest::newRow("realtime url") << QStringLiteral("OPENAI_REALTIME_URL") << QStringLiteral("https://api.openai.com/v1/realtime");
    QTest::newRow("ai api") << QStringLiteral("OPENAI_API") << QStringLiteral("beta");
    QTest::newRow("live url") << QStringLiteral("OPENAI_LIVE_URL") << QStringLiteral("https://api.openai.com/v1/live/sessions");
    QTest::newRow("transfer numbers") << QStringLiteral("TRANSFER_NUMBERS") << QStringLiteral("Sales=4155550100");
    QTest::newRow("account sid") << QStringLiteral("TWILIO_ACCOUNT_SID") << QStringLiteral("AB123");
    QTest::newRow("bool") << QStringLiteral("TWILIO_SIGNATURE_VALIDATION") << QStringLiteral("maybe");
    QTest::newRow("bind") << QStringLiteral("BIND_ADDRESS") << QStringLiteral("localhost:5050");
    QTest::newRow("log format") << QStringLiteral("LOG_FORMAT") << QStringLiteral("xml");
    QTest::newRow("body cap") << QStringLiteral("MAX_BODY_BYTES") << QStringLiteral("-1");
}

void TestConfig::malformedSettingIsNamed()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    ConfigSources s = minimal();
    s.environment.insert(key, value);
    auto c = Config::resolve(s, false);
    QVERIFY(!c.ok());
    QVERIFY2(c.error().startsWith(QStringLiteral("setting ") + key + QLatin1Char(' ')), qPrintable(c.error()));
}

void TestConfig::urlErrorsHideCredentials_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    // Each is refused (a query, a bad scheme), and the error must not repeat what is secret in it.
    QTest::newRow("query key") << QStringLiteral("OPENAI_REALTIME_URL")
                               << QStringLiteral("wss://proxy.example/v1/realtime?api_key=sk-live-SECRET1");
    QTest::newRow("user and password") << QStringLiteral("CUSTOMER_API_URL") << QStringLiteral("ftp://crm:SECRET2@crm.example/lookup");
    QTest::newRow("both") << QStringLiteral("TWILIO_API_BASE_URL") << QStringLiteral("https://AC1:SECRET3@api.example/?token=SECRET4&x=1");
}

void TestConfig::urlErrorsHideCredentials()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    ConfigSources s = minimal();
    s.environment.insert(key, value);
    const auto c = Config::resolve(s, false);
    QVERIFY(!c.ok());
    QVERIFY2(c.error().contains(key), qPrintable(c.error()));
    QVERIFY2(!c.error().contains(QLatin1String("SECRET")), qPrintable(c.error()));
    QVERIFY2(c.error().contains(QLatin1String("***")), qPrintable(c.error()));
}

void TestConfig::describeHidesCredentials()
{
    ConfigSources s = minimal();
    s.environment.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgres://app:SECRET5@db.example:5432/calls"));
    s.environment.insert(QStringLiteral("CUSTOMER_API_URL"), QStringLiteral("https://user:SECRET6@crm.example/lookup"));
    const auto c = Config::resolve(s, false);
    QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error()));
    const QString text = c.value().describe().join(QLatin1Char('\n'));
    QVERIFY2(!text.contains(QLatin1String("SECRET")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("postgres://app:***@db.example:5432/calls"))
                 || text.contains(QLatin1String("postgres://***@db.example:5432/calls")),
             qPrintable(text));
}

void TestConfig::redactPathsKeepsTheName()
{
    QCOMPARE(redactPaths(QStringLiteral("cannot read /etc/callgate/consent.txt: No such file")),
             QString::fromUtf8("cannot read …/consent.txt: No such file"));
    // URLs keep their paths (redactUrls is for their secrets); a bare name is left alone.
    QCOMPARE(redactPaths(QStringLiteral("fetch https://docs.example/document/d/x/export failed")),
             QStringLiteral("fetch https://docs.example/document/d/x/export failed"));
    QCOMPARE(redactPaths(QStringLiteral("consent.txt is empty")), QStringLiteral("consent.txt is empty"));
    QCOMPARE(redactUrls(QStringLiteral("see https://a:b@h.example/p?k=v&w=z#f and more")),
             QStringLiteral("see https://***@h.example/p?k=***&w=***#f and more"));
}

void TestConfig::demoNeedsNoKeys()
{
    auto c = Config::resolve(ConfigSources{}, true);
    QVERIFY2(c.ok(), qPrintable(c.error()));
    QVERIFY(c.value().demo);
    QCOMPARE(c.value().publicUrl.toString(), QStringLiteral("http://127.0.0.1:5050"));
}

void TestConfig::validationOffNeedsNoToken()
{
    ConfigSources s = minimal();
    s.dotEnv.remove(QStringLiteral("TWILIO_AUTH_TOKEN"));
    s.environment.insert(QStringLiteral("TWILIO_SIGNATURE_VALIDATION"), QStringLiteral("false"));
    auto c = Config::resolve(s, false);
    QVERIFY2(c.ok(), qPrintable(c.error()));
    QVERIFY(!c.value().signatureValidation);
    const QString summary = c.value().describe().join(QLatin1Char('\n'));
    QVERIFY(summary.contains(QLatin1String("OFF")));
}

void TestConfig::streamAndPublicUrls()
{
    ConfigSources s = minimal();
    s.dotEnv.insert(QStringLiteral("PUBLIC_URL"), QStringLiteral("https://host.example:8443/callgate/"));
    auto c = Config::resolve(s, false);
    QVERIFY2(c.ok(), qPrintable(c.error()));
    QCOMPARE(c.value().streamUrlFor("abc"), QStringLiteral("wss://host.example:8443/callgate/media-stream/abc"));
    QCOMPARE(c.value().publicUrlFor(u"/incoming-call"), QStringLiteral("https://host.example:8443/callgate/incoming-call"));
    const QString summary = c.value().describe().join(QLatin1Char('\n'));
    QVERIFY(!summary.contains(QLatin1String("sk-secret")));
    QVERIFY(!summary.contains(QLatin1String("tok-secret")));
}

void TestConfig::dotEnvParsing()
{
    auto m = parseDotEnv(QStringLiteral("# comment\n\nexport PORT=6000\nPUBLIC_URL = https://a.b  # trailing comment\n"
                                        "OPENAI_API_KEY='sk-#not-a-comment'\nGREETING=\"Hello \\\"there\\\"\\nfriend\"\nEMPTY=\n"));
    QVERIFY2(m.ok(), qPrintable(m.error()));
    QCOMPARE(m.value().value(QStringLiteral("PORT")), QStringLiteral("6000"));
    QCOMPARE(m.value().value(QStringLiteral("PUBLIC_URL")), QStringLiteral("https://a.b"));
    QCOMPARE(m.value().value(QStringLiteral("OPENAI_API_KEY")), QStringLiteral("sk-#not-a-comment"));
    QCOMPARE(m.value().value(QStringLiteral("GREETING")), QStringLiteral("Hello \"there\"\nfriend"));
    QVERIFY(m.value().contains(QStringLiteral("EMPTY")));
}

void TestConfig::dotEnvErrorsNameTheLine()
{
    auto m = parseDotEnv(QStringLiteral("PORT=1\nOPENAI_API_KEY=\"sk-unterminated\n"));
    QVERIFY(!m.ok());
    QVERIFY2(m.error().contains(QLatin1String("line 2")), qPrintable(m.error()));
    QVERIFY(!m.error().contains(QLatin1String("sk-unterminated")));
    QVERIFY(!parseDotEnv(QStringLiteral("1BAD=x")).ok());
    QVERIFY(!parseDotEnv(QStringLiteral("just words")).ok());
}

void TestConfig::dotEnvRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral(".env"));
    const EnvMap values{{QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-\"quoted\"\\and\nnewline")},
                        {QStringLiteral("PORT"), QStringLiteral("5051")}};
    QVERIFY(writeDotEnvFile(path, values).ok());
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    auto back = readDotEnvFile(path);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back.value(), values);
    auto missing = readDotEnvFile(dir.filePath(QStringLiteral("nope")));
    QVERIFY(missing.ok() && missing.value().isEmpty());
}

void TestConfig::readmeTableMatchesCode()
{
    QFile readme(QStringLiteral(CALLGATE_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    QVERIFY2(text.contains(settingsMarkdownTable()),
             "README.md's settings table differs from the code: paste `callgate --print-settings-table` into it");
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
