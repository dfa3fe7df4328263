#pragma once
// One GPT-Live session over our WebSocket (OPENAI_API=live, protocols/openai-live.md): connects to
// OPENAI_LIVE_URL with the key as a bearer token, sends session.start first (model, voice prompt,
// the conversation so far as `input`, audio/pcmu at 8 kHz both ways, the gateway's tools on a
// hosted Responses backend) and is ready at session.started. Twilio's μ-law passes through both
// ways untouched.
//
// GPT-Live has no responses, items, turn events, truncate or cancel: the model decides itself
// when to speak and yields when the caller talks over it. So that the bridge keeps one vocabulary,
// the client makes the Realtime events it acts on from what Live sends:
// - a *reply* is a run of output audio: it opens at the first delta (response.created), or when
//   the bridge asks for one, and ends when the audio stops for kReplyEndMs (output_audio.done,
//   transcript done, response.done). A reply asked for that brings no audio ends after kNoAnswerMs.
// - a *caller turn* is a run of input transcript deltas. It ends when a reply starts or the
//   deltas stop for kCallerTurnEndMs, and says then how long ago the caller stopped (the deltas'
//   end_ms against the audio sent so far), for the turn latency.
// - *the caller talks over the AI* (speech_started) when the AI's audio stops for kYieldMs while
//   the caller's words keep coming — the model yielded to them. Words while it keeps talking are
//   a backchannel or an overlap it chose to talk through, and an AI that finishes long after the
//   caller's last word just finished: nothing of ours is cut then.
// While the AI's replies are off (a person has the call) it is told to stay silent, and any audio
// it makes unasked is dropped here; it still hears the caller. Lives on the call's worker thread.

#include "net/WsConnection.h"
#include "openai/AiSession.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

#include <memory>
#include <optional>

namespace callgate::openai {

class LiveClient : public AiSession {
    Q_OBJECT
public:
    static constexpr int kReplyEndMs = 500;            // output silent this long: the reply is over
    static constexpr int kNoAnswerMs = 5000;           // a reply asked for that never came
    static constexpr int kCallerTurnEndMs = 1200;      // no caller words this long: their turn is over
    static constexpr int kYieldMs = 250;               // output stopped this long under caller words: a barge-in
    static constexpr qsizetype kMaxAppendChars = 1800; // the *.append events take ≤500 tokens

    struct Options {
        QUrl url;
        QString apiKey;
        QString model;        // gpt-live-1.1, …
        QString voice;        // marin, …
        QString instructions; // the voice prompt (immutable for the session)
        QString backendModel; // the hosted Responses model that runs the tools
        QString reasoningEffort = QStringLiteral("low");
        QList<QJsonObject> tools; // {type:function, name, description, parameters}
        bool autoResponses = true;
        int pingIntervalMs = 2000;
    };
    explicit LiveClient(Options options, QObject *parent = nullptr);
    ~LiveClient() override;

    void connectToService() override;
    bool isReady() const override { return m_ready; }
    bool overflowed() const override;
    int refusedStatus() const override;
    qint64 expiresAt() const override { return m_expiresAt; }
    // session.close, then the socket once session.closed comes (at most 2 s later).
    void close() override;

    // session.start's `input`: ≤128 messages, ≤8,192 tokens.
    bool historyAtStart() const override { return true; }
    HistoryBudget historyBudget() const override { return {24000, 120, 0}; }
    void giveHistory(const QList<HistoryItem> &items) override { m_history = items; }

    void appendAudio(QByteArrayView base64) override;
    void setAutoResponses(bool on) override;
    // session.commentary.append (what the model should say aloud, in its words); empty: the model
    // speaks when it will (after a function result, the backend's answer).
    void askReply(const QString &instructions) override;
    // No cancel or truncate in GPT-Live: the model stopped by itself (that is how the barge-in was
    // seen); the reply ends here, and later audio is a new one.
    void cancelReply(QByteArrayView responseId) override;
    void truncate(QByteArrayView, qint64) override {}
    void note(const QString &text) override;                        // session.instructions.append
    void agentSpeech(QByteArrayView ulaw, double seconds) override; // session.thinking.append
    void functionResult(QByteArrayView callId, const QJsonObject &output) override;

    // The session.start event these options give (tests).
    static QByteArray sessionStart(const Options &o, const QList<HistoryItem> &history);

private:
    struct Reply {
        QByteArray responseId;
        QByteArray itemId;
        bool asked = false;  // askReply opened it
        bool output = false; // a delta came (heard or not)
        bool audio = false;  // audio came that the caller hears
        bool muted = false;  // unasked while replies are off: dropped
        QString text;
    };
    void onMessage(QByteArrayView message);
    void onOutputAudio(const AudioDeltaView &d);
    void onEventObject(const QJsonObject &o, const QByteArray &type);
    void onInputWords(const QString &delta, qint64 endMs);
    void onOutputWords(const QString &delta);
    void onBackendEvent(const QJsonObject &inner);
    Reply &openReply(bool asked);
    void endReply(const QByteArray &status);
    void maybeCallerSpeech();
    void endCallerTurn();
    void sendAppend(const char *type, const QString &content);
    void emitEvent(const ServerEvent &e);
    QByteArray newId(const char *prefix);

    Options m_options;
    std::unique_ptr<net::WsConnection> m_ws;
    QList<HistoryItem> m_history;
    bool m_ready = false;
    bool m_closedReported = false;
    qint64 m_expiresAt = 0;
    qint64 m_appendedBytes = 0; // the session's timeline: μ-law sent, 8 bytes a millisecond

    std::optional<Reply> m_reply;
    QElapsedTimer m_lastOutput;
    QTimer m_replyEnd;

    QByteArray m_callerItem; // the caller's turn in progress
    QString m_callerText;
    qint64 m_callerEndMs = -1;
    bool m_callerSpeechSaid = false; // speech_started made for this turn
    QElapsedTimer m_lastCallerWords;
    QTimer m_callerEnd;
    QTimer m_yield;
    QSet<QByteArray> m_calls; // function calls claimed (a call is run once)
};

} // namespace callgate::openai
