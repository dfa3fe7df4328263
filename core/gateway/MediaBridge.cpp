#include "gateway/MediaBridge.h"

#include "audio/CallAudioTap.h"
#include "audio/CallRecorder.h"
#include "audio/G711.h"
#include "call/CallObservers.h"
#include "config/Config.h"
#include "content/PromptLibrary.h"
#include "gateway/CallControl.h"
#include "gateway/CallEnding.h"
#include "gateway/CallInstructions.h"
#include "gateway/CallServices.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "gateway/ServiceHealth.h"
#include "net/WsConnection.h"
#include "openai/Logging.h"
#include "openai/RealtimeEvents.h"
#include "openai/Transcriber.h"
#include "twilio/Logging.h"
#include "twilio/MediaStreamMessages.h"
#include "util/Base64.h"
#include "util/PhoneMask.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

namespace callgate {

MediaBridge::MediaBridge(const CallServices &services, SessionInfo session, std::unique_ptr<net::WsConnection> twilio,
                         twilio::RestClient *rest, openai::Transcriber *transcriber)
    : m_services(services), m_session(std::move(session)), m_twilio(std::move(twilio)),
      m_ending(std::make_unique<CallEnding>(
          std::make_unique<CallControl>(services.config, services.callerText, services.metrics, m_session, rest),
          services.config.twilioRestTimeoutMs, [this](CallOutcome outcome) { end(outcome); })),
      m_supervision(*this, m_taps, *m_ending, services.config, services.prompts, services.metrics, services.consoles, services.holdClip),
      m_gapCue(services.reconnectCue,
               {[this] { return !m_playback.audioPending(nowMs()); }, [this](QByteArrayView ulaw) { holdAudio(ulaw); },
                [this] { clearCallerAudio(); }}),
      m_warnings(&services.metrics.logLinesSuppressed), m_transcriber(transcriber)
{
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
        if (m_progress.stopSeen)
            finish(m_ending->outcomeAtStop(), m_ending->whyAtStop());
        else
            finish(CallOutcome::StreamClosed, QStringLiteral("Twilio socket closed without stop (%1 %2)").arg(code).arg(reason));
    });

    const Config &c = m_services.config;
    const CallInstructions told = callInstructions(m_services.prompts.get(PromptKind::System).text, m_session);
    AiLink::Settings ai = AiLink::settingsFor(c, told.session);
    AiLink::Hooks hooks;
    hooks.event = [this](const openai::ServerEvent &e) { onAiEvent(e); };
    hooks.audio = [this](const openai::AudioDeltaView &d) { onAiAudio(d); };
    hooks.ready = [this](const AiLink::Ready &r) { onAiReady(r); };
    hooks.dropped = [this](const QString &why) { onAiDropped(why); };
    hooks.lost = [this](const QString &why) { onAiLost(why); };
    hooks.atTurnBoundary = [this] { return atTurnBoundary(); };
    m_ai = std::make_unique<AiLink>(std::move(ai), std::move(hooks), m_services.metrics, m_session.callSid);
    for (const QString &piece : told.beforeGreeting)
        m_ai->addOpening(piece);
    m_cueDelay.setSingleShot(true);
    connect(&m_cueDelay, &QTimer::timeout, this, [this] {
        if (!m_supervision.escalated()) // a person, or hold audio, has the caller
            m_gapCue.start();
    });
    // Open the AI side at once, in parallel with Twilio's start message.
    m_ai->start();
    // The call exists from the moment its stream is accepted (the webhook told us who calls).
    auto started = callEvent(CallEvent::Kind::Started);
    started.verification = m_session.verification;
    started.customer = m_session.customer;
    m_services.events.publish(started);
}

MediaBridge::~MediaBridge() = default;

CallEvent MediaBridge::callEvent(CallEvent::Kind kind) const
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
    publish(callEvent(CallEvent::Kind::PhaseChanged));
}

void MediaBridge::publish(const CallEvent &event) { m_services.events.publish(event); }

bool MediaBridge::aiReady() const { return m_ai->isReady(); }

void MediaBridge::setAiReplies(bool on) { m_ai->setAutoResponses(on); }

void MediaBridge::noteToAi(const QString &text) { m_ai->addSystemNote(text); }

void MediaBridge::agentSpeechToAi(QByteArrayView ulaw, double seconds) { m_ai->addAgentSpeech(ulaw, seconds); }

void MediaBridge::transcribeAgent(const QByteArray &ulaw, const QByteArray &itemId, double seconds)
{
    // The turn's words come after the call may have ended: what they need is copied, and the
    // transcript line goes out through the gateway's observers whether or not the call is there.
    CallEvent line = callEvent(CallEvent::Kind::TranscriptFinal);
    line.speaker = Speaker::Agent;
    line.itemId = itemId;
    const QString length = QStringLiteral("[%1 s of speech]").arg(seconds, 0, 'f', 1);
    const CallObservers *events = &m_services.events;
    Metrics *metrics = &m_services.metrics;
    if (!m_transcriber) {
        line.text = length;
        events->publish(line);
        return;
    }
    QByteArray pcm(ulaw.size() * 2, Qt::Uninitialized);
    for (qsizetype i = 0; i < ulaw.size(); ++i) {
        const qint16 v = audio::ulawToLinear(uint8_t(ulaw[i]));
        pcm[2 * i] = char(v & 0xff);
        pcm[2 * i + 1] = char((v >> 8) & 0xff);
    }
    QPointer<MediaBridge> self(this);
    const QString callSid = m_session.callSid;
    m_transcriber->transcribe(pcm, m_services.config.callerLanguage, [=](Result<QString> text) mutable {
        if (text) {
            metrics->ai.agentTurnsTranscribed.fetch_add(1, std::memory_order_relaxed);
            line.text = text.value().isEmpty() ? length : text.value();
        } else {
            metrics->ai.agentTurnsNotTranscribed.fetch_add(1, std::memory_order_relaxed);
            qCWarning(lcBridge).noquote() << "call" << callSid << "a supervisor's turn was not transcribed:" << text.error();
            line.text = length;
        }
        events->publish(line);
        // An AI that takes no audio in its context (GPT-Live) learns the words too.
        if (self && text && !text.value().isEmpty() && self->m_ai->takesNoAudio())
            self->noteToAi(QStringLiteral("The live agent said to the caller: \"%1\"").arg(text.value()));
    });
}

void MediaBridge::reviveAi() { m_ai->retry(); }

void MediaBridge::askAi(const QString &instructions)
{
    if (!m_ai->isReady()) {
        m_responses.wantLater(instructions); // asked of the next session
        return;
    }
    // Never a second response.create while one is active: asked again at response.done.
    if (m_responses.want(instructions))
        m_ai->session()->askReply(instructions);
}

void MediaBridge::sendAudioToCaller(QByteArrayView ulaw)
{
    if (m_twilio && !m_streamSid.isEmpty()) {
        twilio::sendMedia(*m_twilio, m_streamSid, ulaw.toByteArray().toBase64());
        m_services.metrics.media.framesToTwilio.add();
    }
}

void MediaBridge::agentAudio(QByteArrayView ulaw)
{
    sendAudioToCaller(ulaw);
    if (m_recording)
        m_recording->assistantAudio(ulaw); // the right channel: the agent, where the AI was
}

bool MediaBridge::aiSilent() const { return !m_responses.active() && !m_playback.audioPending(nowMs()); }

void MediaBridge::holdAudio(QByteArrayView ulaw)
{
    sendAudioToCaller(ulaw);
    m_taps.otherAudio(ulaw); // a supervisor listening hears what the caller hears
}

void MediaBridge::clearCallerAudio()
{
    sendToTwilio(twilio::clearMessage(m_streamSid));
    m_taps.otherCut();
}

void MediaBridge::attachTap(std::shared_ptr<audio::CallAudioTap> tap)
{
    if (m_progress.finished) {
        tap->markCallEnded();
        return;
    }
    m_taps.attach(std::move(tap));
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
                auto ev = callEvent(CallEvent::Kind::Protocol);
                ev.text = QStringLiteral("dtmf ") + QString::fromLatin1(e.digit);
                return ev;
            }());
        if (e.digit == "0")
            m_supervision.escalate(QStringLiteral("caller pressed 0"));
        return;
    case T::Stop:
        m_progress.stopSeen = true;
        m_ai->flushAudio(); // the caller's last frames, if AI_AUDIO_FRAMES_PER_APPEND holds some
        finish(m_ending->outcomeAtStop(), m_ending->whyAtStop());
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
    if (m_progress.started)
        return;
    if (!m_session.callSid.isEmpty() && e.callSid != m_session.callSid.toUtf8()) {
        qCWarning(lcTwilio).noquote() << "stream start for call" << e.callSid << "on the session of" << m_session.callSid;
        end(CallOutcome::StreamClosed);
        return;
    }
    m_progress.started = true;
    m_streamSid = e.streamSid;
    // Recorded only with the caller's consent, which the caller flow took before the stream.
    if (CallRecorder *recorder = m_services.recorder; recorder && !m_session.verification.consentVersion.isEmpty())
        m_recording = std::make_unique<CallRecording>(*recorder, m_session.callSid);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "from" << maskPhone(m_session.from) << "stream started";
    greetWhenBothSidesAreReady();
}

void MediaBridge::onTwilioMedia(QByteArrayView payload)
{
    m_services.metrics.media.framesFromTwilio.add();
    if (m_recording || !m_taps.empty()) {
        const QByteArray ulaw = QByteArray::fromBase64(payload.toByteArray());
        if (m_recording)
            m_recording->callerFrame(ulaw);
        m_taps.callerFrame(ulaw);
    }
    // Also while the call waits for or talks to a person: the AI does not reply then (see
    // escalate and agentTookOver), but it hears and transcribes the caller and keeps the context.
    // Twilio's base64 goes out as it came, no decode (kept for the next session while there is none).
    m_ai->appendAudio(payload);
}

void MediaBridge::onTwilioMark(QByteArrayView name)
{
    m_playback.markEchoed(name, nowMs());
    // The caller has heard everything the assistant said: it listens again.
    if (m_phase == CallPhase::AssistantSpeaking && !m_playback.audioPending(nowMs()) && !m_responses.active())
        setPhase(CallPhase::Listening);
    if (m_ending->endAfterPlayback() && !m_playback.audioPending(nowMs()) && !m_responses.active())
        hangUpWhenHeard();
}

void MediaBridge::hangUpWhenHeard()
{
    if (!m_progress.finished)
        m_ending->hangUp();
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

void MediaBridge::onAiReady(const AiLink::Ready &r)
{
    m_services.health.setOpenAiStatus(true, QStringLiteral("session ready"));
    if (!r.first) {
        onAiBack(r);
        return;
    }
    if (m_supervision.escalated()) {
        m_ai->setAutoResponses(false); // a person has (or will have) the call
        return;
    }
    setPhase(CallPhase::Listening);
    greetWhenBothSidesAreReady();
}

void MediaBridge::onAiDropped(const QString &why)
{
    m_services.health.setOpenAiStatus(false, why);
    // What the lost session was doing is gone with it. The caller still hears what Twilio has
    // queued; what they said meanwhile waits for the next session.
    const bool wasReplying = m_responses.sessionLost();
    if (wasReplying && !m_playback.currentItem().isEmpty())
        m_ai->cutOff(m_playback.currentItem());
    m_progress.replyOwed = m_progress.replyOwed || wasReplying || m_progress.speechStoppedNs >= 0;
    m_progress.speechStoppedNs = -1; // no turn latency across a gap
    m_cueDelay.start(m_services.config.reconnectCueAfterMs);
}

void MediaBridge::onAiBack(const AiLink::Ready &r)
{
    m_cueDelay.stop();
    m_gapCue.stop(); // the AI speaks next: what is left of the cue is cleared
    auto ev = callEvent(CallEvent::Kind::AiReconnected);
    ev.text = r.rollover ? QStringLiteral("rollover") : r.lostBecause.left(200);
    ev.valueMs = double(r.gapMs);
    publish(ev);
    if (r.rollover || m_supervision.escalated())
        return; // nothing was lost / a person has the call and the AI does not reply
    if (!m_progress.greeted) {
        greetWhenBothSidesAreReady();
        return;
    }
    const bool owed = std::exchange(m_progress.replyOwed, false);
    if (const auto wanted = m_responses.takeWanted())
        askAi(*wanted);
    else if (owed)
        askAi(resumeInstruction());
}

void MediaBridge::retryAfterRateLimit(const QString &why)
{
    // The reply was refused for a rate limit: asked again shortly (a few times), unless the call
    // has moved on meanwhile.
    if (++m_progress.rateLimited > 3) {
        qCWarning(lcOpenAi).noquote() << "call" << m_session.callSid
                                      << "reply refused for a rate limit again; waiting for the caller:" << why;
        return;
    }
    QTimer::singleShot(500 * m_progress.rateLimited, this, [this] {
        if (!m_progress.finished && !m_responses.active() && !m_supervision.escalated() && m_phase != CallPhase::CallerSpeaking)
            askAi({});
    });
}

void MediaBridge::onAiLost(const QString &why)
{
    m_services.health.setOpenAiStatus(false, why);
    m_cueDelay.stop();
    m_gapCue.stop();
    if (m_supervision.keepsCallWithoutAi(why))
        return;
    m_supervision.aiUnavailable(why);
}

bool MediaBridge::atTurnBoundary() const
{
    return !m_responses.active() && !m_playback.audioPending(nowMs()) && m_phase != CallPhase::CallerSpeaking
        && m_progress.speechStoppedNs < 0 && !m_progress.replyOwed;
}

void MediaBridge::greetWhenBothSidesAreReady()
{
    // The greeting's audio needs Twilio's streamSid: without it the first words would be lost.
    if (m_progress.greeted || !m_progress.started || !m_ai->isReady())
        return;
    m_progress.greeted = true;
    askAi(greetingInstruction(m_services.prompts.get(PromptKind::Greeting).text, m_session));
}

void MediaBridge::onAiEvent(const openai::ServerEvent &e)
{
    using T = openai::ServerEvent::Type;
    if (m_services.events.wantProtocolEvents() && e.type != T::AudioDelta && e.type != T::AudioTranscriptDelta) {
        auto ev = callEvent(CallEvent::Kind::Protocol);
        ev.text = QString::fromLatin1(e.typeName);
        m_services.events.publish(ev);
    }
    switch (e.type) {
    case T::AudioDelta: // only when the fast path could not read it
        onAiAudio(openai::AudioDeltaView{e.responseId, e.itemId, e.delta});
        return;
    case T::AudioDone:
        m_responses.audioDone(e.responseId);
        if (!m_responses.isCancelled(e.responseId))
            sendMark(true); // the end of this item: its echo means the caller heard it all
        return;
    case T::SpeechStarted: onSpeechStarted(); return;
    case T::SpeechStopped:
        if (m_supervision.escalated())
            return; // a person is (or will be) answering: no turn for the AI
        m_progress.speechStoppedNs = m_clock.nsecsElapsed() - e.sinceMs * 1000000;
        setPhase(CallPhase::Listening);
        return;
    case T::ResponseCreated: m_responses.created(e.responseId); return;
    case T::ResponseDone:
        if (const auto wanted = m_responses.done())
            askAi(*wanted);
        else if (e.status == "failed" && e.errorCode.contains("rate_limit"))
            retryAfterRateLimit(e.text);
        else if (m_ending->endAfterPlayback() && !m_playback.audioPending(nowMs()))
            hangUpWhenHeard();
        return;
    case T::InputTranscriptDelta:
    case T::AudioTranscriptDelta: {
        if (m_responses.isCancelled(e.responseId))
            return;
        auto ev = callEvent(CallEvent::Kind::TranscriptDelta);
        ev.speaker = e.type == T::InputTranscriptDelta ? Speaker::Caller : Speaker::Assistant;
        ev.itemId = e.itemId;
        ev.text = QString::fromUtf8(e.delta);
        m_services.events.publish(ev);
        return;
    }
    case T::InputTranscriptCompleted:
    case T::AudioTranscriptDone: {
        auto ev = callEvent(CallEvent::Kind::TranscriptFinal);
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
        if (m_warnings.allow())
            qCWarning(lcOpenAi).noquote() << "call" << m_session.callSid << "OpenAI error" << e.errorType << e.errorCode << ":"
                                          << e.text + m_warnings.suffix();
        // A response.create turned down for a rate limit never becomes a response: the call must
        // not wait for it (the caller's next turn asks again).
        if (m_responses.isPending() && (e.errorCode.contains("rate_limit") || e.errorType.contains("rate_limit")))
            m_responses.done();
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
    m_services.metrics.media.deltasFromOpenAi.add();
    m_progress.rateLimited = 0;
    // (The delta is base64: the fast path or the full parse checked it.)
    if (m_responses.isCancelled(e.responseId) || m_streamSid.isEmpty())
        return;
    const qint64 now = nowMs();
    if (m_progress.speechStoppedNs >= 0) {
        const double latency = double(m_clock.nsecsElapsed() - m_progress.speechStoppedNs) / 1e6;
        m_progress.speechStoppedNs = -1;
        m_services.metrics.turnLatency.observe(latency);
        auto ev = callEvent(CallEvent::Kind::TurnLatency);
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
        m_taps.otherAudio(ulaw);
    }
    m_services.metrics.media.framesToTwilio.add();
    m_playback.audioSent(e.itemId, base64DecodedSize(e.delta), now);
    sendMark(false);
    if (!m_supervision.escalated())
        setPhase(CallPhase::AssistantSpeaking);
}

MediaBridge::Interruption MediaBridge::interruptAssistant()
{
    const qint64 now = nowMs();
    Interruption r;
    r.audioCleared = m_playback.audioPending(now);
    if (r.audioCleared) {
        // The item still playing and how much of it was heard (an item heard to its end, or a
        // reply with no sound yet, is nothing to cut).
        r.item = m_playback.currentItem();
        r.heardMs = m_playback.heardMs(now);
        sendToTwilio(twilio::clearMessage(m_streamSid));
        if (!r.item.isEmpty())
            m_ai->truncate(r.item, r.heardMs, m_playback.sentBytes() / PlaybackTracker::kBytesPerMs);
        m_playback.cleared(now);
        if (m_recording)
            m_recording->assistantCut();
        m_taps.otherCut();
    }
    if (const QByteArray cancelled = m_responses.cancelGenerating(); !cancelled.isEmpty()) {
        r.responseCancelled = true;
        if (openai::AiSession *ai = m_ai->session())
            ai->cancelReply(cancelled);
    }
    return r;
}

void MediaBridge::onSpeechStarted()
{
    if (m_supervision.escalated())
        return; // the caller hears the hold message or a person, not the AI: nothing to cut
    setPhase(CallPhase::CallerSpeaking);
    const Interruption cut = interruptAssistant();
    if (!cut.audioCleared && !cut.responseCancelled)
        return; // the assistant was silent: not a barge-in
    m_services.metrics.bargeIns.fetch_add(1, std::memory_order_relaxed);
    m_ending->setEndAfterPlayback(false);
    auto ev = callEvent(CallEvent::Kind::BargeIn);
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
        m_ending->setEndAfterPlayback(true);
        output = {{QStringLiteral("ok"), true}, {QStringLiteral("note"), QStringLiteral("Say a short goodbye; the call ends after it.")}};
    } else if (e.functionName == QLatin1String("escalate_to_agent")) {
        output = {{QStringLiteral("ok"), true},
                  {QStringLiteral("note"), QStringLiteral("The gateway tells the caller they are being connected.")}};
        if (openai::AiSession *ai = m_ai->session())
            ai->functionResult(e.callId, output);
        m_supervision.escalate(QStringLiteral("assistant: ")
                               + QJsonDocument::fromJson(e.text.toUtf8()).object().value(QLatin1String("reason")).toString().left(200));
        return;
    } else {
        output = {{QStringLiteral("error"), QStringLiteral("unknown function %1").arg(e.functionName)}};
    }
    if (openai::AiSession *ai = m_ai->session())
        ai->functionResult(e.callId, output);
    askAi({});
}

// ---- Ending -----------------------------------------------------------------------------------

void MediaBridge::end(CallOutcome outcome)
{
    if (m_progress.finished)
        return;
    if (m_twilio && m_twilio->isOpen())
        m_twilio->close(1000, outcome == CallOutcome::Drained ? "gateway shutting down" : "call ended");
    finish(outcome, m_ending->reason().isEmpty() ? QStringLiteral("ended by the gateway") : m_ending->reason());
}

void MediaBridge::finish(CallOutcome outcome, const QString &why)
{
    if (m_progress.finished)
        return;
    m_progress.finished = true;
    m_phase = CallPhase::Ended;
    if (m_ai)
        m_ai->close();
    if (m_twilio && m_twilio->isOpen())
        m_twilio->close(1000, "call ended");
    m_supervision.callEnded();
    m_taps.endAll();
    m_services.sessions.release(m_session.id);
    m_services.metrics.callEnded(outcome);
    m_ending->control().textSummary(outcome, nowMs());
    if (m_recording) {
        const CallObservers *events = &m_services.events;
        CallEvent saved = callEvent(CallEvent::Kind::RecordingSaved);
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
    auto ev = callEvent(CallEvent::Kind::Ended);
    ev.text = QLatin1String(callOutcomeName(outcome));
    ev.detail = why;
    if (outcome == CallOutcome::HungUp)
        ev.by = m_supervision.hungUpBy();
    m_services.events.publish(ev);
    qCInfo(lcBridge).noquote() << "call" << m_session.callSid << "ended:" << callOutcomeName(outcome) << "-" << why;
    Q_EMIT finished(this);
}

} // namespace callgate
