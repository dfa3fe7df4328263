#include "openai/RealtimeEvents.h"

#include "openai/ModelStatus.h"
#include "util/Base64.h"
#include "util/JsonScan.h"
#include "util/Numbers.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace callgate::openai {
namespace {

using T = ServerEvent::Type;

const QHash<QByteArray, T> &typeTable()
{
    static const QHash<QByteArray, T> table{
        {"session.created", T::SessionCreated},
        {"session.updated", T::SessionUpdated},
        {"error", T::Error},
        {"input_audio_buffer.speech_started", T::SpeechStarted},
        {"input_audio_buffer.speech_stopped", T::SpeechStopped},
        {"input_audio_buffer.committed", T::BufferCommitted},
        {"conversation.item.input_audio_transcription.delta", T::InputTranscriptDelta},
        {"conversation.item.input_audio_transcription.completed", T::InputTranscriptCompleted},
        {"conversation.item.input_audio_transcription.failed", T::InputTranscriptFailed},
        {"response.created", T::ResponseCreated},
        {"response.output_audio.delta", T::AudioDelta},
        {"response.output_audio.done", T::AudioDone},
        {"response.output_audio_transcript.delta", T::AudioTranscriptDelta},
        {"response.output_audio_transcript.done", T::AudioTranscriptDone},
        {"response.function_call_arguments.done", T::FunctionCallArgumentsDone},
        {"response.done", T::ResponseDone},
        {"conversation.item.truncated", T::ItemTruncated},
    };
    return table;
}

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QByteArray latin1(const QJsonValue &v) { return v.toString().toUtf8(); }

} // namespace

bool parseAudioDeltaFast(QByteArrayView json, AudioDeltaView &out, QByteArrayView eventType)
{
    // Cheap refusal of everything that is not an audio delta before walking it.
    if (!json.contains(eventType))
        return false;
    QByteArrayView type;
    bool clean = true;
    const bool wellFormed = json::scanObject(json, [&](const json::Member &m) {
        if (!m.parent.isEmpty())
            return;
        if (m.key == "type")
            type = m.value;
        else if (m.key == "response_id")
            out.responseId = m.value;
        else if (m.key == "item_id")
            out.itemId = m.value;
        else if (m.key == "delta")
            out.delta = m.value;
        else
            return;
        clean = clean && !m.escaped && m.type == json::Member::Type::String;
    });
    // The delta goes to Twilio as it came: only base64 may pass (raw bytes would break its stream).
    return wellFormed && clean && type == eventType && isBase64Payload(out.delta);
}

ServerEvent parseServerEvent(QByteArrayView json)
{
    ServerEvent e;
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        e.text = err.error != QJsonParseError::NoError ? err.errorString() : QStringLiteral("not a JSON object");
        return e;
    }
    const QJsonObject o = doc.object();
    e.typeName = latin1(o.value(QLatin1String("type")));
    if (e.typeName.isEmpty()) {
        e.text = QStringLiteral("event without a type");
        return e;
    }
    e.type = typeTable().value(e.typeName, T::Other);
    e.responseId = latin1(o.value(QLatin1String("response_id")));
    e.itemId = latin1(o.value(QLatin1String("item_id")));
    switch (e.type) {
    case T::SessionCreated:
    case T::SessionUpdated:
        e.expiresAt = wholeNumber(o.value(QLatin1String("session")).toObject().value(QLatin1String("expires_at")).toDouble(), 0);
        break;
    case T::Error: {
        const QJsonObject er = o.value(QLatin1String("error")).toObject();
        e.text = er.value(QLatin1String("message")).toString();
        e.errorType = latin1(er.value(QLatin1String("type")));
        e.errorCode = latin1(er.value(QLatin1String("code")));
        e.errorEventId = latin1(er.value(QLatin1String("event_id")));
        break;
    }
    case T::SpeechStarted: e.audioStartMs = wholeNumber(o.value(QLatin1String("audio_start_ms")).toDouble(-1)); break;
    case T::SpeechStopped: e.audioEndMs = wholeNumber(o.value(QLatin1String("audio_end_ms")).toDouble(-1)); break;
    case T::InputTranscriptDelta:
    case T::AudioTranscriptDelta: e.delta = latin1(o.value(QLatin1String("delta"))); break;
    case T::AudioDelta:
        e.delta = latin1(o.value(QLatin1String("delta")));
        if (!isBase64Payload(e.delta)) {
            e.type = T::Malformed;
            e.text = QStringLiteral("audio delta is not base64");
        }
        break;
    case T::InputTranscriptCompleted:
    case T::AudioTranscriptDone: e.text = o.value(QLatin1String("transcript")).toString(); break;
    case T::InputTranscriptFailed: e.text = o.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString(); break;
    case T::ResponseCreated:
    case T::ResponseDone: {
        const QJsonObject r = o.value(QLatin1String("response")).toObject();
        e.responseId = latin1(r.value(QLatin1String("id")));
        e.status = latin1(r.value(QLatin1String("status")));
        // A failed response says why (rate_limit_exceeded, insufficient_quota, …).
        const QJsonObject error = r.value(QLatin1String("status_details")).toObject().value(QLatin1String("error")).toObject();
        e.errorType = latin1(error.value(QLatin1String("type")));
        e.errorCode = latin1(error.value(QLatin1String("code")));
        if (!error.isEmpty())
            e.text = error.value(QLatin1String("message")).toString();
        break;
    }
    case T::FunctionCallArgumentsDone:
        e.callId = latin1(o.value(QLatin1String("call_id")));
        e.functionName = o.value(QLatin1String("name")).toString();
        e.text = o.value(QLatin1String("arguments")).toString();
        break;
    case T::ItemTruncated: e.audioEndMs = wholeNumber(o.value(QLatin1String("audio_end_ms")).toDouble(-1)); break;
    default: break;
    }
    return e;
}

namespace {
QJsonObject turnDetection(const SessionSettings &s, bool respond)
{
    return {
        {QStringLiteral("type"), QStringLiteral("server_vad")},
        {QStringLiteral("threshold"), s.vadThreshold},
        {QStringLiteral("prefix_padding_ms"), s.prefixPaddingMs},
        {QStringLiteral("silence_duration_ms"), s.silenceDurationMs},
        {QStringLiteral("create_response"), respond},
        // The gateway decides about interrupting: it knows what the caller has actually heard.
        {QStringLiteral("interrupt_response"), false},
    };
}
} // namespace

QByteArray autoResponseUpdate(const SessionSettings &s, bool respond)
{
    const QJsonObject session{
        {QStringLiteral("type"), QStringLiteral("realtime")},
        {QStringLiteral("audio"),
         QJsonObject{{QStringLiteral("input"), QJsonObject{{QStringLiteral("turn_detection"), turnDetection(s, respond)}}}}},
    };
    return compact({{QStringLiteral("type"), QStringLiteral("session.update")}, {QStringLiteral("session"), session}});
}

QByteArray agentSpeechMessage(QByteArrayView ulaw, double seconds)
{
    const QString label = QStringLiteral("A live agent (a person on our side, not the caller) said this to the caller (%1 s of audio):")
                              .arg(seconds, 0, 'f', 1);
    const QJsonObject item{{QStringLiteral("type"), QStringLiteral("message")},
                           {QStringLiteral("role"), QStringLiteral("user")},
                           {QStringLiteral("content"),
                            QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")}, {QStringLiteral("text"), label}},
                                       QJsonObject{{QStringLiteral("type"), QStringLiteral("input_audio")},
                                                   {QStringLiteral("audio"), QString::fromLatin1(ulaw.toByteArray().toBase64())}}}}};
    return compact({{QStringLiteral("type"), QStringLiteral("conversation.item.create")}, {QStringLiteral("item"), item}});
}

QByteArray sessionUpdate(const SessionSettings &s)
{
    QJsonObject transcription{{QStringLiteral("model"), s.transcriptionModel}};
    if (!s.language.isEmpty()) {
        // The transcription models of 2026 take a list of languages instead of the single hint.
        const bool takesList =
            s.transcriptionModel == QLatin1String("gpt-transcribe") || s.transcriptionModel == QLatin1String("gpt-live-transcribe");
        if (takesList)
            transcription.insert(QStringLiteral("languages"), QJsonArray{s.language});
        else
            transcription.insert(QStringLiteral("language"), s.language);
    }
    const QJsonObject turnDetection = openai::turnDetection(s, s.autoResponses);
    QJsonArray tools;
    for (const QJsonObject &t : s.tools)
        tools.append(t);
    QJsonObject session{
        {QStringLiteral("type"), QStringLiteral("realtime")},
        {QStringLiteral("model"), s.model},
        {QStringLiteral("output_modalities"), QJsonArray{QStringLiteral("audio")}},
        {QStringLiteral("instructions"), s.instructions},
        {QStringLiteral("audio"),
         QJsonObject{{QStringLiteral("input"),
                      QJsonObject{{QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("audio/pcmu")}}},
                                  {QStringLiteral("transcription"), transcription},
                                  {QStringLiteral("turn_detection"), turnDetection}}},
                     {QStringLiteral("output"),
                      QJsonObject{{QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("audio/pcmu")}}},
                                  {QStringLiteral("voice"), s.voice}}}}},
        {QStringLiteral("tools"), tools},
        {QStringLiteral("tool_choice"), QStringLiteral("auto")},
    };
    if (isReasoningModel(s.model))
        session.insert(QStringLiteral("reasoning"), QJsonObject{{QStringLiteral("effort"), s.reasoningEffort}});
    return compact({{QStringLiteral("type"), QStringLiteral("session.update")}, {QStringLiteral("session"), session}});
}

QByteArray responseCreate(const QString &instructions)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("response.create")}};
    if (!instructions.isEmpty())
        o.insert(QStringLiteral("response"), QJsonObject{{QStringLiteral("instructions"), instructions}});
    return compact(o);
}

QByteArray responseCancel(QByteArrayView responseId)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("response.cancel")}};
    if (!responseId.isEmpty())
        o.insert(QStringLiteral("response_id"), QString::fromLatin1(responseId));
    return compact(o);
}

QByteArray itemTruncate(QByteArrayView itemId, qint64 audioEndMs)
{
    return compact({{QStringLiteral("type"), QStringLiteral("conversation.item.truncate")},
                    {QStringLiteral("item_id"), QString::fromLatin1(itemId)},
                    {QStringLiteral("content_index"), 0},
                    {QStringLiteral("audio_end_ms"), double(audioEndMs)}});
}

namespace {
QByteArray message(const char *role, const char *contentType, const QString &text)
{
    const QJsonObject item{{QStringLiteral("type"), QStringLiteral("message")},
                           {QStringLiteral("role"), QLatin1String(role)},
                           {QStringLiteral("content"),
                            QJsonArray{QJsonObject{{QStringLiteral("type"), QLatin1String(contentType)}, {QStringLiteral("text"), text}}}}};
    return compact({{QStringLiteral("type"), QStringLiteral("conversation.item.create")}, {QStringLiteral("item"), item}});
}
} // namespace

QByteArray systemMessage(const QString &text) { return message("system", "input_text", text); }

QByteArray userTextMessage(const QString &text) { return message("user", "input_text", text); }

QByteArray assistantTextMessage(const QString &text) { return message("assistant", "output_text", text); }

QByteArray functionCallOutput(QByteArrayView callId, const QJsonObject &output)
{
    const QJsonObject item{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                           {QStringLiteral("call_id"), QString::fromLatin1(callId)},
                           {QStringLiteral("output"), QString::fromUtf8(compact(output))}};
    return compact({{QStringLiteral("type"), QStringLiteral("conversation.item.create")}, {QStringLiteral("item"), item}});
}

QList<QJsonObject> gatewayTools()
{
    const auto fn = [](const char *name, const char *description, QJsonObject properties, QJsonArray required) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                           {QStringLiteral("name"), QLatin1String(name)},
                           {QStringLiteral("description"), QLatin1String(description)},
                           {QStringLiteral("parameters"),
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                        {QStringLiteral("properties"), properties},
                                        {QStringLiteral("required"), required}}}};
    };
    return {fn("end_call", "Say goodbye and end the phone call when the caller is done or asks to hang up.",
               {{QStringLiteral("reason"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}, {QStringLiteral("reason")}),
            fn("escalate_to_agent",
               "Hand the call to a human agent when the caller asks for a person or you cannot help. The gateway tells "
               "the caller they are being connected; do not say goodbye.",
               {{QStringLiteral("reason"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}, {QStringLiteral("reason")})};
}

} // namespace callgate::openai
