#pragma once
// What the caller flow learned about a caller, as JSON: the same shape wherever it travels (the
// operator protocol's calls, a cluster's stored sessions). Times are ISO 8601 in UTC with
// milliseconds; an invalid time is "". Pure functions; any thread.

#include "call/CallerInfo.h"

#include <QJsonObject>

namespace callgate {

QJsonObject toJson(const CallerVerification &v);
CallerVerification verificationFromJson(const QJsonObject &o);
QJsonObject toJson(const CustomerInfo &c);
CustomerInfo customerFromJson(const QJsonObject &o);

} // namespace callgate
