#include "gateway/CallSupervision.h"

#include "config/Config.h"
#include "content/PromptLibrary.h"
#include "gateway/CallControl.h"
#include "gateway/CallEnding.h"
#include "gateway/CallTaps.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "util/PhoneMask.h"

namespace callgate {

CallSupervision::CallSupervision(SupervisedCall &call, CallTaps &taps, CallEnding &ending, const Config &config,
                                 const PromptLibrary &prompts, Metrics &metrics, const std::atomic<int> &consoles,
                                 const QByteArray &holdClip, QObject *parent)
    : QObject(parent), m_call(call), m_taps(taps), m_ending(ending), m_config(config), m_prompts(prompts), m_metrics(metrics),
      m_consoles(consoles), m_hold(holdClip,
                                   {[&call] { return call.aiSilent(); }, [&call](QByteArrayView ulaw) { call.holdAudio(ulaw); },
                                    [&call] { call.clearCallerAudio(); }})
{
    m_agentWait.setSingleShot(true);
    connect(&m_agentWait, &QTimer::timeout, this, &CallSupervision::onAgentWaitOver);
    m_agentPump.setInterval(10);
    m_agentPump.setTimerType(Qt::PreciseTimer);
    connect(&m_agentPump, &QTimer::timeout, this, &CallSupervision::pumpAgentAudio);
}

void CallSupervision::escalate(const QString &why)
{
    if (m_ended)
        return;
    if (m_escalated)
        return;
    m_escalated = true;
    m_ending.setEndAfterPlayback(false);
    m_metrics.escalations.fetch_add(1, std::memory_order_relaxed);
    m_metrics.callsWaitingForAgent.fetch_add(1, std::memory_order_relaxed);
    m_call.stopAssistant();
    m_call.setAiReplies(false); // it goes on hearing the caller, for the agent's sake
    m_call.setPhase(CallPhase::WaitingForAgent);
    auto ev = m_call.callEvent(CallEvent::Kind::Escalated);
    ev.text = why;
    m_call.publish(ev);
    if (m_consoles.load(std::memory_order_relaxed) == 0) {
        // Headless: no supervisor can take it, so no point in waiting for one. Twilio's <Say>
        // before the <Dial> (or the goodbye) tells the caller what happens.
        qCInfo(lcBridge).noquote() << "call" << m_call.callSid()
                                   << QStringLiteral("asks for a live agent (%1); no console watches this gateway:").arg(why)
                                   << (m_config.liveAgentNumber.isEmpty()
                                           ? QStringLiteral("no agent number, ending politely")
                                           : QStringLiteral("transferring at once to ") + maskPhone(m_config.liveAgentNumber));
        handOn();
        return;
    }
    qCInfo(lcBridge).noquote() << "call" << m_call.callSid()
                               << QStringLiteral("waits for a live agent (%1); transfer in %2 s unless a supervisor takes it")
                                      .arg(why)
                                      .arg(m_config.agentWaitSeconds);
    if (m_call.aiReady())
        m_call.askAi(QStringLiteral("Say exactly this to the caller, word for word, and nothing else: \"%1\"")
                         .arg(m_prompts.get(PromptKind::LiveAgent).text));
    m_agentWait.start(m_config.agentWaitSeconds * 1000);
    m_hold.start(); // once the AI has said it
}

QString CallSupervision::heldByOther(const QString &by) const
{
    if (!m_agentJoined || m_holder == by)
        return {};
    return m_holder.isEmpty() ? QStringLiteral("taken by another supervisor") : QStringLiteral("taken by ") + m_holder;
}

QString CallSupervision::agentTookOver(const QString &by)
{
    if (m_ended)
        return QStringLiteral("the call has ended");
    if (m_agentJoined)
        return heldByOther(by); // taking one's own call again changes nothing
    if (m_escalated)
        m_metrics.callsWaitingForAgent.fetch_sub(1, std::memory_order_relaxed);
    const bool wasWaiting = m_escalated;
    m_agentJoined = true;
    m_holder = by;
    m_escalated = true; // the AI makes no reply while a person has the call
    m_agentWait.stop();
    m_hold.stop(); // the caller hears the supervisor at once
    m_ending.setEndAfterPlayback(false);
    m_call.forgetWantedResponse();
    m_call.stopAssistant();
    if (!wasWaiting)
        m_call.setAiReplies(false);
    m_takenOverAtMs = m_call.nowMs();
    m_turns.reset();
    m_turnCount = 0;
    m_agentPump.start();
    m_call.setPhase(CallPhase::AgentConnected);
    auto taken = m_call.callEvent(CallEvent::Kind::AgentTookOver);
    taken.by = by;
    m_call.publish(taken);
    qCInfo(lcBridge).noquote() << "call" << m_call.callSid() << "taken over by a supervisor" << by;
    return {};
}

QString CallSupervision::handBack(const QString &by)
{
    if (m_ended)
        return QStringLiteral("the call has ended");
    if (!m_agentJoined)
        return QStringLiteral("no one has taken this call");
    if (QString refused = heldByOther(by); !refused.isEmpty())
        return refused;
    m_agentPump.stop();
    pumpAgentAudio(); // the last words still on their way
    if (auto turn = m_turns.flush())
        sendAgentTurn(*turn);
    m_agentJoined = false;
    m_holder.clear();
    m_escalated = false;
    if (!std::exchange(m_aiLost, QString()).isEmpty())
        m_call.reviveAi(); // what follows waits for the new session
    const qint64 seconds = (m_call.nowMs() - m_takenOverAtMs + 500) / 1000;
    m_call.setAiReplies(true);
    m_call.noteToAi(QStringLiteral("A live agent, a person, had this call for %1 s and has now handed it back to you. What was said "
                                   "meanwhile is in the conversation above: the caller's words, and the agent's own words as audio in "
                                   "messages that say they come from the live agent (%2 of them). Carry on from where the agent left "
                                   "off; do not repeat what the agent already covered, and do not ask the caller again for what they "
                                   "told the agent.")
                        .arg(seconds)
                        .arg(m_turnCount));
    m_call.askAi(QStringLiteral("The live agent has just handed the call back to you. Tell the caller briefly that you "
                                "are back, then carry on helping them from where the agent left off."));
    m_call.setPhase(CallPhase::Listening);
    auto ev = m_call.callEvent(CallEvent::Kind::HandedBack);
    ev.valueMs = double(m_call.nowMs() - m_takenOverAtMs);
    ev.by = by;
    m_call.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_call.callSid() << "handed back to the AI after" << seconds << "s with a supervisor";
    return {};
}

bool CallSupervision::keepsCallWithoutAi(const QString &reason)
{
    if (!m_agentJoined)
        return false;
    // A person has the call: it goes on without the AI; handing back tries to reach it again.
    qCWarning(lcBridge).noquote() << "call" << m_call.callSid() << "has no OpenAI session during a takeover:" << reason;
    m_aiLost = reason;
    return true;
}

void CallSupervision::aiUnavailable(const QString &why)
{
    if (m_ended)
        return;
    m_agentWait.stop();
    m_ending.setEndAfterPlayback(false);
    m_ending.setWhyAtStop(QStringLiteral("no AI: ") + why);
    if (isWaitingForAgent())
        m_metrics.callsWaitingForAgent.fetch_sub(1, std::memory_order_relaxed);
    m_escalated = true;
    m_call.setPhase(CallPhase::WaitingForAgent);
    qCWarning(lcBridge).noquote() << "call" << m_call.callSid() << QStringLiteral("cannot reach the AI (%1):").arg(why)
                                  << (m_config.liveAgentNumber.isEmpty()
                                          ? QStringLiteral("ending politely")
                                          : QStringLiteral("handing to ") + maskPhone(m_config.liveAgentNumber));
    handOn(m_ending.control().aiUnavailableText(), CallOutcome::OpenAiFailed);
}

void CallSupervision::pumpAgentAudio()
{
    // Whichever console speaks: its frames go to the caller as they come (the pump runs every
    // 10 ms; Twilio buffers what it plays).
    m_taps.takeAgentFrames([this](QByteArrayView ulaw, const audio::CallAudioTap *from) {
        if (!m_agentJoined)
            return; // handed back: what was left is not sent
        m_call.agentAudio(ulaw);
        m_taps.otherAudio(ulaw, from); // other listeners hear the agent; the agent does not hear an echo
        if (auto turn = m_turns.frame(ulaw))
            sendAgentTurn(*turn);
    });
}

void CallSupervision::sendAgentTurn(const QByteArray &audio)
{
    const double seconds = double(audio.size()) / 8000.0;
    m_call.agentSpeechToAi(audio, seconds);
    ++m_turnCount;
    // The turn keeps its place in the transcript while its words are written down.
    auto ev = m_call.callEvent(CallEvent::Kind::TranscriptDelta);
    ev.speaker = Speaker::Agent;
    ev.itemId = "agent-" + QByteArray::number(m_call.nowMs());
    ev.text = QStringLiteral("…");
    m_call.publish(ev);
    m_call.transcribeAgent(audio, ev.itemId, seconds);
}

QString CallSupervision::whisper(const QString &text, const QString &by)
{
    if (m_ended)
        return QStringLiteral("the call has ended");
    const QString instruction = text.trimmed().left(4000);
    if (instruction.isEmpty())
        return QStringLiteral("nothing to whisper");
    m_call.noteToAi(QStringLiteral("Instruction from a supervisor, not heard by the caller; follow it from now on: ") + instruction);
    auto ev = m_call.callEvent(CallEvent::Kind::TranscriptFinal);
    ev.speaker = Speaker::Whisper;
    ev.itemId = "whisper-" + QByteArray::number(m_call.nowMs());
    ev.text = instruction;
    ev.by = by;
    m_call.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_call.callSid() << "got a whisper from a supervisor" << by;
    return {};
}

QString CallSupervision::hangUp(const QString &by)
{
    if (m_ended)
        return QStringLiteral("the call has ended");
    if (QString refused = heldByOther(by); !refused.isEmpty())
        return refused;
    qCInfo(lcBridge).noquote() << "call" << m_call.callSid() << "hung up by a supervisor" << by;
    m_agentWait.stop();
    m_hold.stop();
    m_hungUpBy = by;
    m_ending.setWhyAtStop(by.isEmpty() ? QStringLiteral("a supervisor hung up") : QStringLiteral("hung up by ") + by);
    m_ending.hangUp(CallOutcome::HungUp);
    return {};
}

QString CallSupervision::transfer(const QString &e164, const QString &by)
{
    if (m_ended)
        return QStringLiteral("the call has ended");
    if (e164.isEmpty())
        return QStringLiteral("no number to transfer to");
    if (QString refused = heldByOther(by); !refused.isEmpty())
        return refused;
    m_agentWait.stop();
    m_hold.stop();
    m_call.stopAssistant();
    qCInfo(lcBridge).noquote() << "call" << m_call.callSid() << "transferred by a supervisor to" << maskPhone(e164);
    if (!m_ending.control().available()) {
        m_call.end(CallOutcome::Transferred);
        return {};
    }
    m_ending.transferTo(e164);
    auto ev = m_call.callEvent(CallEvent::Kind::Transferred);
    ev.text = maskPhone(e164);
    ev.by = by;
    m_call.publish(ev);
    return {};
}

void CallSupervision::onAgentWaitOver()
{
    if (m_agentJoined)
        return;
    const Config &c = m_config;
    qCInfo(lcBridge).noquote() << "call" << m_call.callSid() << "no supervisor took it within" << c.agentWaitSeconds << "s:"
                               << (c.liveAgentNumber.isEmpty() ? QStringLiteral("no agent number, ending politely")
                                                               : QStringLiteral("transferring to ") + maskPhone(c.liveAgentNumber));
    handOn();
}

void CallSupervision::handOn(const QString &lead, CallOutcome noAgent)
{
    const Config &c = m_config;
    m_hold.stop();
    if (!m_ending.control().available()) {
        qCWarning(lcBridge).noquote() << "call" << m_call.callSid()
                                      << "cannot transfer without the Twilio REST API (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN): ending it";
        m_call.end(c.liveAgentNumber.isEmpty() ? noAgent : CallOutcome::Transferred);
        return;
    }
    if (m_ending.handToAgent(lead, noAgent) == CallOutcome::Transferred) {
        auto ev = m_call.callEvent(CallEvent::Kind::Transferred);
        ev.text = maskPhone(c.liveAgentNumber);
        m_call.publish(ev);
    }
}

void CallSupervision::callEnded()
{
    m_ended = true;
    m_hold.stop(false);
    m_agentWait.stop();
    m_agentPump.stop();
    if (isWaitingForAgent())
        m_metrics.callsWaitingForAgent.fetch_sub(1, std::memory_order_relaxed);
}

} // namespace callgate
