#include "AddOperatorCommand.h"

#include "config/Config.h"
#include "config/DotEnv.h"
#include "operator/OperatorAccounts.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace callgate {
namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "callgate add-operator: %s\n", qPrintable(message));
    return 2;
}

// Where the gateway looks: OPERATOR_ACCOUNTS_FILE from the environment or the .env file, else its
// default in the data directory.
QString accountsFile(const QString &envFile)
{
    if (qEnvironmentVariableIsSet("OPERATOR_ACCOUNTS_FILE") && !qEnvironmentVariable("OPERATOR_ACCOUNTS_FILE").isEmpty())
        return qEnvironmentVariable("OPERATOR_ACCOUNTS_FILE");
    if (auto dotEnv = readDotEnvFile(envFile); dotEnv) {
        const QString fromFile = dotEnv.value().value(QStringLiteral("OPERATOR_ACCOUNTS_FILE"));
        if (!fromFile.isEmpty())
            return fromFile;
    }
    return Config::dataPath(QStringLiteral("operators"));
}

} // namespace

int runAddOperator(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Makes an account that may attach a console to this gateway, and prints its token once. "
                       "Giving an existing name replaces its token."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("add-operator"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The supervisor's name, as calls' records will show it."));
    const QCommandLineOption viewer(QStringLiteral("viewer"), QStringLiteral("May watch and listen only (default: supervisor)."));
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("The accounts file (default: OPERATOR_ACCOUNTS_FILE)."),
                                  QStringLiteral("file"));
    const QCommandLineOption envFile(QStringLiteral("env-file"), QStringLiteral("Read settings from <file> (default: ./.env)."),
                                     QStringLiteral("file"));
    parser.addOptions({viewer, file, envFile});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    if (args.size() < 2)
        return fail(QStringLiteral("give the operator's name, e.g. callgate add-operator Ana"));
    const QString name = args.mid(1).join(QLatin1Char(' '));
    const QString path = parser.isSet(file)
        ? parser.value(file)
        : accountsFile(parser.isSet(envFile) ? parser.value(envFile) : QDir::current().filePath(QStringLiteral(".env")));
    QDir().mkpath(QFileInfo(path).absolutePath());
    const auto role = parser.isSet(viewer) ? OperatorAccount::Role::Viewer : OperatorAccount::Role::Supervisor;
    const auto token = OperatorAccounts::add(path, name, role);
    if (!token)
        return fail(token.error());
    std::fprintf(stderr, "%s may now attach a console as %s (accounts: %s). The token, shown only now:\n", qPrintable(name.simplified()),
                 roleName(role), qPrintable(path));
    std::fprintf(stdout, "%s\n", token.value().constData());
    return 0;
}

} // namespace callgate
