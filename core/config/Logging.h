#pragma once
// The logging categories of config/ (filter with QT_LOGGING_RULES, e.g. "callgate.config.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcConfig) // callgate.config: settings and the start-up summary
