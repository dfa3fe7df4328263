#pragma once
// `callgate export [--since DATE] [--format jsonl|csv] [--call CALLSID]`: call records for audits,
// written to standard output.

#include <QStringList>

namespace callgate {

int runExport(const QStringList &arguments);

} // namespace callgate
