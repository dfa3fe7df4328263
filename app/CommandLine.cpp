#include "CommandLine.h"

#include "config/SettingsSpec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <cstring>

namespace callgate {

bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--headless") == 0 || std::strcmp(argv[i], "--print-settings-table") == 0
            || std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--version") == 0
            || std::strcmp(argv[i], "-v") == 0)
            return true;
    }
    return false;
}

std::optional<LaunchOptions> parseCommandLine(const QStringList &arguments, int *exitCode, bool window)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Callgate: a Twilio Media Streams ⇄ OpenAI Realtime voice gateway with an operator console.\n"
                       "Settings come from defaults < .env file < environment < these options."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run the gateway with no window (servers)."));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Simulated callers and a simulated AI; no keys needed."));
    const QCommandLineOption demoFaults(QStringLiteral("demo-ai-faults"),
                                        QStringLiteral("With --demo: every <seconds>, one simulated AI session fails as the real service "
                                                       "can (dropped, closed 1011, server_error), to watch calls recover."),
                                        QStringLiteral("seconds"));
    const QCommandLineOption envFile(QStringLiteral("env-file"), QStringLiteral("Read settings from <file> (default: ./.env)."),
                                     QStringLiteral("file"));
    QCommandLineOption table(QStringLiteral("print-settings-table"), QStringLiteral("Print the settings as a Markdown table and exit."));
    table.setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption attach(QStringLiteral("attach"),
                                    QStringLiteral("Open the console on the gateways in its settings, with no gateway in this process."));
    const QCommandLineOption joinPort(
        QStringLiteral("join-port"),
        QStringLiteral("Start beside the gateway already on PORT as another worker of the same instance, sharing the port: a restart "
                       "with no gap on one host (start the new process with --join-port, then SIGTERM the old one; it stops taking "
                       "connections and lets its calls finish). Needs a PostgreSQL DATABASE_URL."));
    parser.addOptions({headless, demo, attach, joinPort, demoFaults, envFile, table});
    QList<QCommandLineOption> settingOptions;
    for (const SettingSpec &s : settingSpecs()) {
        QString help = QLatin1String(s.help) + QStringLiteral(" [%1").arg(QLatin1String(s.key));
        if (*s.defaultValue)
            help += QStringLiteral(", default %1").arg(QLatin1String(s.defaultValue));
        help += QLatin1Char(']');
        settingOptions.append(QCommandLineOption(optionNameFor(s.key), help, QStringLiteral("value")));
    }
    parser.addOptions(settingOptions);

    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "callgate: %s\n(see callgate --help)\n", qPrintable(parser.errorText()));
        *exitCode = 2;
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitCode = 0;
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("callgate %s\n", qPrintable(QCoreApplication::applicationVersion()));
        *exitCode = 0;
        return std::nullopt;
    }
    if (parser.isSet(table)) {
        std::fputs(qPrintable(settingsMarkdownTable()), stdout);
        *exitCode = 0;
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "callgate: unexpected argument \"%s\" (see callgate --help)\n",
                     qPrintable(parser.positionalArguments().constFirst()));
        *exitCode = 2;
        return std::nullopt;
    }

    LaunchOptions out;
    out.headless = parser.isSet(headless);
    out.demo = parser.isSet(demo);
    out.attach = parser.isSet(attach);
    if (out.attach && (out.demo || out.headless)) {
        std::fprintf(stderr, "callgate: --attach opens a console only; it goes with neither --demo nor --headless\n");
        *exitCode = 2;
        return std::nullopt;
    }
    out.demoAiFaultSeconds = parser.value(demoFaults).toDouble();
    out.envFile = parser.isSet(envFile) ? parser.value(envFile) : QDir::current().filePath(QStringLiteral(".env"));
    if (parser.isSet(envFile) && !QFileInfo::exists(out.envFile)) {
        std::fprintf(stderr, "callgate: --env-file %s does not exist\n", qPrintable(out.envFile));
        *exitCode = 2;
        return std::nullopt;
    }

    ConfigSources sources;
    auto dotEnv = readDotEnvFile(out.envFile);
    if (!dotEnv) {
        std::fprintf(stderr, "callgate: %s\n", qPrintable(dotEnv.error()));
        *exitCode = 2;
        return std::nullopt;
    }
    sources.dotEnv = dotEnv.value();
    for (const SettingSpec &s : settingSpecs()) {
        if (qEnvironmentVariableIsSet(s.key))
            sources.environment.insert(QLatin1String(s.key), qEnvironmentVariable(s.key));
        if (parser.isSet(optionNameFor(s.key)))
            sources.commandLine.insert(QLatin1String(s.key), parser.value(optionNameFor(s.key)));
    }
    auto config = Config::resolve(sources, out.demo);
    if (!config && window) {
        // No gateway here as things stand; the console can still attach to others, or ask.
        auto consoleOnly = Config::resolve(sources, true);
        if (consoleOnly) {
            out.configProblem = config.error();
            out.config = consoleOnly.value();
            out.config.demo = false;
            return out;
        }
    }
    if (!config) {
        std::fprintf(stderr, "callgate: %s\n", qPrintable(config.error()));
        *exitCode = 2;
        return std::nullopt;
    }
    out.config = config.value();
    out.config.joinPort = parser.isSet(joinPort);
    return out;
}

} // namespace callgate
