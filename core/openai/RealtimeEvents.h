#pragma once
// OpenAI Realtime (GA) events over WebSocket (protocols/openai-realtime.md): the server events the
// bridge acts on, parsed once into a value type, and the client events we send. Audio deltas keep
// their base64 text as received so they can go to Twilio without decoding.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace callgate::openai {

struct ServerEvent {
    enum class Type {
        SessionCreated,
        SessionUpdated,
        Error,
        SpeechStarted,
        SpeechStopped,
        BufferCommitted,
        InputTranscriptDelta,
        InputTranscriptCompleted,
        InputTranscriptFailed,
        ResponseCreated,
        AudioDelta,
        AudioDone,
        AudioTranscriptDelta,
        AudioTranscriptDone,
        FunctionCallArgumentsDone,
        ResponseDone,
        ItemTruncated,
        Other, // valid but not acted on (rate_limits.updated, conversation.item.added, …)
        Malformed
    };
    Type type = Type::Malformed;
    QByteArray typeName;
    QByteArray responseId;
    QByteArray itemId;
    QByteArray delta;  // audio (base64) or text (UTF-8) delta
    QString text;      // transcript / arguments / error message
    QByteArray callId; // function call
    QString functionName;
    qint64 audioStartMs = -1;
    qint64 audioEndMs = -1;
    QByteArray status;    // response.done: completed | cancelled | failed | incomplete
    QByteArray errorType; // invalid_request_error, server_error, …
    QByteArray errorCode;
    QByteArray errorEventId;
    qint64 expiresAt = 0; // session.created
    // How long ago it happened, for an event known only after the fact (0: now). GPT-Live says
    // when the caller stopped talking only when the AI answers (see LiveClient).
    qint64 sinceMs = 0;
};

ServerEvent parseServerEvent(QByteArrayView json);

// The hot path: response.output_audio.delta read without allocating (views into `json`). Returns
// false for any other event (parse those with parseServerEvent).
struct AudioDeltaView {
    QByteArrayView responseId;
    QByteArrayView itemId;
    QByteArrayView delta; // base64 audio
};
// GPT-Live's audio (`session.output_audio.delta`, only a delta) is read the same way.
bool parseAudioDeltaFast(QByteArrayView json, AudioDeltaView &out, QByteArrayView eventType = "response.output_audio.delta");

struct SessionSettings {
    QString model;
    QString voice;
    QString instructions;
    QString reasoningEffort = QStringLiteral("low"); // sent to reasoning models only (isReasoningModel)
    QString transcriptionModel = QStringLiteral("gpt-transcribe");
    QString language; // ISO-639-1, empty = auto (sent as `languages` to gpt-transcribe and later)
    double vadThreshold = 0.5;
    int silenceDurationMs = 500;
    int prefixPaddingMs = 300;
    QList<QJsonObject> tools;  // {type:function, name, description, parameters}
    bool autoResponses = true; // the AI answers each turn by itself (off while a person has the call)
};

QByteArray sessionUpdate(const SessionSettings &s);
// Turns the AI's own replies off (a person has the call: the caller's words are still heard and
// transcribed, nothing is said) or back on, leaving the rest of the session as it is.
QByteArray autoResponseUpdate(const SessionSettings &s, bool respond);
// What a live agent said to the caller, as audio (μ-law, the session's input format) in a user
// message that says who spoke, so the AI has the agent's words when the call comes back to it.
QByteArray agentSpeechMessage(QByteArrayView ulaw, double seconds);
QByteArray responseCreate(const QString &instructions = {});
QByteArray responseCancel(QByteArrayView responseId = {});
QByteArray itemTruncate(QByteArrayView itemId, qint64 audioEndMs);
QByteArray systemMessage(const QString &text);
QByteArray userTextMessage(const QString &text);
QByteArray assistantTextMessage(const QString &text);
QByteArray functionCallOutput(QByteArrayView callId, const QJsonObject &output);

// The tools the gateway offers the model.
QList<QJsonObject> gatewayTools();

} // namespace callgate::openai
