// MediaBridge, part two: what people do with a live call — a caller asking for an agent, a
// supervisor taking the call, whispering to the AI, hanging up or transferring it — and ending it
// through Twilio's Calls API. Part one (MediaBridge.cpp) relays the media.
#include "gateway/MediaBridge.h"

#include "audio/CallAudioTap.h"
#include "audio/CallRecorder.h"
#include "audio/G711.h"
#include "call/CallObservers.h"
#include "config/Config.h"
#include "content/PromptLibrary.h"
#include "gateway/CallControl.h"
#include "gateway/CallServices.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "gateway/ServiceHealth.h"
#include "openai/RealtimeClient.h"
#include "twilio/MediaStreamMessages.h"
#include "util/PhoneMask.h"

#include <QTimer>

namespace callgate {
namespace {

// After the Calls API was asked to hang up or transfer, Twilio's stop should come soon.
constexpr int kTwilioStopGraceMs = 5000;

// The supervisor's speech, for the AI's context: a frame louder than this (linear RMS) is speech;
// a turn ends after this many quiet frames, or when it gets this long.
constexpr double kAgentSpeechRms = 400;
constexpr int kAgentTurnEndFrames = 40;       // 800 ms
constexpr int kAgentTurnMaxBytes = 30 * 8000; // 30 s
constexpr size_t kAgentPrerollFrames = 10;    // 200 ms kept before the first loud frame
constexpr int kFrameBytes = 160;

} // namespace

// ---- Live agent -------------------------------------------------------------------------------

void MediaBridge::escalate(const QString &why)
{
    if (m_escalated || m_finished)
        return;
    m_escalated = true;
    m_endAfterPlayback = false;
    m_services.metrics.escalations.fetch_add(1, std::memory_order_relaxed);
    m_services.metrics.callsWaitingForAgent.fetch_add(1, std::memory_order_relaxed);
    interruptAssistant();
    if (m_ai->isReady())
        m_ai->setAutoResponses(false); // it goes on hearing the caller, for the agent's sake
    setPhase(CallPhase::WaitingForAgent);
    auto ev = event(CallEvent::Kind::Escalated);
    ev.text = why;
    m_services.events.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid
                               << QStringLiteral("waits for a live agent (%1); transfer in %2 s unless a supervisor takes it")
                                      .arg(why)
                                      .arg(m_services.config.agentWaitSeconds);
    if (m_ai->isReady())
        requestResponse(QStringLiteral("Say exactly this to the caller, word for word, and nothing else: \"%1\"")
                            .arg(m_services.prompts.get(PromptKind::LiveAgent).text));
    m_agentWait.start(m_services.config.agentWaitSeconds * 1000);
}

void MediaBridge::agentTookOver()
{
    if (m_finished || m_agentJoined)
        return;
    if (m_escalated)
        m_services.metrics.callsWaitingForAgent.fetch_sub(1, std::memory_order_relaxed);
    const bool wasWaiting = m_escalated;
    m_agentJoined = true;
    m_escalated = true; // the AI makes no reply while a person has the call
    m_agentWait.stop();
    m_endAfterPlayback = false;
    m_responseWanted = false;
    interruptAssistant();
    if (m_ai->isReady() && !wasWaiting)
        m_ai->setAutoResponses(false);
    m_takenOverAtMs = nowMs();
    m_agentSpeech = {};
    m_agentTurns = 0;
    m_agentPump.start();
    setPhase(CallPhase::AgentConnected);
    m_services.events.publish(event(CallEvent::Kind::AgentTookOver));
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "taken over by a supervisor";
}

void MediaBridge::handBack()
{
    if (m_finished || !m_agentJoined)
        return;
    m_agentPump.stop();
    pumpAgentAudio(); // the last words still on their way
    flushAgentSpeech();
    m_agentJoined = false;
    m_escalated = false;
    if (!m_aiLost.isEmpty()) {
        finish(CallOutcome::OpenAiFailed, QStringLiteral("handed back, but the OpenAI session had closed: ") + m_aiLost);
        return;
    }
    const qint64 seconds = (nowMs() - m_takenOverAtMs + 500) / 1000;
    if (m_ai->isReady()) {
        m_ai->setAutoResponses(true);
        m_ai->send(openai::systemMessage(
            QStringLiteral("A live agent, a person, had this call for %1 s and has now handed it back to you. What was said "
                           "meanwhile is in the conversation above: the caller's words, and the agent's own words as audio in "
                           "messages that say they come from the live agent (%2 of them). Carry on from where the agent left "
                           "off; do not repeat what the agent already covered, and do not ask the caller again for what they "
                           "told the agent.")
                .arg(seconds)
                .arg(m_agentTurns)));
        requestResponse(QStringLiteral("The live agent has just handed the call back to you. Tell the caller briefly that you "
                                       "are back, then carry on helping them from where the agent left off."));
    }
    setPhase(CallPhase::Listening);
    auto ev = event(CallEvent::Kind::HandedBack);
    ev.valueMs = double(nowMs() - m_takenOverAtMs);
    m_services.events.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "handed back to the AI after" << seconds << "s with a supervisor";
}

void MediaBridge::attachTap(std::shared_ptr<audio::CallAudioTap> tap)
{
    if (m_finished) {
        tap->markCallEnded();
        return;
    }
    for (const auto &t : m_taps) {
        if (t == tap)
            return;
    }
    m_taps.push_back(std::move(tap));
}

void MediaBridge::tapCaller(QByteArrayView ulaw)
{
    const int64_t now = audio::CallAudioTap::nowNs();
    for (auto it = m_taps.begin(); it != m_taps.end();) {
        if ((*it)->isClosed()) {
            it = m_taps.erase(it);
            continue;
        }
        (*it)->callerFrame(ulaw, now);
        ++it;
    }
}

void MediaBridge::tapOther(QByteArrayView ulaw, const audio::CallAudioTap *except)
{
    for (const auto &tap : m_taps) {
        if (tap.get() != except)
            tap->otherAudio(ulaw);
    }
}

void MediaBridge::pumpAgentAudio()
{
    // Whichever console speaks: its frames go to the caller as they come (the pump runs every
    // 10 ms; Twilio buffers what it plays).
    char frame[kFrameBytes];
    for (const auto &tap : m_taps) {
        while (tap->takeAgentAudio(reinterpret_cast<uint8_t *>(frame), kFrameBytes) == kFrameBytes) {
            if (!m_agentJoined)
                continue; // handed back: what was left is not sent
            const QByteArrayView ulaw(frame, kFrameBytes);
            agentFrame(ulaw);
            tapOther(ulaw, tap.get()); // other listeners hear the agent; the agent does not hear an echo
        }
    }
}

void MediaBridge::agentFrame(QByteArrayView ulaw)
{
    if (m_twilio && !m_streamSid.isEmpty()) {
        twilio::sendMedia(*m_twilio, m_streamSid, ulaw.toByteArray().toBase64());
        m_services.metrics.mediaFramesToTwilio.add();
    }
    if (m_recording)
        m_recording->assistantAudio(ulaw); // the right channel: the agent, where the AI was
    // The agent's words for the AI's context, a turn at a time.
    AgentSpeech &s = m_agentSpeech;
    const bool loud = audio::ulawRms(ulaw) > kAgentSpeechRms;
    if (!s.active) {
        if (!loud) {
            s.preroll.push_back(ulaw.toByteArray());
            if (s.preroll.size() > kAgentPrerollFrames)
                s.preroll.pop_front();
            return;
        }
        s.active = true;
        s.quietFrames = 0;
        for (const QByteArray &f : s.preroll)
            s.audio += f;
        s.preroll.clear();
    }
    s.audio += ulaw;
    s.quietFrames = loud ? 0 : s.quietFrames + 1;
    if (s.quietFrames >= kAgentTurnEndFrames || s.audio.size() >= kAgentTurnMaxBytes)
        flushAgentSpeech();
}

void MediaBridge::flushAgentSpeech()
{
    AgentSpeech &s = m_agentSpeech;
    if (!s.active)
        return;
    // The quiet tail past 200 ms is not speech.
    const qsizetype tail = qMax(0, s.quietFrames - int(kAgentPrerollFrames)) * kFrameBytes;
    const QByteArray audio = s.audio.left(s.audio.size() - tail);
    s = {};
    const double seconds = double(audio.size()) / 8000.0;
    if (m_ai->isReady())
        m_ai->send(openai::agentSpeechMessage(audio, seconds));
    ++m_agentTurns;
    auto ev = event(CallEvent::Kind::TranscriptFinal);
    ev.speaker = Speaker::Agent;
    ev.itemId = "agent-" + QByteArray::number(nowMs());
    ev.text = QStringLiteral("[%1 s of speech]").arg(seconds, 0, 'f', 1);
    m_services.events.publish(ev);
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
    m_services.events.publish(ev);
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
    m_services.events.publish(ev);
    endIfTwilioDoesNot(m_outcomeAtStop);
}

void MediaBridge::onAgentWaitOver()
{
    if (m_finished || m_agentJoined)
        return;
    const Config &c = m_services.config;
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
        m_services.events.publish(ev);
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
    QTimer::singleShot(kTwilioStopGraceMs + m_services.config.twilioRestTimeoutMs * 3, this, [this, outcome] {
        if (!m_finished)
            end(outcome);
    });
}

} // namespace callgate
