#pragma once
// Who hears a gateway's call events (the store, the console's link, the demo log): registered
// before the gateway starts, then read-only, so any worker thread may publish without a lock.

#include "call/CallEvents.h"

#include <vector>

namespace callgate {

class CallObservers {
public:
    void add(CallObserver *observer)
    {
        m_observers.push_back(observer);
        m_protocol = m_protocol || observer->wantsProtocolEvents();
    }
    // Whether a Kind::Protocol event is worth building at all.
    bool wantProtocolEvents() const { return m_protocol; }
    void publish(const CallEvent &event) const
    {
        for (CallObserver *o : m_observers)
            o->onCallEvent(event);
    }

private:
    std::vector<CallObserver *> m_observers;
    bool m_protocol = false;
};

} // namespace callgate
