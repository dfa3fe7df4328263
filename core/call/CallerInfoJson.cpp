#include "call/CallerInfoJson.h"

#include <QJsonArray>

namespace callgate {
namespace {

QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }
QString text(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }

} // namespace

QJsonObject toJson(const CallerVerification &v)
{
    return {{QStringLiteral("number"), v.number},
            {QStringLiteral("lineType"), v.lineType},
            {QStringLiteral("source"), v.source},
            {QStringLiteral("language"), v.language},
            {QStringLiteral("consentVersion"), v.consentVersion},
            {QStringLiteral("consentAt"), iso(v.consentAt)},
            {QStringLiteral("consentMethod"), v.consentMethod}};
}

CallerVerification verificationFromJson(const QJsonObject &o)
{
    return {text(o, "number"),       text(o, "lineType"),       text(o, "source"),
            text(o, "language"),     text(o, "consentVersion"), QDateTime::fromString(text(o, "consentAt"), Qt::ISODateWithMs),
            text(o, "consentMethod")};
}

QJsonObject toJson(const CustomerInfo &c)
{
    QJsonArray fields;
    for (const auto &[key, value] : c.fields)
        fields.append(QJsonArray{key, value});
    return {{QStringLiteral("found"), c.found},
            {QStringLiteral("name"), c.name},
            {QStringLiteral("fields"), fields},
            {QStringLiteral("error"), c.error}};
}

CustomerInfo customerFromJson(const QJsonObject &o)
{
    CustomerInfo c;
    c.found = o.value(QLatin1String("found")).toBool();
    c.name = text(o, "name");
    c.error = text(o, "error");
    for (const QJsonValue &pair : o.value(QLatin1String("fields")).toArray())
        c.fields.append({pair.toArray().at(0).toString(), pair.toArray().at(1).toString()});
    return c;
}

} // namespace callgate
