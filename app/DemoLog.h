#pragma once
// In demo mode, tells the newcomer what the calls say: one log line per finished transcript turn,
// per barge-in and per ended call. (A real gateway does not log what callers say.) Called on the
// worker threads; logging is thread-safe.

#include "call/CallEvents.h"

namespace callgate {

class DemoLog : public CallObserver {
public:
    void onCallEvent(const CallEvent &event) override;
};

} // namespace callgate
