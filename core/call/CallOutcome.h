#pragma once
// How a call ended: counted in /metrics, kept in the call record, shown in the console.

namespace callgate {

enum class CallOutcome : int {
    Completed,    // the stream ended with Twilio's stop
    StreamClosed, // the Twilio socket closed without stop
    OpenAiFailed, // the AI side failed or closed
    Expired,      // the webhook answered but no stream came in time
    Drained,      // ended by a shutdown
    Busy,         // turned away: capacity or shutdown
    Transferred,  // handed to LIVE_AGENT_NUMBER
    NoAgent,      // asked for an agent, none took it, no number to transfer to
    Declined,     // the caller declined consent
    NotVerified,  // no mobile number could be verified
    HungUp,       // a supervisor hung up (the console's Hang up)
    Count
};
const char *callOutcomeName(CallOutcome o);

} // namespace callgate
