#pragma once
// One call: the Twilio media stream on one side, an OpenAI Realtime session on the other, on the
// worker thread that accepted the stream. Caller frames go out as input_audio_buffer.append as
// they arrive; assistant audio goes to Twilio as it arrives, with marks that tell how much the
// caller has heard, so a barge-in clears Twilio's queue and truncates the assistant's item exactly
// there. Publishes transcripts, phases and latency as CallEvents. Ends exactly once.
//
// The bridge is the relay and barge-in; the rest of the call is in parts it owns, each given only
// what it uses: the AI's responses (ResponseTracker), the consoles' taps (CallTaps), the call's end
// through Twilio (CallEnding), and what people do with it — escalation, takeover, whisper
// (CallSupervision, which acts on the call through SupervisedCall).

#include "call/CallEvents.h"
#include "gateway/AiLink.h"
#include "gateway/CallServices.h"
#include "gateway/CallSupervision.h"
#include "gateway/CallTaps.h"
#include "gateway/PlaybackTracker.h"
#include "gateway/ResponseTracker.h"
#include "gateway/SessionRegistry.h"
#include "util/LogThrottle.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace callgate {

class CallEnding;
class CallRecording;
namespace audio {
class CallAudioTap;
}
namespace net {
class WsConnection;
}
namespace openai {
class Transcriber;
}
namespace twilio {
struct StreamEvent;
class RestClient;
} // namespace twilio

class MediaBridge : public QObject, private SupervisedCall {
    Q_OBJECT
public:
    // rest: this worker's Twilio REST client (hang-up and transfer through the Calls API); when it
    // has no credentials the bridge ends calls by closing the stream instead. transcriber: this
    // worker's speech-to-text for a supervisor's turns (none: a turn is kept as its length).
    MediaBridge(const CallServices &services, SessionInfo session, std::unique_ptr<net::WsConnection> twilio,
                twilio::RestClient *rest = nullptr, openai::Transcriber *transcriber = nullptr);
    ~MediaBridge() override;

    const SessionInfo &session() const { return m_session; }
    // Ends the call from our side (shutdown, or a tool asked to hang up).
    void end(CallOutcome outcome) override;
    // What people do with the call: escalation, takeover, hand-back, whisper, hang-up, transfer
    // (each does nothing once the call has ended).
    CallSupervision &supervision() { return m_supervision; }
    // A console listens (the caller's frames and what the caller hears go to the tap) and, during a
    // takeover, speaks (the tap's microphone frames go to the caller). Dropped when either side
    // closes it.
    void attachTap(std::shared_ptr<audio::CallAudioTap> tap);

Q_SIGNALS:
    void finished(MediaBridge *self);

private:
    void onTwilioMessage(QByteArrayView message);
    void onTwilioStart(const twilio::StreamEvent &e);
    void onTwilioMedia(QByteArrayView payload);
    void onTwilioMark(QByteArrayView name);
    void onAiEvent(const openai::ServerEvent &e);
    void onAiReady(const AiLink::Ready &r);
    // The AI's session went (a new one is on its way) / none can be had.
    void onAiDropped(const QString &why);
    void onAiBack(const AiLink::Ready &r);
    void onAiLost(const QString &why);
    bool atTurnBoundary() const;
    void retryAfterRateLimit(const QString &why);
    void greetWhenBothSidesAreReady();
    void onAiAudio(const openai::AudioDeltaView &d);
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
    void hangUpWhenHeard();
    void sendToTwilio(const QByteArray &message);
    // μ-law of our own (the agent's voice, hold audio) to the caller, as base64 media.
    void sendAudioToCaller(QByteArrayView ulaw);
    void sendMark(bool force);
    void finish(CallOutcome outcome, const QString &why);

    // SupervisedCall
    QString callSid() const override { return m_session.callSid; }
    qint64 nowMs() const override { return m_clock.elapsed(); }
    void stopAssistant() override { interruptAssistant(); }
    bool aiReady() const override;
    void setAiReplies(bool on) override;
    void noteToAi(const QString &text) override;
    void agentSpeechToAi(QByteArrayView ulaw, double seconds) override;
    void transcribeAgent(const QByteArray &ulaw, const QByteArray &itemId, double seconds) override;
    void askAi(const QString &instructions) override;
    void forgetWantedResponse() override { m_responses.forgetWanted(); }
    void agentAudio(QByteArrayView ulaw) override;
    bool aiSilent() const override;
    void holdAudio(QByteArrayView ulaw) override;
    void clearCallerAudio() override;
    void setPhase(CallPhase phase) override;
    CallEvent callEvent(CallEvent::Kind kind) const override;
    void publish(const CallEvent &event) override;
    void reviveAi() override;

    // How far the call has come.
    struct Progress {
        bool started = false;  // Twilio's start (the streamSid) arrived
        bool stopSeen = false; // … and its stop
        bool greeted = false;
        bool finished = false;
        qint64 speechStoppedNs = -1; // for the turn latency
        bool replyOwed = false;      // the AI's session went mid-reply, or before it answered the caller
        int rateLimited = 0;         // replies refused for a rate limit in a row
    };

    const CallServices m_services;
    SessionInfo m_session;
    std::unique_ptr<net::WsConnection> m_twilio;
    std::unique_ptr<AiLink> m_ai;
    QElapsedTimer m_clock;
    PlaybackTracker m_playback;
    QByteArray m_streamSid;
    CallPhase m_phase = CallPhase::Connecting;
    Progress m_progress;
    ResponseTracker m_responses;
    CallTaps m_taps;
    std::unique_ptr<CallRecording> m_recording; // when RECORD_CALLS is on and the caller consented
    std::unique_ptr<CallEnding> m_ending;
    CallSupervision m_supervision;
    QTimer m_cueDelay;      // the AI has been gone RECONNECT_CUE_AFTER_MS: the cue starts
    HoldPlayer m_gapCue;    // what the caller hears meanwhile
    LogThrottle m_warnings; // bad messages from either peer: a few lines, then a count
    openai::Transcriber *m_transcriber = nullptr;
};

} // namespace callgate
