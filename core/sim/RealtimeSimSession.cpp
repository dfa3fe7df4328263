#include "sim/RealtimeSimSession.h"

#include "audio/G711.h"
#include "sim/ClipLibrary.h"
#include "sim/FrameTag.h"
#include "sim/SchemaValidator.h"
#include "util/Numbers.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QStringDecoder>

#include <limits>

namespace callgate::sim {
namespace {

QJsonObject mergeObjects(QJsonObject base, const QJsonObject &update)
{
    for (auto it = update.begin(); it != update.end(); ++it) {
        if (it->isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), mergeObjects(base.value(it.key()).toObject(), it->toObject()));
        else
            base.insert(it.key(), *it);
    }
    return base;
}

// The models of 2025 and gpt-realtime-1.5 do not reason; gpt-realtime-2 and later do.
bool reasons(const QString &model)
{
    return !(model == QLatin1String("gpt-realtime") || model.startsWith(QLatin1String("gpt-realtime-2025-"))
             || model.startsWith(QLatin1String("gpt-realtime-mini")) || model == QLatin1String("gpt-realtime-1.5")
             || model.startsWith(QLatin1String("gpt-4o")));
}

} // namespace

SimSession::SimSession(RealtimeSimServer &server, std::unique_ptr<net::WsConnection> ws) : m_server(server), m_ws(std::move(ws)) {}

bool SimSession::isOpen() const { return m_ws && m_ws->isOpen(); }

std::optional<QJsonObject> SimSession::readClientEvent(QByteArrayView message)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    (void)utf8.decode(message);
    if (utf8.hasError()) {
        ++m_server.m_record.invalidUtf8Closes;
        m_ws->close(1007, "Invalid UTF-8 in text frame");
        return std::nullopt;
    }
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(message.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        sendError(QStringLiteral("invalid_request_error"), QStringLiteral("invalid_json"),
                  QStringLiteral("We could not parse the JSON body of your request."), QJsonValue::Null);
        return std::nullopt;
    }
    m_server.m_record.clientEventTypes.append(doc.object().value(QLatin1String("type")).toString().toUtf8());
    return doc.object();
}

QByteArray SimSession::newId(const char *prefix)
{
    return QByteArray(prefix) + QByteArray::number(quintptr(this), 36) + '_' + QByteArray::number(++m_ids);
}

qint64 SimSession::streamOf(const QByteArray &audio)
{
    const auto tag = readTag(audio);
    return tag ? qint64(tag->stream) : -1;
}

void SimSession::countAppend(const QByteArray &audio)
{
    RealtimeSimRecord &rec = m_server.m_record;
    ++rec.appends;
    rec.appendedBytes += audio.size();
    if (m_server.m_options.onAppendAudio)
        m_server.m_options.onAppendAudio(audio);
    if (m_callerTag < 0) {
        if (const auto tag = readTag(audio))
            m_callerTag = tag->stream;
    }
}

RealtimeSimSession::RealtimeSimSession(RealtimeSimServer &server, std::unique_ptr<net::WsConnection> ws, const QString &model)
    : SimSession(server, std::move(ws))
{
    m_ws->onMessage = [this](QByteArrayView message, bool) { onMessage(message); };
    connect(m_ws.get(), &net::WsConnection::closed, this, [this] { m_streamTimer.stop(); });
    connect(&m_streamTimer, &QTimer::timeout, this, &RealtimeSimSession::streamNextDelta);
    const QJsonObject pcm24{{QStringLiteral("type"), QStringLiteral("audio/pcm")}, {QStringLiteral("rate"), 24000}};
    m_session = QJsonObject{
        {QStringLiteral("type"), QStringLiteral("realtime")},
        {QStringLiteral("object"), QStringLiteral("realtime.session")},
        {QStringLiteral("id"), QString::fromLatin1(newId("sess_"))},
        {QStringLiteral("model"), model},
        {QStringLiteral("output_modalities"), QJsonArray{QStringLiteral("audio")}},
        {QStringLiteral("instructions"), QString()},
        {QStringLiteral("audio"),
         QJsonObject{{QStringLiteral("input"),
                      QJsonObject{{QStringLiteral("format"), pcm24},
                                  {QStringLiteral("transcription"), QJsonValue::Null},
                                  {QStringLiteral("noise_reduction"), QJsonValue::Null},
                                  {QStringLiteral("turn_detection"),
                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("server_vad")},
                                               {QStringLiteral("threshold"), 0.5},
                                               {QStringLiteral("prefix_padding_ms"), 300},
                                               {QStringLiteral("silence_duration_ms"), 200},
                                               {QStringLiteral("create_response"), true},
                                               {QStringLiteral("interrupt_response"), true},
                                               {QStringLiteral("idle_timeout_ms"), QJsonValue::Null}}}}},
                     {QStringLiteral("output"),
                      QJsonObject{{QStringLiteral("format"), pcm24},
                                  {QStringLiteral("voice"), QStringLiteral("alloy")},
                                  {QStringLiteral("speed"), 1.0}}}}},
        {QStringLiteral("tools"), QJsonArray()},
        {QStringLiteral("tool_choice"), QStringLiteral("auto")},
        {QStringLiteral("max_output_tokens"), QStringLiteral("inf")},
        {QStringLiteral("truncation"), QStringLiteral("auto")},
        {QStringLiteral("expires_at"), double((QDateTime::currentMSecsSinceEpoch() + server.m_options.sessionLifetimeMs) / 1000)},
    };
    if (reasons(model))
        m_session.insert(QStringLiteral("reasoning"), QJsonObject{{QStringLiteral("effort"), QStringLiteral("low")}});
    sendEvent({{QStringLiteral("type"), QStringLiteral("session.created")}, {QStringLiteral("session"), m_session}});
    m_lifetime.setSingleShot(true);
    connect(&m_lifetime, &QTimer::timeout, this, [this] { inject(RealtimeFault::SessionExpired); });
    m_lifetime.start(int(qMin<qint64>(server.m_options.sessionLifetimeMs, std::numeric_limits<int>::max())));
}

void RealtimeSimSession::inject(RealtimeFault fault)
{
    if (!isOpen() || m_stalled)
        return;
    m_server.m_record.faults.append(fault);
    // An error event, then the socket closed as the service closes it.
    const auto fail = [this](const char *type, const char *code, const QString &message, quint16 closeCode) {
        if (type)
            sendError(QLatin1String(type), QLatin1String(code), message, QJsonValue::Null);
        m_streamTimer.stop();
        m_ws->close(closeCode, code);
    };
    switch (fault) {
    case RealtimeFault::Abort:
        m_streamTimer.stop();
        m_ws->abort();
        return;
    case RealtimeFault::Close1011: fail(nullptr, "internal error", {}, 1011); return;
    case RealtimeFault::Stall:
        m_streamTimer.stop();
        m_stalled = true;
        m_ws->stall();
        return;
    case RealtimeFault::ServerError:
        fail("server_error", "server_error", QStringLiteral("The server had an error while processing your request. Sorry about that!"),
             1011);
        return;
    case RealtimeFault::InvalidRequest:
        sendError(QStringLiteral("invalid_request_error"), QStringLiteral("invalid_value"),
                  QStringLiteral("Invalid value: something the client sent earlier."), QJsonValue::Null);
        return;
    case RealtimeFault::RateLimited: m_failNextResponse = true; return;
    case RealtimeFault::QuotaExceeded:
        fail("insufficient_quota", "insufficient_quota",
             QStringLiteral("You exceeded your current quota, please check your plan and billing details."), 1008);
        return;
    case RealtimeFault::SessionExpired:
        fail("invalid_request_error", "session_expired", QStringLiteral("Your session hit the maximum duration of 60 minutes."), 1001);
        return;
    case RealtimeFault::UnknownEvent:
        sendEvent({{QStringLiteral("type"), QStringLiteral("response.output_hologram.delta")},
                   {QStringLiteral("response_id"), QStringLiteral("resp_future")},
                   {QStringLiteral("delta"), QStringLiteral("✨")}});
        return;
    }
}

qint64 RealtimeSimSession::responseTag() const
{
    if (!m_response)
        return -1;
    return streamOf(m_response->audio);
}

void RealtimeSimSession::sendEvent(QJsonObject event)
{
    if (m_stalled || !isOpen())
        return;
    const QString type = event.value(QLatin1String("type")).toString();
    if (type == QLatin1String("response.output_audio_transcript.done")
        || type == QLatin1String("conversation.item.input_audio_transcription.completed"))
        m_server.m_record.transcriptsSent.append(
            {QDateTime::currentMSecsSinceEpoch(), event.value(QLatin1String("transcript")).toString()});
    event.insert(QStringLiteral("event_id"), QString::fromLatin1(newId("event_")));
    m_ws->sendText(QJsonDocument(event).toJson(QJsonDocument::Compact));
}

void RealtimeSimSession::sendError(const QString &type, const QString &code, const QString &message, const QJsonValue &eventId)
{
    m_server.m_record.errorsSent.append(message);
    sendEvent({{QStringLiteral("type"), QStringLiteral("error")},
               {QStringLiteral("error"),
                QJsonObject{{QStringLiteral("type"), type},
                            {QStringLiteral("code"), code},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("param"), QJsonValue::Null},
                            {QStringLiteral("event_id"), eventId}}}});
}

void RealtimeSimSession::onMessage(QByteArrayView message)
{
    if (m_stalled)
        return;
    const std::optional<QJsonObject> read = readClientEvent(message);
    if (!read)
        return;
    const QJsonObject &event = *read;
    const QString why = SchemaValidator::realtime().validateClientEvent(event);
    if (!why.isEmpty()) {
        sendError(QStringLiteral("invalid_request_error"),
                  why.startsWith(QLatin1String("Unknown parameter")) ? QStringLiteral("unknown_parameter")
                                                                     : QStringLiteral("invalid_event"),
                  why, event.value(QLatin1String("event_id")));
        return;
    }
    handle(event);
}

void RealtimeSimSession::handle(const QJsonObject &event)
{
    const QString type = event.value(QLatin1String("type")).toString();
    const QJsonValue eventId = event.value(QLatin1String("event_id"));
    if (type == QLatin1String("input_audio_buffer.append")) {
        const QByteArray b64 = event.value(QLatin1String("audio")).toString().toLatin1();
        auto decoded = QByteArray::fromBase64Encoding(b64, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            sendError(QStringLiteral("invalid_request_error"), QStringLiteral("invalid_value"),
                      QStringLiteral("Invalid 'audio'. Expected base64-encoded audio."), eventId);
            return;
        }
        onAppend(asHeard(*decoded));
    } else if (type == QLatin1String("session.update")) {
        const QJsonObject update = event.value(QLatin1String("session")).toObject();
        if (update.contains(QLatin1String("model")) && update.value(QLatin1String("model")) != m_session.value(QLatin1String("model"))
            && m_userTurns > 0) {
            sendError(QStringLiteral("invalid_request_error"), QStringLiteral("invalid_value"),
                      QStringLiteral("Cannot change the model of a session."), eventId);
            return;
        }
        const QString model = update.value(QLatin1String("model")).toString(m_session.value(QLatin1String("model")).toString());
        if (update.contains(QLatin1String("reasoning")) && !reasons(model)) {
            sendError(QStringLiteral("invalid_request_error"), QStringLiteral("unsupported_parameter"),
                      QStringLiteral("Unsupported parameter: 'session.reasoning' is not supported with this model."), eventId);
            return;
        }
        m_session = mergeObjects(m_session, update);
        m_server.m_record.lastSession = m_session;
        sendEvent({{QStringLiteral("type"), QStringLiteral("session.updated")}, {QStringLiteral("session"), m_session}});
    } else if (type == QLatin1String("response.create")) {
        if (m_response) {
            sendError(QStringLiteral("invalid_request_error"), QStringLiteral("conversation_already_has_active_response"),
                      QStringLiteral("Conversation already has an active response in progress."), eventId);
            return;
        }
        RealtimeSimOptions::Reply reply = m_server.m_options.unknownReply;
        const QString instructions = event.value(QLatin1String("response")).toObject().value(QLatin1String("instructions")).toString();
        for (const auto &[text, clip] : m_server.m_options.instructionClips) {
            if (instructions.contains(text, Qt::CaseInsensitive))
                reply = {clip, {}, {}};
        }
        if (m_greetingPending)
            reply = {m_server.m_options.greetingClip, {}, {}};
        else if (!m_afterFunctionClip.isEmpty())
            reply = {std::exchange(m_afterFunctionClip, QString()), {}, {}};
        m_greetingPending = false;
        startResponse(reply, event.value(QLatin1String("response")).toObject().value(QLatin1String("instructions")).toString());
    } else if (type == QLatin1String("response.cancel")) {
        const QByteArray target = event.value(QLatin1String("response_id")).toString().toUtf8();
        if (!m_response || (!target.isEmpty() && target != m_response->id)) {
            // Crossed the end of the last response on the wire; the client still dropped its tail.
            if (m_server.m_options.onResponseCancelled && !m_lastResponseAudio.isEmpty())
                m_server.m_options.onResponseCancelled(m_lastResponseAudio);
            sendError(QStringLiteral("invalid_request_error"), QStringLiteral("response_cancel_not_active"),
                      QStringLiteral("Cancellation failed: no active response found."), eventId);
            return;
        }
        ++m_server.m_record.responsesCancelled;
        if (m_server.m_options.onResponseCancelled)
            m_server.m_options.onResponseCancelled(m_response->audio);
        finishResponse(QStringLiteral("cancelled"), QStringLiteral("client_cancelled"));
    } else if (type == QLatin1String("conversation.item.truncate")) {
        const QByteArray item = event.value(QLatin1String("item_id")).toString().toUtf8();
        const qint64 endMs = wholeNumber(event.value(QLatin1String("audio_end_ms")).toDouble(), 0);
        if (!m_generatedMs.contains(item)) {
            sendError(QStringLiteral("invalid_request_error"), QStringLiteral("item_not_found"),
                      QStringLiteral("Item with item_id not found: %1").arg(QString::fromUtf8(item)), eventId);
            return;
        }
        if (endMs > m_generatedMs.value(item)) {
            sendError(QStringLiteral("invalid_request_error"), QStringLiteral("invalid_value"),
                      QStringLiteral("Audio content of %1ms is already shorter than %2ms").arg(m_generatedMs.value(item)).arg(endMs),
                      eventId);
            return;
        }
        m_server.m_record.truncations.append({item, endMs, m_generatedMs.value(item), m_callerTag});
        sendEvent({{QStringLiteral("type"), QStringLiteral("conversation.item.truncated")},
                   {QStringLiteral("item_id"), QString::fromUtf8(item)},
                   {QStringLiteral("content_index"), 0},
                   {QStringLiteral("audio_end_ms"), double(endMs)}});
    } else if (type == QLatin1String("conversation.item.create")) {
        QJsonObject item = event.value(QLatin1String("item")).toObject();
        if (!item.contains(QLatin1String("id")))
            item.insert(QStringLiteral("id"), QString::fromLatin1(newId("item_")));
        m_server.m_record.createdItems.append(item);
        RealtimeSimRecord::Item context{
            item.value(QLatin1String("id")).toString().toUtf8(), item.value(QLatin1String("role")).toString(), {}, 0, true};
        QStringList texts;
        for (const QJsonValue &part : item.value(QLatin1String("content")).toArray()) {
            const QJsonObject o = part.toObject();
            if (o.contains(QLatin1String("text")))
                texts << o.value(QLatin1String("text")).toString();
            if (o.value(QLatin1String("type")).toString() == QLatin1String("input_audio")) {
                const QByteArray audio = QByteArray::fromBase64(o.value(QLatin1String("audio")).toString().toLatin1());
                context.audioMs += audio.size() / 8; // the session's input format: μ-law, 8 kHz
                texts << recognise(audio);
            }
        }
        context.text = texts.join(QLatin1Char(' '));
        m_server.m_record.conversation.append(context);
        if (context.role == QLatin1String("user") || context.role == QLatin1String("assistant"))
            m_greetingPending = false; // a conversation carried over: no greeting in it
        const QJsonValue previous = m_lastItem.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(m_lastItem));
        m_lastItem = item.value(QLatin1String("id")).toString().toUtf8();
        sendEvent({{QStringLiteral("type"), QStringLiteral("conversation.item.added")},
                   {QStringLiteral("previous_item_id"), previous},
                   {QStringLiteral("item"), item}});
        sendEvent({{QStringLiteral("type"), QStringLiteral("conversation.item.done")},
                   {QStringLiteral("previous_item_id"), previous},
                   {QStringLiteral("item"), item}});
    } else if (type == QLatin1String("input_audio_buffer.clear")) {
        m_pendingFrame.clear();
        sendEvent({{QStringLiteral("type"), QStringLiteral("input_audio_buffer.cleared")}});
    }
}

QString SimSession::recognise(const QByteArray &ulaw)
{
    // The clip most of its 20 ms frames come from, as for the caller's turns.
    QHash<QString, int> votes;
    for (qsizetype at = 0; at + 160 <= ulaw.size(); at += 160) {
        if (const Clip *clip = ClipLibrary::instance().clipForFrame(QByteArrayView(ulaw.constData() + at, 160)))
            ++votes[clip->name];
    }
    QString best;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
        if (best.isEmpty() || it.value() > votes.value(best))
            best = it.key();
    }
    const Clip *clip = best.isEmpty() ? nullptr : ClipLibrary::instance().find(best);
    return clip ? clip->text : QStringLiteral("(inaudible)");
}

QByteArray RealtimeSimSession::asHeard(const QByteArray &bytes) const
{
    const QString format = m_session.value(QLatin1String("audio"))
                               .toObject()
                               .value(QLatin1String("input"))
                               .toObject()
                               .value(QLatin1String("format"))
                               .toObject()
                               .value(QLatin1String("type"))
                               .toString();
    if (format == QLatin1String("audio/pcmu"))
        return bytes;
    // PCM16 at 24 kHz (or a-law, which nothing here sends): every third sample, as μ-law.
    QByteArray ulaw;
    ulaw.reserve(bytes.size() / 6 + 1);
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 6)
        ulaw.append(char(audio::linearToUlaw(qint16(quint8(bytes[i]) | (quint8(bytes[i + 1]) << 8)))));
    return ulaw;
}

void RealtimeSimSession::onAppend(const QByteArray &ulaw)
{
    countAppend(ulaw);
    const QJsonObject vad = m_session.value(QLatin1String("audio"))
                                .toObject()
                                .value(QLatin1String("input"))
                                .toObject()
                                .value(QLatin1String("turn_detection"))
                                .toObject();
    const bool vadOn = !vad.isEmpty();
    const qint64 silenceMs = vad.value(QLatin1String("silence_duration_ms")).toInt(500);
    const qint64 prefixMs = vad.value(QLatin1String("prefix_padding_ms")).toInt(300);
    m_pendingFrame += ulaw;
    qsizetype pos = 0;
    for (; pos + 160 <= m_pendingFrame.size(); pos += 160) {
        const QByteArrayView window(m_pendingFrame.constData() + pos, 160);
        m_appendedMs += 20;
        if (!vadOn)
            continue;
        const bool loud = audio::ulawRms(window) > m_server.m_options.vadRms;
        if (!m_inSpeech) {
            m_loudRunMs = loud ? m_loudRunMs + 20 : 0;
            if (m_loudRunMs >= 60) {
                m_inSpeech = true;
                m_silentRunMs = 0;
                m_heardClips.clear();
                m_speechItem = newId("item_");
                sendEvent({{QStringLiteral("type"), QStringLiteral("input_audio_buffer.speech_started")},
                           {QStringLiteral("audio_start_ms"), double(qMax<qint64>(0, m_appendedMs - m_loudRunMs - prefixMs))},
                           {QStringLiteral("item_id"), QString::fromLatin1(m_speechItem)}});
                if (m_response && vad.value(QLatin1String("interrupt_response")).toBool(true))
                    finishResponse(QStringLiteral("cancelled"), QStringLiteral("turn_detected"));
            }
        }
        if (m_inSpeech) {
            if (const Clip *clip = ClipLibrary::instance().clipForFrame(window))
                ++m_heardClips[clip->name];
            m_silentRunMs = loud ? 0 : m_silentRunMs + 20;
            if (m_silentRunMs >= silenceMs)
                speechStopped();
        }
    }
    m_pendingFrame.remove(0, pos);
}

void RealtimeSimSession::speechStopped()
{
    m_inSpeech = false;
    m_loudRunMs = 0;
    ++m_userTurns;
    const QByteArray item = m_speechItem;
    const QJsonValue previous = m_lastItem.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(m_lastItem));
    m_lastItem = item;
    sendEvent({{QStringLiteral("type"), QStringLiteral("input_audio_buffer.speech_stopped")},
               {QStringLiteral("audio_end_ms"), double(m_appendedMs)},
               {QStringLiteral("item_id"), QString::fromLatin1(item)}});
    sendEvent({{QStringLiteral("type"), QStringLiteral("input_audio_buffer.committed")},
               {QStringLiteral("previous_item_id"), previous},
               {QStringLiteral("item_id"), QString::fromLatin1(item)}});
    const QJsonObject userItem{{QStringLiteral("id"), QString::fromLatin1(item)},
                               {QStringLiteral("type"), QStringLiteral("message")},
                               {QStringLiteral("role"), QStringLiteral("user")},
                               {QStringLiteral("status"), QStringLiteral("completed")},
                               {QStringLiteral("content"),
                                QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("input_audio")},
                                                       {QStringLiteral("transcript"), QJsonValue::Null}}}}};
    sendEvent({{QStringLiteral("type"), QStringLiteral("conversation.item.added")},
               {QStringLiteral("previous_item_id"), previous},
               {QStringLiteral("item"), userItem}});

    // What was said: the clip most of the speech frames came from.
    QString heard;
    int best = 0;
    for (auto it = m_heardClips.cbegin(); it != m_heardClips.cend(); ++it) {
        if (it.value() > best) {
            best = it.value();
            heard = it.key();
        }
    }
    const Clip *clip = heard.isEmpty() ? nullptr : ClipLibrary::instance().find(heard);
    m_server.m_record.conversation.append({item, QStringLiteral("user"), clip ? clip->text : QStringLiteral("(inaudible)"), 0, false});
    const QJsonValue transcription =
        m_session.value(QLatin1String("audio")).toObject().value(QLatin1String("input")).toObject().value(QLatin1String("transcription"));
    if (transcription.isObject()) {
        const QString text = clip ? clip->text : QStringLiteral("(inaudible)");
        const QList<QJsonObject> events{
            {{QStringLiteral("type"), QStringLiteral("conversation.item.input_audio_transcription.delta")},
             {QStringLiteral("item_id"), QString::fromLatin1(item)},
             {QStringLiteral("content_index"), 0},
             {QStringLiteral("delta"), text}},
            {{QStringLiteral("type"), QStringLiteral("conversation.item.input_audio_transcription.completed")},
             {QStringLiteral("item_id"), QString::fromLatin1(item)},
             {QStringLiteral("content_index"), 0},
             {QStringLiteral("transcript"), text},
             {QStringLiteral("usage"), QJsonObject{{QStringLiteral("type"), QStringLiteral("duration")}, {QStringLiteral("seconds"), 2}}}}};
        for (const QJsonObject &e : events) {
            if (m_server.m_options.lateTranscriptMs > 0)
                m_heldTranscripts << e; // after the reply (see finishResponse)
            else
                sendEvent(e);
        }
    }
    const QJsonObject vad = m_session.value(QLatin1String("audio"))
                                .toObject()
                                .value(QLatin1String("input"))
                                .toObject()
                                .value(QLatin1String("turn_detection"))
                                .toObject();
    if (vad.value(QLatin1String("create_response")).toBool(true) && !m_response) {
        m_greetingPending = false;
        const RealtimeSimOptions::Reply reply =
            clip ? m_server.m_options.replies.value(clip->name, m_server.m_options.unknownReply) : m_server.m_options.unknownReply;
        if (m_server.m_options.responseDelayMs > 0) {
            const QByteArray turn = item;
            QTimer::singleShot(m_server.m_options.responseDelayMs, this, [this, reply, turn] {
                // Not if the caller spoke again meanwhile, or something else started a response.
                if (!m_response && !m_inSpeech && m_lastItem == turn)
                    startResponse(reply, {});
            });
        } else {
            startResponse(reply, {});
        }
    }
}

} // namespace callgate::sim
