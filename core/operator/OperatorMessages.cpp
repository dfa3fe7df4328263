#include "operator/OperatorMessages.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace callgate::operatorlink {
namespace {

QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }

QDateTime time(const QJsonValue &v) { return QDateTime::fromString(v.toString(), Qt::ISODateWithMs); }

QByteArray envelope(const char *type, const char *key, const QJsonArray &items)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QLatin1String(key), items}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject toJson(const CallSummary &c)
{
    QJsonArray fields;
    for (const auto &[k, v] : c.customer.fields)
        fields.append(QJsonArray{k, v});
    const CallerVerification &v = c.verification;
    return {{QStringLiteral("sessionId"), QString::fromLatin1(c.sessionId)},
            {QStringLiteral("callSid"), c.callSid},
            {QStringLiteral("caller"), c.caller},
            {QStringLiteral("phase"), int(c.phase)},
            {QStringLiteral("startedAt"), iso(c.startedAt)},
            {QStringLiteral("endedAt"), iso(c.endedAt)},
            {QStringLiteral("waitingSince"), iso(c.waitingSince)},
            {QStringLiteral("outcome"), c.outcome},
            {QStringLiteral("lastLatencyMs"), c.lastLatencyMs},
            {QStringLiteral("bargeIns"), c.bargeIns},
            {QStringLiteral("lastLine"), c.lastLine},
            {QStringLiteral("escalation"), c.escalation},
            {QStringLiteral("updatedAt"), iso(c.updatedAt)},
            {QStringLiteral("removed"), c.removed},
            {QStringLiteral("verification"),
             QJsonObject{{QStringLiteral("number"), v.number},
                         {QStringLiteral("lineType"), v.lineType},
                         {QStringLiteral("source"), v.source},
                         {QStringLiteral("language"), v.language},
                         {QStringLiteral("consentVersion"), v.consentVersion},
                         {QStringLiteral("consentAt"), iso(v.consentAt)},
                         {QStringLiteral("consentMethod"), v.consentMethod}}},
            {QStringLiteral("customer"),
             QJsonObject{{QStringLiteral("found"), c.customer.found},
                         {QStringLiteral("name"), c.customer.name},
                         {QStringLiteral("fields"), fields},
                         {QStringLiteral("error"), c.customer.error}}}};
}

CallSummary callFrom(const QJsonObject &o)
{
    CallSummary c;
    c.sessionId = o.value(QLatin1String("sessionId")).toString().toLatin1();
    c.callSid = o.value(QLatin1String("callSid")).toString();
    c.caller = o.value(QLatin1String("caller")).toString();
    const int phase = o.value(QLatin1String("phase")).toInt();
    c.phase = phase >= 0 && phase <= int(CallPhase::Ended) ? CallPhase(phase) : CallPhase::Connecting;
    c.startedAt = time(o.value(QLatin1String("startedAt")));
    c.endedAt = time(o.value(QLatin1String("endedAt")));
    c.waitingSince = time(o.value(QLatin1String("waitingSince")));
    c.outcome = o.value(QLatin1String("outcome")).toString();
    c.lastLatencyMs = o.value(QLatin1String("lastLatencyMs")).toDouble(-1);
    c.bargeIns = o.value(QLatin1String("bargeIns")).toInt();
    c.lastLine = o.value(QLatin1String("lastLine")).toString();
    c.escalation = o.value(QLatin1String("escalation")).toString();
    c.updatedAt = time(o.value(QLatin1String("updatedAt")));
    c.removed = o.value(QLatin1String("removed")).toBool();
    const QJsonObject v = o.value(QLatin1String("verification")).toObject();
    c.verification = {v.value(QLatin1String("number")).toString(),         v.value(QLatin1String("lineType")).toString(),
                      v.value(QLatin1String("source")).toString(),         v.value(QLatin1String("language")).toString(),
                      v.value(QLatin1String("consentVersion")).toString(), time(v.value(QLatin1String("consentAt"))),
                      v.value(QLatin1String("consentMethod")).toString()};
    const QJsonObject cu = o.value(QLatin1String("customer")).toObject();
    c.customer.found = cu.value(QLatin1String("found")).toBool();
    c.customer.name = cu.value(QLatin1String("name")).toString();
    c.customer.error = cu.value(QLatin1String("error")).toString();
    for (const QJsonValue &f : cu.value(QLatin1String("fields")).toArray())
        c.customer.fields.append({f.toArray().at(0).toString(), f.toArray().at(1).toString()});
    return c;
}

} // namespace

QByteArray encodeCalls(const QList<CallSummary> &calls)
{
    QJsonArray items;
    for (const CallSummary &c : calls)
        items.append(toJson(c));
    return envelope("calls", "calls", items);
}

QByteArray encodeTranscript(const QList<TranscriptLine> &lines)
{
    QJsonArray items;
    for (const TranscriptLine &l : lines)
        items.append(QJsonObject{{QStringLiteral("sessionId"), QString::fromLatin1(l.sessionId)},
                                 {QStringLiteral("itemId"), QString::fromLatin1(l.itemId)},
                                 {QStringLiteral("speaker"), QLatin1String(speakerName(l.speaker))},
                                 {QStringLiteral("text"), l.text},
                                 {QStringLiteral("at"), iso(l.at)},
                                 {QStringLiteral("final"), l.final}});
    return envelope("transcript", "lines", items);
}

QByteArray encodeEvents(const QList<ProtocolLine> &lines)
{
    QJsonArray items;
    for (const ProtocolLine &l : lines)
        items.append(QJsonObject{{QStringLiteral("sessionId"), QString::fromLatin1(l.sessionId)},
                                 {QStringLiteral("at"), iso(l.at)},
                                 {QStringLiteral("text"), l.text}});
    return envelope("events", "lines", items);
}

QByteArray encodeTakeCall(const QByteArray &sessionId)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("takeCall")},
                                     {QStringLiteral("sessionId"), QString::fromLatin1(sessionId)}})
        .toJson(QJsonDocument::Compact);
}

QByteArray encodeHandBack(const QByteArray &sessionId)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("handBack")},
                                     {QStringLiteral("sessionId"), QString::fromLatin1(sessionId)}})
        .toJson(QJsonDocument::Compact);
}

QByteArray encodeWhisper(const QByteArray &sessionId, const QString &text)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("whisper")},
                                     {QStringLiteral("sessionId"), QString::fromLatin1(sessionId)},
                                     {QStringLiteral("text"), text}})
        .toJson(QJsonDocument::Compact);
}

Result<Message> decode(QByteArrayView json)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error{QStringLiteral("operator message is not a JSON object (%1)").arg(err.errorString())};
    const QJsonObject o = doc.object();
    const QString type = o.value(QLatin1String("type")).toString();
    Message m;
    if (type == QLatin1String("calls")) {
        m.type = Message::Type::Calls;
        for (const QJsonValue &v : o.value(QLatin1String("calls")).toArray())
            m.calls.append(callFrom(v.toObject()));
    } else if (type == QLatin1String("transcript")) {
        m.type = Message::Type::Transcript;
        for (const QJsonValue &v : o.value(QLatin1String("lines")).toArray()) {
            const QJsonObject l = v.toObject();
            m.transcript.append({l.value(QLatin1String("sessionId")).toString().toLatin1(),
                                 l.value(QLatin1String("itemId")).toString().toLatin1(),
                                 speakerFromName(l.value(QLatin1String("speaker")).toString()), l.value(QLatin1String("text")).toString(),
                                 time(l.value(QLatin1String("at"))), l.value(QLatin1String("final")).toBool(true)});
        }
    } else if (type == QLatin1String("events")) {
        m.type = Message::Type::Events;
        for (const QJsonValue &v : o.value(QLatin1String("lines")).toArray()) {
            const QJsonObject l = v.toObject();
            m.events.append({l.value(QLatin1String("sessionId")).toString().toLatin1(), time(l.value(QLatin1String("at"))),
                             l.value(QLatin1String("text")).toString()});
        }
    } else if (type == QLatin1String("whisper")) {
        m.type = Message::Type::Whisper;
        m.sessionId = o.value(QLatin1String("sessionId")).toString().toLatin1();
        m.text = o.value(QLatin1String("text")).toString();
        if (m.sessionId.isEmpty() || m.text.trimmed().isEmpty())
            return Error{QStringLiteral("whisper without a sessionId or text")};
    } else if (type == QLatin1String("takeCall") || type == QLatin1String("handBack")) {
        m.type = type == QLatin1String("takeCall") ? Message::Type::TakeCall : Message::Type::HandBack;
        m.sessionId = o.value(QLatin1String("sessionId")).toString().toLatin1();
        if (m.sessionId.isEmpty())
            return Error{QStringLiteral("%1 without a sessionId").arg(type)};
    } else {
        return Error{QStringLiteral("unknown operator message type \"%1\"").arg(type.left(40))};
    }
    return m;
}

} // namespace callgate::operatorlink
