#pragma once
// The process-wide message handler: one line per event, plain text or JSON lines, with phone
// numbers masked whatever the caller of qC*() passed in. Each folder declares its own logging
// categories in its Logging.h.

#include <QLoggingCategory>

namespace callgate::log {

enum class Format { Text, Json };

// Installs the handler; safe to call again to switch format. Thread-safe once installed.
void install(Format format);

// Formats one line as the handler would (without the trailing newline); used by tests.
QByteArray formatLine(Format format, QtMsgType type, const char *category, const QString &message);

} // namespace callgate::log
