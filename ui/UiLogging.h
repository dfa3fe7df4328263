#pragma once
// The console's logging category ("callgate.ui"): what a supervisor was told went wrong, for
// whoever reads the log afterwards.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)
