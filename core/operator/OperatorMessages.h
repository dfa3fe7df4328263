#pragma once
// The operator link's messages as JSON, one object per WebSocket text message, so a console can
// attach to a remote headless gateway with the same updates and commands it gets in-process:
//   {"type":"calls","calls":[CallSummary…]}          gateway → console
//   {"type":"transcript","lines":[TranscriptLine…]}  gateway → console
//   {"type":"events","lines":[ProtocolLine…]}        gateway → console
//   {"type":"takeCall","sessionId":"…"}              console → gateway
//   {"type":"whisper","sessionId":"…","text":"…"}    console → gateway
//   {"type":"handBack","sessionId":"…"}              console → gateway
// (A remote console's call audio would travel as binary messages beside these; only the
// in-process console has a headset today.)
// Numbers travel whole (the console masks them); the link is for authenticated supervisors only.
// Pure functions; any thread.

#include "call/CallSummary.h"
#include "util/Result.h"

#include <QJsonObject>

namespace callgate::operatorlink {

QByteArray encodeCalls(const QList<CallSummary> &calls);
QByteArray encodeTranscript(const QList<TranscriptLine> &lines);
QByteArray encodeEvents(const QList<ProtocolLine> &lines);
QByteArray encodeTakeCall(const QByteArray &sessionId);
QByteArray encodeWhisper(const QByteArray &sessionId, const QString &text);
QByteArray encodeHandBack(const QByteArray &sessionId);

// One decoded message: which kind, and its payload in the matching member.
struct Message {
    enum class Type { Calls, Transcript, Events, TakeCall, Whisper, HandBack };
    Type type = Type::Calls;
    QList<CallSummary> calls;
    QList<TranscriptLine> transcript;
    QList<ProtocolLine> events;
    QByteArray sessionId;
    QString text; // Whisper
};
// Refuses what is not one of the messages above, saying why (never echoing the text).
Result<Message> decode(QByteArrayView json);

} // namespace callgate::operatorlink
