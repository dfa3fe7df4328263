#include "operator/OperatorMessages.h"

#include "call/CallerInfoJson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

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
    return {{QStringLiteral("sessionId"), QString::fromLatin1(c.sessionId)},
            {QStringLiteral("callSid"), c.callSid},
            {QStringLiteral("caller"), c.caller},
            {QStringLiteral("phase"), QLatin1String(callPhaseName(c.phase))},
            {QStringLiteral("startedAt"), iso(c.startedAt)},
            {QStringLiteral("endedAt"), iso(c.endedAt)},
            {QStringLiteral("waitingSince"), iso(c.waitingSince)},
            {QStringLiteral("outcome"), c.outcome},
            {QStringLiteral("lastLatencyMs"), c.lastLatencyMs},
            {QStringLiteral("bargeIns"), c.bargeIns},
            {QStringLiteral("lastLine"), c.lastLine},
            {QStringLiteral("escalation"), c.escalation},
            {QStringLiteral("agent"), c.agent},
            {QStringLiteral("updatedAt"), iso(c.updatedAt)},
            {QStringLiteral("removed"), c.removed},
            {QStringLiteral("verification"), toJson(c.verification)},
            {QStringLiteral("customer"), toJson(c.customer)}};
}

CallSummary callFrom(const QJsonObject &o)
{
    CallSummary c;
    c.sessionId = o.value(QLatin1String("sessionId")).toString().toLatin1();
    c.callSid = o.value(QLatin1String("callSid")).toString();
    c.caller = o.value(QLatin1String("caller")).toString();
    const QString phase = o.value(QLatin1String("phase")).toString();
    c.phase = CallPhase::Connecting;
    for (int p = 0; p <= int(CallPhase::Ended); ++p)
        if (phase == QLatin1String(callPhaseName(CallPhase(p))))
            c.phase = CallPhase(p);
    c.startedAt = time(o.value(QLatin1String("startedAt")));
    c.endedAt = time(o.value(QLatin1String("endedAt")));
    c.waitingSince = time(o.value(QLatin1String("waitingSince")));
    c.outcome = o.value(QLatin1String("outcome")).toString();
    c.lastLatencyMs = o.value(QLatin1String("lastLatencyMs")).toDouble(-1);
    c.bargeIns = o.value(QLatin1String("bargeIns")).toInt();
    c.lastLine = o.value(QLatin1String("lastLine")).toString();
    c.escalation = o.value(QLatin1String("escalation")).toString();
    c.agent = o.value(QLatin1String("agent")).toString();
    c.updatedAt = time(o.value(QLatin1String("updatedAt")));
    c.removed = o.value(QLatin1String("removed")).toBool();
    c.verification = verificationFromJson(o.value(QLatin1String("verification")).toObject());
    c.customer = customerFromJson(o.value(QLatin1String("customer")).toObject());
    return c;
}

QJsonObject toJson(const GatewayStatus &s)
{
    return {{QStringLiteral("port"), int(s.port)},
            {QStringLiteral("liveCalls"), s.liveCalls},
            {QStringLiteral("openAi"), s.openAi},
            {QStringLiteral("openAiDetail"), s.openAiDetail},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(s.warnings)},
            {QStringLiteral("draining"), s.draining}};
}

GatewayStatus statusFrom(const QJsonObject &o)
{
    GatewayStatus s;
    s.port = quint16(o.value(QLatin1String("port")).toInt());
    s.liveCalls = o.value(QLatin1String("liveCalls")).toInt();
    s.openAi = o.value(QLatin1String("openAi")).toString(QStringLiteral("never"));
    s.openAiDetail = o.value(QLatin1String("openAiDetail")).toString();
    for (const QJsonValue &w : o.value(QLatin1String("warnings")).toArray())
        s.warnings.append(w.toString());
    s.draining = o.value(QLatin1String("draining")).toBool();
    return s;
}

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QList<CallSummary> callsFrom(const QJsonValue &v)
{
    QList<CallSummary> calls;
    for (const QJsonValue &c : v.toArray())
        calls.append(callFrom(c.toObject()));
    return calls;
}

constexpr struct {
    Command::Type type;
    const char *name;
} kCommands[] = {{Command::Type::Take, "take"},     {Command::Type::HandBack, "handBack"}, {Command::Type::Whisper, "whisper"},
                 {Command::Type::HangUp, "hangUp"}, {Command::Type::Transfer, "transfer"}, {Command::Type::Listen, "listen"},
                 {Command::Type::Talk, "talk"},     {Command::Type::Watch, "watch"}};

} // namespace

QByteArray encodeSnapshot(const QString &you, const QString &role, const GatewayStatus &status, const QList<CallSummary> &calls)
{
    QJsonArray items;
    for (const CallSummary &c : calls)
        items.append(toJson(c));
    return compact({{QStringLiteral("type"), QStringLiteral("snapshot")},
                    {QStringLiteral("protocol"), kProtocolVersion},
                    {QStringLiteral("you"), QJsonObject{{QStringLiteral("name"), you}, {QStringLiteral("role"), role}}},
                    {QStringLiteral("status"), toJson(status)},
                    {QStringLiteral("calls"), items}});
}

QByteArray encodeStatus(const GatewayStatus &status)
{
    return compact({{QStringLiteral("type"), QStringLiteral("status")}, {QStringLiteral("status"), toJson(status)}});
}

QByteArray encodeReply(qint64 id, const QString &refusal)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("reply")}, {QStringLiteral("id"), id}, {QStringLiteral("ok"), refusal.isEmpty()}};
    if (!refusal.isEmpty())
        o.insert(QStringLiteral("reason"), refusal);
    return compact(o);
}

const char *commandName(Command::Type type)
{
    for (const auto &c : kCommands)
        if (c.type == type)
            return c.name;
    return "";
}

QByteArray encodeCommand(const Command &command)
{
    QJsonObject o{{QStringLiteral("type"), QLatin1String(commandName(command.type))},
                  {QStringLiteral("id"), command.id},
                  {QStringLiteral("sessionId"), QString::fromLatin1(command.sessionId)}};
    if (command.type == Command::Type::Whisper)
        o.insert(QStringLiteral("text"), command.text);
    else if (command.type == Command::Type::Transfer)
        o.insert(QStringLiteral("to"), command.text);
    else if (command.type == Command::Type::Listen || command.type == Command::Type::Talk || command.type == Command::Type::Watch)
        o.insert(QStringLiteral("on"), command.on);
    return compact(o);
}

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

Result<Message> decode(QByteArrayView json)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error{QStringLiteral("operator message is not a JSON object (%1)").arg(err.errorString())};
    const QJsonObject o = doc.object();
    const QString type = o.value(QLatin1String("type")).toString();
    Message m;
    if (type == QLatin1String("snapshot")) {
        m.type = Message::Type::Snapshot;
        const int version = o.value(QLatin1String("protocol")).toInt();
        if (version != kProtocolVersion)
            return Error{QStringLiteral("operator protocol %1, not %2").arg(version).arg(kProtocolVersion)};
        const QJsonObject you = o.value(QLatin1String("you")).toObject();
        m.you = you.value(QLatin1String("name")).toString();
        m.role = you.value(QLatin1String("role")).toString();
        m.status = statusFrom(o.value(QLatin1String("status")).toObject());
        m.calls = callsFrom(o.value(QLatin1String("calls")));
    } else if (type == QLatin1String("calls")) {
        m.type = Message::Type::Calls;
        m.calls = callsFrom(o.value(QLatin1String("calls")));
    } else if (type == QLatin1String("status")) {
        m.type = Message::Type::Status;
        m.status = statusFrom(o.value(QLatin1String("status")).toObject());
    } else if (type == QLatin1String("reply")) {
        m.type = Message::Type::Reply;
        m.replyTo = o.value(QLatin1String("id")).toInteger();
        if (!o.value(QLatin1String("ok")).toBool())
            m.refusal = o.value(QLatin1String("reason")).toString(QStringLiteral("refused"));
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
    } else {
        const auto *known =
            std::find_if(std::begin(kCommands), std::end(kCommands), [&](const auto &c) { return type == QLatin1String(c.name); });
        if (known == std::end(kCommands))
            return Error{QStringLiteral("unknown operator message type \"%1\"").arg(type.left(40))};
        m.type = Message::Type::Command;
        Command &c = m.command;
        c.type = known->type;
        c.id = o.value(QLatin1String("id")).toInteger();
        c.sessionId = o.value(QLatin1String("sessionId")).toString().toLatin1();
        if (c.sessionId.isEmpty() || c.sessionId.size() > 128)
            return Error{QStringLiteral("%1 without a sessionId").arg(type)};
        if (c.type == Command::Type::Whisper) {
            c.text = o.value(QLatin1String("text")).toString();
            if (c.text.trimmed().isEmpty())
                return Error{QStringLiteral("whisper without text")};
        } else if (c.type == Command::Type::Transfer) {
            c.text = o.value(QLatin1String("to")).toString();
            if (c.text.isEmpty())
                return Error{QStringLiteral("transfer without a number (\"to\")")};
        } else if (c.type == Command::Type::Listen || c.type == Command::Type::Talk || c.type == Command::Type::Watch) {
            c.on = o.value(QLatin1String("on")).toBool(true);
        }
    }
    return m;
}

QByteArray encodeAudio(const AudioHeader &h, QByteArrayView opus)
{
    QByteArray out;
    out.reserve(15 + h.sessionId.size() + opus.size());
    out.append(char(1));
    out.append(char(h.channel));
    const quint64 stamp = quint64(h.stampNs);
    for (int shift = 56; shift >= 0; shift -= 8)
        out.append(char((stamp >> shift) & 0xff));
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(char((h.sequence >> shift) & 0xff));
    out.append(char(quint8(h.sessionId.size())));
    out.append(h.sessionId.left(255));
    out.append(opus.data(), opus.size());
    return out;
}

Result<QPair<AudioHeader, qsizetype>> decodeAudio(QByteArrayView m)
{
    if (m.size() < 15 || quint8(m[0]) != 1)
        return Error{QStringLiteral("not an audio message of format 1")};
    AudioHeader h;
    const quint8 channel = quint8(m[1]);
    if (channel > quint8(Channel::Microphone))
        return Error{QStringLiteral("unknown audio channel %1").arg(channel)};
    h.channel = Channel(channel);
    quint64 stamp = 0;
    for (int i = 2; i < 10; ++i)
        stamp = (stamp << 8) | quint8(m[i]);
    h.stampNs = qint64(stamp);
    for (int i = 10; i < 14; ++i)
        h.sequence = (h.sequence << 8) | quint8(m[i]);
    const int n = quint8(m[14]);
    if (n == 0 || m.size() < 15 + n + 1)
        return Error{QStringLiteral("audio message cut short")};
    h.sessionId = m.sliced(15, n).toByteArray();
    return qMakePair(h, qsizetype(15 + n));
}

} // namespace callgate::operatorlink
