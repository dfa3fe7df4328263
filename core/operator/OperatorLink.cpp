#include "operator/OperatorLink.h"

namespace callgate {

OperatorLink::OperatorLink(int intervalMs, QObject *parent) : QObject(parent)
{
    qRegisterMetaType<CallSummary>();
    qRegisterMetaType<TranscriptLine>();
    qRegisterMetaType<QList<CallSummary>>();
    qRegisterMetaType<QList<TranscriptLine>>();
    connect(&m_timer, &QTimer::timeout, this, &OperatorLink::publish);
    m_timer.start(intervalMs);
}

void OperatorLink::onCallEvent(const CallEvent &e)
{
    if (e.kind == CallEvent::Kind::Protocol || e.kind == CallEvent::Kind::TranscriptDelta || e.sessionId.isEmpty())
        return; // the raw event log and growing deltas come with the transcript view; consent
                // answers before a session exist only for the store
    std::lock_guard lock(m_mutex);
    CallSummary &c = m_calls[e.sessionId];
    if (c.sessionId.isEmpty()) {
        c.sessionId = e.sessionId;
        c.callSid = e.callSid;
        c.caller = e.caller;
        c.startedAt = e.at;
    }
    switch (e.kind) {
    case CallEvent::Kind::Started:
        c.verification = e.verification;
        c.customer = e.customer;
        break;
    case CallEvent::Kind::Escalated:
        c.escalation = e.text;
        break;
    case CallEvent::Kind::PhaseChanged:
        c.phase = e.phase;
        break;
    case CallEvent::Kind::TranscriptFinal:
        c.lastLine = (e.speaker == Speaker::Caller ? tr("Caller: ") : tr("Assistant: ")) + e.text;
        m_lines.append({e.sessionId, e.speaker, e.text, e.at});
        break;
    case CallEvent::Kind::TurnLatency:
        c.lastLatencyMs = e.valueMs;
        break;
    case CallEvent::Kind::BargeIn:
        ++c.bargeIns;
        break;
    case CallEvent::Kind::Ended:
        c.phase = CallPhase::Ended;
        c.endedAt = e.at;
        c.outcome = e.text;
        break;
    default:
        break;
    }
    if (!m_dirty.contains(e.sessionId))
        m_dirty.append(e.sessionId);
}

void OperatorLink::publish()
{
    QList<CallSummary> changed;
    QList<TranscriptLine> lines;
    {
        std::lock_guard lock(m_mutex);
        for (const QByteArray &id : std::as_const(m_dirty)) {
            const CallSummary c = m_calls.value(id);
            changed.append(c);
            if (c.phase == CallPhase::Ended)
                m_calls.remove(id); // the console keeps it as long as it likes
        }
        m_dirty.clear();
        lines.swap(m_lines);
    }
    if (!changed.isEmpty())
        Q_EMIT callsChanged(changed);
    if (!lines.isEmpty())
        Q_EMIT transcriptAppended(lines);
}

} // namespace callgate
