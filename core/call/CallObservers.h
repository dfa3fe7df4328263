#pragma once
// Who hears a gateway's call events (the store, the console's link, the demo log): registered
// before the gateway starts, then read-only, so any worker thread may publish without a lock.

#include "call/CallEvents.h"

#include <atomic>
#include <vector>

namespace callgate {

class CallObservers {
public:
    void add(CallObserver *observer)
    {
        m_observers.push_back(observer);
        if (observer->wantsProtocolEvents())
            m_protocolDemand.fetch_add(1, std::memory_order_relaxed);
    }
    // Whether a Kind::Protocol event is worth building at all.
    bool wantProtocolEvents() const { return m_protocolDemand.load(std::memory_order_relaxed) > 0; }
    // For an observer whose wish changes while calls run (remote consoles watching a call's
    // events): +1 while it wants them, -1 when it no longer does. Any thread.
    void changeProtocolDemand(int delta) { m_protocolDemand.fetch_add(delta, std::memory_order_relaxed); }
    void publish(const CallEvent &event) const
    {
        for (CallObserver *o : m_observers)
            o->onCallEvent(event);
    }

private:
    std::vector<CallObserver *> m_observers;
    std::atomic<int> m_protocolDemand{0};
};

} // namespace callgate
