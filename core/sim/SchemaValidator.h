#pragma once
// Checks a JSON value against the OpenAI Realtime schemas (protocols/openai-realtime-schemas.json):
// type, enum, required, properties, additionalProperties, items, anyOf/oneOf/allOf, $ref,
// maxLength, minimum/maximum. oneOf is checked as "at least one" (the spec's discriminated unions
// overlap). Enough to answer a malformed client event with an `error` as the service does.

#include <QJsonObject>
#include <QString>

namespace callgate::sim {

class SchemaValidator {
public:
    // Loads the schema file (the "schemas" object of openai-realtime-schemas.json).
    static const SchemaValidator &realtime();
    explicit SchemaValidator(QJsonObject schemas);

    // Validates a client event by its "type" against RealtimeClientEvent*, session.update strictly;
    // returns an empty string when valid, else what is wrong and where (e.g. "audio_end_ms: expected integer").
    QString validateClientEvent(const QJsonObject &event) const;
    // strict: an object property the schema does not list is refused even where the schema leaves
    // additionalProperties open ("Unknown parameter: 'session.temperature'.").
    QString validate(const QJsonValue &value, const QString &schemaName, bool strict = false) const;

private:
    QString check(const QJsonValue &value, const QJsonObject &schema, const QString &path, int depth, bool strict) const;
    QJsonObject m_schemas;
    QHash<QString, QString> m_clientEventSchemaByType;
};

} // namespace callgate::sim
