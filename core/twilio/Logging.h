#pragma once
// The logging categories of twilio/ (filter with QT_LOGGING_RULES, e.g. "callgate.twilio.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcTwilio) // callgate.twilio: Twilio's REST API and media streams
