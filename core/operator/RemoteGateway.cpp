#include "operator/RemoteGateway.h"

#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "audio/OpusVoice.h"
#include "net/Tls.h"
#include "net/WsConnection.h"

#include <QFile>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRemote, "callgate.remote", QtInfoMsg)

namespace callgate {

using operatorlink::Command;

namespace {

constexpr int kFirstRetryMs = 500;
constexpr int kLastRetryMs = 30000;
constexpr int kFrame = audio::kVoiceFrameSamples;

// A private CA (a self-signed proxy) trusted for every wss:// link from here on.
void trustCertificate(const QString &path)
{
    if (const Status trusted = net::trustCaCertificates(path); !trusted)
        qCWarning(lcRemote).noquote() << "cannot trust the certificate:" << trusted.error();
}

} // namespace

RemoteGateway::RemoteGateway(GatewayAddress address, QObject *parent) : QObject(parent), m_address(std::move(address))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RemoteGateway::connectNow);
    m_audioTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_audioTimer, &QTimer::timeout, this, &RemoteGateway::pumpAudio);
    if (!m_address.caFile.isEmpty())
        trustCertificate(m_address.caFile);
}

RemoteGateway::~RemoteGateway()
{
    for (const auto &l : std::as_const(m_listens))
        l->tap->markCallEnded();
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->onMessage = nullptr;
        if (m_ws->isOpen())
            m_ws->close(1001, "console closing"); // the close frame still leaves
    }
}

void RemoteGateway::start()
{
    m_running = true;
    connectNow();
}

void RemoteGateway::stop()
{
    m_running = false;
    m_retry.stop();
    if (m_ws)
        m_ws->close();
}

void RemoteGateway::forget()
{
    QList<CallSummary> gone;
    for (CallSummary c : std::as_const(m_calls)) {
        c.removed = true;
        gone.append(c);
    }
    m_calls.clear();
    for (const auto &l : std::as_const(m_listens))
        l->tap->markCallEnded();
    m_listens.clear();
    m_holding.clear();
    if (!gone.isEmpty())
        Q_EMIT callsChanged(gone);
}

int RemoteGateway::retryInMs() const { return m_retry.isActive() ? m_retry.remainingTime() : 0; }

void RemoteGateway::setState(State state, const QString &problem)
{
    if (m_state == state && m_problem == problem)
        return;
    m_state = state;
    m_problem = problem;
    Q_EMIT stateChanged();
}

void RemoteGateway::connectNow()
{
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->onMessage = nullptr;
        m_ws.release()->deleteLater(); // may be inside its own signal
    }
    net::WsOptions options;
    options.maxMessageBytes = 64 << 20; // a snapshot of a busy gateway, with its recent transcripts
    options.pingIntervalMs = 5000;
    options.idleTimeoutMs = 15000; // the gateway pings every 5 s: three missed, the link is gone
    options.handshakeTimeoutMs = 10000;
    options.maxQueuedBytes = 1 << 20;
    m_ws = std::make_unique<net::WsConnection>(options);
    m_ws->onMessage = [this](QByteArrayView m, bool text) {
        m_bytesIn += quint64(m.size());
        if (text)
            onText(m);
        else
            onAudio(m);
    };
    connect(m_ws.get(), &net::WsConnection::connected, this, &RemoteGateway::onConnected);
    connect(m_ws.get(), &net::WsConnection::failed, this, &RemoteGateway::onClosed);
    connect(m_ws.get(), &net::WsConnection::closed, this,
            [this](quint16 code, const QString &reason) { onClosed(reason.isEmpty() ? tr("closed (%1)").arg(code) : reason); });
    setState(State::Connecting, m_problem);
    m_ws->open(m_address.url, {{"Authorization", "Bearer " + m_address.token}});
}

void RemoteGateway::onConnected()
{
    m_backoffMs = kFirstRetryMs;
    // The snapshot comes next; the state turns Up with it.
}

void RemoteGateway::onClosed(const QString &why)
{
    if (m_state == State::Down && m_retry.isActive())
        return; // failed() and closed() both report one ending
    QString problem = why;
    switch (m_ws ? m_ws->handshakeStatus() : 0) {
    case 401: problem = tr("the gateway refused the token (401)"); break;
    case 429: problem = tr("too many failed attempts from this address; the gateway waits a minute (429)"); break;
    case 503: problem = tr("the gateway is stopping (503)"); break;
    default: break;
    }
    m_pending.clear();
    for (auto &l : m_listens)
        l->talking = false;
    // The calls stay, as last seen, until the gateway can say what became of them.
    QList<CallSummary> unreachable;
    for (CallSummary &c : m_calls) {
        if (!c.unreachable) {
            c.unreachable = true;
            unreachable.append(c);
        }
    }
    if (!unreachable.isEmpty())
        Q_EMIT callsChanged(unreachable);
    if (!m_running) {
        setState(State::Down, problem);
        return;
    }
    m_retry.start(m_backoffMs);
    qCInfo(lcRemote).noquote() << "gateway" << m_address.name << "link down:" << problem << "- retrying in" << m_backoffMs << "ms";
    m_backoffMs = std::min(m_backoffMs * 2, kLastRetryMs);
    setState(State::Down, problem);
}

void RemoteGateway::dropLink()
{
    if (m_ws)
        m_ws->abort();
}

void RemoteGateway::onText(QByteArrayView json)
{
    auto decoded = operatorlink::decode(json);
    if (!decoded) {
        qCWarning(lcRemote).noquote() << "gateway" << m_address.name << "sent what this console cannot read:" << decoded.error();
        return;
    }
    operatorlink::Message &m = decoded.value();
    using Type = operatorlink::Message::Type;
    switch (m.type) {
    case Type::Snapshot:
        m_you = m.you;
        m_role = m.role;
        m_status = m.status;
        Q_EMIT statusChanged(m_status);
        applyCalls(std::move(m.calls), true);
        // What this console was doing before the drop goes on: listening, and talking in a call
        // it still holds (the gateway keeps it for a while).
        for (auto it = m_listens.cbegin(); it != m_listens.cend(); ++it) {
            if (!m_calls.contains(it.key()))
                continue;
            send(Command::Type::Listen, it.key());
            if (m_holding.contains(it.key()))
                send(Command::Type::Talk, it.key());
        }
        setState(State::Up);
        break;
    case Type::Calls: applyCalls(std::move(m.calls), false); break;
    case Type::Transcript: applyTranscript(std::move(m.transcript)); break;
    case Type::Events:
        if (!m.events.isEmpty())
            Q_EMIT protocolAppended(m.events);
        break;
    case Type::Status:
        m_status = m.status;
        Q_EMIT statusChanged(m_status);
        break;
    case Type::Reply: onReply(m.replyTo, m.refusal); break;
    case Type::Command: break; // not ours to take
    }
}

void RemoteGateway::applyCalls(QList<CallSummary> calls, bool snapshot)
{
    QSet<QByteArray> present;
    for (CallSummary &c : calls) {
        c.gateway = m_address.name;
        c.unreachable = false;
        present.insert(c.sessionId);
        const bool over = c.phase == CallPhase::Ended || c.removed;
        if (over) {
            m_calls.remove(c.sessionId);
            m_holding.remove(c.sessionId);
            if (auto l = m_listens.value(c.sessionId))
                l->tap->markCallEnded();
        } else {
            m_calls.insert(c.sessionId, c);
            if (c.agent != m_you)
                m_holding.remove(c.sessionId);
        }
    }
    if (snapshot) {
        // Known before the drop, gone from the snapshot: ended while the link was down.
        for (auto it = m_calls.begin(); it != m_calls.end();) {
            if (present.contains(it.key())) {
                ++it;
                continue;
            }
            CallSummary c = it.value();
            c.unreachable = false;
            if (c.phase == CallPhase::InCallerFlow) {
                c.removed = true;
            } else {
                c.phase = CallPhase::Ended;
                c.endedAt = QDateTime::currentDateTimeUtc();
                c.outcome = tr("ended while the gateway was unreachable");
            }
            if (auto l = m_listens.value(it.key()))
                l->tap->markCallEnded();
            m_holding.remove(it.key());
            calls.append(c);
            it = m_calls.erase(it);
        }
    }
    if (!calls.isEmpty())
        Q_EMIT callsChanged(calls);
}

void RemoteGateway::applyTranscript(QList<TranscriptLine> lines)
{
    // Final lines seen before (sent again after a reconnect) are not appended twice.
    lines.removeIf([this](const TranscriptLine &l) {
        if (!l.final)
            return false;
        const QByteArray key = l.sessionId + '/' + l.itemId;
        if (m_seenLines.contains(key))
            return true;
        m_seenLines.insert(key);
        m_seenOrder.append(key);
        if (m_seenOrder.size() > kSeenLines)
            m_seenLines.remove(m_seenOrder.takeFirst());
        return false;
    });
    if (!lines.isEmpty())
        Q_EMIT transcriptAppended(lines);
}

qint64 RemoteGateway::send(Command::Type type, const QByteArray &sessionId, const QString &text, bool on)
{
    if (!m_ws || !m_ws->isOpen())
        return 0;
    const qint64 id = m_nextId++;
    m_pending.insert(id, {type, sessionId});
    m_ws->sendText(operatorlink::encodeCommand({type, id, sessionId, text, on}));
    return id;
}

void RemoteGateway::command(Command::Type type, const QByteArray &sessionId, const QString &text)
{
    if (m_state != State::Up) {
        Q_EMIT refused(sessionId, tr("gateway %1 cannot be reached now").arg(m_address.name));
        return;
    }
    if (type == Command::Type::HandBack) {
        m_holding.remove(sessionId);
        if (auto l = m_listens.value(sessionId))
            l->talking = false;
    }
    send(type, sessionId, text);
}

void RemoteGateway::onReply(qint64 id, const QString &refusal)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd()) {
        if (!refusal.isEmpty())
            qCWarning(lcRemote).noquote() << "gateway" << m_address.name << "refused a message:" << refusal;
        return;
    }
    const Pending p = *it;
    m_pending.erase(it);
    if (!refusal.isEmpty()) {
        if (p.type == Command::Type::Talk || p.type == Command::Type::Take)
            m_holding.remove(p.sessionId);
        Q_EMIT refused(p.sessionId, refusal);
        return;
    }
    const std::shared_ptr<Listen> l = m_listens.value(p.sessionId);
    switch (p.type) {
    case Command::Type::Take:
        m_holding.insert(p.sessionId);
        if (l) // the headset is on: the microphone goes to the caller
            send(Command::Type::Talk, p.sessionId);
        break;
    case Command::Type::Talk:
        if (l)
            l->talking = m_holding.contains(p.sessionId);
        break;
    default: break;
    }
}

void RemoteGateway::attachAudio(const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap)
{
    if (!tap)
        return;
    if (auto old = m_listens.value(sessionId); old && old->tap != tap)
        old->tap->markCallEnded();
    auto l = std::make_shared<Listen>();
    l->tap = std::move(tap);
    l->microphone = std::make_unique<audio::VoiceEncoder>();
    m_listens.insert(sessionId, l);
    send(Command::Type::Listen, sessionId);
    if (m_holding.contains(sessionId))
        send(Command::Type::Talk, sessionId);
    if (!m_audioTimer.isActive())
        m_audioTimer.start(20);
}

void RemoteGateway::onAudio(QByteArrayView message)
{
    m_audioBytesIn += quint64(message.size());
    const auto decoded = operatorlink::decodeAudio(message);
    if (!decoded)
        return;
    const auto &[header, at] = decoded.value();
    const std::shared_ptr<Listen> l = m_listens.value(header.sessionId);
    if (!l || l->tap->isClosed() || header.channel == operatorlink::Channel::Microphone)
        return;
    const int channel = int(header.channel);
    auto &decoder = l->decoders[channel];
    if (!decoder)
        decoder = std::make_unique<audio::VoiceDecoder>();
    int16_t pcm[kFrame];
    uint8_t ulaw[kFrame];
    const auto toUlaw = [&] {
        for (int i = 0; i < kFrame; ++i)
            ulaw[i] = audio::linearToUlaw(pcm[i]);
        return QByteArrayView(reinterpret_cast<const char *>(ulaw), kFrame);
    };
    // A few frames lost on the way (the gateway drops audio for a console that falls behind):
    // Opus conceals them, so the caller's side keeps its timing.
    const auto expected = l->nextSequence.find(channel);
    if (expected != l->nextSequence.end() && header.sequence > expected->second) {
        const quint32 lost = std::min<quint32>(header.sequence - expected->second, 5);
        for (quint32 i = 0; i < lost && channel == int(operatorlink::Channel::Caller); ++i) {
            decoder->decode({}, pcm);
            l->tap->callerFrame(toUlaw(), audio::CallAudioTap::nowNs());
        }
    }
    l->nextSequence[channel] = header.sequence + 1;
    decoder->decode(message.sliced(at), pcm);
    if (header.channel == operatorlink::Channel::Caller) {
        // The gateway's arrival time counts when its clock is this machine's (the same host: a
        // listen delay from the frame's arrival at the gateway); otherwise, arrival here.
        const int64_t now = audio::CallAudioTap::nowNs();
        const bool sameClock = header.stampNs > 0 && header.stampNs <= now && now - header.stampNs < 2'000'000'000;
        l->tap->callerFrame(toUlaw(), sameClock ? header.stampNs : now);
    } else {
        l->tap->otherAudio(toUlaw());
    }
}

void RemoteGateway::pumpAudio()
{
    for (auto it = m_listens.begin(); it != m_listens.end();) {
        Listen &l = **it;
        if (l.tap->isClosed() || l.tap->callEnded()) {
            if (!l.tap->callEnded())
                send(Command::Type::Listen, it.key(), {}, false);
            it = m_listens.erase(it);
            continue;
        }
        // The microphone, 20 ms a message, only while the gateway takes it.
        uint8_t ulaw[kFrame];
        while (l.tap->agentReadable() >= size_t(kFrame)) {
            l.tap->takeAgentAudio(ulaw, kFrame);
            if (!l.talking || !m_ws || !m_ws->isOpen())
                continue;
            int16_t pcm[kFrame];
            for (int i = 0; i < kFrame; ++i)
                pcm[i] = audio::ulawToLinear(ulaw[i]);
            const QByteArray packet = l.microphone->encode(pcm);
            if (packet.isEmpty())
                continue;
            const operatorlink::AudioHeader header{operatorlink::Channel::Microphone, 0, l.micSequence++, it.key()};
            m_ws->sendBinary(operatorlink::encodeAudio(header, packet));
        }
        ++it;
    }
    if (m_listens.isEmpty())
        m_audioTimer.stop();
}

} // namespace callgate
