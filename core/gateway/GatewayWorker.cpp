#include "gateway/GatewayWorker.h"

#include "config/Config.h"
#include "gateway/CallerFlow.h"
#include "gateway/HttpFront.h"
#include "gateway/Logging.h"
#include "gateway/MediaBridge.h"
#include "gateway/Metrics.h"
#include "gateway/ReusePortServer.h"
#include "gateway/SessionRegistry.h"
#include "net/Transport.h"
#include "net/WsConnection.h"
#include "openai/Transcriber.h"
#include "store/SharedLedger.h"

#include <QHostAddress>

namespace callgate {

GatewayWorker::GatewayWorker(WorkerServices services, int index) : m_services(std::move(services)), m_index(index)
{
    const Config &c = m_services.calls.config;
    m_limits = HttpLimits{c.maxBodyBytes, c.maxHeaderBytes, c.httpRequestTimeoutMs, c.httpIdleTimeoutMs};
}

GatewayWorker::~GatewayWorker() { shutdown(); }

Result<quint16> GatewayWorker::start(quint16 port)
{
    m_http = std::make_unique<HttpFront>(m_services.front);
    auto listener = std::make_unique<ReusePortServer>(m_limits, m_services.calls.metrics, m_index);
    const Status s = listener->listenShared(QHostAddress(m_services.calls.config.bindAddress), port);
    if (!s)
        return Error{s.error()};
    m_listener = listener.release();
    m_http->bind(m_listener); // takes ownership
    m_http->onStreamAccepted = [this](qintptr fd, const QByteArray &key, const QByteArray &id) { onStreamAccepted(fd, key, id); };
    qCDebug(lcHttp) << "worker" << m_index << "listening on port" << m_listener->serverPort();
    return m_listener->serverPort();
}

namespace {

// Answers a handshake we will not complete and closes; the transport lingers until it is out.
void refuseHandshake(std::unique_ptr<net::Transport> transport, QByteArrayView status)
{
    const QByteArray answer = "HTTP/1.1 " + status.toByteArray() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    transport->write(answer.constData(), answer.size());
    transport->closeGracefully();
}

} // namespace

void GatewayWorker::onStreamAccepted(qintptr fd, const QByteArray &clientKey, const QByteArray &sessionId)
{
    auto transport = net::adoptDescriptor(int(fd));
    if (store::SharedLedger *ledger = m_services.front.flow.ledger) {
        claimShared(*ledger, std::move(transport), clientKey, sessionId);
        return;
    }
    // The handshake route checked the signature and that the session was claimable; claim it now,
    // exactly once (a second stream for the same session loses the race here).
    auto info = m_services.calls.sessions.claim(sessionId);
    if (!info) {
        m_services.calls.metrics.reject(RejectReason::SessionReused);
        refuseHandshake(std::move(transport), "409 Conflict");
        return;
    }
    startCall(std::move(transport), clientKey, std::move(*info));
}

void GatewayWorker::claimShared(store::SharedLedger &ledger, std::unique_ptr<net::Transport> transport, const QByteArray &clientKey,
                                const QByteArray &sessionId)
{
    // A slot here first, so that a session claimed in the cluster always has a place to run.
    if (!m_services.calls.sessions.reserveSlot()) {
        m_services.calls.metrics.reject(RejectReason::Busy);
        qCWarning(lcSession) << "refused media-stream handshake: all call slots in use";
        refuseHandshake(std::move(transport), "503 Service Unavailable");
        return;
    }
    // The descriptor waits (unread) for the database's answer; a std::function must be copyable.
    auto held = std::make_shared<std::unique_ptr<net::Transport>>(std::move(transport));
    ledger.claimSession(sessionId, this, [this, held, clientKey](store::SharedLedger::Outcome outcome, const QByteArray &payload) {
        using Outcome = store::SharedLedger::Outcome;
        std::optional<SessionInfo> info = outcome == Outcome::Done ? sessionFromJson(payload) : std::nullopt;
        if (!info) {
            m_services.calls.sessions.cancelReservation();
            const bool reused = outcome == Outcome::Reused;
            const bool down = outcome == Outcome::Unavailable;
            m_services.calls.metrics.reject(reused     ? RejectReason::SessionReused
                                                : down ? RejectReason::SharedStoreDown
                                                       : RejectReason::UnknownSession);
            qCWarning(lcSession).noquote() << "refused media-stream handshake:"
                                           << (outcome == Outcome::Done ? QStringLiteral("its stored session is unreadable")
                                                                        : QLatin1String(store::ledgerOutcomeName(outcome))
                                                       + QLatin1String(reused ? " (a stream for it was accepted before)" : ""));
            refuseHandshake(std::move(*held), reused ? "409 Conflict" : down ? "503 Service Unavailable" : "404 Not Found");
            return;
        }
        startCall(std::move(*held), clientKey, m_services.calls.sessions.activateReserved(std::move(*info)));
    });
}

void GatewayWorker::startCall(std::unique_ptr<net::Transport> transport, const QByteArray &clientKey, SessionInfo info)
{
    const QByteArray accept = net::WsConnection::serverHandshakeResponse(clientKey);
    transport->write(accept.constData(), accept.size());
    net::WsOptions options;
    options.maxMessageBytes = 64 * 1024; // Twilio's messages are a few hundred bytes
    options.pingIntervalMs = 10000;
    options.idleTimeoutMs = 30000; // media flows every 20 ms; silence this long means a dead peer
    auto ws = std::make_unique<net::WsConnection>(std::move(transport), options);
    auto call = std::make_unique<MediaBridge>(m_services.calls, std::move(info), std::move(ws), &m_http->flow().rest(), transcriber());
    connect(call.get(), &MediaBridge::finished, this, &GatewayWorker::onCallFinished, Qt::QueuedConnection);
    MediaBridge *raw = call.get();
    m_calls.emplace(raw, std::move(call));
}

void GatewayWorker::onCallFinished(MediaBridge *call) { m_calls.erase(call); }

openai::Transcriber *GatewayWorker::transcriber()
{
    const Config &c = m_services.calls.config;
    if (c.openAiTranscriptionModel.isEmpty() || c.openAiApiKey.isEmpty())
        return nullptr;
    if (!m_transcriber) {
        const QUrl endpoint = openai::transcriptionUrl(c.openAiApi == QLatin1String("live") ? c.openAiLiveUrl : c.openAiRealtimeUrl);
        m_transcriber = std::make_unique<openai::Transcriber>(endpoint, c.openAiApiKey, c.openAiTranscriptionModel, 15000);
    }
    return m_transcriber.get();
}

bool GatewayWorker::withCall(const QByteArray &sessionId, const std::function<void(MediaBridge &)> &f)
{
    for (auto &[raw, call] : m_calls) {
        if (call->session().id == sessionId) {
            f(*call);
            return true;
        }
    }
    return false;
}

void GatewayWorker::endAllCalls()
{
    for (auto &[raw, call] : m_calls)
        call->end(CallOutcome::Drained);
}

void GatewayWorker::stopListening()
{
    if (m_listener)
        m_listener->close();
}

void GatewayWorker::shutdown()
{
    endAllCalls();
    m_calls.clear();
    m_http.reset(); // deletes the listener and every HTTP socket
    m_listener = nullptr;
    m_transcriber.reset(); // its network manager belongs to this thread
}

} // namespace callgate
