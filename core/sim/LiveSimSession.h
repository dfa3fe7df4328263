#pragma once
// One simulated GPT-Live session (protocols/openai-live.md), the simulator's second face: the
// client's session.start first (strictly checked: unknown fields, formats, history rules; a model
// not offered), session.started with expires_at; caller audio on a timeline, its words as
// session.input_transcript.delta as they are recognised (with start_ms/end_ms); the model's
// speech as session.output_audio.delta at about real time with output transcript deltas and no
// end event; the model stopping by itself when the caller talks over it; *.append acked with
// times (commentary is said aloud, instructions and thinking are not); the gateway's tools through
// a hosted Responses backend (session.delegation.created, response.event envelopes, a completed
// function_call item; the result with response.item.create and response.create); session.close →
// session.closed. It fails as RealtimeSimServer is told (session.closed expired at the time
// limit). Its input side and events are in LiveSimSession.cpp, what the model says in
// LiveSimSpeech.cpp. Where the documents leave a question open (openai-live.md §15) the simulator
// does what they lean to, said where it does: the model sends audio only while it speaks, at about
// real time (q. 3); after session.closed the socket closes 1000 (q. 10); the error codes for audio
// before the start and a model not offered are ours (session_not_started, model_not_found).
// Internal to the simulator.

#include "sim/RealtimeSimSession.h"

namespace callgate::sim {

namespace livesim {
inline QString S(const char *latin1) { return QString::fromLatin1(latin1); }
inline QStringList words(const QString &text) { return text.split(QLatin1Char(' '), Qt::SkipEmptyParts); }
} // namespace livesim

class LiveSimSession : public SimSession {
    Q_OBJECT
public:
    LiveSimSession(RealtimeSimServer &server, std::unique_ptr<net::WsConnection> ws);
    bool isReplying() const override { return m_speech.has_value(); }
    qint64 responseTag() const override;
    void inject(RealtimeFault fault) override;

private:
    void onMessage(QByteArrayView message);
    void handle(const QJsonObject &event, const QString &type, const QJsonValue &eventId);
    QString checkStart(const QJsonObject &session, QString *param) const;
    void start(const QJsonObject &session, const QJsonValue &eventId);
    void sendEvent(QJsonObject event);
    void sendError(const QString &type, const QString &code, const QString &message, const QJsonValue &clientEventId) override
    {
        sendError(type, code, message, clientEventId, QJsonValue::Null);
    }
    void sendError(const QString &type, const QString &code, const QString &message, const QJsonValue &clientEventId,
                   const QJsonValue &param);
    void onAudio(const QByteArray &ulaw);
    // The clip most frames of the caller's speech so far came from (null: none known).
    const Clip *heardClip() const;
    void sendCallerWords(bool all);
    void callerStopped();
    void say(const QString &clipName, const QString &why);
    void streamNext();
    void stopSpeaking(bool interrupted);
    void callFunction(const QString &name);
    void closeSession(const QString &reason, quint16 code);

    QJsonObject m_session; // after session.start
    bool m_started = false;
    bool m_muted = false;
    QTimer m_lifetime;

    // Input: the timeline (ms of audio appended) and a VAD on it.
    qint64 m_timelineMs = 0;
    QByteArray m_pendingFrame;
    qint64 m_loudRunMs = 0;
    qint64 m_silentRunMs = 0;
    bool m_inSpeech = false;
    qint64 m_speechStartMs = 0;
    QHash<QString, int> m_heardClips;
    int m_wordsSent = 0; // of the clip being recognised

    // Output: what the model is saying.
    struct Speech {
        QString clip;
        QByteArray audio;
        QString text;
        qint64 sentBytes = 0;
        int wordsSent = 0;
    };
    std::optional<Speech> m_speech;
    QTimer m_streamTimer;
    bool m_greetingPending = true;
    QString m_afterFunctionClip;
    QSet<QString> m_pendingCalls; // function calls waiting for their output
};

} // namespace callgate::sim
