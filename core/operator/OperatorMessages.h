#pragma once
// The operator protocol (docs/operator-protocol.md): the operator link's messages as JSON, one
// object per WebSocket text message, and the binary audio messages beside them, so a console can
// attach to a remote gateway with the same updates and commands it gets in-process.
//   gateway → console: snapshot (first), calls, transcript, events, status, reply
//   console → gateway: take, handBack, whisper, hangUp, transfer, listen, talk, watch — each with an id
//     the reply repeats
//   audio (binary), either way: see AudioHeader
// Numbers travel whole (the console masks them); the link is for authenticated supervisors only.
// Pure functions; any thread.

#include "call/CallSummary.h"
#include "operator/GatewayStatus.h"
#include "util/Result.h"

#include <QJsonObject>

namespace callgate::operatorlink {

constexpr int kProtocolVersion = 1;

QByteArray encodeSnapshot(const QString &you, const QString &role, const GatewayStatus &status, const QList<CallSummary> &calls);
QByteArray encodeCalls(const QList<CallSummary> &calls);
QByteArray encodeTranscript(const QList<TranscriptLine> &lines);
QByteArray encodeEvents(const QList<ProtocolLine> &lines);
QByteArray encodeStatus(const GatewayStatus &status);
QByteArray encodeReply(qint64 id, const QString &refusal); // empty refusal: done

// A console's command. `id` is the console's own number for it; the reply carries it back.
struct Command {
    enum class Type { Take, HandBack, Whisper, HangUp, Transfer, Listen, Talk, Watch };
    Type type = Type::Take;
    qint64 id = 0;
    QByteArray sessionId;
    QString text;   // Whisper: the instruction; Transfer: the number
    bool on = true; // Listen, Talk, Watch
};
QByteArray encodeCommand(const Command &command);
const char *commandName(Command::Type type);

// One decoded text message: which kind, and its payload in the matching members.
struct Message {
    enum class Type { Snapshot, Calls, Transcript, Events, Status, Reply, Command };
    Type type = Type::Calls;
    QList<CallSummary> calls;
    QList<TranscriptLine> transcript;
    QList<ProtocolLine> events;
    GatewayStatus status;
    QString you, role;  // Snapshot: who the gateway knows this console as
    qint64 replyTo = 0; // Reply
    QString refusal;    // Reply: empty when done
    Command command;
};
// Refuses what is not one of the messages above, saying why (never echoing the text).
Result<Message> decode(QByteArrayView json);

// Audio: one binary message per 20 ms Opus packet (8 kHz mono):
//   byte 0      1 (the format)
//   byte 1      channel: 0 the caller, 1 what the caller hears (the AI or the agent), 2 the
//               supervisor's microphone (console → gateway)
//   bytes 2–9   when the frame reached the gateway, in ns of its steady clock (big-endian);
//               0 for the microphone
//   bytes 10–13 the channel's frame number (big-endian), so a console can tell what it lost
//   byte 14     n, the session id's length; bytes 15… the session id; then the Opus packet
enum class Channel : quint8 { Caller = 0, Heard = 1, Microphone = 2 };
struct AudioHeader {
    Channel channel = Channel::Caller;
    qint64 stampNs = 0;
    quint32 sequence = 0;
    QByteArray sessionId;
};
QByteArray encodeAudio(const AudioHeader &header, QByteArrayView opus);
// The header, and where the Opus packet starts; an error for anything malformed.
Result<QPair<AudioHeader, qsizetype>> decodeAudio(QByteArrayView message);

} // namespace callgate::operatorlink
