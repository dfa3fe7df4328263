// A simulated GPT-Live session's output side (see LiveSimSession.h): what the model says, streamed at
// about real time with its words and no end event, stopped when the caller talks over it, and the
// gateway's tools called through the simulated Responses backend.

#include "sim/ClipLibrary.h"
#include "sim/LiveSimSession.h"

#include <QDateTime>
#include <QJsonArray>

#include <cmath>

namespace callgate::sim {
using namespace livesim;

// ---- The model's side ------------------------------------------------------------------------------

void LiveSimSession::say(const QString &clipName, const QString &why)
{
    Q_UNUSED(why)
    if (m_speech)
        stopSpeaking(false);
    m_greetingPending = false;
    const Clip *clip = ClipLibrary::instance().find(clipName);
    Speech s;
    s.clip = clipName;
    s.text = clip ? clip->text : QString();
    s.audio = m_server.m_options.responseAudio ? m_server.m_options.responseAudio(clipName) : (clip ? clip->ulaw : QByteArray());
    if (s.audio.isEmpty())
        return;
    m_server.m_record.conversation.append({newId("item_"), S("assistant"), s.text, clip ? clip->durationMs() : 0, false});
    m_speech = s;
    const int interval = qMax(1, int(m_server.m_options.deltaMs / m_server.m_options.liveSpeedFactor));
    if (m_server.m_options.firstAudioDelayMs > 0) {
        QTimer::singleShot(m_server.m_options.firstAudioDelayMs, this, [this, interval] {
            if (m_speech && m_speech->sentBytes == 0) {
                m_streamTimer.start(interval);
                streamNext();
            }
        });
        return;
    }
    m_streamTimer.start(interval);
    streamNext();
}

void LiveSimSession::streamNext()
{
    if (!m_speech || m_stalled || !isOpen()) {
        m_streamTimer.stop();
        return;
    }
    Speech &s = *m_speech;
    if (s.sentBytes >= s.audio.size()) {
        m_server.m_record.transcriptsSent.append({QDateTime::currentMSecsSinceEpoch(), s.text});
        m_speech.reset(); // no end event on GPT-Live: the audio just stops
        m_streamTimer.stop();
        return;
    }
    const QByteArray piece = s.audio.mid(s.sentBytes, qint64(m_server.m_options.deltaMs) * 8);
    s.sentBytes += piece.size();
    if (m_server.m_options.onDeltaSent)
        m_server.m_options.onDeltaSent(piece);
    // As documented for the primary socket: the type and the audio, nothing else.
    m_ws->sendText({"{\"type\":\"session.output_audio.delta\",\"delta\":\"", piece.toBase64(), "\"}"});
    const QStringList said = words(s.text);
    const int due = int(std::ceil(double(said.size()) * double(s.sentBytes) / double(qMax<qsizetype>(1, s.audio.size()))));
    if (due > s.wordsSent) {
        sendEvent(
            {{S("type"), S("session.output_transcript.delta")},
             {S("delta"), QString((s.wordsSent ? S(" ") : QString()) + said.mid(s.wordsSent, due - s.wordsSent).join(QLatin1Char(' ')))},
             {S("start_ms"), double(m_timelineMs)},
             {S("end_ms"), double(m_timelineMs + piece.size() / 8)}});
        s.wordsSent = due;
    }
}

void LiveSimSession::stopSpeaking(bool interrupted)
{
    m_streamTimer.stop();
    if (!m_speech)
        return;
    if (interrupted) {
        ++m_server.m_record.responsesCancelled;
        if (m_server.m_options.onResponseCancelled)
            m_server.m_options.onResponseCancelled(m_speech->audio);
    }
    m_speech.reset();
}

void LiveSimSession::callFunction(const QString &name)
{
    // The hosted backend calls only the tools the session gave it.
    bool offered = false;
    const QJsonObject responses = m_session.value(QLatin1String("delegation")).toObject().value(QLatin1String("responses")).toObject();
    for (const QJsonValue &t : responses.value(QLatin1String("tools")).toArray())
        offered = offered || t.toObject().value(QLatin1String("name")).toString() == name;
    if (!offered)
        return;
    const QString delegationId = QString::fromLatin1(newId("item_"));
    const QString responseId = QString::fromLatin1(newId("resp_"));
    const QString callId = QString::fromLatin1(newId("call_"));
    const QString args = name == QLatin1String("escalate_to_agent") ? S("{\"reason\":\"the caller asked for a person\"}")
                                                                    : S("{\"reason\":\"the caller said goodbye\"}");
    m_pendingCalls.insert(callId);
    sendEvent(
        {{S("type"), S("session.delegation.created")},
         {S("offset_ms"), double(m_timelineMs)},
         {S("delegation"),
          QJsonObject{
              {S("id"), delegationId}, {S("type"), S("delegation")}, {S("target"), S("responses")}, {S("response_id"), responseId}}}});
    const auto envelope = [&](const QJsonObject &inner) {
        sendEvent({{S("type"), S("response.event")}, {S("delegation_id"), delegationId}, {S("event"), inner}});
    };
    envelope(
        {{S("type"), S("response.created")},
         {S("sequence_number"), 0},
         {S("response"),
          QJsonObject{{S("id"), responseId}, {S("object"), S("response")}, {S("status"), S("in_progress")}, {S("output"), QJsonArray()}}}});
    envelope({{S("type"), S("response.output_item.done")},
              {S("sequence_number"), 1},
              {S("output_index"), 0},
              {S("item"),
               QJsonObject{{S("id"), QString::fromLatin1(newId("fc_"))},
                           {S("type"), S("function_call")},
                           {S("status"), S("completed")},
                           {S("call_id"), callId},
                           {S("name"), name},
                           {S("arguments"), args}}}});
    // Lifecycle snapshots carry no output (openai-live.md §9).
    envelope({{S("type"), S("response.completed")},
              {S("sequence_number"), 2},
              {S("response"),
               QJsonObject{{S("id"), responseId},
                           {S("object"), S("response")},
                           {S("status"), S("completed")},
                           {S("output"), QJsonArray()},
                           {S("tools"), QJsonArray()},
                           {S("instructions"), QJsonValue::Null}}}});
}

} // namespace callgate::sim
