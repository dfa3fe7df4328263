#include "gateway/CallEvents.h"

namespace callgate {

const char *callPhaseName(CallPhase p)
{
    switch (p) {
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

} // namespace callgate
