#include "PointNumberCommand.h"

#include "config/Config.h"
#include "config/SettingsSpec.h"
#include "config/TwilioRestSettings.h"
#include "twilio/PhoneNumber.h"
#include "twilio/RestClient.h"
#include "util/PhoneMask.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace callgate {
namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "callgate point-number: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int runPointNumber(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Points a Twilio phone number of the account at this gateway's /incoming-call."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("point-number"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("number"), QStringLiteral("The Twilio number, in E.164 (+18005550100)."));
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("The voice URL (default: PUBLIC_URL/incoming-call)."),
                                 QStringLiteral("url"));
    const QCommandLineOption envFile(QStringLiteral("env-file"), QStringLiteral("Read settings from <file> (default: ./.env)."),
                                     QStringLiteral("file"));
    parser.addOptions({url, envFile});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    const QString number = args.value(1);
    if (twilio::callerIdToE164(number).isEmpty())
        return fail(QStringLiteral("give the Twilio number in E.164 form, e.g. callgate point-number +18005550100"));

    ConfigSources sources;
    const QString env = parser.isSet(envFile) ? parser.value(envFile) : QDir::current().filePath(QStringLiteral(".env"));
    if (auto dotEnv = readDotEnvFile(env); dotEnv)
        sources.dotEnv = dotEnv.value();
    for (const SettingSpec &s : settingSpecs()) {
        if (qEnvironmentVariableIsSet(s.key))
            sources.environment.insert(QLatin1String(s.key), qEnvironmentVariable(s.key));
    }
    // Only what this command needs is required here.
    const auto given = [&](const char *key) {
        const QString k = QLatin1String(key);
        return !sources.environment.value(k, sources.dotEnv.value(k)).trimmed().isEmpty();
    };
    auto resolved = Config::resolve(sources, true);
    if (!resolved)
        return fail(resolved.error());
    const Config &config = resolved.value();
    if (config.twilioAccountSid.isEmpty())
        return fail(QStringLiteral("setting TWILIO_ACCOUNT_SID is missing: it names the account that owns the number"));
    if (!given("TWILIO_AUTH_TOKEN"))
        return fail(QStringLiteral("setting TWILIO_AUTH_TOKEN is missing: it authenticates the REST request"));
    QString voiceUrl = parser.value(url);
    if (voiceUrl.isEmpty()) {
        if (!given("PUBLIC_URL"))
            return fail(QStringLiteral(
                "setting PUBLIC_URL is missing (or give --url): the https address Twilio reaches, e.g. https://abcd.ngrok.app"));
        voiceUrl = config.publicUrlFor(u"/incoming-call");
    }

    twilio::RestClient rest(twilioRestSettings(config));
    int rc = 1;
    rest.findIncomingNumber(twilio::callerIdToE164(number), &rest, [&](Result<QString> sid) {
        if (!sid) {
            rc = fail(sid.error());
            QCoreApplication::quit();
            return;
        }
        rest.setVoiceUrl(sid.value(), voiceUrl, &rest, [&](Result<QJsonObject> done) {
            if (!done) {
                rc = fail(done.error());
            } else {
                std::fprintf(stdout, "%s now sends its calls to %s (POST)\n", qPrintable(maskPhone(number)), qPrintable(voiceUrl));
                rc = 0;
            }
            QCoreApplication::quit();
        });
    });
    QCoreApplication::exec();
    return rc;
}

} // namespace callgate
