#pragma once
// One simulated session (see RealtimeSim.h). SimSession is what the server asks of either face;
// RealtimeSimSession is a Realtime one: its input side and events in RealtimeSimSession.cpp, its
// responses in RealtimeSimResponse.cpp (GPT-Live's: LiveSimSession). Internal to the simulator.

#include "sim/RealtimeSim.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTimer>

#include <optional>

namespace callgate::sim {

struct Clip;

class SimSession : public QObject {
public:
    SimSession(RealtimeSimServer &server, std::unique_ptr<net::WsConnection> ws);
    bool isOpen() const;
    bool isStalled() const { return m_stalled; }
    qint64 callerTag() const { return m_callerTag; } // the FrameTag stream of the caller's frames, or -1
    virtual bool isReplying() const = 0;
    virtual qint64 responseTag() const = 0; // the FrameTag stream of the reply's audio, or -1
    virtual void inject(RealtimeFault fault) = 0;
    // The clip most of the 20 ms frames of `ulaw` come from: its words, or "(inaudible)".
    static QString recognise(const QByteArray &ulaw);

protected:
    // A client's text frame as both services take it: not UTF-8 fails the connection (1007, as
    // RFC 6455 §8.1 says), not a JSON object gets an invalid_json error (sendError); else the
    // event, its type recorded.
    std::optional<QJsonObject> readClientEvent(QByteArrayView message);
    virtual void sendError(const QString &type, const QString &code, const QString &message, const QJsonValue &eventId) = 0;
    // Caller audio as both count it: the record, the benchmark's hook, the caller's frame tag.
    void countAppend(const QByteArray &audio);
    // An id unique in the simulator, e.g. "item_" + this session + a counter.
    QByteArray newId(const char *prefix);
    // The FrameTag stream of tagged audio, or -1.
    static qint64 streamOf(const QByteArray &audio);

    RealtimeSimServer &m_server;
    std::unique_ptr<net::WsConnection> m_ws;
    qint64 m_callerTag = -1;
    bool m_stalled = false;

private:
    quint64 m_ids = 0;
};

class RealtimeSimSession : public SimSession {
    Q_OBJECT
public:
    RealtimeSimSession(RealtimeSimServer &server, std::unique_ptr<net::WsConnection> ws, const QString &model);
    bool isReplying() const override { return m_response.has_value(); }
    qint64 responseTag() const override;
    void inject(RealtimeFault fault) override;

private:
    void onMessage(QByteArrayView message);
    void handle(const QJsonObject &event);
    void sendEvent(QJsonObject event);
    void sendError(const QString &type, const QString &code, const QString &message, const QJsonValue &eventId) override;
    void onAppend(const QByteArray &ulaw);
    void speechStopped();
    void startResponse(const RealtimeSimOptions::Reply &reply, const QString &instructions);
    void streamNextDelta();
    void finishResponse(const QString &status, const QString &reason);
    void failResponse(const QString &code, const QString &message); // response.done failed
    // What the session's input format makes of appended bytes, as μ-law at 8 kHz for the VAD and
    // the recogniser: μ-law as it is; PCM16 at 24 kHz (the default before session.update) is
    // decimated — μ-law bytes taken for PCM are noise, as they are to the real service.
    QByteArray asHeard(const QByteArray &bytes) const;

    QJsonObject m_session;

    // Input side: the audio timeline and VAD.
    qint64 m_appendedMs = 0;
    qint64 m_loudRunMs = 0;
    qint64 m_silentRunMs = 0;
    bool m_inSpeech = false;
    QByteArray m_speechItem;
    QByteArray m_lastItem;
    QByteArray m_pendingFrame;        // bytes not yet making a whole 20 ms window
    QHash<QString, int> m_heardClips; // votes by frame, for the current speech
    int m_userTurns = 0;

    // Output side: the response being streamed.
    struct Response {
        QByteArray id;
        QByteArray itemId;
        QByteArray audio;
        QString text;
        QString function;
        qint64 sentBytes = 0;
        int wordsSent = 0;
    };
    std::optional<Response> m_response;
    QHash<QByteArray, qint64> m_generatedMs; // assistant item → audio generated
    QTimer m_streamTimer;
    bool m_greetingPending = true;
    QString m_afterFunctionClip;
    QByteArray m_lastResponseAudio;  // the start of the last finished response's audio
    bool m_failNextResponse = false; // RateLimited
    QTimer m_lifetime;
    // Caller transcripts held until the reply to their turn is done (lateTranscriptMs).
    QList<QJsonObject> m_heldTranscripts;
};

} // namespace callgate::sim
