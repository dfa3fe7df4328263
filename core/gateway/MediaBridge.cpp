#include "gateway/MediaBridge.h"

#include "audio/CallAudioTap.h"
#include "audio/CallRecorder.h"
#include "call/CallObservers.h"
#include "config/Config.h"
#include "content/PromptLibrary.h"
#include "gateway/CallControl.h"
#include "gateway/CallServices.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "gateway/ServiceHealth.h"
#include "net/WsConnection.h"
#include "openai/Logging.h"
#include "openai/RealtimeClient.h"
#include "twilio/Logging.h"
#include "twilio/MediaStreamMessages.h"
#include "util/PhoneMask.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace callgate {
namespace {

constexpr size_t kMaxEarlyFrames = 100; // 2 s of caller audio while the AI session opens

qint64 decodedSize(QByteArrayView base64)
{
    qint64 n = base64.size() / 4 * 3;
    if (base64.endsWith("=="))
        n -= 2;
    else if (base64.endsWith('='))
        n -= 1;
    return n;
}

// The Realtime API publishes no per-item limit; long prompts go in pieces this size: the first as
// the session's instructions, the rest as system messages before the greeting.
constexpr int kInstructionChars = 16000;
constexpr int kMessageChars = 4000;

QString lastDigits(const QString &number, int n) { return number.size() > n ? number.right(n) : number; }

} // namespace

MediaBridge::MediaBridge(const CallServices &services, SessionInfo session, std::unique_ptr<net::WsConnection> twilio,
                         twilio::RestClient *rest)
    : m_services(services), m_session(std::move(session)), m_twilio(std::move(twilio)),
      m_control(std::make_unique<CallControl>(services.config, services.callerText, services.metrics, m_session, rest)),
      m_warnings(&services.metrics.logLinesSuppressed)
{
    m_agentWait.setSingleShot(true);
    connect(&m_agentWait, &QTimer::timeout, this, &MediaBridge::onAgentWaitOver);
    m_agentPump.setInterval(10);
    m_agentPump.setTimerType(Qt::PreciseTimer);
    connect(&m_agentPump, &QTimer::timeout, this, &MediaBridge::pumpAgentAudio);
    m_clock.start();
    m_twilio->onMessage = [this](QByteArrayView message, bool isText) {
        if (isText) {
            onTwilioMessage(message);
            return;
        }
        // Twilio speaks JSON text only; a binary message is refused and the call goes on.
        m_services.metrics.reject(RejectReason::BinaryMessage);
        if (m_warnings.allow())
            qCWarning(lcTwilio).noquote() << "call" << m_session.callSid << "binary stream message of" << message.size()
                                          << QStringLiteral("bytes refused") + m_warnings.suffix();
    };
    connect(m_twilio.get(), &net::WsConnection::closed, this, [this](quint16 code, const QString &reason) {
        if (m_twilio->overflowed())
            m_services.metrics.reject(RejectReason::SlowPeer);
        if (m_stopSeen)
            finish(m_outcomeAtStop, QStringLiteral("Twilio sent stop"));
        else
            finish(CallOutcome::StreamClosed, QStringLiteral("Twilio socket closed without stop (%1 %2)").arg(code).arg(reason));
    });

    const Config &c = m_services.config;
    openai::RealtimeClient::Options o;
    o.url = c.openAiRealtimeUrl;
    o.apiKey = c.openAiApiKey;
    o.session.model = c.openAiModel;
    o.session.voice = c.openAiVoice;
    o.session.reasoningEffort = c.openAiReasoningEffort;
    o.session.transcriptionModel = c.openAiTranscriptionModel;
    const QStringList pieces = chunkText(instructions(), kInstructionChars);
    o.session.instructions = pieces.value(0);
    for (const QString &piece : pieces.mid(1))
        m_extraInstructions += chunkText(piece, kMessageChars);
    o.session.tools = openai::gatewayTools();
    m_ai = std::make_unique<openai::RealtimeClient>(o);
    m_ai->onEvent = [this](const openai::ServerEvent &e) { onAiEvent(e); };
    m_ai->onAudioDelta = [this](const openai::AudioDeltaView &d) { onAiAudio(d); };
    m_ai->onReady = [this] { onAiReady(); };
    m_ai->onClosed = [this](const QString &reason) {
        if (m_ai->overflowed())
            m_services.metrics.reject(RejectReason::SlowPeer);
        m_services.health.setOpenAiStatus(false, reason);
        if (m_agentJoined) {
            // A person has the call: it goes on without the AI (handing back then ends it).
            qCWarning(lcBridge).noquote() << "call" << m_session.callSid << "lost its OpenAI session during a takeover:" << reason;
            m_aiLost = reason;
            return;
        }
        finish(CallOutcome::OpenAiFailed, QStringLiteral("OpenAI session closed: ") + reason);
    };
    // Open the AI side at once, in parallel with Twilio's start message.
    m_ai->connectToService();
    // The call exists from the moment its stream is accepted (the webhook told us who calls).
    auto started = event(CallEvent::Kind::Started);
    started.verification = m_session.verification;
    started.customer = m_session.customer;
    m_services.events.publish(started);
}

MediaBridge::~MediaBridge() = default;

QString MediaBridge::instructions() const
{
    QString text = m_services.prompts.get(PromptKind::System).text;
    const CallerVerification &v = m_session.verification;
    const CustomerInfo &c = m_session.customer;
    QStringList facts;
    if (!v.number.isEmpty())
        facts << QStringLiteral("The caller's mobile number (ending in %1) was verified by %2.")
                     .arg(lastDigits(v.number, 4),
                          v.source == QLatin1String("caller-id") ? QStringLiteral("caller ID") : QStringLiteral("keypad entry"));
    if (c.found) {
        if (!c.name.isEmpty())
            facts << QStringLiteral("The caller is %1, a known customer.").arg(c.name);
        QStringList fields;
        for (const auto &[key, value] : c.fields)
            fields << key + QStringLiteral(": ") + value;
        if (!fields.isEmpty())
            facts << QStringLiteral("Their account: %1.").arg(fields.join(QStringLiteral("; ")));
    }
    if (!facts.isEmpty())
        text += QStringLiteral("\n\nAbout this call: ") + facts.join(QLatin1Char(' '));
    return text;
}

CallEvent MediaBridge::event(CallEvent::Kind kind) const
{
    CallEvent e;
    e.kind = kind;
    e.sessionId = m_session.id;
    e.callSid = m_session.callSid;
    e.caller = m_session.from;
    e.phase = m_phase;
    e.at = QDateTime::currentDateTimeUtc();
    return e;
}

void MediaBridge::setPhase(CallPhase phase)
{
    if (phase == m_phase)
        return;
    m_phase = phase;
    m_services.events.publish(event(CallEvent::Kind::PhaseChanged));
}

// ---- Twilio side ------------------------------------------------------------------------------

void MediaBridge::onTwilioMessage(QByteArrayView message)
{
    twilio::MediaView fast;
    if (twilio::parseMediaFast(message, fast)) {
        if (fast.isMark)
            onTwilioMark(fast.markName);
        else
            onTwilioMedia(fast.payload);
        return;
    }
    const twilio::StreamEvent e = twilio::parseStreamEvent(message);
    using T = twilio::StreamEvent::Type;
    switch (e.type) {
    case T::Media: onTwilioMedia(e.payload); return;
    case T::Mark: onTwilioMark(e.markName); return;
    case T::Start: onTwilioStart(e); return;
    case T::Dtmf:
        if (m_services.events.wantProtocolEvents())
            m_services.events.publish([&] {
                auto ev = event(CallEvent::Kind::Protocol);
                ev.text = QStringLiteral("dtmf ") + QString::fromLatin1(e.digit);
                return ev;
            }());
        if (e.digit == "0")
            escalate(QStringLiteral("caller pressed 0"));
        return;
    case T::Stop:
        m_stopSeen = true;
        finish(m_outcomeAtStop, QStringLiteral("Twilio sent stop"));
        return;
    case T::Connected: return;
    case T::Unknown:
        m_services.metrics.unknownEvents.fetch_add(1, std::memory_order_relaxed);
        qCDebug(lcTwilio) << "unknown stream event ignored:" << e.eventName;
        return;
    case T::BadMedia:
        m_services.metrics.reject(RejectReason::BadMediaPayload);
        if (m_warnings.allow())
            qCWarning(lcTwilio).noquote() << "call" << m_session.callSid << "media message refused:" << e.error + m_warnings.suffix();
        return;
    case T::Malformed:
        m_services.metrics.malformedMessages.fetch_add(1, std::memory_order_relaxed);
        if (m_warnings.allow())
            qCWarning(lcTwilio).noquote() << "call" << m_session.callSid
                                          << "malformed stream message ignored:" << e.error + m_warnings.suffix();
        return;
    }
}

void MediaBridge::onTwilioStart(const twilio::StreamEvent &e)
{
    if (m_started)
        return;
    if (!m_session.callSid.isEmpty() && e.callSid != m_session.callSid.toUtf8()) {
        qCWarning(lcTwilio).noquote() << "stream start for call" << e.callSid << "on the session of" << m_session.callSid;
        end(CallOutcome::StreamClosed);
        return;
    }
    m_started = true;
    m_streamSid = e.streamSid;
    // Recorded only with the caller's consent, which the caller flow took before the stream.
    if (CallRecorder *recorder = m_services.recorder; recorder && !m_session.verification.consentVersion.isEmpty())
        m_recording = std::make_unique<CallRecording>(*recorder, m_session.callSid);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "from" << maskPhone(m_session.from) << "stream started";
    greetWhenBothSidesAreReady();
}

void MediaBridge::onTwilioMedia(QByteArrayView payload)
{
    m_services.metrics.mediaFramesFromTwilio.add();
    if (m_recording || !m_taps.empty()) {
        const QByteArray ulaw = QByteArray::fromBase64(payload.toByteArray());
        if (m_recording)
            m_recording->callerFrame(ulaw);
        tapCaller(ulaw);
    }
    // Also while the call waits for or talks to a person: the AI does not reply then (see
    // escalate and agentTookOver), but it hears and transcribes the caller and keeps the context.
    if (m_ai->isReady()) {
        // Twilio's base64 goes out as it came: no decode.
        m_ai->appendAudio(payload);
        m_services.metrics.audioAppendsToOpenAi.add();
        return;
    }
    m_earlyFrames.push_back(payload.toByteArray());
    if (m_earlyFrames.size() > kMaxEarlyFrames)
        m_earlyFrames.pop_front();
}

void MediaBridge::onTwilioMark(QByteArrayView name)
{
    m_playback.markEchoed(name, nowMs());
    // The caller has heard everything the assistant said: it listens again.
    if (m_phase == CallPhase::AssistantSpeaking && !m_playback.audioPending(nowMs()) && m_activeResponse.isEmpty())
        setPhase(CallPhase::Listening);
    if (m_endAfterPlayback && !m_playback.audioPending(nowMs()) && m_activeResponse.isEmpty())
        hangUpThroughTwilio();
}

bool MediaBridge::isCancelled(QByteArrayView responseId) const
{
    for (const QByteArray &id : m_cancelledResponses) {
        if (id == responseId)
            return true;
    }
    return false;
}

void MediaBridge::sendToTwilio(const QByteArray &message)
{
    if (m_twilio && !m_streamSid.isEmpty())
        m_twilio->sendText(message);
}

void MediaBridge::sendMark(bool force)
{
    const QByteArray name = m_playback.nextMark(nowMs(), force);
    if (!name.isEmpty())
        sendToTwilio(twilio::markMessage(m_streamSid, name));
}

// ---- OpenAI side ------------------------------------------------------------------------------

void MediaBridge::onAiReady()
{
    m_services.health.setOpenAiStatus(true, QStringLiteral("session ready"));
    for (const QByteArray &frame : m_earlyFrames) {
        m_ai->appendAudio(frame);
        m_services.metrics.audioAppendsToOpenAi.add();
    }
    m_earlyFrames.clear();
    for (const QString &piece : std::exchange(m_extraInstructions, {}))
        m_ai->send(openai::systemMessage(piece));
    if (m_escalated) {
        m_ai->setAutoResponses(false); // a person has (or will have) the call
        return;
    }
    setPhase(CallPhase::Listening);
    greetWhenBothSidesAreReady();
}

void MediaBridge::greetWhenBothSidesAreReady()
{
    // The greeting's audio needs Twilio's streamSid: without it the first words would be lost.
    if (m_greeted || !m_started || !m_ai->isReady())
        return;
    m_greeted = true;
    QString greet = QStringLiteral("Begin the call by saying this greeting to the caller: \"%1\"")
                        .arg(m_services.prompts.get(PromptKind::Greeting).text);
    if (m_session.customer.found && !m_session.customer.name.isEmpty())
        greet += QStringLiteral(" The caller is %1; greet them by name.").arg(m_session.customer.name);
    requestResponse(greet);
}

void MediaBridge::requestResponse(const QString &instructions)
{
    if (!m_activeResponse.isEmpty()) {
        // Never a second response.create while one is active: ask again at response.done.
        m_responseWanted = true;
        m_wantedInstructions = instructions;
        return;
    }
    m_activeResponse = "pending"; // until response.created names it
    m_ai->send(openai::responseCreate(instructions));
}

void MediaBridge::onAiEvent(const openai::ServerEvent &e)
{
    using T = openai::ServerEvent::Type;
    if (m_services.events.wantProtocolEvents() && e.type != T::AudioDelta && e.type != T::AudioTranscriptDelta) {
        auto ev = event(CallEvent::Kind::Protocol);
        ev.text = QString::fromLatin1(e.typeName);
        m_services.events.publish(ev);
    }
    switch (e.type) {
    case T::AudioDelta: // only when the fast path could not read it
        onAiAudio(openai::AudioDeltaView{e.responseId, e.itemId, e.delta});
        return;
    case T::AudioDone:
        if (e.responseId == m_activeResponse)
            m_activeAudioDone = true; // nothing left to cancel in it
        if (!isCancelled(e.responseId))
            sendMark(true); // the end of this item: its echo means the caller heard it all
        return;
    case T::SpeechStarted: onSpeechStarted(); return;
    case T::SpeechStopped:
        if (m_escalated)
            return; // a person is (or will be) answering: no turn for the AI
        m_speechStoppedNs = m_clock.nsecsElapsed();
        setPhase(CallPhase::Listening);
        return;
    case T::ResponseCreated:
        m_activeResponse = e.responseId;
        m_activeAudioDone = false;
        return;
    case T::ResponseDone:
        m_activeResponse.clear();
        if (m_responseWanted) {
            m_responseWanted = false;
            requestResponse(m_wantedInstructions);
        } else if (m_endAfterPlayback && !m_playback.audioPending(nowMs())) {
            hangUpThroughTwilio();
        }
        return;
    case T::InputTranscriptDelta:
    case T::AudioTranscriptDelta: {
        if (isCancelled(e.responseId))
            return;
        auto ev = event(CallEvent::Kind::TranscriptDelta);
        ev.speaker = e.type == T::InputTranscriptDelta ? Speaker::Caller : Speaker::Assistant;
        ev.itemId = e.itemId;
        ev.text = QString::fromUtf8(e.delta);
        m_services.events.publish(ev);
        return;
    }
    case T::InputTranscriptCompleted:
    case T::AudioTranscriptDone: {
        auto ev = event(CallEvent::Kind::TranscriptFinal);
        ev.speaker = e.type == T::InputTranscriptCompleted ? Speaker::Caller : Speaker::Assistant;
        ev.itemId = e.itemId;
        ev.text = e.text;
        m_services.events.publish(ev);
        qCDebug(lcBridge).noquote() << "call" << m_session.callSid << (ev.speaker == Speaker::Caller ? "caller:" : "assistant:") << e.text;
        return;
    }
    case T::FunctionCallArgumentsDone: onFunctionCall(e); return;
    case T::Error:
        if (e.errorCode == "response_cancel_not_active") {
            // Our cancel crossed the response's end on the wire: harmless.
            qCDebug(lcOpenAi) << "cancel arrived after the response had finished";
            return;
        }
        qCWarning(lcOpenAi).noquote() << "call" << m_session.callSid << "OpenAI error" << e.errorCode << ":" << e.text;
        if (e.errorCode == "session_expired")
            finish(CallOutcome::OpenAiFailed, QStringLiteral("OpenAI session expired"));
        return;
    case T::Malformed:
        m_services.metrics.malformedMessages.fetch_add(1, std::memory_order_relaxed);
        if (m_warnings.allow())
            qCWarning(lcOpenAi).noquote() << "call" << m_session.callSid
                                          << "malformed OpenAI event ignored:" << e.text + m_warnings.suffix();
        return;
    default: return;
    }
}

void MediaBridge::onAiAudio(const openai::AudioDeltaView &e)
{
    m_services.metrics.audioDeltasFromOpenAi.add();
    // (The delta is base64: the fast path or the full parse checked it.)
    if (isCancelled(e.responseId) || m_streamSid.isEmpty())
        return;
    const qint64 now = nowMs();
    if (m_speechStoppedNs >= 0) {
        const double latency = double(m_clock.nsecsElapsed() - m_speechStoppedNs) / 1e6;
        m_speechStoppedNs = -1;
        m_services.metrics.turnLatency.observe(latency);
        auto ev = event(CallEvent::Kind::TurnLatency);
        ev.valueMs = latency;
        m_services.events.publish(ev);
    }
    // The delta's base64 goes to Twilio as it came, the moment it came; Twilio queues it.
    if (m_twilio)
        twilio::sendMedia(*m_twilio, m_streamSid, e.delta);
    if (m_recording || !m_taps.empty()) {
        const QByteArray ulaw = QByteArray::fromBase64(e.delta.toByteArray());
        if (m_recording)
            m_recording->assistantAudio(ulaw);
        tapOther(ulaw);
    }
    m_services.metrics.mediaFramesToTwilio.add();
    m_playback.audioSent(e.itemId, decodedSize(e.delta), now);
    sendMark(false);
    if (!m_escalated)
        setPhase(CallPhase::AssistantSpeaking);
}

MediaBridge::Interruption MediaBridge::interruptAssistant()
{
    const qint64 now = nowMs();
    Interruption r;
    r.item = m_playback.currentItem();
    r.heardMs = m_playback.heardMs(now);
    r.audioCleared = m_playback.audioPending(now);
    r.responseCancelled = !m_activeResponse.isEmpty() && m_activeResponse != "pending" && !m_activeAudioDone;
    if (r.audioCleared) {
        sendToTwilio(twilio::clearMessage(m_streamSid));
        if (!r.item.isEmpty())
            m_ai->send(openai::itemTruncate(r.item, r.heardMs));
        m_playback.cleared(now);
        if (m_recording)
            m_recording->assistantCut();
        for (const auto &tap : m_taps)
            tap->otherCut();
    }
    if (r.responseCancelled) {
        m_ai->send(openai::responseCancel(m_activeResponse));
        m_cancelledResponses.push_back(m_activeResponse);
        if (m_cancelledResponses.size() > 8)
            m_cancelledResponses.erase(m_cancelledResponses.begin());
    }
    return r;
}

void MediaBridge::onSpeechStarted()
{
    if (m_escalated)
        return; // the caller hears the hold message or a person, not the AI: nothing to cut
    setPhase(CallPhase::CallerSpeaking);
    const Interruption cut = interruptAssistant();
    if (!cut.audioCleared && !cut.responseCancelled)
        return; // the assistant was silent: not a barge-in
    m_services.metrics.bargeIns.fetch_add(1, std::memory_order_relaxed);
    m_endAfterPlayback = false;
    auto ev = event(CallEvent::Kind::BargeIn);
    ev.itemId = cut.item;
    ev.valueMs = double(cut.heardMs);
    m_services.events.publish(ev);
    qCDebug(lcBridge).noquote() << "call" << m_session.callSid << "barge-in after" << cut.heardMs << "ms of" << cut.item
                                << "(playback delay" << m_playback.learnedDelayMs() << "ms)";
}

void MediaBridge::onFunctionCall(const openai::ServerEvent &e)
{
    QJsonObject output;
    if (e.functionName == QLatin1String("end_call")) {
        m_endAfterPlayback = true;
        output = {{QStringLiteral("ok"), true}, {QStringLiteral("note"), QStringLiteral("Say a short goodbye; the call ends after it.")}};
    } else if (e.functionName == QLatin1String("escalate_to_agent")) {
        output = {{QStringLiteral("ok"), true},
                  {QStringLiteral("note"), QStringLiteral("The gateway tells the caller they are being connected.")}};
        m_ai->send(openai::functionCallOutput(e.callId, output));
        escalate(QStringLiteral("assistant: ")
                 + QJsonDocument::fromJson(e.text.toUtf8()).object().value(QLatin1String("reason")).toString().left(200));
        return;
    } else {
        output = {{QStringLiteral("error"), QStringLiteral("unknown function %1").arg(e.functionName)}};
    }
    m_ai->send(openai::functionCallOutput(e.callId, output));
    requestResponse();
}

// ---- Ending -----------------------------------------------------------------------------------

void MediaBridge::end(CallOutcome outcome)
{
    if (m_twilio && m_twilio->isOpen())
        m_twilio->close(1000, outcome == CallOutcome::Drained ? "gateway shutting down" : "call ended");
    finish(outcome, QStringLiteral("ended by the gateway"));
}

void MediaBridge::finish(CallOutcome outcome, const QString &why)
{
    if (m_finished)
        return;
    m_finished = true;
    m_phase = CallPhase::Ended;
    if (m_ai)
        m_ai->close();
    if (m_twilio && m_twilio->isOpen())
        m_twilio->close(1000, "call ended");
    m_agentWait.stop();
    m_agentPump.stop();
    for (const auto &tap : m_taps)
        tap->markCallEnded();
    m_taps.clear();
    if (isWaitingForAgent())
        m_services.metrics.callsWaitingForAgent.fetch_sub(1, std::memory_order_relaxed);
    m_services.sessions.release(m_session.id);
    m_services.metrics.callEnded(outcome);
    m_control->textSummary(outcome, nowMs());
    if (m_recording) {
        const CallObservers *events = &m_services.events;
        CallEvent saved = event(CallEvent::Kind::RecordingSaved);
        m_recording->finish([events, saved](Result<QString> path) mutable {
            if (!path) {
                qCWarning(lcBridge).noquote() << "call" << saved.callSid << path.error();
                return;
            }
            saved.text = path.value();
            saved.at = QDateTime::currentDateTimeUtc();
            events->publish(saved);
        });
    }
    auto ev = event(CallEvent::Kind::Ended);
    ev.text = QLatin1String(callOutcomeName(outcome));
    ev.detail = why;
    m_services.events.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "ended:" << callOutcomeName(outcome) << "-" << why;
    Q_EMIT finished(this);
}

} // namespace callgate
