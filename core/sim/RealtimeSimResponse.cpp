// A simulated Realtime session's output side (see RealtimeSim.h): a response started, its audio
// streamed as deltas with transcript deltas faster than real time, and its end — completed,
// cancelled, or failed as the service fails a rate-limited one.

#include "sim/ClipLibrary.h"
#include "sim/RealtimeSimSession.h"

#include <QJsonArray>
#include <QTimer>

#include <cmath>

namespace callgate::sim {

void RealtimeSimSession::startResponse(const RealtimeSimOptions::Reply &reply, const QString &instructions)
{
    ++m_server.m_record.responsesCreated;
    m_server.m_record.responses.append({int(m_server.m_record.conversation.size()), instructions});
    Response r;
    r.id = newId("resp_");
    r.function = reply.function;
    if (!reply.clip.isEmpty()) {
        const Clip *clip = ClipLibrary::instance().find(reply.clip);
        r.itemId = newId("item_");
        r.text = clip ? clip->text : QString();
        r.audio = m_server.m_options.responseAudio ? m_server.m_options.responseAudio(reply.clip) : (clip ? clip->ulaw : QByteArray());
        m_generatedMs.insert(r.itemId, 0);
        m_server.m_record.conversation.append({r.itemId, QStringLiteral("assistant"), r.text, clip ? clip->durationMs() : 0, false});
    }
    if (!reply.function.isEmpty())
        m_afterFunctionClip = reply.thenClip;
    m_response = r;
    sendEvent({{QStringLiteral("type"), QStringLiteral("response.created")},
               {QStringLiteral("response"),
                QJsonObject{{QStringLiteral("id"), QString::fromLatin1(r.id)},
                            {QStringLiteral("object"), QStringLiteral("realtime.response")},
                            {QStringLiteral("status"), QStringLiteral("in_progress")},
                            {QStringLiteral("output"), QJsonArray()}}}});
    // Sent at the start of each response, the output tokens reserved.
    sendEvent({{QStringLiteral("type"), QStringLiteral("rate_limits.updated")},
               {QStringLiteral("rate_limits"),
                QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("requests")},
                                       {QStringLiteral("limit"), 5000},
                                       {QStringLiteral("remaining"), 4999},
                                       {QStringLiteral("reset_seconds"), 0.012}},
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("tokens")},
                                       {QStringLiteral("limit"), 800000},
                                       {QStringLiteral("remaining"), 795000},
                                       {QStringLiteral("reset_seconds"), 0.375}}}}});
    if (std::exchange(m_failNextResponse, false)) {
        if (!r.itemId.isEmpty())
            m_server.m_record.conversation.removeLast(); // nothing was said
        failResponse(QStringLiteral("rate_limit_exceeded"),
                     QStringLiteral("Rate limit reached for requests per minute (RPM): Limit 5000, Used 5000, Requested 1. Please try "
                                    "again in 12ms."));
        return;
    }
    if (!r.itemId.isEmpty()) {
        const QJsonObject item{{QStringLiteral("id"), QString::fromLatin1(r.itemId)},
                               {QStringLiteral("type"), QStringLiteral("message")},
                               {QStringLiteral("role"), QStringLiteral("assistant")},
                               {QStringLiteral("status"), QStringLiteral("in_progress")},
                               {QStringLiteral("content"), QJsonArray()}};
        sendEvent({{QStringLiteral("type"), QStringLiteral("response.output_item.added")},
                   {QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                   {QStringLiteral("output_index"), 0},
                   {QStringLiteral("item"), item}});
        sendEvent({{QStringLiteral("type"), QStringLiteral("conversation.item.added")}, {QStringLiteral("item"), item}});
        sendEvent({{QStringLiteral("type"), QStringLiteral("response.content_part.added")},
                   {QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                   {QStringLiteral("item_id"), QString::fromLatin1(r.itemId)},
                   {QStringLiteral("output_index"), 0},
                   {QStringLiteral("content_index"), 0},
                   {QStringLiteral("part"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("audio")}, {QStringLiteral("transcript"), QString()}}}});
        const auto stream = [this] {
            m_streamTimer.start(qMax(1, int(m_server.m_options.deltaMs / m_server.m_options.speedFactor)));
            streamNextDelta();
        };
        if (m_server.m_options.firstAudioDelayMs > 0) {
            QTimer::singleShot(m_server.m_options.firstAudioDelayMs, this, [this, id = r.id, stream] {
                if (m_response && m_response->id == id) // not cancelled meanwhile
                    stream();
            });
        } else {
            stream();
        }
    } else {
        finishResponse(QStringLiteral("completed"), {});
    }
}

void RealtimeSimSession::streamNextDelta()
{
    if (!m_response || m_response->itemId.isEmpty())
        return;
    Response &r = *m_response;
    const qint64 chunk = qint64(m_server.m_options.deltaMs) * 8;
    if (r.sentBytes < r.audio.size()) {
        const QByteArray piece = r.audio.mid(r.sentBytes, chunk);
        r.sentBytes += piece.size();
        m_generatedMs[r.itemId] = r.sentBytes / 8;
        const QJsonObject ids{{QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                              {QStringLiteral("item_id"), QString::fromLatin1(r.itemId)},
                              {QStringLiteral("output_index"), 0},
                              {QStringLiteral("content_index"), 0}};
        QJsonObject delta = ids;
        delta.insert(QStringLiteral("type"), QStringLiteral("response.output_audio.delta"));
        delta.insert(QStringLiteral("delta"), QString::fromLatin1(piece.toBase64()));
        if (m_server.m_options.onDeltaSent)
            m_server.m_options.onDeltaSent(piece);
        sendEvent(delta);
        const QStringList words = r.text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const int due = int(std::ceil(double(words.size()) * double(r.sentBytes) / double(qMax<qsizetype>(1, r.audio.size()))));
        if (due > r.wordsSent) {
            QJsonObject t = ids;
            t.insert(QStringLiteral("type"), QStringLiteral("response.output_audio_transcript.delta"));
            t.insert(QStringLiteral("delta"),
                     QString((r.wordsSent ? QStringLiteral(" ") : QString())
                             + words.mid(r.wordsSent, due - r.wordsSent).join(QLatin1Char(0x20))));
            sendEvent(t);
            r.wordsSent = due;
        }
        return;
    }
    finishResponse(QStringLiteral("completed"), {});
}

void RealtimeSimSession::finishResponse(const QString &status, const QString &reason)
{
    if (!m_response)
        return;
    m_streamTimer.stop();
    const Response r = *m_response;
    m_response.reset();
    m_lastResponseAudio = r.audio.left(16);
    QJsonArray output;
    if (!r.itemId.isEmpty()) {
        const QJsonObject ids{{QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                              {QStringLiteral("item_id"), QString::fromLatin1(r.itemId)},
                              {QStringLiteral("output_index"), 0},
                              {QStringLiteral("content_index"), 0}};
        QJsonObject done = ids;
        done.insert(QStringLiteral("type"), QStringLiteral("response.output_audio.done"));
        sendEvent(done);
        if (status == QLatin1String("completed")) {
            QJsonObject t = ids;
            t.insert(QStringLiteral("type"), QStringLiteral("response.output_audio_transcript.done"));
            t.insert(QStringLiteral("transcript"), r.text);
            sendEvent(t);
        }
        const QJsonObject item{
            {QStringLiteral("id"), QString::fromLatin1(r.itemId)},
            {QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("status"), status == QLatin1String("completed") ? QStringLiteral("completed") : QStringLiteral("incomplete")},
            {QStringLiteral("content"),
             QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("output_audio")}, {QStringLiteral("transcript"), r.text}}}}};
        sendEvent({{QStringLiteral("type"), QStringLiteral("response.output_item.done")},
                   {QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                   {QStringLiteral("output_index"), 0},
                   {QStringLiteral("item"), item}});
        sendEvent({{QStringLiteral("type"), QStringLiteral("conversation.item.done")}, {QStringLiteral("item"), item}});
        output.append(item);
        m_lastItem = r.itemId;
    }
    if (!r.function.isEmpty() && status == QLatin1String("completed")) {
        const QString callId = QString::fromLatin1(newId("call_"));
        const QString args = r.function == QLatin1String("escalate_to_agent")
            ? QStringLiteral("{\"reason\":\"the caller asked for a person\"}")
            : QStringLiteral("{\"reason\":\"the caller said goodbye\"}");
        const QJsonObject item{{QStringLiteral("id"), QString::fromLatin1(newId("item_"))},
                               {QStringLiteral("type"), QStringLiteral("function_call")},
                               {QStringLiteral("status"), QStringLiteral("completed")},
                               {QStringLiteral("call_id"), callId},
                               {QStringLiteral("name"), r.function},
                               {QStringLiteral("arguments"), args}};
        const int index = output.size();
        sendEvent({{QStringLiteral("type"), QStringLiteral("response.output_item.added")},
                   {QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                   {QStringLiteral("output_index"), index},
                   {QStringLiteral("item"), item}});
        sendEvent({{QStringLiteral("type"), QStringLiteral("response.function_call_arguments.done")},
                   {QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                   {QStringLiteral("item_id"), item.value(QLatin1String("id"))},
                   {QStringLiteral("output_index"), index},
                   {QStringLiteral("call_id"), callId},
                   {QStringLiteral("name"), r.function},
                   {QStringLiteral("arguments"), args}});
        sendEvent({{QStringLiteral("type"), QStringLiteral("response.output_item.done")},
                   {QStringLiteral("response_id"), QString::fromLatin1(r.id)},
                   {QStringLiteral("output_index"), index},
                   {QStringLiteral("item"), item}});
        output.append(item);
    }
    QJsonObject response{
        {QStringLiteral("id"), QString::fromLatin1(r.id)},
        {QStringLiteral("object"), QStringLiteral("realtime.response")},
        {QStringLiteral("status"), status},
        {QStringLiteral("output"), output},
        {QStringLiteral("usage"),
         QJsonObject{{QStringLiteral("total_tokens"), 100}, {QStringLiteral("input_tokens"), 60}, {QStringLiteral("output_tokens"), 40}}}};
    if (!reason.isEmpty())
        response.insert(QStringLiteral("status_details"),
                        QJsonObject{{QStringLiteral("type"), status}, {QStringLiteral("reason"), reason}});
    sendEvent({{QStringLiteral("type"), QStringLiteral("response.done")}, {QStringLiteral("response"), response}});
    if (!m_heldTranscripts.isEmpty())
        QTimer::singleShot(m_server.m_options.lateTranscriptMs, this, [this, held = std::exchange(m_heldTranscripts, {})] {
            for (const QJsonObject &e : held)
                sendEvent(e);
        });
}

void RealtimeSimSession::failResponse(const QString &code, const QString &message)
{
    const Response r = *std::exchange(m_response, std::nullopt);
    const QJsonObject error{
        {QStringLiteral("type"), QStringLiteral("rate_limit_error")}, {QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    sendEvent({{QStringLiteral("type"), QStringLiteral("response.done")},
               {QStringLiteral("response"),
                QJsonObject{{QStringLiteral("id"), QString::fromLatin1(r.id)},
                            {QStringLiteral("object"), QStringLiteral("realtime.response")},
                            {QStringLiteral("status"), QStringLiteral("failed")},
                            {QStringLiteral("status_details"),
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("failed")}, {QStringLiteral("error"), error}}},
                            {QStringLiteral("output"), QJsonArray()}}}});
}

} // namespace callgate::sim
