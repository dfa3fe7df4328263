#pragma once
// Call records for audits: JSON lines (one object per call with its transcript as a list of turns
// {speaker, text, at}) or CSV (one row per transcript turn, call fields repeated).

#include "store/CallStore.h"

#include <QIODevice>

namespace callgate::store {

enum class ExportFormat { JsonLines, Csv };

// Writes every call since `since` (or only `callSid`); returns how many calls were written.
int exportCalls(const CallStore &store, QIODevice &out, ExportFormat format, const QDateTime &since, const QString &callSid = {});

} // namespace callgate::store
