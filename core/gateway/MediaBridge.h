#pragma once
// One call: the Twilio media stream on one side, an OpenAI Realtime session on the other, on the
// worker thread that accepted the stream. Caller frames go out as input_audio_buffer.append as
// they arrive; assistant audio goes to Twilio as it arrives, with marks that tell how much the
// caller has heard, so a barge-in clears Twilio's queue and truncates the assistant's item exactly
// there. Publishes transcripts, phases and latency as CallEvents. Ends exactly once.
// MediaBridge.cpp relays the media; MediaBridgeSupervision.cpp holds what people do with the call
// (escalation, takeover, whisper, hang-up and transfer through the Calls API).

#include "call/CallEvents.h"
#include "gateway/CallServices.h"
#include "gateway/Metrics.h"
#include "gateway/PlaybackTracker.h"
#include "gateway/SessionRegistry.h"
#include "util/LogThrottle.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace callgate {

class CallControl;
class CallRecording;
namespace audio {
class CallAudioTap;
}
namespace net {
class WsConnection;
}
namespace openai {
class RealtimeClient;
struct ServerEvent;
struct AudioDeltaView;
} // namespace openai
namespace twilio {
struct StreamEvent;
class RestClient;
} // namespace twilio

class MediaBridge : public QObject {
    Q_OBJECT
public:
    // rest: this worker's Twilio REST client (hang-up and transfer through the Calls API); when it
    // has no credentials the bridge ends calls by closing the stream instead.
    MediaBridge(const CallServices &services, SessionInfo session, std::unique_ptr<net::WsConnection> twilio,
                twilio::RestClient *rest = nullptr);
    ~MediaBridge() override;

    const SessionInfo &session() const { return m_session; }
    // Ends the call from our side (shutdown, or a tool asked to hang up).
    void end(CallOutcome outcome);
    // The call asks for a live agent (the AI's escalate_to_agent, or the caller pressed 0): the
    // live-agent message plays, the AI stops listening, and unless a supervisor takes the call
    // within AGENT_WAIT_SECONDS it is transferred to LIVE_AGENT_NUMBER (or politely ended).
    void escalate(const QString &why);
    // A supervisor took the call: no transfer; the AI stops at once (its audio cleared, its
    // response cancelled) and makes no more replies, but still hears and transcribes the caller, so
    // it keeps the context. The supervisor's voice comes through a tap (attachTap).
    void agentTookOver();
    // The supervisor gives the call back: the AI replies again, told what happened meanwhile (the
    // caller's words are in its conversation already, the agent's went in as they were spoken).
    void handBack();
    // A console listens (the caller's frames and what the caller hears go to the tap) and, during a
    // takeover, speaks (the tap's microphone frames go to the caller). Dropped when either side
    // closes it.
    void attachTap(std::shared_ptr<audio::CallAudioTap> tap);
    // A supervisor's instruction to the AI, as a system message the caller never hears; it shows
    // in the transcript as a whisper. Ignored (false) before the AI session is ready.
    bool whisper(const QString &text);
    // A supervisor's buttons, through the Calls API: end the call, or hand it to a number.
    void supervisorHangUp();
    void supervisorTransfer(const QString &e164);
    bool isWaitingForAgent() const { return m_escalated && !m_agentJoined; }

Q_SIGNALS:
    void finished(MediaBridge *self);

private:
    void onTwilioMessage(QByteArrayView message);
    void onTwilioStart(const twilio::StreamEvent &e);
    void onTwilioMedia(QByteArrayView payload);
    void onTwilioMark(QByteArrayView name);
    void onAiEvent(const openai::ServerEvent &e);
    void onAiReady();
    void greetWhenBothSidesAreReady();
    void onAiAudio(const openai::AudioDeltaView &d);
    bool isCancelled(QByteArrayView responseId) const;
    void onSpeechStarted();
    void onFunctionCall(const openai::ServerEvent &e);
    // Stops the assistant where the caller is: Twilio's queue cleared and the item truncated at
    // what was heard, the response cancelled if it still generates. Says what it did.
    struct Interruption {
        QByteArray item;
        qint64 heardMs = 0;
        bool audioCleared = false;
        bool responseCancelled = false;
    };
    Interruption interruptAssistant();
    void onAgentWaitOver();
    void pumpAgentAudio();
    void agentFrame(QByteArrayView ulaw);
    void flushAgentSpeech();
    void tapCaller(QByteArrayView ulaw);
    void tapOther(QByteArrayView ulaw, const audio::CallAudioTap *except = nullptr);
    void hangUpThroughTwilio();
    void endIfTwilioDoesNot(CallOutcome outcome);
    QString instructions() const;
    void requestResponse(const QString &instructions = {});
    void sendToTwilio(const QByteArray &message);
    void sendMark(bool force);
    void setPhase(CallPhase phase);
    CallEvent event(CallEvent::Kind kind) const;
    void finish(CallOutcome outcome, const QString &why);
    qint64 nowMs() const { return m_clock.elapsed(); }

    const CallServices m_services;
    SessionInfo m_session;
    std::unique_ptr<net::WsConnection> m_twilio;
    std::unique_ptr<openai::RealtimeClient> m_ai;
    QElapsedTimer m_clock;
    PlaybackTracker m_playback;

    QByteArray m_streamSid;
    CallPhase m_phase = CallPhase::Connecting;
    bool m_started = false;
    bool m_stopSeen = false;
    bool m_finished = false;
    bool m_greeted = false;
    std::deque<QByteArray> m_earlyFrames; // caller audio before the AI session is ready

    QByteArray m_activeResponse;    // between response.created and response.done
    bool m_activeAudioDone = false; // its audio has all arrived
    bool m_responseWanted = false;  // a response.create waits for the active one to finish
    QString m_wantedInstructions;
    std::vector<QByteArray> m_cancelledResponses;
    qint64 m_speechStoppedNs = -1;   // for the turn latency
    bool m_endAfterPlayback = false; // end_call: hang up once the goodbye has been heard
    bool m_hangUpRequested = false;

    std::unique_ptr<CallControl> m_control;
    std::unique_ptr<CallRecording> m_recording; // when RECORD_CALLS is on and the caller consented
    QStringList m_extraInstructions;            // system prompt beyond what fits the instructions
    bool m_escalated = false;
    bool m_agentJoined = false;
    QTimer m_agentWait;
    std::vector<std::shared_ptr<audio::CallAudioTap>> m_taps;
    QTimer m_agentPump; // takes the supervisor's voice from the taps
    // The supervisor's speech, cut into turns for the AI's context (see agentSpeechMessage).
    struct AgentSpeech {
        std::deque<QByteArray> preroll; // the quiet just before speech starts
        QByteArray audio;
        int quietFrames = 0;
        bool active = false;
    } m_agentSpeech;
    qint64 m_takenOverAtMs = 0;
    QString m_aiLost; // why the AI session closed while a person had the call
    int m_agentTurns = 0;
    LogThrottle m_warnings;                               // bad messages from either peer: a few lines, then a count
    CallOutcome m_outcomeAtStop = CallOutcome::Completed; // what Twilio's stop means (transfer, …)
};

} // namespace callgate
