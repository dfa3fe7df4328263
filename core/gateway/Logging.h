#pragma once
// The logging categories of gateway/ (filter with QT_LOGGING_RULES, e.g. "callgate.gateway.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcGateway) // callgate.gateway: start, drain and stop of the workers
Q_DECLARE_LOGGING_CATEGORY(lcHttp)    // callgate.http: requests refused in front of the routes
Q_DECLARE_LOGGING_CATEGORY(lcBridge)  // callgate.bridge: a call between Twilio and OpenAI
Q_DECLARE_LOGGING_CATEGORY(lcSession) // callgate.session: sessions waiting for their media stream
Q_DECLARE_LOGGING_CATEGORY(lcUser)    // callgate.user: the caller's companion app (/user): sign-ins, consents, refusals
