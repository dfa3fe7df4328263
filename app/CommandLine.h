#pragma once
// The command line: mode flags, one option per setting (from SettingsSpec), and the layering of
// defaults < .env < environment < command line into a Config.

#include "config/Config.h"

#include <QStringList>

namespace callgate {

struct LaunchOptions {
    bool headless = false;
    bool demo = false;
    double demoAiFaultSeconds = 0; // --demo-ai-faults: 0 none
    QString envFile;               // empty: ./.env
    Config config;
};

// Before the application object exists: does argv ask for no window?
bool wantsHeadless(int argc, char **argv);

// Parses arguments (QCoreApplication must exist). Prints help/version/errors itself and returns
// an exit code through *exitCode when the program should stop.
std::optional<LaunchOptions> parseCommandLine(const QStringList &arguments, int *exitCode);

} // namespace callgate
