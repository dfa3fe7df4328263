#include "gateway/AiLink.h"

#include "config/Config.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "openai/Logging.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <limits>

namespace callgate {
namespace {

// A live session must last this long before a new failure gets a fresh set of attempts: a service
// that accepts and drops at once is not retried for ever.
constexpr qint64 kStableSessionMs = 20000;
constexpr int kMaxBackoffMs = 4000;

// Errors no new session would fix: the attempts end at once.
bool hopeless(QByteArrayView code)
{
    return code == "invalid_api_key" || code == "insufficient_quota" || code == "account_deactivated" || code == "model_not_found"
        || code == "beta_api_shape_disabled";
}

const QString &reconnectPreface()
{
    static const QString text = QStringLiteral(
        "The connection to you was interrupted for a moment and has been restored. The conversation so far follows as text; the "
        "caller heard your earlier replies as speech. Do not greet the caller again.");
    return text;
}

const QString &rolloverPreface()
{
    static const QString text = QStringLiteral(
        "This call continues from an earlier session that reached its time limit. The conversation so far follows as text; the "
        "caller heard your earlier replies as speech. Do not greet the caller again.");
    return text;
}

} // namespace

AiLink::Settings AiLink::settingsFor(const Config &c, const QString &instructions)
{
    Settings s;
    s.live = c.openAiApi == QLatin1String("live");
    s.liveClient.url = c.openAiLiveUrl;
    s.liveClient.apiKey = c.openAiApiKey;
    s.liveClient.model = c.openAiLiveModel;
    s.liveClient.voice = c.openAiVoice;
    s.liveClient.instructions = instructions;
    s.liveClient.backendModel = c.openAiLiveBackendModel;
    s.liveClient.reasoningEffort = c.openAiReasoningEffort;
    s.liveClient.tools = openai::gatewayTools();
    s.liveClient.pingIntervalMs = c.openAiPingMs;
    s.client.url = c.openAiRealtimeUrl;
    s.client.apiKey = c.openAiApiKey;
    s.client.pingIntervalMs = c.openAiPingMs;
    s.client.session.model = c.openAiModel;
    s.client.session.voice = c.openAiVoice;
    s.client.session.reasoningEffort = c.openAiReasoningEffort;
    s.client.session.transcriptionModel = c.openAiTranscriptionModel;
    s.client.session.instructions = instructions;
    s.client.session.tools = openai::gatewayTools();
    s.reconnectAttempts = c.openAiReconnectAttempts;
    s.rolloverSeconds = c.openAiRolloverSeconds;
    s.framesPerAppend = c.aiAudioFramesPerAppend;
    return s;
}

AiLink::AiLink(Settings settings, Hooks hooks, Metrics &metrics, const QString &callSid, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_hooks(std::move(hooks)), m_metrics(metrics), m_callSid(callSid)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        m_client = openSession(m_everReady ? Opening::Reconnect : Opening::First);
        m_deadline.start(m_settings.attemptTimeoutMs);
    });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_client && !m_client->isReady())
            lose(QStringLiteral("no session within %1 ms").arg(m_settings.attemptTimeoutMs));
    });
    m_rollover.setSingleShot(true);
    connect(&m_rollover, &QTimer::timeout, this, [this] {
        if (m_standby || !m_client || m_closed || m_givenUp)
            return;
        qCInfo(lcBridge).noquote() << "call" << m_callSid << "opens its next OpenAI session ahead of the time limit";
        m_standby = openSession(Opening::Rollover);
    });
    m_swap.setInterval(50);
    connect(&m_swap, &QTimer::timeout, this, &AiLink::trySwap);
}

AiLink::~AiLink()
{
    m_closed = true;
    if (m_client)
        m_client->close();
    if (m_standby)
        m_standby->close();
}

void AiLink::start()
{
    m_client = openSession(Opening::First);
    m_deadline.start(m_settings.attemptTimeoutMs);
}

bool AiLink::isReady() const { return m_live && m_client && m_client->isReady() && !m_givenUp; }

std::unique_ptr<openai::AiSession> AiLink::openSession(Opening why)
{
    std::unique_ptr<openai::AiSession> client;
    if (m_settings.live) {
        openai::LiveClient::Options o = m_settings.liveClient;
        o.autoResponses = m_settings.client.session.autoResponses;
        client = std::make_unique<openai::LiveClient>(std::move(o));
    } else {
        client = std::make_unique<openai::RealtimeClient>(m_settings.client);
    }
    openai::AiSession *raw = client.get();
    if (client->historyAtStart()) {
        m_historyMarks.insert(raw, m_log.added());
        client->giveHistory(m_log.replay(why == Opening::First          ? QString()
                                             : why == Opening::Rollover ? rolloverPreface()
                                                                        : reconnectPreface(),
                                         client->historyBudget()));
    }
    client->onAudioDelta = [this, raw](const openai::AudioDeltaView &d) {
        if (raw == m_client.get() && m_everReady)
            m_hooks.audio(d);
    };
    client->onEvent = [this, raw](const openai::ServerEvent &e) { onEvent(raw, e); };
    client->onReady = [this, raw] { onReady(raw); };
    client->onClosed = [this, raw](const QString &reason) { onClosed(raw, reason); };
    client->connectToService();
    return client;
}

void AiLink::retire(std::unique_ptr<openai::AiSession> client)
{
    if (!client)
        return;
    m_historyMarks.remove(client.get());
    // Closed without reporting back; deleted once its own callback (which may be running) returns.
    client->close();
    client.release()->deleteLater();
}

void AiLink::onEvent(openai::AiSession *from, const openai::ServerEvent &e)
{
    using T = openai::ServerEvent::Type;
    if (m_closed || m_givenUp)
        return;
    if (from == m_standby.get()) {
        if (e.type == T::Error) {
            qCWarning(lcOpenAi).noquote() << "call" << m_callSid << "next session: OpenAI error" << e.errorCode << ":" << e.text;
            if (hopeless(e.errorCode) || e.errorType == "server_error") {
                m_swap.stop();
                retire(std::move(m_standby)); // the live one carries on; its end opens another
            }
        }
        return;
    }
    if (from != m_client.get())
        return;
    if (e.type == T::Error) {
        m_metrics.ai.errors.fetch_add(1, std::memory_order_relaxed);
        if (hopeless(e.errorCode)) {
            giveUp(QStringLiteral("OpenAI: %1 (%2)").arg(QString::fromLatin1(e.errorCode), e.text));
            return;
        }
        if (e.errorCode == "session_expired") {
            lose(QStringLiteral("session expired"));
            return;
        }
        if (e.errorType == "server_error") {
            lose(QStringLiteral("OpenAI server error: ") + e.text);
            return;
        }
    }
    if (e.type == T::ResponseDone && hopeless(e.errorCode)) {
        giveUp(QStringLiteral("OpenAI: %1 (%2)").arg(QString::fromLatin1(e.errorCode), e.text));
        return;
    }
    if (!m_live)
        return;
    record(e);
    m_hooks.event(e);
}

void AiLink::record(const openai::ServerEvent &e)
{
    using T = openai::ServerEvent::Type;
    switch (e.type) {
    case T::BufferCommitted: m_log.callerTurn(e.itemId); return;
    case T::InputTranscriptCompleted: m_log.callerWords(e.itemId, e.text); return;
    case T::AudioTranscriptDelta: m_log.assistantDelta(e.itemId, QString::fromUtf8(e.delta)); return;
    case T::AudioTranscriptDone: m_log.assistantDone(e.itemId, e.text); return;
    default: return;
    }
}

void AiLink::onReady(openai::AiSession *from)
{
    if (m_closed || m_givenUp)
        return;
    if (from == m_standby.get()) {
        m_swap.start(); // moved to at the next turn boundary
        return;
    }
    if (from == m_client.get())
        activate(false);
}

void AiLink::activate(bool rollover)
{
    m_deadline.stop();
    const bool first = !m_everReady;
    m_everReady = true;
    m_live = true;
    if (!m_client->historyAtStart()) {
        m_client->giveHistory(m_log.replay(first          ? QString()
                                               : rollover ? rolloverPreface()
                                                          : reconnectPreface(),
                                           m_client->historyBudget()));
    } else {
        // What was noted while it opened (a hand-back, a whisper) follows its start.
        for (const ConversationLog::Entry &e : m_log.addedSince(m_historyMarks.value(m_client.get(), m_log.added()))) {
            if (e.role == ConversationLog::Role::System)
                m_client->note(e.text);
            else if (e.role == ConversationLog::Role::Agent)
                m_client->agentSpeech(e.audio, e.seconds);
        }
    }
    Ready r;
    r.first = first;
    r.rollover = rollover;
    r.framesKept = int(m_waiting.size()) * framesPerMessage();
    r.framesDropped = std::exchange(m_framesDropped, 0);
    for (const QByteArray &frame : m_waiting)
        m_client->appendAudio(frame);
    m_metrics.media.appendsToOpenAi.add(m_waiting.size());
    if (!first)
        m_metrics.ai.framesKept.fetch_add(std::uint64_t(r.framesKept), std::memory_order_relaxed);
    m_waiting.clear();
    if (m_gap.isValid()) {
        r.gapMs = m_gap.elapsed();
        r.lostBecause = m_lostBecause;
        m_gap.invalidate();
        if (!first) {
            m_metrics.ai.reconnects.fetch_add(1, std::memory_order_relaxed);
            m_metrics.ai.gap.observe(double(r.gapMs));
            qCInfo(lcBridge).noquote() << "call" << m_callSid
                                       << QStringLiteral("has a new OpenAI session after %1 ms (%2 caller frames kept, %3 dropped)")
                                              .arg(r.gapMs)
                                              .arg(r.framesKept)
                                              .arg(r.framesDropped);
        }
    }
    if (rollover)
        m_metrics.ai.rollovers.fetch_add(1, std::memory_order_relaxed);
    m_liveSince.start();
    scheduleRollover();
    m_hooks.ready(r);
}

void AiLink::onClosed(openai::AiSession *from, const QString &reason)
{
    if (m_closed || m_givenUp)
        return;
    if (from == m_standby.get()) {
        qCWarning(lcOpenAi).noquote() << "call" << m_callSid << "next session closed before the move:" << reason;
        retire(std::move(m_standby));
        m_swap.stop();
        return;
    }
    if (from != m_client.get())
        return;
    if (m_client->overflowed())
        m_metrics.reject(RejectReason::SlowPeer);
    const int status = m_client->refusedStatus();
    if (status == 401 || status == 403 || status == 404) {
        giveUp(QStringLiteral("OpenAI refused the session: HTTP %1 (%2)").arg(status).arg(reason));
        return;
    }
    lose(reason);
}

void AiLink::lose(const QString &why)
{
    const bool wasLive = std::exchange(m_live, false);
    retire(std::move(m_client));
    m_deadline.stop();
    m_rollover.stop();
    if (wasLive) {
        m_gap.start();
        m_lostBecause = why;
        m_framesDropped = 0;
        if (m_liveSince.isValid() && m_liveSince.elapsed() >= kStableSessionMs)
            m_attempts = 0;
        m_metrics.ai.drops.fetch_add(1, std::memory_order_relaxed);
        qCWarning(lcBridge).noquote() << "call" << m_callSid << "lost its OpenAI session:" << why;
        m_hooks.dropped(why);
        if (m_closed || m_givenUp)
            return;
    } else {
        if (!m_gap.isValid())
            m_gap.start(); // the call's first session failed to open
        if (m_lostBecause.isEmpty() || !m_everReady)
            m_lostBecause = why;
        qCWarning(lcBridge).noquote() << "call" << m_callSid << "could not open an OpenAI session:" << why;
    }
    if (m_standby) {
        // The next session, opened ahead of the limit, takes over now (ready or still opening).
        m_swap.stop();
        m_client = std::move(m_standby);
        if (m_client->isReady())
            activate(false);
        else
            m_deadline.start(m_settings.attemptTimeoutMs);
        return;
    }
    scheduleAttempt();
}

void AiLink::scheduleAttempt()
{
    if (m_attempts >= m_settings.reconnectAttempts) {
        giveUp(QStringLiteral("no OpenAI session after %1 attempt(s); the last one: %2").arg(m_attempts).arg(m_lostBecause));
        return;
    }
    int delay = m_attempts == 0 ? 0 : qMin(kMaxBackoffMs, 125 << m_attempts);
    if (delay > 0) // spread out, so calls that lost their sessions together do not come back together
        delay = delay * 4 / 5 + int(QRandomGenerator::global()->bounded(delay * 2 / 5 + 1));
    ++m_attempts;
    m_retry.start(delay);
}

void AiLink::giveUp(const QString &why)
{
    if (m_givenUp || m_closed)
        return;
    m_givenUp = true;
    m_retry.stop();
    m_deadline.stop();
    m_rollover.stop();
    m_swap.stop();
    retire(std::move(m_client));
    retire(std::move(m_standby));
    m_waiting.clear();
    m_metrics.ai.givenUp.fetch_add(1, std::memory_order_relaxed);
    qCWarning(lcBridge).noquote() << "call" << m_callSid << "gives up on OpenAI:" << why;
    m_hooks.lost(why);
}

void AiLink::retry()
{
    if (!m_givenUp || m_closed)
        return;
    m_givenUp = false;
    m_attempts = 0;
    m_gap.start();
    m_framesDropped = 0;
    m_client = openSession(Opening::Reconnect);
    m_deadline.start(m_settings.attemptTimeoutMs);
}

void AiLink::close()
{
    m_closed = true;
    m_retry.stop();
    m_deadline.stop();
    m_rollover.stop();
    m_swap.stop();
    if (m_client)
        m_client->close();
    if (m_standby)
        m_standby->close();
}

void AiLink::appendAudio(QByteArrayView base64)
{
    if (m_settings.framesPerAppend <= 1)
        return sendAppend(base64);
    m_batch += QByteArray::fromBase64(base64.toByteArray());
    if (++m_batchFrames < m_settings.framesPerAppend)
        return;
    flushAudio();
}

void AiLink::flushAudio()
{
    if (m_batchFrames == 0)
        return;
    m_batchFrames = 0;
    sendAppend(m_batch.toBase64());
    m_batch.resize(0);
}

void AiLink::sendAppend(QByteArrayView base64)
{
    if (isReady()) {
        m_client->appendAudio(base64);
        m_metrics.media.appendsToOpenAi.add();
        return;
    }
    if (m_givenUp || m_closed)
        return;
    m_waiting.push_back(base64.toByteArray());
    if (m_waiting.size() * size_t(framesPerMessage()) > kMaxWaitingFrames) {
        m_waiting.pop_front();
        if (m_everReady) {
            m_framesDropped += framesPerMessage();
            m_metrics.ai.framesDropped.fetch_add(framesPerMessage(), std::memory_order_relaxed);
        }
    }
}

void AiLink::addOpening(const QString &text)
{
    m_log.addOpening(text);
    if (isReady())
        m_client->note(text);
}

void AiLink::addSystemNote(const QString &text)
{
    m_log.addSystem(text);
    if (isReady())
        m_client->note(text);
}

void AiLink::addAgentSpeech(QByteArrayView ulaw, double seconds)
{
    m_log.addAgentSpeech(ulaw, seconds);
    if (isReady())
        m_client->agentSpeech(ulaw, seconds);
}

void AiLink::truncate(QByteArrayView itemId, qint64 heardMs, qint64 generatedMs)
{
    m_log.assistantCut(itemId, generatedMs > 0 ? double(heardMs) / double(generatedMs) : 0.0);
    if (isReady())
        m_client->truncate(itemId, heardMs);
}

void AiLink::setAutoResponses(bool on)
{
    m_settings.client.session.autoResponses = on; // for every session opened from now on
    if (m_client)
        m_client->setAutoResponses(on);
    if (m_standby)
        m_standby->setAutoResponses(on);
}

void AiLink::scheduleRollover()
{
    const qint64 expiresAt = m_client ? m_client->expiresAt() : 0;
    if (expiresAt <= 0)
        return;
    const qint64 dueMs = expiresAt * 1000 - QDateTime::currentMSecsSinceEpoch() - qint64(m_settings.rolloverSeconds) * 1000;
    m_rollover.start(int(qBound(qint64(0), dueMs, qint64(std::numeric_limits<int>::max()))));
}

void AiLink::trySwap()
{
    if (!m_standby || !m_standby->isReady() || !m_client)
        return;
    if (!m_hooks.atTurnBoundary()) {
        qCDebug(lcBridge).noquote() << "call" << m_callSid << "waits for a pause to move to its next session";
        return;
    }
    m_swap.stop();
    std::unique_ptr<openai::AiSession> old = std::move(m_client);
    m_client = std::move(m_standby);
    qCInfo(lcBridge).noquote() << "call" << m_callSid << "moves to its next OpenAI session at a pause";
    activate(true);
    retire(std::move(old));
}

} // namespace callgate
