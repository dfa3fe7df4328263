#include "sim/SchemaValidator.h"

#include "util/Numbers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

void callgateInitSimResources(); // ClipLibrary.cpp

namespace callgate::sim {
namespace {

QString typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    default: return QStringLiteral("undefined");
    }
}

bool matchesType(const QJsonValue &v, const QString &type)
{
    if (type == QLatin1String("integer"))
        return v.isDouble() && wholeNumber(v.toDouble(), 0) == v.toDouble();
    return typeOf(v) == type || (type == QLatin1String("number") && v.isDouble());
}

QString at(const QString &path) { return path.isEmpty() ? QStringLiteral("(event)") : path; }

} // namespace

const SchemaValidator &SchemaValidator::realtime()
{
    static const SchemaValidator v = [] {
        callgateInitSimResources();
        QFile f(QStringLiteral(":/callgate/openai-realtime-schemas.json"));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("the Realtime schemas are missing from the resources");
        return SchemaValidator(QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("schemas")).toObject());
    }();
    return v;
}

SchemaValidator::SchemaValidator(QJsonObject schemas) : m_schemas(std::move(schemas))
{
    for (auto it = m_schemas.begin(); it != m_schemas.end(); ++it) {
        if (!it.key().startsWith(QLatin1String("RealtimeClientEvent")))
            continue;
        const QJsonArray types = it->toObject()
                                     .value(QLatin1String("properties"))
                                     .toObject()
                                     .value(QLatin1String("type"))
                                     .toObject()
                                     .value(QLatin1String("enum"))
                                     .toArray();
        if (types.size() == 1)
            m_clientEventSchemaByType.insert(types.first().toString(), it.key());
    }
}

QString SchemaValidator::validateClientEvent(const QJsonObject &event) const
{
    const QString type = event.value(QLatin1String("type")).toString();
    if (type.isEmpty())
        return QStringLiteral("The 'type' field is missing.");
    const QString schema = m_clientEventSchemaByType.value(type);
    if (schema.isEmpty())
        return QStringLiteral("Invalid value: '%1'. Supported values are client event types.").arg(type);
    // The service refuses a field it does not know in a session, a response or an item (the
    // published schema leaves additionalProperties open; the service is stricter).
    const bool strict = type == QLatin1String("session.update") || type == QLatin1String("response.create")
        || type == QLatin1String("conversation.item.create");
    return validate(event, schema, strict);
}

QString SchemaValidator::validate(const QJsonValue &value, const QString &schemaName, bool strict) const
{
    return check(value, m_schemas.value(schemaName).toObject(), QString(), 0, strict);
}

QString SchemaValidator::check(const QJsonValue &value, const QJsonObject &schema, const QString &path, int depth, bool strict) const
{
    if (depth > 40)
        return QString();
    if (schema.contains(QLatin1String("$ref"))) {
        const QString ref = schema.value(QLatin1String("$ref")).toString();
        return check(value, m_schemas.value(ref.section(QLatin1Char('/'), -1)).toObject(), path, depth + 1, strict);
    }
    for (const QString &key : {QStringLiteral("anyOf"), QStringLiteral("oneOf")}) {
        if (!schema.contains(key))
            continue;
        QString first;
        for (const QJsonValue &alt : schema.value(key).toArray()) {
            const QString why = check(value, alt.toObject(), path, depth + 1, strict);
            if (why.isEmpty())
                return QString();
            if (first.isEmpty())
                first = why;
        }
        return first.isEmpty() ? QStringLiteral("%1: matches none of the allowed shapes").arg(at(path)) : first;
    }
    // The parts of an allOf each know only some of the properties: none of them is strict.
    for (const QJsonValue &part : schema.value(QLatin1String("allOf")).toArray()) {
        const QString why = check(value, part.toObject(), path, depth + 1, false);
        if (!why.isEmpty())
            return why;
    }
    const QJsonValue type = schema.value(QLatin1String("type"));
    if (type.isString() && !matchesType(value, type.toString()))
        return QStringLiteral("%1: expected %2, got %3").arg(at(path), type.toString(), typeOf(value));
    if (type.isArray()) {
        bool any = false;
        for (const QJsonValue &t : type.toArray())
            any = any || matchesType(value, t.toString());
        if (!any)
            return QStringLiteral("%1: unexpected type %2").arg(at(path), typeOf(value));
    }
    if (schema.contains(QLatin1String("enum")) && !schema.value(QLatin1String("enum")).toArray().contains(value))
        return QStringLiteral("%1: invalid value %2").arg(at(path), value.isString() ? value.toString() : typeOf(value));
    if (value.isString() && schema.contains(QLatin1String("maxLength"))
        && value.toString().size() > schema.value(QLatin1String("maxLength")).toInt())
        return QStringLiteral("%1: longer than %2").arg(at(path)).arg(schema.value(QLatin1String("maxLength")).toInt());
    if (value.isDouble()) {
        if (schema.contains(QLatin1String("minimum")) && value.toDouble() < schema.value(QLatin1String("minimum")).toDouble())
            return QStringLiteral("%1: below the minimum").arg(at(path));
        if (schema.contains(QLatin1String("maximum")) && value.toDouble() > schema.value(QLatin1String("maximum")).toDouble())
            return QStringLiteral("%1: above the maximum").arg(at(path));
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (const QJsonValue &r : schema.value(QLatin1String("required")).toArray()) {
            if (!o.contains(r.toString()))
                return QStringLiteral("%1: missing required parameter '%2'").arg(at(path), r.toString());
        }
        const QJsonObject props = schema.value(QLatin1String("properties")).toObject();
        const QJsonValue extra = schema.value(QLatin1String("additionalProperties"));
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString sub = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            if (props.contains(it.key())) {
                const QString why = check(*it, props.value(it.key()).toObject(), sub, depth + 1, strict);
                if (!why.isEmpty())
                    return why;
            } else if ((extra.isBool() && !extra.toBool())
                       || (strict && extra.isUndefined() && !props.isEmpty() && !schema.contains(QLatin1String("allOf")))) {
                return QStringLiteral("Unknown parameter: '%1'.").arg(sub);
            } else if (extra.isObject()) {
                const QString why = check(*it, extra.toObject(), sub, depth + 1, strict);
                if (!why.isEmpty())
                    return why;
            }
        }
    }
    if (value.isArray() && schema.contains(QLatin1String("items"))) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString why =
                check(a[i], schema.value(QLatin1String("items")).toObject(), QStringLiteral("%1[%2]").arg(path).arg(i), depth + 1, strict);
            if (!why.isEmpty())
                return why;
        }
    }
    return QString();
}

} // namespace callgate::sim
