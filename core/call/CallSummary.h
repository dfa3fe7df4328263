#pragma once
// What a console knows about one call: a small value type, copied across threads in queued
// signals (and, later, serialised over the remote operator link).

#include "call/CallEvents.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace callgate {

struct CallSummary {
    QByteArray sessionId;
    QString callSid;
    QString caller; // full number: the model masks it unless the supervisor reveals it
    CallPhase phase = CallPhase::Connecting;
    QDateTime startedAt;
    QDateTime endedAt;      // invalid while live
    QDateTime waitingSince; // when it began waiting for a live agent; invalid unless waiting
    QString outcome;
    double lastLatencyMs = -1;
    int bargeIns = 0;
    QString lastLine; // the latest final transcript line, "Caller: …" / "Assistant: …"
    CallerVerification verification;
    CustomerInfo customer;
    QString escalation;   // why the call asked for a live agent; empty if it did not
    QString agent;        // the supervisor who has the call now; empty while the AI has it
    QDateTime updatedAt;  // the last event seen
    bool removed = false; // gone without ending: a caller-flow row replaced by its live call
    // Set by the console's link, never by a gateway: which gateway the call is on (empty: the one
    // in this process) and whether that gateway cannot be reached now (the call's state is as last
    // seen).
    QString gateway;
    bool unreachable = false;
};

// The key of a caller still in the flow, before its media session exists.
inline QByteArray flowKey(const QString &callSid) { return QByteArrayLiteral("flow:") + callSid.toLatin1(); }

// One turn of a transcript as it grows: deltas arrive as the same item with more text, then the
// final text (final = true).
struct TranscriptLine {
    QByteArray sessionId;
    QByteArray itemId;
    Speaker speaker = Speaker::Caller;
    QString text;
    QDateTime at;
    bool final = true;
};

// A raw protocol event of a call, for the developer's event log.
struct ProtocolLine {
    QByteArray sessionId;
    QDateTime at;
    QString text;
};

} // namespace callgate

Q_DECLARE_METATYPE(callgate::CallSummary)
Q_DECLARE_METATYPE(callgate::TranscriptLine)
Q_DECLARE_METATYPE(callgate::ProtocolLine)
