#include "call/CallEvents.h"

namespace callgate {

const char *callPhaseName(CallPhase p)
{
    switch (p) {
    case CallPhase::InCallerFlow: return "in the caller flow";
    case CallPhase::Connecting: return "connecting";
    case CallPhase::Listening: return "listening";
    case CallPhase::CallerSpeaking: return "caller speaking";
    case CallPhase::AssistantSpeaking: return "assistant speaking";
    case CallPhase::WaitingForAgent: return "waiting for agent";
    case CallPhase::AgentConnected: return "agent connected";
    case CallPhase::Ended: return "ended";
    }
    return "unknown";
}

const char *speakerName(Speaker s)
{
    switch (s) {
    case Speaker::Caller: return "caller";
    case Speaker::Assistant: return "assistant";
    case Speaker::Whisper: return "whisper";
    case Speaker::Agent: return "agent";
    }
    return "caller";
}

Speaker speakerFromName(QStringView name)
{
    if (name == QLatin1String("assistant"))
        return Speaker::Assistant;
    if (name == QLatin1String("whisper"))
        return Speaker::Whisper;
    if (name == QLatin1String("agent"))
        return Speaker::Agent;
    return Speaker::Caller;
}

const char *eventKindName(CallEvent::Kind kind)
{
    using K = CallEvent::Kind;
    switch (kind) {
    case K::Started: return "started";
    case K::Consent: return "consent";
    case K::FlowStep: return "flow_step";
    case K::Escalated: return "escalated";
    case K::AgentTookOver: return "agent_took_over";
    case K::HandedBack: return "handed_back";
    case K::Transferred: return "transferred";
    case K::RecordingSaved: return "recording_saved";
    case K::PhaseChanged: return "phase_changed";
    case K::TranscriptDelta: return "transcript_delta";
    case K::TranscriptFinal: return "transcript_final";
    case K::TurnLatency: return "turn_latency";
    case K::BargeIn: return "barge_in";
    case K::AiReconnected: return "ai_reconnected";
    case K::Protocol: return "protocol";
    case K::Ended: return "ended";
    }
    return "unknown";
}

} // namespace callgate
