#include "sim/LiveSimSession.h"

#include "audio/G711.h"
#include "sim/ClipLibrary.h"
#include "sim/FrameTag.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QStringDecoder>

#include <limits>

namespace callgate::sim {
using namespace livesim;
namespace {

// The simulator's estimate of tokens: four characters each.
constexpr qsizetype kInstructionsChars = 16384 * 4;
constexpr qsizetype kInputChars = 8192 * 4;
constexpr qsizetype kAppendChars = 500 * 4;

// Keys an object may have; the first it has beyond them, else empty.
QString unknownKey(const QJsonObject &o, std::initializer_list<const char *> allowed)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool known = false;
        for (const char *k : allowed)
            known = known || it.key() == QLatin1String(k);
        if (!known)
            return it.key();
    }
    return {};
}

} // namespace

LiveSimSession::LiveSimSession(RealtimeSimServer &server, std::unique_ptr<net::WsConnection> ws) : SimSession(server, std::move(ws))
{
    m_ws->onMessage = [this](QByteArrayView message, bool) { onMessage(message); };
    connect(m_ws.get(), &net::WsConnection::closed, this, [this] {
        m_streamTimer.stop();
        m_lifetime.stop();
    });
    connect(&m_streamTimer, &QTimer::timeout, this, &LiveSimSession::streamNext);
    m_lifetime.setSingleShot(true);
    connect(&m_lifetime, &QTimer::timeout, this, [this] { inject(RealtimeFault::SessionExpired); });
}

qint64 LiveSimSession::responseTag() const
{
    if (!m_speech)
        return -1;
    return streamOf(m_speech->audio);
}

void LiveSimSession::sendEvent(QJsonObject event)
{
    if (m_stalled || !isOpen())
        return;
    event.insert(S("event_id"), QString::fromLatin1(newId("event_")));
    m_ws->sendText(QJsonDocument(event).toJson(QJsonDocument::Compact));
}

void LiveSimSession::sendError(const QString &type, const QString &code, const QString &message, const QJsonValue &clientEventId,
                               const QJsonValue &param)
{
    m_server.m_record.errorsSent.append(message);
    QJsonObject error{{S("type"), type}, {S("code"), code}, {S("message"), message}, {S("param"), param}};
    if (!clientEventId.isUndefined() && !clientEventId.isNull())
        error.insert(S("client_event_id"), clientEventId);
    sendEvent({{S("type"), S("error")}, {S("error"), error}});
}

void LiveSimSession::inject(RealtimeFault fault)
{
    if (!isOpen() || m_stalled)
        return;
    m_server.m_record.faults.append(fault);
    const auto fail = [this](const char *type, const char *code, const QString &message, quint16 closeCode) {
        sendError(QLatin1String(type), QLatin1String(code), message, QJsonValue::Null);
        m_streamTimer.stop();
        m_ws->close(closeCode, code);
    };
    switch (fault) {
    case RealtimeFault::Abort:
        m_streamTimer.stop();
        m_ws->abort();
        return;
    case RealtimeFault::Close1011:
        m_streamTimer.stop();
        m_ws->close(1011, "internal error");
        return;
    case RealtimeFault::Stall:
        m_streamTimer.stop();
        m_stalled = true;
        m_ws->stall();
        return;
    case RealtimeFault::ServerError:
        fail("server_error", "server_error", S("The server had an error while processing your request. Sorry about that!"), 1011);
        return;
    case RealtimeFault::InvalidRequest:
        sendError(S("invalid_request_error"), S("invalid_value"), S("Invalid value: something the client sent earlier."), QJsonValue::Null);
        return;
    case RealtimeFault::RateLimited:
        // GPT-Live has no per-reply rate limit (billing is per second); the nearest documented
        // thing is an error event that leaves the session open.
        sendError(S("rate_limit_error"), S("rate_limit_exceeded"), S("Rate limit reached. Please try again shortly."), QJsonValue::Null);
        return;
    case RealtimeFault::QuotaExceeded:
        fail("insufficient_quota", "insufficient_quota", S("You exceeded your current quota, please check your plan and billing details."),
             1008);
        return;
    case RealtimeFault::SessionExpired: closeSession(S("expired"), 1000); return;
    case RealtimeFault::UnknownEvent: sendEvent({{S("type"), S("session.output_hologram.delta")}, {S("delta"), S("✨")}}); return;
    }
}

void LiveSimSession::closeSession(const QString &reason, quint16 code)
{
    m_streamTimer.stop();
    m_lifetime.stop();
    QJsonObject session = m_session;
    session.insert(S("status"), S("active")); // as documented: the snapshot still says active
    sendEvent({{S("type"), S("session.closed")},
               {S("reason"), reason},
               {S("session"), session},
               {S("usage"), QJsonObject{{S("seconds"), double(m_timelineMs) / 1000.0}}}});
    m_ws->close(code, reason.toUtf8());
}

// ---- What the client sends ------------------------------------------------------------------------

void LiveSimSession::onMessage(QByteArrayView message)
{
    if (m_stalled)
        return;
    const std::optional<QJsonObject> read = readClientEvent(message);
    if (!read)
        return;
    const QJsonObject &event = *read;
    const QString type = event.value(QLatin1String("type")).toString();
    const QJsonValue eventId = event.value(QLatin1String("event_id"));
    // Nothing before session.started (openai-live.md §2). The code is not documented; this one
    // says what happened.
    if (!m_started && type != QLatin1String("session.start")) {
        sendError(S("invalid_request_error"), S("session_not_started"),
                  S("The session has not started: send session.start and wait for session.started first."), eventId);
        return;
    }
    handle(event, type, eventId);
}

void LiveSimSession::handle(const QJsonObject &event, const QString &type, const QJsonValue &eventId)
{
    RealtimeSimRecord &rec = m_server.m_record;
    const auto strict = [&](std::initializer_list<const char *> allowed) {
        const QString extra = unknownKey(event, allowed);
        if (extra.isEmpty())
            return true;
        sendError(S("invalid_request_error"), S("unknown_parameter"), QStringLiteral("Unknown parameter: '%1'.").arg(extra), eventId,
                  extra);
        return false;
    };
    if (type == QLatin1String("session.input_audio.append")) {
        if (!strict({"type", "event_id", "audio"}))
            return;
        auto decoded = QByteArray::fromBase64Encoding(event.value(QLatin1String("audio")).toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            sendError(S("invalid_request_error"), S("invalid_value"), S("Invalid 'audio'. Expected base64-encoded audio."), eventId,
                      S("audio"));
            return;
        }
        onAudio(*decoded);
    } else if (type == QLatin1String("session.start")) {
        if (!strict({"type", "event_id", "session"}))
            return;
        if (m_started) {
            sendError(S("invalid_request_error"), S("session_already_started"), S("The session has already started."), eventId);
            return;
        }
        start(event.value(QLatin1String("session")).toObject(), eventId);
    } else if (type == QLatin1String("session.instructions.append") || type == QLatin1String("session.thinking.append")
               || type == QLatin1String("session.commentary.append")) {
        if (!strict({"type", "event_id", "content", "delegation_id"}))
            return;
        const QString content = event.value(QLatin1String("content")).toString();
        if (!event.contains(QLatin1String("delegation_id"))) {
            sendError(S("invalid_request_error"), S("missing_required_parameter"), S("Missing required parameter: 'delegation_id'."),
                      eventId, S("delegation_id"));
            return;
        }
        if (!event.value(QLatin1String("delegation_id")).isNull()) {
            // Only a client delegation's id may be named; this session delegates to Responses.
            sendError(S("invalid_request_error"), S("invalid_value"), S("Unknown delegation_id."), eventId, S("delegation_id"));
            return;
        }
        if (content.trimmed().isEmpty() || content.size() > kAppendChars) {
            sendError(S("invalid_request_error"), S("invalid_value"), S("'content' must be 1 to 500 tokens of text."), eventId,
                      S("content"));
            return;
        }
        const QString kind = type.mid(8).chopped(7); // "instructions", "thinking", "commentary"
        rec.liveAppends.append({kind, content});
        rec.conversation.append({newId("item_"), S("system"), content, 0, true});
        const qint64 endMs = m_timelineMs + 60 * qint64(words(content).size());
        sendEvent({{S("type"), QStringLiteral("session.%1.appended").arg(kind)},
                   {S("start_ms"), double(m_timelineMs)},
                   {S("end_ms"), double(endMs)},
                   {S("client_event_id"), eventId}});
        if (kind != QLatin1String("commentary"))
            return;
        // Said aloud, in the model's words: which clip, as the Realtime face picks for response.create.
        RealtimeSimOptions::Reply reply = m_server.m_options.unknownReply;
        for (const auto &[text, clip] : m_server.m_options.instructionClips) {
            if (content.contains(text, Qt::CaseInsensitive))
                reply = {clip, {}, {}};
        }
        if (m_greetingPending)
            reply = {m_server.m_options.greetingClip, {}, {}};
        else if (!m_afterFunctionClip.isEmpty())
            reply = {std::exchange(m_afterFunctionClip, QString()), {}, {}};
        ++rec.responsesCreated;
        rec.responses.append({int(rec.conversation.size()), content});
        say(reply.clip, content);
    } else if (type == QLatin1String("session.input_audio.mute") || type == QLatin1String("session.input_audio.unmute")) {
        if (!strict({"type", "event_id"}))
            return;
        m_muted = type.endsWith(QLatin1String(".mute"));
        sendEvent(
            {{S("type"), m_muted ? S("session.input_audio.muted") : S("session.input_audio.unmuted")}, {S("client_event_id"), eventId}});
    } else if (type == QLatin1String("response.item.create")) {
        if (!strict({"type", "event_id", "item"}))
            return;
        const QJsonObject item = event.value(QLatin1String("item")).toObject();
        const QString callId = item.value(QLatin1String("call_id")).toString();
        if (item.value(QLatin1String("type")).toString() == QLatin1String("function_call_output") && !m_pendingCalls.remove(callId)) {
            sendError(S("invalid_request_error"), S("invalid_value"), QStringLiteral("No tool call found with call_id %1.").arg(callId),
                      eventId, S("item.call_id"));
            return;
        }
        rec.createdItems.append(item);
    } else if (type == QLatin1String("response.create")) {
        if (!strict({"type", "event_id"}))
            return;
        // The backend goes on with the results; what it has to say, the voice says.
        if (!m_afterFunctionClip.isEmpty()) {
            ++rec.responsesCreated;
            rec.responses.append({int(rec.conversation.size()), QString()});
            say(std::exchange(m_afterFunctionClip, QString()), S("function result"));
        }
    } else if (type == QLatin1String("session.update")) {
        if (!strict({"type", "event_id", "session"}))
            return;
        const QJsonObject update = event.value(QLatin1String("session")).toObject();
        const QString other = unknownKey(update, {"delegation"});
        const QJsonObject delegation = update.value(QLatin1String("delegation")).toObject();
        const QString now = m_session.value(QLatin1String("delegation")).toObject().value(QLatin1String("type")).toString();
        if (!other.isEmpty() || (delegation.contains(QLatin1String("type")) && delegation.value(QLatin1String("type")).toString() != now)) {
            sendError(S("invalid_request_error"), S("immutable_field_update"),
                      S("Only delegation.responses may change after session startup."), eventId,
                      other.isEmpty() ? S("session.delegation.type") : QStringLiteral("session.%1").arg(other));
            return;
        }
        QJsonObject d = m_session.value(QLatin1String("delegation")).toObject();
        QJsonObject responses = d.value(QLatin1String("responses")).toObject();
        const QJsonObject changes = delegation.value(QLatin1String("responses")).toObject();
        for (auto it = changes.begin(); it != changes.end(); ++it)
            responses.insert(it.key(), *it);
        d.insert(S("responses"), responses);
        m_session.insert(S("delegation"), d);
        rec.lastSession = m_session;
        sendEvent({{S("type"), S("session.updated")}, {S("session"), m_session}, {S("client_event_id"), eventId}});
    } else if (type == QLatin1String("session.close")) {
        if (!strict({"type", "event_id"}))
            return;
        closeSession(S("close_requested"), 1000);
    } else {
        sendError(S("invalid_request_error"), S("invalid_value"),
                  QStringLiteral("Invalid value: '%1'. Unknown client event type.").arg(type), eventId, S("type"));
    }
}

QString LiveSimSession::checkStart(const QJsonObject &s, QString *param) const
{
    const auto fail = [param](const QString &where, const QString &why) {
        *param = where;
        return why;
    };
    if (const QString k = unknownKey(s, {"model", "instructions", "input", "audio", "delegation", "store", "client"}); !k.isEmpty())
        return fail(QStringLiteral("session.") + k, QStringLiteral("Unknown parameter: 'session.%1'.").arg(k));
    if (!s.value(QLatin1String("model")).isString())
        return fail(S("session.model"), S("Missing required parameter: 'session.model'."));
    if (s.value(QLatin1String("instructions")).toString().size() > kInstructionsChars)
        return fail(S("session.instructions"), S("'session.instructions' is longer than 16,384 tokens."));
    const QJsonObject audio = s.value(QLatin1String("audio")).toObject();
    if (const QString k = unknownKey(audio, {"format", "output"}); !k.isEmpty())
        return fail(QStringLiteral("session.audio.") + k, QStringLiteral("Unknown parameter: 'session.audio.%1'.").arg(k));
    if (audio.contains(QLatin1String("format"))) {
        const QJsonObject f = audio.value(QLatin1String("format")).toObject();
        if (const QString k = unknownKey(f, {"type", "rate"}); !k.isEmpty())
            return fail(QStringLiteral("session.audio.format.") + k,
                        QStringLiteral("Unknown parameter: 'session.audio.format.%1'.").arg(k));
        const QString type = f.value(QLatin1String("type")).toString();
        const int rate = f.value(QLatin1String("rate")).toInt(0);
        const bool g711 = type == QLatin1String("audio/pcmu") || type == QLatin1String("audio/pcma");
        const bool ok = (g711 && rate == 8000) || (type == QLatin1String("audio/pcm") && (rate == 24000 || rate == 16000));
        if (!ok)
            return fail(S("session.audio.format"),
                        S("Invalid 'session.audio.format': audio/pcm at 24000 or 16000, or audio/pcmu or audio/pcma at 8000."));
    }
    const QJsonObject output = audio.value(QLatin1String("output")).toObject();
    if (const QString k = unknownKey(output, {"voice"}); !k.isEmpty())
        return fail(QStringLiteral("session.audio.output.") + k, QStringLiteral("Unknown parameter: 'session.audio.output.%1'.").arg(k));
    const QJsonArray input = s.value(QLatin1String("input")).toArray();
    if (input.size() > 128)
        return fail(S("session.input"), S("'session.input' takes at most 128 messages."));
    qsizetype chars = 0;
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QJsonObject m = input.at(i).toObject();
        const QString where = QStringLiteral("session.input[%1]").arg(i);
        const QString role = m.value(QLatin1String("role")).toString();
        const QJsonArray content = m.value(QLatin1String("content")).toArray();
        if (m.value(QLatin1String("type")).toString() != QLatin1String("message"))
            return fail(where + S(".type"), S("Each 'session.input' item must be a message."));
        if (role != QLatin1String("developer") && role != QLatin1String("user") && role != QLatin1String("assistant"))
            return fail(where + S(".role"), QStringLiteral("Invalid role '%1': developer, user or assistant.").arg(role));
        if (content.size() != 1)
            return fail(where + S(".content"), S("Each 'session.input' message has exactly one text part."));
        const QString part = content.at(0).toObject().value(QLatin1String("type")).toString();
        const bool partOk = role == QLatin1String("assistant") ? (part == QLatin1String("text") || part == QLatin1String("output_text"))
                                                               : part == QLatin1String("input_text");
        if (!partOk)
            return fail(where + S(".content[0].type"), QStringLiteral("Invalid content type '%1' for role '%2'.").arg(part, role));
        chars += content.at(0).toObject().value(QLatin1String("text")).toString().size();
    }
    if (chars > kInputChars)
        return fail(S("session.input"), S("'session.input' is longer than 8,192 tokens."));
    const QJsonValue delegation = s.value(QLatin1String("delegation"));
    if (delegation.isObject()) {
        const QJsonObject d = delegation.toObject();
        const QString type = d.value(QLatin1String("type")).toString();
        if (type != QLatin1String("client") && type != QLatin1String("responses"))
            return fail(S("session.delegation.type"), S("Invalid 'session.delegation.type': client or responses."));
        if (type == QLatin1String("responses")) {
            const QJsonObject r = d.value(QLatin1String("responses")).toObject();
            if (const QString k = unknownKey(r,
                                             {"model", "instructions", "tools", "tool_choice", "parallel_tool_calls", "max_output_tokens",
                                              "reasoning", "text", "service_tier"});
                !k.isEmpty())
                return fail(QStringLiteral("session.delegation.responses.") + k,
                            QStringLiteral("Unknown parameter: 'session.delegation.responses.%1'.").arg(k));
            if (!r.value(QLatin1String("model")).isString())
                return fail(S("session.delegation.responses.model"),
                            S("Missing required parameter: 'session.delegation.responses.model'."));
            for (const QJsonValue &t : r.value(QLatin1String("tools")).toArray()) {
                const QString toolType = t.toObject().value(QLatin1String("type")).toString();
                if (toolType != QLatin1String("function") && toolType != QLatin1String("web_search"))
                    return fail(S("session.delegation.responses.tools"), QStringLiteral("Unsupported tool type '%1'.").arg(toolType));
            }
            const QString effort = r.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort")).toString(S("low"));
            if (!QStringList{S("none"), S("minimal"), S("low"), S("medium"), S("high"), S("xhigh")}.contains(effort))
                return fail(S("session.delegation.responses.reasoning.effort"),
                            QStringLiteral("Invalid reasoning effort '%1'.").arg(effort));
        }
    } else if (!delegation.isNull() && !delegation.isUndefined()) {
        return fail(S("session.delegation"), S("Invalid 'session.delegation'."));
    }
    return {};
}

void LiveSimSession::start(const QJsonObject &session, const QJsonValue &eventId)
{
    RealtimeSimRecord &rec = m_server.m_record;
    QString param;
    if (const QString why = checkStart(session, &param); !why.isEmpty()) {
        sendError(S("invalid_request_error"),
                  why.startsWith(QLatin1String("Unknown parameter")) ? S("unknown_parameter") : S("invalid_value"), why, eventId, param);
        return;
    }
    const QString model = session.value(QLatin1String("model")).toString();
    rec.sessionModels.append(model);
    // A Realtime model on this endpoint, or one not offered: refused as the REST API refuses it.
    if (!model.startsWith(QLatin1String("gpt-live")) || !m_server.offers(model)) {
        sendError(S("invalid_request_error"), S("model_not_found"),
                  QStringLiteral("The model '%1' does not exist or you do not have access to it.").arg(model), eventId, S("session.model"));
        m_ws->close(1008, "model_not_found");
        return;
    }
    m_started = true;
    m_session = session;
    m_session.insert(S("id"), QString::fromLatin1(newId("live_")));
    m_session.insert(S("status"), S("active"));
    m_session.insert(S("expires_at"), double((QDateTime::currentMSecsSinceEpoch() + m_server.m_options.sessionLifetimeMs) / 1000));
    QJsonObject audio = m_session.value(QLatin1String("audio")).toObject();
    if (!audio.contains(QLatin1String("format")))
        audio.insert(S("format"), QJsonObject{{S("type"), S("audio/pcm")}, {S("rate"), 24000}});
    QJsonObject output = audio.value(QLatin1String("output")).toObject();
    if (!output.contains(QLatin1String("voice")))
        output.insert(S("voice"), S("marin"));
    audio.insert(S("output"), output);
    m_session.insert(S("audio"), audio);
    if (!m_session.value(QLatin1String("delegation")).isObject())
        m_session.insert(S("delegation"), QJsonObject{{S("type"), S("client")}});
    if (!m_session.contains(QLatin1String("store")))
        m_session.insert(S("store"), false);
    rec.liveStarts.append(m_session);
    rec.lastSession = m_session;
    for (const QJsonValue &v : session.value(QLatin1String("input")).toArray()) {
        const QJsonObject m = v.toObject();
        QString role = m.value(QLatin1String("role")).toString();
        if (role == QLatin1String("developer"))
            role = S("system");
        else
            m_greetingPending = false; // a conversation carried over: no greeting in it
        rec.conversation.append({newId("item_"), role,
                                 m.value(QLatin1String("content")).toArray().at(0).toObject().value(QLatin1String("text")).toString(), 0,
                                 true});
    }
    sendEvent({{S("type"), S("session.started")}, {S("session"), m_session}, {S("client_event_id"), eventId}});
    m_lifetime.start(int(qMin<qint64>(m_server.m_options.sessionLifetimeMs, std::numeric_limits<int>::max())));
}

// ---- The caller's side -----------------------------------------------------------------------------

void LiveSimSession::onAudio(const QByteArray &bytes)
{
    countAppend(bytes);
    const QJsonObject format = m_session.value(QLatin1String("audio")).toObject().value(QLatin1String("format")).toObject();
    const qint64 bytesPerMs = format.value(QLatin1String("type")).toString() == QLatin1String("audio/pcm")
        ? format.value(QLatin1String("rate")).toInt(24000) / 500
        : 8;
    // Only μ-law is heard here (the gateway's format); other formats advance the timeline only.
    const bool heard = format.value(QLatin1String("type")).toString() == QLatin1String("audio/pcmu") && !m_muted;
    if (!heard) {
        m_timelineMs += bytes.size() / bytesPerMs;
        return;
    }
    m_pendingFrame += bytes;
    qsizetype pos = 0;
    for (; pos + 160 <= m_pendingFrame.size(); pos += 160) {
        const QByteArrayView window(m_pendingFrame.constData() + pos, 160);
        m_timelineMs += 20;
        const bool loud = audio::ulawRms(window) > m_server.m_options.vadRms;
        if (!m_inSpeech) {
            m_loudRunMs = loud ? m_loudRunMs + 20 : 0;
            if (m_loudRunMs >= 60) {
                m_inSpeech = true;
                m_silentRunMs = 0;
                m_heardClips.clear();
                m_wordsSent = 0;
                m_speechStartMs = m_timelineMs - m_loudRunMs;
            }
        }
        if (m_inSpeech) {
            // Full duplex: it yields to a caller who talks over it, by itself.
            if (m_speech && m_timelineMs - m_speechStartMs >= m_server.m_options.liveYieldAfterMs)
                stopSpeaking(true);
            if (const Clip *clip = ClipLibrary::instance().clipForFrame(window))
                ++m_heardClips[clip->name];
            m_silentRunMs = loud ? 0 : m_silentRunMs + 20;
            sendCallerWords(false);
            if (m_silentRunMs >= 500)
                callerStopped();
        }
    }
    m_pendingFrame.remove(0, pos);
}

const Clip *LiveSimSession::heardClip() const
{
    QString best;
    for (auto it = m_heardClips.cbegin(); it != m_heardClips.cend(); ++it) {
        if (best.isEmpty() || it.value() > m_heardClips.value(best))
            best = it.key();
    }
    return best.isEmpty() ? nullptr : ClipLibrary::instance().find(best);
}

void LiveSimSession::sendCallerWords(bool all)
{
    const Clip *clip = heardClip();
    const QStringList said = clip ? words(clip->text) : QStringList{S("(inaudible)")};
    const qint64 spanMs = clip ? qMax<qint64>(1, clip->durationMs()) : 200;
    const qint64 spokenMs = m_timelineMs - m_speechStartMs;
    // A word is written down once it has been heard (as a streaming recogniser does).
    const int due = all ? int(said.size()) : int(qMin<qint64>(said.size(), said.size() * spokenMs / spanMs));
    if (due <= m_wordsSent)
        return;
    const QString delta = (m_wordsSent ? S(" ") : QString()) + said.mid(m_wordsSent, due - m_wordsSent).join(QLatin1Char(' '));
    const qint64 startMs = m_speechStartMs + spanMs * m_wordsSent / said.size();
    const qint64 endMs = qMin(m_timelineMs, m_speechStartMs + spanMs * due / said.size());
    m_wordsSent = due;
    sendEvent({{S("type"), S("session.input_transcript.delta")},
               {S("delta"), delta},
               {S("start_ms"), double(startMs)},
               {S("end_ms"), double(qMax(startMs, endMs))}});
}

void LiveSimSession::callerStopped()
{
    m_inSpeech = false;
    m_loudRunMs = 0;
    sendCallerWords(true);
    const Clip *clip = heardClip();
    const QString text = S("(inaudible)");
    m_server.m_record.conversation.append({newId("item_"), S("user"), clip ? clip->text : text, 0, false});
    m_server.m_record.transcriptsSent.append({QDateTime::currentMSecsSinceEpoch(), clip ? clip->text : text});
    m_greetingPending = false;
    const RealtimeSimOptions::Reply reply =
        clip ? m_server.m_options.replies.value(clip->name, m_server.m_options.unknownReply) : m_server.m_options.unknownReply;
    const auto answer = [this, reply] {
        if (m_speech || m_inSpeech)
            return; // the caller spoke again, or something else is being said
        ++m_server.m_record.responsesCreated;
        m_server.m_record.responses.append({int(m_server.m_record.conversation.size()), QString()});
        if (!reply.function.isEmpty()) {
            m_afterFunctionClip = reply.thenClip;
            callFunction(reply.function);
        }
        if (!reply.clip.isEmpty())
            say(reply.clip, S("caller"));
    };
    if (m_server.m_options.responseDelayMs > 0)
        QTimer::singleShot(m_server.m_options.responseDelayMs, this, answer);
    else
        answer();
}

} // namespace callgate::sim
