#include "twilio/FormBody.h"

#include <QUrl>

namespace callgate {
namespace {

QString decodeComponent(QByteArrayView raw)
{
    QByteArray bytes = raw.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

} // namespace

FormFields parseForm(QByteArrayView body)
{
    FormFields out;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        if (!pair.isEmpty()) {
            const qsizetype eq = pair.indexOf('=');
            if (eq < 0)
                out.append({decodeComponent(pair), QString()});
            else
                out.append({decodeComponent(pair.first(eq)), decodeComponent(pair.sliced(eq + 1))});
        }
        start = end + 1;
    }
    return out;
}

QString checkFormLimits(QByteArrayView body)
{
    int fields = 0;
    qsizetype start = 0;
    while (start < body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        if (end - start > kMaxFormFieldBytes)
            return QStringLiteral("a form field of %1 bytes (at most %2)").arg(end - start).arg(kMaxFormFieldBytes);
        if (++fields > kMaxFormFields)
            return QStringLiteral("more than %1 form fields").arg(kMaxFormFields);
        start = end + 1;
    }
    return {};
}

QString formValue(const FormFields &fields, QStringView name)
{
    for (const auto &f : fields) {
        if (f.first == name)
            return f.second;
    }
    return {};
}

QByteArray encodeForm(const FormFields &fields)
{
    QByteArray out;
    for (const auto &f : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(f.first) + '=' + QUrl::toPercentEncoding(f.second);
    }
    return out;
}

} // namespace callgate
