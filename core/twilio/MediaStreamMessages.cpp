#include "twilio/MediaStreamMessages.h"

#include "net/WsConnection.h"
#include "util/Base64.h"
#include "util/JsonScan.h"
#include "util/Numbers.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>

namespace callgate::twilio {
namespace {

// Twilio sends numbers as strings ("3"); accept both.
qint64 number(const QJsonValue &v)
{
    if (v.isDouble())
        return wholeNumber(v.toDouble());
    bool ok = false;
    const qint64 n = v.toString().toLongLong(&ok);
    return ok ? n : -1;
}

bool isIdText(QByteArrayView s)
{
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == ':' || c == '.'))
            return false;
    }
    return true;
}

} // namespace

bool parseMediaFast(QByteArrayView json, MediaView &out)
{
    QByteArrayView event;
    bool clean = true;
    const bool wellFormed = json::scanObject(json, [&](const json::Member &m) {
        if (m.parent.isEmpty()) {
            if (m.key == "event")
                event = m.value;
            else if (m.key == "streamSid")
                out.streamSid = m.value;
            else
                return;
        } else if (m.parent == "media") {
            if (m.key == "payload")
                out.payload = m.value;
            else if (m.key == "timestamp")
                out.timestampMs = json::toInteger(m);
            else
                return;
        } else if (m.parent == "mark" && m.key == "name") {
            out.markName = m.value;
        } else {
            return;
        }
        clean = clean && !m.escaped && m.type == json::Member::Type::String;
    });
    if (!wellFormed || !clean)
        return false; // (streamSid is only compared here, never echoed: no need to vet its characters)
    // The scanner guarantees the payload holds no quote, backslash or control character; checking
    // that it is base64 keeps raw bytes (invalid UTF-8, which the Realtime API answers by closing
    // the session) from ever reaching the AI. Anything else goes to the full parse, which refuses it.
    if (event == "media")
        return isBase64Payload(out.payload);
    if (event == "mark") {
        out.isMark = true;
        return true;
    }
    return false;
}

StreamEvent parseStreamEvent(QByteArrayView json)
{
    StreamEvent e;
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        e.error = err.error != QJsonParseError::NoError ? err.errorString() : QStringLiteral("not a JSON object");
        return e;
    }
    const QJsonObject o = doc.object();
    e.eventName = o.value(QLatin1String("event")).toString().toUtf8();
    e.streamSid = o.value(QLatin1String("streamSid")).toString().toUtf8();
    e.sequenceNumber = number(o.value(QLatin1String("sequenceNumber")));
    if (!isIdText(e.streamSid)) {
        e.error = QStringLiteral("streamSid has unexpected characters");
        return e;
    }
    if (e.eventName == "media") {
        const QJsonObject m = o.value(QLatin1String("media")).toObject();
        e.payload = m.value(QLatin1String("payload")).toString().toLatin1();
        e.timestampMs = number(m.value(QLatin1String("timestamp")));
        e.chunk = number(m.value(QLatin1String("chunk")));
        if (!isBase64Payload(e.payload)) {
            e.type = StreamEvent::Type::BadMedia;
            e.error = QStringLiteral("media without a base64 payload");
            return e;
        }
        e.type = StreamEvent::Type::Media;
    } else if (e.eventName == "start") {
        const QJsonObject s = o.value(QLatin1String("start")).toObject();
        if (e.streamSid.isEmpty())
            e.streamSid = s.value(QLatin1String("streamSid")).toString().toUtf8();
        e.callSid = s.value(QLatin1String("callSid")).toString().toUtf8();
        e.accountSid = s.value(QLatin1String("accountSid")).toString().toUtf8();
        const QJsonObject params = s.value(QLatin1String("customParameters")).toObject();
        for (auto it = params.begin(); it != params.end(); ++it)
            e.customParameters.insert(it.key(), it->toString());
        const QJsonObject fmt = s.value(QLatin1String("mediaFormat")).toObject();
        e.encoding = fmt.value(QLatin1String("encoding")).toString().toUtf8();
        e.sampleRate = int(number(fmt.value(QLatin1String("sampleRate"))));
        if (e.streamSid.isEmpty() || !isIdText(e.streamSid) || !isIdText(e.callSid)) {
            e.error = QStringLiteral("start without a usable streamSid/callSid");
            return e;
        }
        e.type = StreamEvent::Type::Start;
    } else if (e.eventName == "mark") {
        e.markName = o.value(QLatin1String("mark")).toObject().value(QLatin1String("name")).toString().toUtf8();
        e.type = StreamEvent::Type::Mark;
    } else if (e.eventName == "dtmf") {
        e.digit = o.value(QLatin1String("dtmf")).toObject().value(QLatin1String("digit")).toString().toUtf8();
        e.type = StreamEvent::Type::Dtmf;
    } else if (e.eventName == "stop") {
        e.type = StreamEvent::Type::Stop;
    } else if (e.eventName == "connected") {
        e.type = StreamEvent::Type::Connected;
    } else {
        e.type = StreamEvent::Type::Unknown;
    }
    return e;
}

void sendMedia(net::WsConnection &ws, QByteArrayView streamSid, QByteArrayView base64Payload)
{
    ws.sendText({"{\"event\":\"media\",\"streamSid\":\"", streamSid, "\",\"media\":{\"payload\":\"", base64Payload, "\"}}"});
}

QByteArray markMessage(QByteArrayView streamSid, QByteArrayView name)
{
    QByteArray out;
    out.append("{\"event\":\"mark\",\"streamSid\":\"").append(streamSid).append("\",\"mark\":{\"name\":\"").append(name).append("\"}}");
    return out;
}

QByteArray clearMessage(QByteArrayView streamSid)
{
    QByteArray out;
    out.append("{\"event\":\"clear\",\"streamSid\":\"").append(streamSid).append("\"}");
    return out;
}

} // namespace callgate::twilio
