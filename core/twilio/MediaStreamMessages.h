#pragma once
// The Media Streams WebSocket messages (protocols/twilio-media-streams.md), parsed once at the edge
// into a value type, and the three messages we send, built without a JSON library (every value
// in them is base64 or an id we checked).

#include <QByteArray>
#include <QHash>
#include <QString>

namespace callgate::net {
class WsConnection;
}

namespace callgate::twilio {

struct StreamEvent {
    // BadMedia: a media message whose payload is missing or not base64 (refused, never forwarded).
    enum class Type { Connected, Start, Media, Mark, Dtmf, Stop, Unknown, Malformed, BadMedia };
    Type type = Type::Malformed;
    QByteArray eventName; // as received, for logs and the unknown-event count
    QByteArray streamSid;
    qint64 sequenceNumber = -1;
    // start
    QByteArray callSid;
    QByteArray accountSid;
    QHash<QString, QString> customParameters;
    QByteArray encoding;
    int sampleRate = 0;
    // media
    QByteArray payload; // base64 μ-law, as received
    qint64 timestampMs = -1;
    qint64 chunk = -1;
    // mark / dtmf
    QByteArray markName;
    QByteArray digit;
    QString error; // Malformed: what was wrong
};

StreamEvent parseStreamEvent(QByteArrayView json);

// The hot path: a `media` (or `mark`) message read without allocating; views into `json`, valid
// while it is. Returns false for anything else (parse those with parseStreamEvent).
struct MediaView {
    bool isMark = false;
    QByteArrayView payload;  // media: base64 μ-law
    QByteArrayView markName; // mark
    QByteArrayView streamSid;
    qint64 timestampMs = -1;
};
bool parseMediaFast(QByteArrayView json, MediaView &out);

// Sends a media message (base64 that must be JSON-safe) framed in pieces, without joining them.
void sendMedia(net::WsConnection &ws, QByteArrayView streamSid, QByteArrayView base64Payload);
QByteArray markMessage(QByteArrayView streamSid, QByteArrayView name);
QByteArray clearMessage(QByteArrayView streamSid);

} // namespace callgate::twilio
