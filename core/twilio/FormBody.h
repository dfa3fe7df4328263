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

// The first value of `name`, or an empty string.
QString formValue(const FormFields &fields, QStringView name);

// Encodes fields for a request body (used by the REST client and the simulated caller).
QByteArray encodeForm(const FormFields &fields);

} // namespace callgate
