#pragma once
// What people do with a live call: the caller asks for an agent (the AI's escalate_to_agent, or 0
// on the keypad) and the call waits for a supervisor until AGENT_WAIT_SECONDS, then goes to
// LIVE_AGENT_NUMBER — at once when no console watches the gateway, since no one could take it —
// hearing hold audio meanwhile; a supervisor takes it (the AI stops and only listens), speaks through the
// console's tap (each turn of their voice goes into the AI's context), hands it back (the AI is
// told what happened; a session lost meanwhile is opened again first), whispers to the AI, hangs
// up or transfers it. When no AI session can be had, the caller is told and handed on the same way. One per call, on its worker
// thread; it acts on the call only through SupervisedCall, which the call's MediaBridge is.

#include "call/CallEvents.h"
#include "call/CallOutcome.h"
#include "gateway/AgentTurns.h"
#include "gateway/HoldPlayer.h"

#include <QObject>
#include <QTimer>

#include <atomic>

namespace callgate {

class CallEnding;
class CallTaps;
class Metrics;
class PromptLibrary;
struct Config;

// The call as supervision may touch it.
class SupervisedCall {
public:
    virtual ~SupervisedCall() = default;
    virtual QString callSid() const = 0;
    virtual qint64 nowMs() const = 0;
    // Stops the AI where the caller is (Twilio's queue cleared, the item truncated, the response
    // cancelled).
    virtual void stopAssistant() = 0;
    virtual bool aiReady() const = 0;
    virtual void setAiReplies(bool on) = 0;
    // Items for the AI's conversation: sent now, or when its session is back (and to every later
    // session).
    virtual void noteToAi(const QString &text) = 0;
    virtual void agentSpeechToAi(QByteArrayView ulaw, double seconds) = 0;
    // Writes down a supervisor's turn for the transcript (and for an AI that takes no audio): a
    // TranscriptFinal for `itemId`, with the words, or the turn's length if there are none.
    virtual void transcribeAgent(const QByteArray &ulaw, const QByteArray &itemId, double seconds) = 0;
    // A response with these instructions (after the active one, if any); forgetting one asked for.
    virtual void askAi(const QString &instructions) = 0;
    virtual void forgetWantedResponse() = 0;
    // A frame of the supervisor's voice to the caller (and the recording's right channel).
    virtual void agentAudio(QByteArrayView ulaw) = 0;
    // Hold audio: whether the AI is silent with nothing queued; some to the caller; and dropping
    // what the caller has not heard yet.
    virtual bool aiSilent() const = 0;
    virtual void holdAudio(QByteArrayView ulaw) = 0;
    virtual void clearCallerAudio() = 0;
    virtual void setPhase(CallPhase phase) = 0;
    virtual CallEvent callEvent(CallEvent::Kind kind) const = 0;
    virtual void publish(const CallEvent &event) = 0;
    // The AI gave up while a person had the call: a new set of attempts to reach it.
    virtual void reviveAi() = 0;
    virtual void end(CallOutcome outcome) = 0;
};

class CallSupervision : public QObject {
    Q_OBJECT
public:
    CallSupervision(SupervisedCall &call, CallTaps &taps, CallEnding &ending, const Config &config, const PromptLibrary &prompts,
                    Metrics &metrics, const std::atomic<int> &consoles, const QByteArray &holdClip, QObject *parent = nullptr);

    void escalate(const QString &why);
    // A supervisor's commands. Each answers with why it was refused ("taken by Ana"), or an empty
    // string when it was done: one person has a call at a time; while they do, only they may hand
    // it back, hang it up or transfer it. Whispers come from anyone.
    QString agentTookOver(const QString &by = {});
    QString handBack(const QString &by = {});
    QString whisper(const QString &text, const QString &by = {});
    QString hangUp(const QString &by = {});
    QString transfer(const QString &e164, const QString &by = {});
    // Who hung up (empty: no supervisor did), for the call's Ended event.
    const QString &hungUpBy() const { return m_hungUpBy; }
    // No AI session could be had: a person who has the call keeps it (handing back tries again);
    // otherwise the caller is told and handed to LIVE_AGENT_NUMBER, or the call ended politely.
    bool keepsCallWithoutAi(const QString &reason);
    void aiUnavailable(const QString &why);
    // The call ended: timers stop, the waiting count lets go of it, and what a supervisor asks of
    // it from now on is ignored.
    void callEnded();

    bool escalated() const { return m_escalated; } // the AI makes no reply: a person has or will have the call
    bool agentJoined() const { return m_agentJoined; }
    bool isWaitingForAgent() const { return m_escalated && !m_agentJoined; }
    bool isPlayingHold() const { return m_hold.isPlaying(); }

private:
    void onAgentWaitOver();
    // To LIVE_AGENT_NUMBER, or a polite goodbye when none is set (or the call just ends without
    // the Calls API).
    void handOn(const QString &lead = {}, CallOutcome noAgent = CallOutcome::NoAgent);
    // Why someone other than the holder may not act on the call now; empty when they may.
    QString heldByOther(const QString &by) const;
    void pumpAgentAudio();
    void sendAgentTurn(const QByteArray &audio);

    SupervisedCall &m_call;
    CallTaps &m_taps;
    CallEnding &m_ending;
    const Config &m_config;
    const PromptLibrary &m_prompts;
    Metrics &m_metrics;
    const std::atomic<int> &m_consoles;
    bool m_ended = false;
    bool m_escalated = false;
    bool m_agentJoined = false;
    QTimer m_agentWait;
    QTimer m_agentPump; // takes the supervisor's voice from the taps
    HoldPlayer m_hold;  // while the caller waits
    AgentTurns m_turns;
    int m_turnCount = 0;
    qint64 m_takenOverAtMs = 0;
    QString m_hungUpBy;
    QString m_holder; // the supervisor who has the call, while m_agentJoined
    QString m_aiLost; // why the AI session closed while a person had the call
};

} // namespace callgate
