#pragma once
// The command line: mode flags, one option per setting (from SettingsSpec), and the layering of
// defaults < .env < environment < command line into a Config.

#include "config/Config.h"

#include <QStringList>

namespace callgate {

struct LaunchOptions {
    bool headless = false;
    bool demo = false;
    bool attach = false;           // a console only, on the gateways in its settings
    double demoAiFaultSeconds = 0; // --demo-ai-faults: 0 none
    QString envFile;               // empty: ./.env
    Config config;
    // With a window: why no gateway can run here as configured (no keys yet); `config` then holds
    // what the console itself needs (the defaults, the .env's other values).
    QString configProblem;
};

// Before the application object exists: does argv ask for no window?
bool wantsHeadless(int argc, char **argv);

// Parses arguments (QCoreApplication must exist). Prints help/version/errors itself and returns
// an exit code through *exitCode when the program should stop.
// With `window`, settings that cannot run a gateway are not the end: see configProblem.
std::optional<LaunchOptions> parseCommandLine(const QStringList &arguments, int *exitCode, bool window = false);

} // namespace callgate
