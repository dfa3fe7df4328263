#include "call/CallOutcome.h"

namespace callgate {

const char *callOutcomeName(CallOutcome o)
{
    switch (o) {
    case CallOutcome::Completed: return "completed";
    case CallOutcome::StreamClosed: return "stream_closed";
    case CallOutcome::OpenAiFailed: return "openai_failed";
    case CallOutcome::Expired: return "expired";
    case CallOutcome::Drained: return "drained";
    case CallOutcome::Busy: return "busy";
    case CallOutcome::Transferred: return "transferred";
    case CallOutcome::NoAgent: return "no_agent";
    case CallOutcome::Declined: return "declined";
    case CallOutcome::NotVerified: return "not_verified";
    case CallOutcome::HungUp: return "hung_up";
    case CallOutcome::Count: break;
    }
    return "unknown";
}

} // namespace callgate
