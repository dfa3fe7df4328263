#include "openai/LiveClient.h"

#include "openai/Logging.h"
#include "util/Base64.h"
#include "util/Numbers.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <atomic>

namespace callgate::openai {
namespace {

using T = ServerEvent::Type;

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QString capped(const QString &text)
{
    return text.size() <= LiveClient::kMaxAppendChars ? text : text.left(LiveClient::kMaxAppendChars) + QStringLiteral(" …");
}

QJsonObject message(const char *role, const char *partType, const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QLatin1String(role)},
            {QStringLiteral("content"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QLatin1String(partType)}, {QStringLiteral("text"), text}}}}};
}

const QString &staySilent()
{
    static const QString text =
        QStringLiteral("A person, a live agent of ours, has the call now. Do not speak at all until the application tells you the call is "
                       "yours again; keep listening, so that you know what was said.");
    return text;
}

} // namespace

LiveClient::LiveClient(Options options, QObject *parent) : AiSession(parent), m_options(std::move(options))
{
    m_replyEnd.setSingleShot(true);
    connect(&m_replyEnd, &QTimer::timeout, this, [this] {
        // Audio came since the timer was set (it is not reset per delta): wait out the rest.
        if (m_reply && m_reply->output && m_lastOutput.elapsed() < kReplyEndMs) {
            m_replyEnd.start(int(kReplyEndMs - m_lastOutput.elapsed()));
            return;
        }
        endReply("completed");
    });
    m_callerEnd.setSingleShot(true);
    connect(&m_callerEnd, &QTimer::timeout, this, &LiveClient::endCallerTurn);
    m_yield.setSingleShot(true);
    connect(&m_yield, &QTimer::timeout, this, &LiveClient::maybeCallerSpeech);
}

LiveClient::~LiveClient() = default;

QByteArray LiveClient::sessionStart(const Options &o, const QList<HistoryItem> &history)
{
    QJsonArray input;
    using R = HistoryItem::Role;
    for (const HistoryItem &h : history) {
        switch (h.role) {
        case R::System: input.append(message("developer", "input_text", h.text)); break;
        case R::User: input.append(message("user", "input_text", h.text)); break;
        case R::Assistant:
            input.append(message("assistant", "output_text",
                                 h.cut ? (h.text.isEmpty() ? QStringLiteral("…") : h.text + QStringLiteral(" …")) : h.text));
            if (h.cut)
                input.append(message("developer", "input_text",
                                     QStringLiteral("(That reply was cut off there: the caller heard it up to that point.)")));
            break;
        case R::Agent:
            // Startup history is text only.
            input.append(message("developer", "input_text",
                                 QStringLiteral("(A live agent spoke to the caller here for %1 s.)").arg(h.seconds, 0, 'f', 1)));
            break;
        }
    }
    QJsonArray tools;
    for (const QJsonObject &t : o.tools)
        tools.append(t);
    QJsonObject session{
        {QStringLiteral("model"), o.model},
        {QStringLiteral("instructions"), o.instructions},
        {QStringLiteral("audio"),
         QJsonObject{{QStringLiteral("format"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("audio/pcmu")}, {QStringLiteral("rate"), 8000}}},
                     {QStringLiteral("output"), QJsonObject{{QStringLiteral("voice"), o.voice}}}}},
        {QStringLiteral("delegation"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("responses")},
                     {QStringLiteral("responses"),
                      QJsonObject{{QStringLiteral("model"), o.backendModel},
                                  {QStringLiteral("instructions"), o.instructions},
                                  {QStringLiteral("tools"), tools},
                                  {QStringLiteral("tool_choice"), QStringLiteral("auto")},
                                  {QStringLiteral("parallel_tool_calls"), false},
                                  {QStringLiteral("reasoning"), QJsonObject{{QStringLiteral("effort"), o.reasoningEffort}}}}}}},
        {QStringLiteral("store"), false},
    };
    if (!input.isEmpty())
        session.insert(QStringLiteral("input"), input);
    return compact({{QStringLiteral("type"), QStringLiteral("session.start")},
                    {QStringLiteral("event_id"), QStringLiteral("start_1")},
                    {QStringLiteral("session"), session}});
}

void LiveClient::connectToService()
{
    net::WsOptions ws;
    ws.maxMessageBytes = 16 << 20;
    ws.pingIntervalMs = m_options.pingIntervalMs;
    ws.idleTimeoutMs = m_options.pingIntervalMs > 0 ? m_options.pingIntervalMs * 2 + m_options.pingIntervalMs / 2 : 0;
    m_ws = std::make_unique<net::WsConnection>(ws);
    m_ws->onMessage = [this](QByteArrayView message, bool) { onMessage(message); };
    connect(m_ws.get(), &net::WsConnection::connected, this, [this] {
        // The client speaks first; nothing else goes before session.started.
        m_ws->sendText(sessionStart(m_options, std::exchange(m_history, {})));
    });
    connect(m_ws.get(), &net::WsConnection::closed, this, [this](quint16 code, const QString &reason) {
        m_ready = false;
        if (std::exchange(m_closedReported, true))
            return;
        if (onClosed)
            onClosed(QStringLiteral("%1 %2").arg(code).arg(reason));
    });
    m_ws->open(m_options.url, {{"Authorization", "Bearer " + m_options.apiKey.toUtf8()}});
}

bool LiveClient::overflowed() const { return m_ws && m_ws->overflowed(); }

int LiveClient::refusedStatus() const { return m_ws ? m_ws->handshakeStatus() : 0; }

void LiveClient::close()
{
    m_closedReported = true;
    m_ready = false;
    m_replyEnd.stop();
    m_callerEnd.stop();
    m_yield.stop();
    if (!m_ws)
        return;
    if (!m_ws->isOpen()) {
        m_ws->close(1000, "call ended");
        return;
    }
    // session.close, and the socket kept until session.closed confirms the end (bounded): it
    // outlives this client, which may go at once.
    net::WsConnection *ws = m_ws.release();
    ws->setParent(nullptr);
    ws->onMessage = [ws](QByteArrayView message, bool) {
        if (message.contains("\"session.closed\""))
            ws->close(1000, "call ended");
    };
    QObject::disconnect(ws, nullptr, this, nullptr);
    QObject::connect(ws, &net::WsConnection::closed, ws, &QObject::deleteLater);
    QTimer::singleShot(2000, ws, [ws] {
        ws->close(1000, "call ended");
        ws->deleteLater();
    });
    ws->sendText(R"({"type":"session.close"})");
}

void LiveClient::appendAudio(QByteArrayView base64)
{
    if (!m_ws || !m_ready)
        return;
    m_appendedBytes += base64DecodedSize(base64);
    m_ws->sendText({"{\"type\":\"session.input_audio.append\",\"audio\":\"", base64, "\"}"});
}

void LiveClient::sendAppend(const char *type, const QString &content)
{
    if (!m_ws || !m_ready)
        return;
    m_ws->sendText(compact({{QStringLiteral("type"), QLatin1String(type)},
                            {QStringLiteral("event_id"), QString::fromLatin1(newId("evt_"))},
                            {QStringLiteral("content"), capped(content)},
                            {QStringLiteral("delegation_id"), QJsonValue::Null}}));
}

void LiveClient::setAutoResponses(bool on)
{
    if (m_options.autoResponses == on)
        return;
    m_options.autoResponses = on;
    if (!on && m_reply && !m_reply->asked)
        m_reply->muted = true; // what it says from here is not heard
    if (m_ready)
        sendAppend("session.instructions.append",
                   on ? QStringLiteral("The call is yours again: answer the caller as before.") : staySilent());
}

void LiveClient::askReply(const QString &instructions)
{
    if (!m_ready)
        return;
    if (m_reply && m_reply->muted)
        m_reply.reset(); // unheard, and over: what is asked for starts now
    if (!m_reply)
        openReply(true);
    else
        m_reply->asked = true;
    if (!m_reply->audio)
        m_replyEnd.start(kNoAnswerMs);
    if (!instructions.isEmpty())
        sendAppend("session.commentary.append", instructions);
}

void LiveClient::cancelReply(QByteArrayView responseId)
{
    if (m_reply && (responseId.isEmpty() || responseId == m_reply->responseId))
        endReply("cancelled");
}

void LiveClient::note(const QString &text) { sendAppend("session.instructions.append", text); }

void LiveClient::agentSpeech(QByteArrayView, double seconds)
{
    // Live takes no recorded audio in its context: it heard the caller's side itself.
    sendAppend("session.thinking.append",
               QStringLiteral("A live agent, a person, just spoke to the caller for %1 s; you heard the caller's answers.")
                   .arg(seconds, 0, 'f', 1));
}

void LiveClient::functionResult(QByteArrayView callId, const QJsonObject &output)
{
    if (!m_ws || !m_ready)
        return;
    m_ws->sendText(compact({{QStringLiteral("type"), QStringLiteral("response.item.create")},
                            {QStringLiteral("event_id"), QString::fromLatin1(newId("evt_"))},
                            {QStringLiteral("item"),
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                         {QStringLiteral("call_id"), QString::fromUtf8(callId)},
                                         {QStringLiteral("output"), QString::fromUtf8(compact(output))}}}}));
    // One call at a time (parallel_tool_calls off): the backend goes on with its result.
    m_ws->sendText(R"({"type":"response.create"})");
}

QByteArray LiveClient::newId(const char *prefix)
{
    // Unique in the process: a call's next session must not reuse the ids the bridge saw (a
    // reply it cancelled, an item it played) on the one before.
    static std::atomic<quint64> ids{0};
    return QByteArray(prefix) + QByteArray::number(++ids);
}

void LiveClient::emitEvent(const ServerEvent &e)
{
    if (onEvent)
        onEvent(e);
}

// ---- What the service sends ---------------------------------------------------------------------

void LiveClient::onMessage(QByteArrayView message)
{
    AudioDeltaView audio;
    if (parseAudioDeltaFast(message, audio, "session.output_audio.delta")) {
        onOutputAudio(audio);
        return;
    }
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(message.toByteArray(), &err);
    ServerEvent bad;
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        bad.text = err.error != QJsonParseError::NoError ? err.errorString() : QStringLiteral("not a JSON object");
        emitEvent(bad);
        return;
    }
    const QJsonObject o = doc.object();
    const QByteArray type = o.value(QLatin1String("type")).toString().toUtf8();
    if (type.isEmpty()) {
        bad.text = QStringLiteral("event without a type");
        emitEvent(bad);
        return;
    }
    onEventObject(o, type);
}

void LiveClient::onEventObject(const QJsonObject &o, const QByteArray &type)
{
    ServerEvent e;
    e.typeName = type;
    e.type = T::Other;
    if (type == "session.started") {
        const QJsonObject session = o.value(QLatin1String("session")).toObject();
        m_expiresAt = wholeNumber(session.value(QLatin1String("expires_at")).toDouble(), 0);
        e.type = T::SessionCreated;
        e.expiresAt = m_expiresAt;
        emitEvent(e);
        if (!m_ready) {
            m_ready = true;
            if (!m_options.autoResponses)
                sendAppend("session.instructions.append", staySilent());
            if (onReady)
                onReady();
        }
        return;
    }
    if (type == "session.output_audio.delta") { // the fast path refused it
        e.type = T::Malformed;
        e.text = QStringLiteral("audio delta is not base64");
        emitEvent(e);
        return;
    }
    if (type == "session.input_transcript.delta") {
        onInputWords(o.value(QLatin1String("delta")).toString(), wholeNumber(o.value(QLatin1String("end_ms")).toDouble(-1)));
        return;
    }
    if (type == "session.output_transcript.delta") {
        onOutputWords(o.value(QLatin1String("delta")).toString());
        return;
    }
    if (type == "response.event") {
        onBackendEvent(o.value(QLatin1String("event")).toObject());
        emitEvent(e);
        return;
    }
    if (type == "error") {
        const QJsonObject er = o.value(QLatin1String("error")).toObject();
        e.type = T::Error;
        e.text = er.value(QLatin1String("message")).toString();
        e.errorType = er.value(QLatin1String("type")).toString().toUtf8();
        e.errorCode = er.value(QLatin1String("code")).toString().toUtf8();
        e.errorEventId = er.value(QLatin1String("client_event_id")).toString().toUtf8();
        emitEvent(e);
        return;
    }
    if (type == "session.closed") {
        // The service ended the session (expired, content, connection_lost…): as a close.
        const QString reason = o.value(QLatin1String("reason")).toString();
        emitEvent(e);
        m_ready = false;
        if (m_ws)
            m_ws->close(1000, "session closed");
        if (!std::exchange(m_closedReported, true) && onClosed)
            onClosed(QStringLiteral("session closed: ") + reason);
        return;
    }
    emitEvent(e); // acks, session.delegation.created, usage, info: nothing to act on
}

void LiveClient::onBackendEvent(const QJsonObject &inner)
{
    // Function calls are taken only from a completed function_call item (openai-live.md §9).
    if (inner.value(QLatin1String("type")).toString() != QLatin1String("response.output_item.done"))
        return;
    const QJsonObject item = inner.value(QLatin1String("item")).toObject();
    if (item.value(QLatin1String("type")).toString() != QLatin1String("function_call")
        || item.value(QLatin1String("status")).toString() != QLatin1String("completed"))
        return;
    ServerEvent e;
    e.type = T::FunctionCallArgumentsDone;
    e.typeName = "response.output_item.done";
    e.callId = item.value(QLatin1String("call_id")).toString().toUtf8();
    e.functionName = item.value(QLatin1String("name")).toString();
    e.text = item.value(QLatin1String("arguments")).toString();
    if (e.callId.isEmpty() || m_calls.contains(e.callId))
        return;
    m_calls.insert(e.callId);
    emitEvent(e);
}

LiveClient::Reply &LiveClient::openReply(bool asked)
{
    Reply r;
    r.responseId = newId("live_resp_");
    r.itemId = newId("live_item_");
    r.asked = asked;
    r.muted = !asked && !m_options.autoResponses;
    m_reply = r;
    if (!r.muted) {
        ServerEvent e;
        e.type = T::ResponseCreated;
        e.typeName = "response.created";
        e.responseId = r.responseId;
        emitEvent(e);
    }
    return *m_reply;
}

void LiveClient::endReply(const QByteArray &status)
{
    m_replyEnd.stop();
    if (!m_reply)
        return;
    const Reply r = *std::exchange(m_reply, std::nullopt);
    if (r.muted)
        return;
    ServerEvent e;
    e.responseId = r.responseId;
    e.itemId = r.itemId;
    if (r.audio) {
        e.type = T::AudioDone;
        e.typeName = "response.output_audio.done";
        emitEvent(e);
        if (status == "completed") {
            e.type = T::AudioTranscriptDone;
            e.typeName = "response.output_audio_transcript.done";
            e.text = r.text;
            emitEvent(e);
        }
    }
    e.type = T::ResponseDone;
    e.typeName = "response.done";
    e.status = status;
    e.text.clear();
    emitEvent(e);
}

void LiveClient::onOutputAudio(const AudioDeltaView &d)
{
    if (!m_reply) {
        endCallerTurn(); // the AI answers: the caller's turn is over
        openReply(false);
    }
    m_lastOutput.start();
    if (!std::exchange(m_reply->output, true))
        m_replyEnd.start(kReplyEndMs); // from now on it ends kReplyEndMs after the last delta
    if (m_reply->muted)
        return;
    if (!m_reply->audio) {
        m_reply->audio = true;
        endCallerTurn();
    }
    if (onAudioDelta)
        onAudioDelta({m_reply->responseId, m_reply->itemId, d.delta});
}

void LiveClient::onOutputWords(const QString &delta)
{
    if (!m_reply || m_reply->muted)
        return; // words of a reply already over, or not heard
    m_reply->text += delta;
    ServerEvent e;
    e.type = T::AudioTranscriptDelta;
    e.typeName = "response.output_audio_transcript.delta";
    e.responseId = m_reply->responseId;
    e.itemId = m_reply->itemId;
    e.delta = delta.toUtf8();
    emitEvent(e);
}

void LiveClient::onInputWords(const QString &delta, qint64 endMs)
{
    ServerEvent e;
    if (m_callerItem.isEmpty()) {
        m_callerItem = newId("live_caller_");
        m_callerText.clear();
        m_callerSpeechSaid = false;
        e.type = T::BufferCommitted; // its place in the conversation
        e.typeName = "input_audio_buffer.committed";
        e.itemId = m_callerItem;
        emitEvent(e);
    }
    m_callerText += delta;
    m_lastCallerWords.start();
    if (endMs >= 0)
        m_callerEndMs = endMs;
    m_callerEnd.start(kCallerTurnEndMs);
    maybeCallerSpeech();
    e.type = T::InputTranscriptDelta;
    e.typeName = "conversation.item.input_audio_transcription.delta";
    e.itemId = m_callerItem;
    e.delta = delta.toUtf8();
    emitEvent(e);
}

void LiveClient::maybeCallerSpeech()
{
    if (m_callerItem.isEmpty() || m_callerSpeechSaid)
        return;
    const bool talking = m_reply && m_reply->audio && !m_reply->muted && m_lastOutput.isValid();
    if (talking && m_lastOutput.elapsed() < kYieldMs) {
        m_yield.start(int(kYieldMs - m_lastOutput.elapsed())); // still talking: look again once it could have stopped
        return;
    }
    if (talking && m_lastCallerWords.elapsed() > kCallerTurnEndMs / 2)
        return; // the caller's words stopped well before the AI did: it finished, it did not yield
    m_callerSpeechSaid = true;
    ServerEvent e;
    e.type = T::SpeechStarted;
    e.typeName = "input_audio_buffer.speech_started";
    e.itemId = m_callerItem;
    emitEvent(e); // the bridge cuts what is still queued for the caller, and cancels the reply
    if (talking && m_reply)
        endReply("cancelled"); // it yielded to the caller
}

void LiveClient::endCallerTurn()
{
    m_callerEnd.stop();
    m_yield.stop();
    if (m_callerItem.isEmpty())
        return;
    const QByteArray item = std::exchange(m_callerItem, QByteArray());
    ServerEvent e;
    e.itemId = item;
    if (m_callerSpeechSaid) {
        e.type = T::SpeechStopped;
        e.typeName = "input_audio_buffer.speech_stopped";
        const qint64 nowMs = m_appendedBytes / 8;
        e.sinceMs = m_callerEndMs >= 0 ? qMax<qint64>(0, nowMs - m_callerEndMs) : 0;
        emitEvent(e);
    }
    e.type = T::InputTranscriptCompleted;
    e.typeName = "conversation.item.input_audio_transcription.completed";
    e.text = std::exchange(m_callerText, QString()).trimmed();
    e.sinceMs = 0;
    emitEvent(e);
    m_callerEndMs = -1;
}

} // namespace callgate::openai
