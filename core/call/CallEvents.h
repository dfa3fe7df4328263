#pragma once
// What a call tells the rest of the program: small value types the console and the store consume.
// Observers are called on the call's worker thread and must hand the event on (queued signal,
// store queue) without blocking.

#include "call/CallerInfo.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace callgate {

enum class CallPhase { InCallerFlow, Connecting, Listening, CallerSpeaking, AssistantSpeaking, WaitingForAgent, AgentConnected, Ended };
const char *callPhaseName(CallPhase p);

// Whisper: a supervisor's instruction to the AI; Agent: a supervisor who took the call, speaking.
enum class Speaker { Caller, Assistant, Whisper, Agent };
// "caller", "assistant", "whisper", "agent": how records and messages name a speaker.
const char *speakerName(Speaker s);
Speaker speakerFromName(QStringView name);

struct CallEvent {
    enum class Kind {
        Started,         // the stream was accepted: callSid, caller, verification, customer
        Consent,         // the caller flow's consent answer (no session yet): text "accepted"/"declined", verification
        FlowStep,        // a caller in the flow (sessionId "flow:<CallSid>"): text = where they are;
                         // detail = an outcome when the flow ended the call there ("declined", …)
        Escalated,       // the call waits for a live agent: text = why ("caller pressed 0", "assistant: …")
        AgentTookOver,   // a supervisor took the call: the AI is silent, the supervisor speaks
        HandedBack,      // the supervisor gave the call back to the AI
        Transferred,     // handed to LIVE_AGENT_NUMBER through the Calls API (text: what Twilio was told)
        RecordingSaved,  // text: the recording's file (after the call ended)
        PhaseChanged,    // phase
        TranscriptDelta, // speaker, itemId, text (a piece)
        TranscriptFinal, // speaker, itemId, text (whole turn)
        TurnLatency,     // valueMs: caller stopped → first assistant audio to Twilio
        BargeIn,         // valueMs: what the caller had heard of the interrupted item
        AiReconnected,   // the AI's session was lost and replaced (text: why it was lost; valueMs: the gap),
                         // or moved to a new one before its time limit (text "rollover", valueMs 0)
        Protocol,        // text: a raw protocol event type, for the developer's event log
        Ended,           // text: outcome
    };
    Kind kind = Kind::Protocol;
    QByteArray sessionId;
    QString callSid;
    QString caller; // as Twilio sent it; mask before showing or logging
    CallPhase phase = CallPhase::Connecting;
    Speaker speaker = Speaker::Caller;
    QByteArray itemId;
    QString text;
    QString detail; // Ended: why, in words ("Twilio sent stop", "transfer failed: …")
    double valueMs = 0;
    // Who did it, for AgentTookOver, HandedBack, Transferred and an Ended by a hang-up: the
    // supervisor's name as their console gives it; empty when the gateway did it on its own.
    QString by;
    QDateTime at;
    CallerVerification verification; // Started and Consent only
    CustomerInfo customer;           // Started only
};

// "started", "turn_latency", "escalated", … as the store and logs name the kinds.
const char *eventKindName(CallEvent::Kind kind);

class CallObserver {
public:
    virtual ~CallObserver() = default;
    virtual void onCallEvent(const CallEvent &event) = 0;
    // Raw protocol events (Kind::Protocol, one per OpenAI event) are built only if someone wants
    // them: the developer's event log does, the store does not.
    virtual bool wantsProtocolEvents() const { return false; }
};

} // namespace callgate

Q_DECLARE_METATYPE(callgate::CallEvent)
