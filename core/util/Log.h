#pragma once
// Logging categories of every module and the process-wide message handler: one line per event,
// plain text or JSON lines, with phone numbers masked whatever the caller of qC*() passed in.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcTwilio)
Q_DECLARE_LOGGING_CATEGORY(lcOpenAi)
Q_DECLARE_LOGGING_CATEGORY(lcBridge)
Q_DECLARE_LOGGING_CATEGORY(lcSession)
Q_DECLARE_LOGGING_CATEGORY(lcSim)

namespace callgate::log {

enum class Format { Text, Json };

// Installs the handler; safe to call again to switch format. Thread-safe once installed.
void install(Format format);

// Formats one line as the handler would (without the trailing newline); used by tests.
QByteArray formatLine(Format format, QtMsgType type, const char *category, const QString &message);

} // namespace callgate::log
