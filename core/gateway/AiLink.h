#pragma once
// A call's OpenAI session (Realtime or GPT-Live, an AiSession), which outlives any one socket.
// Neither service keeps anything across sessions (protocols/openai-realtime.md §6,
// openai-live.md §11), so when a session closes, errors out (server_error), stops answering pings
// or reaches its time limit, the link opens a new one — at once, then backing off (250 ms
// doubling to 4 s, OPENAI_RECONNECT_ATTEMPTS in all) — configured the same, gives it the
// conversation (ConversationLog: as items once ready, or in GPT-Live's session.start) and then the caller's
// frames that arrived meanwhile (the newest 5 s; older ones are dropped and counted: a caller
// who talked through a long gap is answered on what they said last, not on stale audio). Before
// the 60-minute limit it opens the next session ahead (OPENAI_ROLLOVER_SECONDS), and moves to it
// when the call is at a turn boundary, so the caller hears nothing. 401/403/404 on the handshake
// and the errors that no new session would fix (invalid key, exhausted quota) end the attempts at
// once. One per call, owned by its MediaBridge, on the call's worker thread.

#include "gateway/ConversationLog.h"
#include "openai/LiveClient.h"
#include "openai/RealtimeClient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

namespace callgate {

class Metrics;
struct Config;

class AiLink : public QObject {
    Q_OBJECT
public:
    static constexpr size_t kMaxWaitingFrames = 250; // 5 s of 20 ms caller frames

    struct Settings {
        bool live = false;                      // OPENAI_API=live: GPT-Live, else the Realtime API
        openai::RealtimeClient::Options client; // (its session: the settings both transports share)
        openai::LiveClient::Options liveClient;
        int reconnectAttempts = 5;
        int rolloverSeconds = 120;
        int attemptTimeoutMs = 4000; // connect + session.updated
        // Caller frames per append (AI_AUDIO_FRAMES_PER_APPEND): 2 or more send fewer, larger
        // messages (fewer system calls on both sides) and hold each batch's first frames back.
        int framesPerAppend = 1;
    };
    // The settings' OpenAI part (OPENAI_*), with the session's instructions and the gateway's tools.
    static Settings settingsFor(const Config &config, const QString &instructions);
    // How a session came to be ready.
    struct Ready {
        bool first = true;     // the call's first session
        bool rollover = false; // opened ahead of the time limit: nothing was lost
        qint64 gapMs = 0;      // since the last session was lost (0: first, or a rollover)
        QString lostBecause;
        int framesKept = 0; // caller frames that waited and went to the new session
        int framesDropped = 0;
    };
    struct Hooks {
        std::function<void(const openai::ServerEvent &)> event;    // from the live session
        std::function<void(const openai::AudioDeltaView &)> audio; // response.output_audio.delta
        std::function<void(const Ready &)> ready;
        std::function<void(const QString &why)> dropped; // the live session is gone; a new one is on its way
        std::function<void(const QString &why)> lost;    // no session could be had: attempts ended
        std::function<bool()> atTurnBoundary;            // nobody speaks and no reply is owed
    };

    AiLink(Settings settings, Hooks hooks, Metrics &metrics, const QString &callSid, QObject *parent = nullptr);
    ~AiLink() override;

    void start();
    bool isReady() const;
    // GPT-Live takes no recorded audio into its context: a person's words reach it as text.
    bool takesNoAudio() const { return m_settings.live; }
    // After giving up: try again, with a fresh set of attempts (a supervisor hands a call back).
    void retry();
    // Ends the link for good (the call is over).
    void close();

    // The live session, for what means nothing to the next one (a reply asked for, cancelled, a
    // function's result); null when none is ready.
    openai::AiSession *session() { return isReady() ? m_client.get() : nullptr; }
    // Caller audio (base64 μ-law, as Twilio sent it): to the live session, or kept for the next;
    // with framesPerAppend > 1, once that many frames have come, in one message.
    void appendAudio(QByteArrayView base64);
    // Sends the frames a batch holds now (the stream has stopped).
    void flushAudio();
    // Conversation items that outlive the session: sent now when a session is ready, and given
    // to every later one. The opening (the system prompt beyond the session's instructions) goes
    // first in each.
    void addOpening(const QString &text);
    void addSystemNote(const QString &text);
    void addAgentSpeech(QByteArrayView ulaw, double seconds);
    // The caller cut the assistant's item at heardMs of generatedMs: truncated in the session
    // (where the transport has that), and only what was heard is replayed.
    void truncate(QByteArrayView itemId, qint64 heardMs, qint64 generatedMs);
    // The session went in the middle of this item: it is replayed as cut off.
    void cutOff(QByteArrayView itemId) { m_log.assistantCut(itemId, 1.0); }
    void setAutoResponses(bool on);

private:
    enum class Opening { First, Reconnect, Rollover };
    std::unique_ptr<openai::AiSession> openSession(Opening why);
    void retire(std::unique_ptr<openai::AiSession> client);
    void onEvent(openai::AiSession *from, const openai::ServerEvent &e);
    void onReady(openai::AiSession *from);
    void onClosed(openai::AiSession *from, const QString &reason);
    void record(const openai::ServerEvent &e);
    // The live session is gone (why): the standby takes over, or the next attempt is scheduled.
    void lose(const QString &why);
    void scheduleAttempt();
    void giveUp(const QString &why);
    // The session in m_client is ready: the conversation replayed, waiting frames sent.
    void activate(bool rollover);
    void scheduleRollover();
    void trySwap();
    void sendAppend(QByteArrayView base64); // one append message's audio
    int framesPerMessage() const { return qMax(1, m_settings.framesPerAppend); }

    Settings m_settings;
    Hooks m_hooks;
    Metrics &m_metrics;
    const QString m_callSid;
    ConversationLog m_log;
    std::unique_ptr<openai::AiSession> m_client;              // the live session, or the one being opened
    std::unique_ptr<openai::AiSession> m_standby;             // the next, opened ahead of the time limit
    QHash<const openai::AiSession *, quint64> m_historyMarks; // the log when a session took its history at start
    std::deque<QByteArray> m_waiting;                         // appends while no session is ready
    QByteArray m_batch;                                       // μ-law of frames not yet appended
    int m_batchFrames = 0;
    int m_framesDropped = 0; // … dropped in this gap
    QElapsedTimer m_gap;     // since the live session was lost
    QElapsedTimer m_liveSince;
    QString m_lostBecause;
    int m_attempts = 0; // opened in this run of failures
    bool m_everReady = false;
    bool m_live = false; // m_client is ready and primed
    bool m_givenUp = false;
    bool m_closed = false;
    QTimer m_retry;    // the next attempt
    QTimer m_deadline; // an attempt that is not ready in time
    QTimer m_rollover; // time to open the standby
    QTimer m_swap;     // the standby is ready: waiting for a turn boundary
};

} // namespace callgate
