#include "ExportCommand.h"

#include "config/Config.h"
#include "config/SettingsSpec.h"
#include "store/CallStore.h"
#include "store/Export.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>

#include <cstdio>

namespace callgate {

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Writes call records (calls and their transcripts) to standard output."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("export"), QStringLiteral("The export command."));
    const QCommandLineOption since(QStringLiteral("since"),
                                   QStringLiteral("Calls that started on or after DATE (YYYY-MM-DD or an ISO date-time, UTC)."),
                                   QStringLiteral("date"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("jsonl (one object per call) or csv (one row per transcript turn)."),
                                    QStringLiteral("format"), QStringLiteral("jsonl"));
    const QCommandLineOption call(QStringLiteral("call"), QStringLiteral("Only the call with this CallSid."), QStringLiteral("sid"));
    const QCommandLineOption database(QStringLiteral("database-url"),
                                      QStringLiteral("The call database (else DATABASE_URL from the environment or .env)."),
                                      QStringLiteral("path"));
    const QCommandLineOption envFile(QStringLiteral("env-file"), QStringLiteral("Read settings from <file> (default: ./.env)."),
                                     QStringLiteral("file"));
    parser.addOptions({since, format, call, database, envFile});
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "callgate export: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    store::ExportFormat fmt;
    if (parser.value(format) == QLatin1String("jsonl"))
        fmt = store::ExportFormat::JsonLines;
    else if (parser.value(format) == QLatin1String("csv"))
        fmt = store::ExportFormat::Csv;
    else {
        std::fprintf(stderr, "callgate export: --format must be jsonl or csv\n");
        return 2;
    }
    QDateTime from = QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
    if (parser.isSet(since)) {
        from = QDateTime::fromString(parser.value(since), Qt::ISODateWithMs);
        if (!from.isValid())
            from = QDateTime(QDate::fromString(parser.value(since), Qt::ISODate), QTime(0, 0), Qt::UTC);
        if (!from.isValid()) {
            std::fprintf(stderr, "callgate export: --since must be a date such as 2026-11-01 (got \"%s\")\n",
                         qPrintable(parser.value(since)));
            return 2;
        }
        from.setTimeSpec(Qt::UTC);
    }

    // DATABASE_URL the same way the gateway finds it (defaults < .env < environment < option).
    ConfigSources sources;
    const QString env = parser.isSet(envFile) ? parser.value(envFile) : QDir::current().filePath(QStringLiteral(".env"));
    if (auto dotEnv = readDotEnvFile(env); dotEnv)
        sources.dotEnv = dotEnv.value();
    if (qEnvironmentVariableIsSet("DATABASE_URL"))
        sources.environment.insert(QStringLiteral("DATABASE_URL"), qEnvironmentVariable("DATABASE_URL"));
    if (parser.isSet(database))
        sources.commandLine.insert(QStringLiteral("DATABASE_URL"), parser.value(database));
    auto config = Config::resolve(sources, true);
    if (!config) {
        std::fprintf(stderr, "callgate export: %s\n", qPrintable(config.error()));
        return 2;
    }
    const QString target = config.value().database;
    if (!target.startsWith(QLatin1String("postgres")) && !QFile::exists(target)) {
        std::fprintf(stderr, "callgate export: no call database at %s (setting DATABASE_URL)\n", qPrintable(target));
        return 2;
    }
    store::CallStore records;
    if (const Status opened = records.open(target); !opened) {
        std::fprintf(stderr, "callgate export: %s\n", qPrintable(opened.error()));
        return 2;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return 1;
    const int n = store::exportCalls(records, out, fmt, from, parser.value(call));
    out.flush();
    std::fprintf(stderr, "%d call(s) exported\n", n);
    return 0;
}

} // namespace callgate
