// MediaBridge, part two: what people do with a live call — a caller asking for an agent, a
// supervisor taking the call, whispering to the AI, hanging up or transferring it — and ending it
// through Twilio's Calls API. Part one (MediaBridge.cpp) relays the media.
#include "gateway/MediaBridge.h"

#include "content/PromptLibrary.h"
#include "gateway/CallControl.h"
#include "gateway/GatewayShared.h"
#include "openai/RealtimeClient.h"
#include "twilio/MediaStreamMessages.h"
#include "util/Log.h"
#include "util/PhoneMask.h"

#include <QTimer>

namespace callgate {
namespace {

// After the Calls API was asked to hang up or transfer, Twilio's stop should come soon.
constexpr int kTwilioStopGraceMs = 5000;

} // namespace

// ---- Live agent -------------------------------------------------------------------------------

void MediaBridge::escalate(const QString &why)
{
    if (m_escalated || m_finished)
        return;
    m_escalated = true;
    m_endAfterPlayback = false;
    m_shared.metrics.escalations.fetch_add(1, std::memory_order_relaxed);
    m_shared.metrics.callsWaitingForAgent.fetch_add(1, std::memory_order_relaxed);
    interruptAssistant();
    setPhase(CallPhase::WaitingForAgent);
    auto ev = event(CallEvent::Kind::Escalated);
    ev.text = why;
    m_shared.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid
                               << QStringLiteral("waits for a live agent (%1); transfer in %2 s unless a supervisor takes it")
                                      .arg(why)
                                      .arg(m_shared.config.agentWaitSeconds);
    if (m_ai->isReady())
        requestResponse(QStringLiteral("Say exactly this to the caller, word for word, and nothing else: \"%1\"")
                            .arg(m_shared.prompts.get(PromptKind::LiveAgent).text));
    m_agentWait.start(m_shared.config.agentWaitSeconds * 1000);
}

void MediaBridge::agentTookOver()
{
    if (m_finished || m_agentJoined)
        return;
    if (m_escalated)
        m_shared.metrics.callsWaitingForAgent.fetch_sub(1, std::memory_order_relaxed);
    m_agentJoined = true;
    m_escalated = true; // the AI no longer listens either way
    m_agentWait.stop();
    m_endAfterPlayback = false;
    interruptAssistant();
    setPhase(CallPhase::AgentConnected);
    m_shared.publish(event(CallEvent::Kind::AgentTookOver));
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "taken over by a supervisor";
}

bool MediaBridge::whisper(const QString &text)
{
    const QString instruction = text.trimmed().left(4000);
    if (m_finished || instruction.isEmpty() || !m_ai->isReady())
        return false;
    m_ai->send(openai::systemMessage(QStringLiteral("Instruction from a supervisor, not heard by the caller; follow it from now on: ")
                                     + instruction));
    auto ev = event(CallEvent::Kind::TranscriptFinal);
    ev.speaker = Speaker::Whisper;
    ev.itemId = "whisper-" + QByteArray::number(nowMs());
    ev.text = instruction;
    m_shared.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "got a whisper from a supervisor";
    return true;
}

void MediaBridge::supervisorHangUp()
{
    if (m_finished)
        return;
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "hung up by a supervisor";
    m_agentWait.stop();
    hangUpThroughTwilio();
}

void MediaBridge::supervisorTransfer(const QString &e164)
{
    if (m_finished || e164.isEmpty())
        return;
    m_agentWait.stop();
    interruptAssistant();
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "transferred by a supervisor to" << maskPhone(e164);
    if (!m_control->available()) {
        end(CallOutcome::Transferred);
        return;
    }
    m_outcomeAtStop = m_control->transferTo(e164, [this](const QString &) { end(m_outcomeAtStop); });
    auto ev = event(CallEvent::Kind::Transferred);
    ev.text = maskPhone(e164);
    m_shared.publish(ev);
    endIfTwilioDoesNot(m_outcomeAtStop);
}

void MediaBridge::onAgentWaitOver()
{
    if (m_finished || m_agentJoined)
        return;
    const Config &c = m_shared.config;
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "no supervisor took it within" << c.agentWaitSeconds << "s:"
                               << (c.liveAgentNumber.isEmpty() ? QStringLiteral("no agent number, ending politely")
                                                               : QStringLiteral("transferring to ") + maskPhone(c.liveAgentNumber));
    if (!m_control->available()) {
        qCWarning(lcBridge).noquote() << "call" << m_session.callSid
                                      << "cannot transfer without the Twilio REST API (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN): ending it";
        end(c.liveAgentNumber.isEmpty() ? CallOutcome::NoAgent : CallOutcome::Transferred);
        return;
    }
    m_outcomeAtStop = m_control->handToAgent([this](const QString &) { end(m_outcomeAtStop); });
    if (m_outcomeAtStop == CallOutcome::Transferred) {
        auto ev = event(CallEvent::Kind::Transferred);
        ev.text = maskPhone(c.liveAgentNumber);
        m_shared.publish(ev);
    }
    endIfTwilioDoesNot(m_outcomeAtStop);
}

void MediaBridge::hangUpThroughTwilio()
{
    if (m_hangUpRequested || m_finished)
        return;
    m_hangUpRequested = true;
    if (!m_control->available()) {
        end(CallOutcome::Completed); // closing the stream ends the call: nothing follows <Connect>
        return;
    }
    m_control->hangUp([this](const QString &) { end(CallOutcome::Completed); });
    endIfTwilioDoesNot(CallOutcome::Completed);
}

void MediaBridge::endIfTwilioDoesNot(CallOutcome outcome)
{
    QTimer::singleShot(kTwilioStopGraceMs + m_shared.config.twilioRestTimeoutMs * 3, this, [this, outcome] {
        if (!m_finished)
            end(outcome);
    });
}

} // namespace callgate
