#pragma once
// The selected call's particulars as rich text: numbers (masked unless revealed), Lookup's line type,
// how the number was verified, consent, the customer record, escalation, how it ended.

#include "call/CallSummary.h"

#include <QString>

namespace callgate {

QString callDetailsHtml(const CallSummary &call, bool revealNumbers);

} // namespace callgate
