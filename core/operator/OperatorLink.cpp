#include "operator/OperatorLink.h"

#include "operator/RemoteGateway.h"

namespace callgate {

OperatorLink::OperatorLink(int intervalMs, QObject *parent) : QObject(parent)
{
    qRegisterMetaType<CallSummary>();
    qRegisterMetaType<TranscriptLine>();
    qRegisterMetaType<QList<CallSummary>>();
    qRegisterMetaType<QList<TranscriptLine>>();
    qRegisterMetaType<ProtocolLine>();
    qRegisterMetaType<QList<ProtocolLine>>();
    qRegisterMetaType<GatewayStatus>();
    connect(&m_timer, &QTimer::timeout, this, &OperatorLink::publish);
    m_timer.start(intervalMs);
}

void OperatorLink::setStatusSource(std::function<GatewayStatus()> source)
{
    m_statusSource = std::move(source);
    if (m_statusSource) {
        m_status = m_statusSource();
        Q_EMIT statusChanged(status());
    }
}

GatewayStatus OperatorLink::status() const
{
    GatewayStatus s = m_status;
    bool anyOk = s.openAi == QLatin1String("ok");
    bool anyFailed = s.openAi == QLatin1String("failed");
    QStringList details;
    if (!s.openAiDetail.isEmpty())
        details << s.openAiDetail;
    for (const RemoteGateway *g : m_gateways) {
        const QString &name = g->address().name;
        if (g->state() != RemoteGateway::State::Up) {
            if (!g->problem().isEmpty()) // not while the first attempt is under way
                s.warnings << tr("Gateway %1 cannot be reached: %2. Retrying by itself; its calls show as they were last seen.")
                                  .arg(name, g->problem());
            continue;
        }
        const GatewayStatus &r = g->status();
        s.liveCalls += r.liveCalls;
        for (const QString &w : r.warnings)
            s.warnings << tr("Gateway %1: %2").arg(name, w);
        if (r.draining)
            s.warnings << tr("Gateway %1 is stopping: it takes no new calls").arg(name);
        anyOk = anyOk || r.openAi == QLatin1String("ok");
        anyFailed = anyFailed || r.openAi == QLatin1String("failed");
        if (!r.openAiDetail.isEmpty())
            details << tr("%1: %2").arg(name, r.openAiDetail);
    }
    if (!m_gateways.isEmpty()) {
        s.openAi = anyFailed ? QStringLiteral("failed") : anyOk ? QStringLiteral("ok") : QStringLiteral("never");
        s.openAiDetail = details.join(QLatin1Char('\n'));
    }
    return s;
}

void OperatorLink::addGateway(RemoteGateway *g)
{
    m_gateways.append(g);
    connect(g, &RemoteGateway::callsChanged, this, &OperatorLink::callsChanged);
    connect(g, &RemoteGateway::transcriptAppended, this, &OperatorLink::transcriptAppended);
    connect(g, &RemoteGateway::protocolAppended, this, &OperatorLink::protocolAppended);
    connect(g, &RemoteGateway::refused, this, &OperatorLink::commandRefused);
    connect(g, &RemoteGateway::statusChanged, this, [this] { Q_EMIT statusChanged(status()); });
    connect(g, &RemoteGateway::stateChanged, this, [this] {
        Q_EMIT gatewaysChanged();
        Q_EMIT statusChanged(status());
    });
    connect(g, &QObject::destroyed, this, [this, g] { m_gateways.removeOne(g); });
}

RemoteGateway *OperatorLink::remoteFor(const QByteArray &sessionId) const
{
    for (RemoteGateway *g : m_gateways)
        if (g->owns(sessionId))
            return g;
    return nullptr;
}

QString OperatorLink::actingAs(const QByteArray &sessionId) const
{
    const RemoteGateway *g = remoteFor(sessionId);
    return g ? g->you() : m_supervisor;
}

void OperatorLink::takeCall(const QByteArray &sessionId)
{
    if (RemoteGateway *g = remoteFor(sessionId))
        g->command(operatorlink::Command::Type::Take, sessionId);
    else
        Q_EMIT takeCallRequested(sessionId, m_supervisor);
}

void OperatorLink::whisper(const QByteArray &sessionId, const QString &text)
{
    if (RemoteGateway *g = remoteFor(sessionId))
        g->command(operatorlink::Command::Type::Whisper, sessionId, text);
    else
        Q_EMIT whisperRequested(sessionId, text, m_supervisor);
}

void OperatorLink::hangUp(const QByteArray &sessionId)
{
    if (RemoteGateway *g = remoteFor(sessionId))
        g->command(operatorlink::Command::Type::HangUp, sessionId);
    else
        Q_EMIT hangUpRequested(sessionId, m_supervisor);
}

void OperatorLink::transfer(const QByteArray &sessionId, const QString &e164)
{
    if (RemoteGateway *g = remoteFor(sessionId))
        g->command(operatorlink::Command::Type::Transfer, sessionId, e164);
    else
        Q_EMIT transferRequested(sessionId, e164, m_supervisor);
}

void OperatorLink::handBack(const QByteArray &sessionId)
{
    if (RemoteGateway *g = remoteFor(sessionId))
        g->command(operatorlink::Command::Type::HandBack, sessionId);
    else
        Q_EMIT handBackRequested(sessionId, m_supervisor);
}

void OperatorLink::attachAudio(const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap)
{
    if (RemoteGateway *g = remoteFor(sessionId))
        g->attachAudio(sessionId, std::move(tap));
    else
        Q_EMIT audioRequested(sessionId, std::move(tap));
}

void OperatorLink::onCallEvent(const CallEvent &e)
{
    if (e.sessionId.isEmpty())
        return; // consent answers before a session exist only for the store
    std::lock_guard lock(m_mutex);
    if (e.kind == CallEvent::Kind::Started) {
        // The caller's flow row gives way to the live call.
        const QByteArray flow = flowKey(e.callSid);
        if (auto it = m_calls.find(flow); it != m_calls.end()) {
            it->removed = true;
            if (!m_dirty.contains(flow))
                m_dirty.append(flow);
        }
    }
    if (e.kind == CallEvent::Kind::Protocol) {
        constexpr int kMaxProtocolPerUpdate = 2000;
        if (m_protocol.size() < kMaxProtocolPerUpdate)
            m_protocol.append({e.sessionId, e.at, e.text});
        else
            ++m_protocolDropped;
        return;
    }
    if (e.kind == CallEvent::Kind::TranscriptDelta) {
        auto &growing = m_growing[e.itemId];
        growing.first = e.sessionId;
        growing.second += e.text;
        const QString &text = growing.second;
        // One line per item per update: replace the growing one if it is already queued.
        for (qsizetype i = m_lines.size() - 1; i >= 0; --i) {
            if (m_lines[i].itemId == e.itemId && !m_lines[i].final) {
                m_lines[i].text = text;
                return;
            }
        }
        m_lines.append({e.sessionId, e.itemId, e.speaker, text, e.at, false});
        return;
    }
    if (m_ended.contains(e.sessionId)) {
        // Over: its transcript may still grow (a line that came late), its row stays ended.
        if (e.kind == CallEvent::Kind::TranscriptFinal) {
            m_growing.remove(e.itemId);
            m_lines.append({e.sessionId, e.itemId, e.speaker, e.text, e.at, true});
        }
        return;
    }
    const bool ends = e.kind == CallEvent::Kind::Ended || (e.kind == CallEvent::Kind::FlowStep && !e.detail.isEmpty());
    if (ends) {
        m_ended.insert(e.sessionId);
        m_endedOrder.append(e.sessionId);
        if (m_endedOrder.size() > kEndedKept)
            m_ended.remove(m_endedOrder.takeFirst());
    }
    CallSummary &c = m_calls[e.sessionId];
    if (c.sessionId.isEmpty()) {
        c.sessionId = e.sessionId;
        c.callSid = e.callSid;
        c.caller = e.caller;
        c.startedAt = e.at;
    }
    c.updatedAt = e.at;
    switch (e.kind) {
    case CallEvent::Kind::FlowStep:
        c.phase = e.detail.isEmpty() ? CallPhase::InCallerFlow : CallPhase::Ended;
        c.lastLine = e.text;
        c.verification = e.verification;
        if (!e.detail.isEmpty()) {
            c.endedAt = e.at;
            c.outcome = e.detail;
        }
        break;
    case CallEvent::Kind::Started:
        c.verification = e.verification;
        c.customer = e.customer;
        break;
    case CallEvent::Kind::Escalated: c.escalation = e.text; break;
    case CallEvent::Kind::AgentTookOver: c.agent = e.by; break;
    case CallEvent::Kind::HandedBack: c.agent.clear(); break;
    case CallEvent::Kind::PhaseChanged:
        if (e.phase == CallPhase::WaitingForAgent && c.phase != CallPhase::WaitingForAgent)
            c.waitingSince = e.at;
        else if (e.phase != CallPhase::WaitingForAgent)
            c.waitingSince = QDateTime();
        c.phase = e.phase;
        break;
    case CallEvent::Kind::TranscriptFinal:
        c.lastLine = (e.speaker == Speaker::Caller        ? tr("Caller: ")
                          : e.speaker == Speaker::Whisper ? tr("Whisper: ")
                          : e.speaker == Speaker::Agent   ? tr("Live agent: ")
                                                          : tr("Assistant: "))
            + e.text;
        m_growing.remove(e.itemId);
        m_lines.append({e.sessionId, e.itemId, e.speaker, e.text, e.at, true});
        break;
    case CallEvent::Kind::TurnLatency: c.lastLatencyMs = e.valueMs; break;
    case CallEvent::Kind::BargeIn: ++c.bargeIns; break;
    case CallEvent::Kind::Ended:
        c.phase = CallPhase::Ended;
        c.endedAt = e.at;
        c.outcome = e.text;
        m_growing.removeIf([&](const auto &it) { return it.value().first == e.sessionId; }); // cut short by barge-in
        break;
    default: break;
    }
    if (!m_dirty.contains(e.sessionId))
        m_dirty.append(e.sessionId);
}

QList<CallSummary> OperatorLink::snapshot() const
{
    std::lock_guard lock(m_mutex);
    QList<CallSummary> live;
    live.reserve(m_calls.size());
    for (const CallSummary &c : m_calls)
        if (c.phase != CallPhase::Ended && !c.removed)
            live.append(c);
    return live;
}

std::optional<CallSummary> OperatorLink::call(const QByteArray &sessionId) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_calls.constFind(sessionId);
    if (it == m_calls.constEnd() || it->phase == CallPhase::Ended || it->removed)
        return std::nullopt;
    return *it;
}

void OperatorLink::answered(const QByteArray &sessionId, const QString &refusal)
{
    if (!refusal.isEmpty())
        Q_EMIT commandRefused(sessionId, refusal);
}

void OperatorLink::publish()
{
    if (m_statusSource) {
        GatewayStatus now = m_statusSource();
        if (!(now == m_status)) {
            m_status = std::move(now);
            Q_EMIT statusChanged(status());
        }
    }
    // A caller who hung up during the prompts sends nothing more: their flow row goes after a
    // while (the flow's own prompts time out well within it).
    constexpr qint64 kFlowSilenceMs = 120000;
    if (++m_publishes % 40 == 0) {
        std::lock_guard lock(m_mutex);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (auto it = m_calls.begin(); it != m_calls.end(); ++it) {
            if (it->phase == CallPhase::InCallerFlow && it->updatedAt.msecsTo(now) > kFlowSilenceMs) {
                it->removed = true;
                if (!m_dirty.contains(it.key()))
                    m_dirty.append(it.key());
            }
        }
    }
    QList<CallSummary> changed;
    QList<TranscriptLine> lines;
    QList<ProtocolLine> protocol;
    {
        std::lock_guard lock(m_mutex);
        for (const QByteArray &id : std::as_const(m_dirty)) {
            const CallSummary c = m_calls.value(id);
            changed.append(c);
            if (c.phase == CallPhase::Ended || c.removed)
                m_calls.remove(id); // the console keeps it as long as it likes
        }
        m_dirty.clear();
        lines.swap(m_lines);
        protocol.swap(m_protocol);
        if (m_protocolDropped > 0) {
            protocol.append({{}, QDateTime::currentDateTimeUtc(), tr("(%1 more events not shown)").arg(m_protocolDropped)});
            m_protocolDropped = 0;
        }
    }
    if (!changed.isEmpty())
        Q_EMIT callsChanged(changed);
    if (!lines.isEmpty())
        Q_EMIT transcriptAppended(lines);
    if (!protocol.isEmpty())
        Q_EMIT protocolAppended(protocol);
}

} // namespace callgate
