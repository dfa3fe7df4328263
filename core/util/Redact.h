#pragma once
// Text that leaves the process for people who need not see everything: log lines, start-up
// errors, the unauthenticated /health. Pure functions; any thread.

#include <QString>

namespace callgate {

// Every URL in `text` with its user name, password and query values replaced by "***"
// (postgres://app:***@db/calls, https://crm/lookup?key=***).
QString redactUrls(const QString &text);

// Every absolute file path in `text` shortened to its file name ("…/consent.txt"), so that a
// public status page does not map the server's disk.
QString redactPaths(const QString &text);

} // namespace callgate
