#include "gateway/OperatorServer.h"

#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "audio/OpusVoice.h"
#include "call/CallObservers.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "net/Transport.h"
#include "net/WsConnection.h"
#include "operator/OperatorLink.h"
#include "operator/OperatorMessages.h"

#include <QDateTime>
#include <QPointer>
#include <QSet>

#include <algorithm>
#include <optional>

namespace callgate {

using operatorlink::Channel;
using operatorlink::Command;

namespace {

constexpr int kMaxCommandsPerSecond = 20;
constexpr int kCommandBurst = 40;
constexpr qint64 kAudioQueueLimit = 64 * 1024; // past this a console's audio is dropped, not queued
constexpr qsizetype kHistoryLinesPerCall = 300;

} // namespace

void OperatorFeed::onCallEvent(const CallEvent &event)
{
    if (event.kind == CallEvent::Kind::Protocol && m_watches.load(std::memory_order_relaxed) == 0)
        return;
    std::lock_guard lock(m_mutex);
    if (m_link)
        m_link->onCallEvent(event);
}

void OperatorFeed::changeWatches(CallObservers &events, int delta)
{
    m_watches.fetch_add(delta, std::memory_order_relaxed);
    events.changeProtocolDemand(delta);
}

void OperatorFeed::attach(OperatorLink *link)
{
    std::lock_guard lock(m_mutex);
    m_link = link;
}

struct OperatorServer::Listen {
    QByteArray sessionId;
    std::shared_ptr<audio::CallAudioTap> tap;
    audio::VoiceEncoder callerCodec;
    audio::VoiceEncoder heardCodec;
    audio::VoiceDecoder micCodec;
    quint32 callerSeq = 0;
    quint32 heardSeq = 0;
    qint64 heardCredit = 0; // samples of what the caller hears that are due to the console
    int64_t lastPumpNs = 0;
    bool talk = false;
    std::optional<audio::CallAudioTap::Arrival> pendingMark;
};

struct OperatorServer::Console {
    quint64 id = 0;
    OperatorAccount account;
    std::unique_ptr<net::WsConnection> ws;
    QHash<QByteArray, std::shared_ptr<Listen>> listens;
    QSet<QByteArray> watched;
    double tokens = kCommandBurst;
    qint64 tokensAtMs = 0;
};

OperatorServer::OperatorServer(OperatorServices services) : m_services(std::move(services)) {}

OperatorServer::~OperatorServer() { m_services.feed.attach(nullptr); }

void OperatorServer::start()
{
    m_link = std::make_unique<OperatorLink>(250);
    m_services.feed.attach(m_link.get());
    m_link->setStatusSource(m_services.status);
    connect(m_link.get(), &OperatorLink::callsChanged, this, [this](const QList<CallSummary> &calls) {
        broadcast(operatorlink::encodeCalls(calls));
        for (const CallSummary &c : calls) {
            if (c.phase == CallPhase::Ended || c.removed) {
                m_history.remove(c.sessionId);
                for (auto &[id, console] : m_consoles)
                    if (console->watched.remove(c.sessionId))
                        m_services.feed.changeWatches(m_services.events, -1);
            }
        }
    });
    connect(m_link.get(), &OperatorLink::transcriptAppended, this, [this](const QList<TranscriptLine> &lines) {
        broadcast(operatorlink::encodeTranscript(lines));
        for (const TranscriptLine &l : lines) {
            QList<TranscriptLine> &kept = m_history[l.sessionId];
            if (!l.itemId.isEmpty()) {
                auto growing =
                    std::find_if(kept.begin(), kept.end(), [&](const TranscriptLine &k) { return !k.final && k.itemId == l.itemId; });
                if (growing != kept.end()) {
                    *growing = l;
                    continue;
                }
            }
            kept.append(l);
            if (kept.size() > kHistoryLinesPerCall)
                kept.removeFirst();
        }
    });
    connect(m_link.get(), &OperatorLink::protocolAppended, this, [this](const QList<ProtocolLine> &lines) {
        for (auto &[id, console] : m_consoles) {
            if (console->watched.isEmpty())
                continue;
            QList<ProtocolLine> mine;
            for (const ProtocolLine &l : lines)
                if (console->watched.contains(l.sessionId))
                    mine.append(l);
            if (!mine.isEmpty())
                console->ws->sendText(operatorlink::encodeEvents(mine));
        }
    });
    connect(m_link.get(), &OperatorLink::statusChanged, this,
            [this](const GatewayStatus &status) { broadcast(operatorlink::encodeStatus(status)); });
    m_audioPump = new QTimer(this);
    m_audioPump->setTimerType(Qt::PreciseTimer);
    m_audioPump->setInterval(20);
    connect(m_audioPump, &QTimer::timeout, this, &OperatorServer::pumpAudio);
}

void OperatorServer::adopt(qintptr fd, const QByteArray &clientKey, const OperatorAccount &account)
{
    QMetaObject::invokeMethod(
        this, [this, fd, clientKey, account] { onAdopted(fd, clientKey, account); }, Qt::QueuedConnection);
}

void OperatorServer::onAdopted(qintptr fd, const QByteArray &clientKey, const OperatorAccount &account)
{
    auto transport = net::adoptDescriptor(int(fd));
    const QByteArray accept = net::WsConnection::serverHandshakeResponse(clientKey);
    transport->write(accept.constData(), accept.size());
    net::WsOptions options;
    options.maxMessageBytes = 64 * 1024; // commands and 20 ms of Opus are small
    options.pingIntervalMs = 5000;
    options.idleTimeoutMs = 15000; // a console that answers no ping for this long is gone
    options.maxQueuedBytes = 8 << 20;
    auto console = std::make_unique<Console>();
    console->id = m_nextId++;
    console->account = account;
    console->tokensAtMs = QDateTime::currentMSecsSinceEpoch();
    console->ws = std::make_unique<net::WsConnection>(std::move(transport), options);
    const quint64 id = console->id;
    console->ws->onMessage = [this, id](QByteArrayView message, bool isText) {
        auto it = m_consoles.find(id);
        if (it == m_consoles.end())
            return;
        if (isText)
            onText(*it->second, message);
        else
            onBinary(*it->second, message);
    };
    connect(console->ws.get(), &net::WsConnection::closed, this, [this, id](quint16 code, const QString &reason) {
        auto it = m_consoles.find(id);
        if (it == m_consoles.end())
            return;
        if (it->second->ws->overflowed())
            m_services.metrics.reject(RejectReason::SlowPeer);
        qCInfo(lcGateway).noquote() << "console of" << it->second->account.name << "left (" << code << reason << ")";
        QMetaObject::invokeMethod(
            this, [this, id] { drop(id); }, Qt::QueuedConnection); // not inside its own signal
    });
    // The snapshot first, then what the calls said so far; updates follow as the link has them.
    QList<TranscriptLine> history;
    for (const QList<TranscriptLine> &lines : std::as_const(m_history))
        history += lines;
    console->ws->sendText(
        operatorlink::encodeSnapshot(account.name, QLatin1String(roleName(account.role)), m_link->status(), m_link->snapshot()));
    if (!history.isEmpty())
        console->ws->sendText(operatorlink::encodeTranscript(history));
    if (account.canAct())
        m_services.consoles.fetch_add(1);
    qCInfo(lcGateway).noquote() << "console of" << account.name << "(" << roleName(account.role) << ") attached from"
                                << console->ws->peerAddress();
    m_consoles.emplace(id, std::move(console));
    m_services.metrics.operatorConsoles.store(int(m_consoles.size()), std::memory_order_relaxed);
}

void OperatorServer::drop(quint64 consoleId)
{
    auto it = m_consoles.find(consoleId);
    if (it == m_consoles.end())
        return;
    std::unique_ptr<Console> console = std::move(it->second);
    m_consoles.erase(it);
    m_services.metrics.operatorConsoles.store(int(m_consoles.size()), std::memory_order_relaxed);
    for (const std::shared_ptr<Listen> &l : std::as_const(console->listens)) {
        l->tap->close();
        --m_listens;
    }
    if (m_listens == 0)
        m_audioPump->stop();
    if (!console->watched.isEmpty())
        m_services.feed.changeWatches(m_services.events, -int(console->watched.size()));
    if (console->account.canAct())
        m_services.consoles.fetch_sub(1);
    console->ws->abort();
    console->ws.release()->deleteLater(); // may be inside its own call stack
    if (!m_stopping && console->account.canAct() && !nameConnected(console->account.name))
        holderLeft(console->account.name);
}

bool OperatorServer::nameConnected(const QString &name) const
{
    for (const auto &[id, c] : m_consoles)
        if (c->account.name == name)
            return true;
    return false;
}

void OperatorServer::holderLeft(const QString &name)
{
    // A supervisor whose console dropped mid-call may be back within the grace; if not, the caller
    // goes back to the AI rather than stay with no one.
    const quint64 drop = ++m_drops;
    m_lastDrop.insert(name, drop);
    QTimer::singleShot(kHolderGraceMs, Qt::PreciseTimer, this, [this, name, drop] { // a coarse timer may fire 5 % early
        if (nameConnected(name) || m_lastDrop.value(name) != drop) // back, or dropped again since: that drop's grace counts
            return;
        for (const CallSummary &c : m_link->snapshot()) {
            if (c.agent != name)
                continue;
            qCInfo(lcGateway).noquote() << "console of" << name << "did not come back: call" << c.callSid << "goes back to the AI";
            Command back;
            back.type = Command::Type::HandBack;
            back.sessionId = c.sessionId;
            m_services.act(back, name, {});
        }
    });
}

void OperatorServer::shutdown()
{
    m_stopping = true;
    std::vector<quint64> ids;
    for (const auto &[id, c] : m_consoles)
        ids.push_back(id);
    for (quint64 id : ids) {
        if (auto it = m_consoles.find(id); it != m_consoles.end())
            it->second->ws->close(1001, "gateway stopping");
        drop(id);
    }
}

void OperatorServer::broadcast(const QByteArray &json)
{
    for (auto &[id, console] : m_consoles)
        console->ws->sendText(json);
}

void OperatorServer::onText(Console &console, QByteArrayView message)
{
    // A token bucket: a console sends a few commands a second; more is a fault or an attack.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    console.tokens = std::min<double>(kCommandBurst, console.tokens + (now - console.tokensAtMs) * kMaxCommandsPerSecond / 1000.0);
    console.tokensAtMs = now;
    if (console.tokens < 1) {
        m_services.metrics.reject(RejectReason::OperatorBadMessage);
        qCWarning(lcGateway).noquote() << "console of" << console.account.name << "sent too many commands; closing it";
        console.ws->close(1008, "too many commands");
        return;
    }
    console.tokens -= 1;
    const auto decoded = operatorlink::decode(message);
    if (!decoded || decoded.value().type != operatorlink::Message::Type::Command) {
        m_services.metrics.reject(RejectReason::OperatorBadMessage);
        const QString why = decoded ? QStringLiteral("only commands are taken from a console") : decoded.error();
        console.ws->sendText(operatorlink::encodeReply(0, why));
        return;
    }
    onCommand(console, decoded.value().command);
}

void OperatorServer::onCommand(Console &console, const Command &command)
{
    const bool watching = command.type == Command::Type::Listen || command.type == Command::Type::Watch;
    if (!console.account.canAct() && !watching) {
        m_services.metrics.reject(RejectReason::OperatorForbidden);
        reply(console.id, command.id, QStringLiteral("%1 may watch and listen only (a viewer's account)").arg(console.account.name));
        return;
    }
    const std::optional<CallSummary> call = m_link->call(command.sessionId);
    if (!call) {
        reply(console.id, command.id, QStringLiteral("no live call %1").arg(QString::fromLatin1(command.sessionId.left(40))));
        return;
    }
    switch (command.type) {
    case Command::Type::Listen:
        listen(console, command.sessionId, command.on);
        reply(console.id, command.id, {});
        return;
    case Command::Type::Watch:
        watch(console, command.sessionId, command.on);
        reply(console.id, command.id, {});
        return;
    case Command::Type::Talk: {
        if (command.on && call->agent != console.account.name) {
            reply(console.id, command.id,
                  call->agent.isEmpty() ? QStringLiteral("take the call first") : QStringLiteral("taken by ") + call->agent);
            return;
        }
        if (command.on && !console.listens.contains(command.sessionId))
            listen(console, command.sessionId, true);
        if (auto l = console.listens.value(command.sessionId))
            l->talk = command.on;
        reply(console.id, command.id, {});
        return;
    }
    default: break;
    }
    // Done on the call's worker; the answer comes back here to the console, if it is still here.
    const quint64 consoleId = console.id;
    const qint64 commandId = command.id;
    const Command::Type type = command.type;
    const QByteArray sessionId = command.sessionId;
    QPointer<OperatorServer> self(this);
    m_services.act(command, console.account.name, [self, consoleId, commandId, type, sessionId](const QString &refusal) {
        QMetaObject::invokeMethod(
            self,
            [self, consoleId, commandId, type, sessionId, refusal] {
                if (!self)
                    return;
                auto it = self->m_consoles.find(consoleId);
                if (refusal.isEmpty() && it != self->m_consoles.end() && type == Command::Type::HandBack)
                    if (auto l = it->second->listens.value(sessionId))
                        l->talk = false;
                self->reply(consoleId, commandId, refusal);
            },
            Qt::QueuedConnection);
    });
}

void OperatorServer::reply(quint64 consoleId, qint64 commandId, const QString &refusal)
{
    auto it = m_consoles.find(consoleId);
    if (it != m_consoles.end())
        it->second->ws->sendText(operatorlink::encodeReply(commandId, refusal));
}

void OperatorServer::watch(Console &console, const QByteArray &sessionId, bool on)
{
    if (on && !console.watched.contains(sessionId)) {
        console.watched.insert(sessionId);
        m_services.feed.changeWatches(m_services.events, 1);
    } else if (!on && console.watched.remove(sessionId)) {
        m_services.feed.changeWatches(m_services.events, -1);
    }
}

void OperatorServer::listen(Console &console, const QByteArray &sessionId, bool on)
{
    if (!on) {
        if (auto l = console.listens.take(sessionId)) {
            l->tap->close();
            if (--m_listens == 0)
                m_audioPump->stop();
        }
        return;
    }
    if (console.listens.contains(sessionId))
        return;
    auto l = std::make_shared<Listen>();
    l->sessionId = sessionId;
    l->tap = std::make_shared<audio::CallAudioTap>();
    l->lastPumpNs = audio::CallAudioTap::nowNs();
    console.listens.insert(sessionId, l);
    m_services.attachAudio(sessionId, l->tap);
    if (m_listens++ == 0)
        m_audioPump->start();
}

void OperatorServer::pumpAudio()
{
    const int64_t now = audio::CallAudioTap::nowNs();
    for (auto &[id, console] : m_consoles) {
        for (auto it = console->listens.begin(); it != console->listens.end();) {
            Listen &l = **it;
            if (l.tap->callEnded()) {
                l.tap->close();
                it = console->listens.erase(it);
                --m_listens;
                continue;
            }
            pumpListen(*console, l, now);
            ++it;
        }
    }
    if (m_listens == 0)
        m_audioPump->stop();
}

void OperatorServer::pumpListen(Console &console, Listen &l, int64_t nowNs)
{
    using audio::kVoiceFrameSamples;
    audio::CallAudioTap &tap = *l.tap;
    uint8_t ulaw[kVoiceFrameSamples];
    int16_t pcm[kVoiceFrameSamples];
    const auto send = [&](Channel channel, quint32 &seq, int64_t stamp, const QByteArray &session) {
        for (int i = 0; i < kVoiceFrameSamples; ++i)
            pcm[i] = audio::ulawToLinear(ulaw[i]);
        const QByteArray packet = (channel == Channel::Caller ? l.callerCodec : l.heardCodec).encode(pcm);
        const quint32 n = seq++;
        if (packet.isEmpty())
            return;
        if (console.ws->queuedBytes() > kAudioQueueLimit) {
            m_services.metrics.operatorAudioDropped.fetch_add(1, std::memory_order_relaxed);
            return; // the console is behind: it loses this frame, the call loses nothing
        }
        console.ws->sendBinary(operatorlink::encodeAudio({channel, stamp, n, session}, packet));
    };
    const QByteArray session = l.sessionId;
    // The caller, as their frames reached the gateway, each with its arrival time.
    while (tap.caller().readable() >= size_t(kVoiceFrameSamples)) {
        const uint64_t from = tap.caller().readIndex();
        tap.caller().read(ulaw, kVoiceFrameSamples);
        int64_t stamp = 0;
        for (;;) {
            if (!l.pendingMark) {
                audio::CallAudioTap::Arrival a;
                if (tap.arrivals().read(&a, 1) == 0)
                    break;
                l.pendingMark = a;
            }
            if (l.pendingMark->sample >= from + kVoiceFrameSamples)
                break; // a later frame's
            if (l.pendingMark->sample >= from)
                stamp = l.pendingMark->ns;
            l.pendingMark.reset();
        }
        send(Channel::Caller, l.callerSeq, stamp, session);
    }
    // What the caller hears, at the pace they hear it (the AI's replies arrive in bursts), cut
    // where the caller cut it.
    audio::SpscRing<uint8_t> &heard = tap.other();
    heard.skipTo(tap.otherCutIndex());
    l.heardCredit += (nowNs - l.lastPumpNs) * audio::kVoiceRate / 1000000000;
    l.lastPumpNs = nowNs;
    while (l.heardCredit >= kVoiceFrameSamples && heard.readable() >= size_t(kVoiceFrameSamples)) {
        heard.read(ulaw, kVoiceFrameSamples);
        l.heardCredit -= kVoiceFrameSamples;
        send(Channel::Heard, l.heardSeq, nowNs, session);
    }
    if (heard.readable() < size_t(kVoiceFrameSamples))
        l.heardCredit = std::min<qint64>(l.heardCredit, kVoiceFrameSamples); // no catching up after a pause
}

void OperatorServer::onBinary(Console &console, QByteArrayView message)
{
    const auto decoded = operatorlink::decodeAudio(message);
    if (!decoded || decoded.value().first.channel != Channel::Microphone) {
        m_services.metrics.reject(RejectReason::OperatorBadMessage);
        return;
    }
    const auto &[header, at] = decoded.value();
    const std::shared_ptr<Listen> l = console.listens.value(header.sessionId);
    if (!l || !l->talk) {
        m_services.metrics.reject(RejectReason::OperatorForbidden); // a microphone with no call to speak in
        return;
    }
    int16_t pcm[audio::kVoiceFrameSamples];
    if (!l->micCodec.decode(message.sliced(at), pcm)) {
        m_services.metrics.reject(RejectReason::OperatorBadMessage);
        return;
    }
    uint8_t ulaw[audio::kVoiceFrameSamples];
    for (int i = 0; i < audio::kVoiceFrameSamples; ++i)
        ulaw[i] = audio::linearToUlaw(pcm[i]);
    l->tap->agentAudio(QByteArrayView(reinterpret_cast<const char *>(ulaw), audio::kVoiceFrameSamples));
}

} // namespace callgate
