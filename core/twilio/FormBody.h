#pragma once
// application/x-www-form-urlencoded bodies as Twilio sends them: '+' is a space (QUrlQuery does
// not decode it), names may repeat, order is kept.

#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace callgate {

using FormFields = QList<QPair<QString, QString>>;

FormFields parseForm(QByteArrayView body);

// Bounds for a form from a stranger, checked before it is parsed, sorted or signed: Twilio's
// webhooks carry a few dozen fields of at most a few hundred bytes.
inline constexpr int kMaxFormFields = 128;
inline constexpr int kMaxFormFieldBytes = 8192; // one name=value pair, still encoded
// Empty when `body` is within the bounds, else what is wrong (for a log line).
QString checkFormLimits(QByteArrayView body);

// The first value of `name`, or an empty string.
QString formValue(const FormFields &fields, QStringView name);

// Encodes fields for a request body (used by the REST client and the simulated caller).
QByteArray encodeForm(const FormFields &fields);

} // namespace callgate
