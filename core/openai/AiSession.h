#pragma once
// One session with OpenAI's voice AI, whichever API carries it (OPENAI_API): the Realtime API
// (RealtimeClient) or GPT-Live (LiveClient). The bridge speaks to this and reads the Realtime
// event vocabulary (ServerEvent); a transport that has no such event makes it from what it has
// (see LiveClient). Lives on the call's worker thread.

#include "openai/RealtimeEvents.h"

#include <QObject>

#include <functional>

namespace callgate::openai {

// A piece of the conversation so far, for a new session (ConversationLog::replay).
struct HistoryItem {
    enum class Role {
        System,    // the application's own instructions and notes
        User,      // the caller, as text
        Assistant, // the AI's reply as heard (cut: the caller interrupted it there)
        Agent,     // a live agent's turn: its audio (μ-law) while it is kept, else only its length
    };
    Role role = Role::System;
    QString text;
    QByteArray audio;
    double seconds = 0;
    bool cut = false;
};

// How much history a session takes.
struct HistoryBudget {
    qsizetype chars = 60000;
    qsizetype items = 2000;
    qsizetype agentAudioBytes = 8000 * 120; // two minutes of μ-law
};

class AiSession : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void connectToService() = 0;
    virtual bool isReady() const = 0;
    // True when the connection was dropped because the service stopped reading what we sent.
    virtual bool overflowed() const = 0;
    // The HTTP status of a refused handshake (401, 403, 429, …), else 0.
    virtual int refusedStatus() const = 0;
    // When the service ends this session (Unix seconds); 0 unknown.
    virtual qint64 expiresAt() const = 0;
    // Closes the session; nothing is reported back after this.
    virtual void close() = 0;

    // The conversation so far. True: it is given before connectToService and goes in the
    // session's start (GPT-Live); false: it is given once the session is ready (Realtime).
    virtual bool historyAtStart() const = 0;
    virtual HistoryBudget historyBudget() const = 0;
    virtual void giveHistory(const QList<HistoryItem> &items) = 0;

    // Caller audio: base64 μ-law as Twilio sent it (JSON-safe), passed on without decoding.
    virtual void appendAudio(QByteArrayView base64) = 0;
    // The AI's own replies on (it answers the caller) or off (a person has the call: it goes on
    // hearing the caller, and says nothing unless asked with askReply). Also how a session opened
    // later starts.
    virtual void setAutoResponses(bool on) = 0;
    // The AI should speak now, following these instructions (empty: as it sees fit).
    virtual void askReply(const QString &instructions) = 0;
    // The caller talks over this reply: stop generating it.
    virtual void cancelReply(QByteArrayView responseId) = 0;
    // The caller heard only heardMs of this item of the AI's.
    virtual void truncate(QByteArrayView itemId, qint64 heardMs) = 0;
    // An instruction or note from the application (a whisper, what happened meanwhile).
    virtual void note(const QString &text) = 0;
    // What a live agent said to the caller.
    virtual void agentSpeech(QByteArrayView ulaw, double seconds) = 0;
    // The result of a function the AI called (ServerEvent FunctionCallArgumentsDone).
    virtual void functionResult(QByteArrayView callId, const QJsonObject &output) = 0;

    std::function<void(const ServerEvent &)> onEvent;         // every other event, parsed
    std::function<void(const AudioDeltaView &)> onAudioDelta; // the AI's audio, base64 μ-law
    std::function<void()> onReady;                            // configured: audio may flow
    std::function<void(const QString &reason)> onClosed;
};

} // namespace callgate::openai
