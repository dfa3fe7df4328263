#include "gateway/AppCalls.h"

#include "twilio/PhoneNumber.h"

namespace callgate {

const char *AppCalls::stateFor(const CallEvent &e)
{
    using K = CallEvent::Kind;
    switch (e.kind) {
    case K::FlowStep: return e.detail.isEmpty() ? "in_flow" : "ended";
    case K::Started: return "assistant";
    case K::Escalated: return "waiting_for_agent";
    case K::AgentTookOver: return "with_agent";
    case K::HandedBack: return "assistant";
    case K::Transferred: return "transferred";
    case K::Ended: return "ended";
    case K::PhaseChanged:
        if (e.phase == CallPhase::WaitingForAgent)
            return "waiting_for_agent";
        if (e.phase == CallPhase::AgentConnected)
            return "with_agent";
        return nullptr;
    default: return nullptr;
    }
}

void AppCalls::forget(const QString &callSid)
{
    const auto it = m_calls.constFind(callSid);
    if (it == m_calls.cend())
        return;
    if (m_current.value(it->phone) == callSid)
        m_current.remove(it->phone);
    m_calls.erase(it);
}

std::optional<AppCalls::Change> AppCalls::apply(const CallEvent &e, qint64 nowMs)
{
    const char *state = stateFor(e);
    if (!state || e.callSid.isEmpty())
        return std::nullopt;
    const bool known = m_calls.contains(e.callSid);
    if (!known && e.kind != CallEvent::Kind::FlowStep && e.kind != CallEvent::Kind::Started)
        return std::nullopt; // a call this server never saw begin (started before it did)
    AppCall &t = m_calls[e.callSid];
    t.callSid = e.callSid;
    // Whose call: the mobile the flow verified, else the caller ID. The newest call of a number is
    // the one its apps follow.
    const QString phone = !e.verification.number.isEmpty() ? e.verification.number : twilio::callerIdToE164(e.caller);
    if (!phone.isEmpty() && phone != t.phone) {
        if (!t.phone.isEmpty() && m_current.value(t.phone) == e.callSid)
            m_current.remove(t.phone);
        t.phone = phone;
        m_current.insert(phone, e.callSid);
    }
    if (e.kind == CallEvent::Kind::Started)
        t.sessionId = e.sessionId;
    t.touchedMs = nowMs;
    const QString newState = QLatin1String(state);
    const bool changed = newState != t.state;
    t.state = newState;
    if (changed)
        t.since = e.at.isValid() ? e.at : QDateTime::currentDateTimeUtc();
    if (e.kind == CallEvent::Kind::Ended || (e.kind == CallEvent::Kind::FlowStep && !e.detail.isEmpty()))
        t.outcome = e.kind == CallEvent::Kind::Ended ? e.text : e.detail;
    const bool current = !t.phone.isEmpty() && m_current.value(t.phone) == e.callSid;
    const bool ended = t.state == QLatin1String("ended");
    std::optional<Change> change;
    if (ended && current) {
        // Another call from the number still live takes its place.
        for (auto it = m_calls.cbegin(); it != m_calls.cend(); ++it) {
            if (it.key() != e.callSid && it->phone == t.phone && it->state != QLatin1String("ended")) {
                const AppCall other = *it;
                m_current.insert(t.phone, other.callSid);
                m_calls.remove(e.callSid);
                return Change{other, true, false};
            }
        }
    }
    if (current && (changed || e.kind == CallEvent::Kind::Escalated))
        change = Change{t, changed, e.kind == CallEvent::Kind::Escalated};
    if (ended)
        forget(e.callSid); // told; a later sign-in sees no call rather than an old one
    return change;
}

const AppCall *AppCalls::current(const QString &phone) const
{
    const auto id = m_current.constFind(phone);
    if (id == m_current.cend())
        return nullptr;
    const auto it = m_calls.constFind(*id);
    return it == m_calls.cend() ? nullptr : &*it;
}

void AppCalls::sweep(qint64 nowMs)
{
    QStringList stale;
    for (auto it = m_calls.cbegin(); it != m_calls.cend(); ++it)
        if (nowMs - it->touchedMs > 6 * 3600 * 1000)
            stale << it.key();
    for (const QString &callSid : std::as_const(stale))
        forget(callSid);
}

} // namespace callgate
