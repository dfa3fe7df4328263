#include "gateway/GatewayWorker.h"

#include "gateway/CallSession.h"
#include "gateway/GatewayShared.h"
#include "gateway/HttpFront.h"
#include "gateway/ReusePortServer.h"
#include "util/Log.h"

#include <QHostAddress>
#include <QWebSocket>

namespace callgate {

GatewayWorker::GatewayWorker(GatewayShared &shared, int index) : m_shared(shared), m_index(index)
{
    const Config &c = shared.config;
    m_limits = HttpLimits{c.maxBodyBytes, c.maxHeaderBytes, c.httpRequestTimeoutMs, c.httpIdleTimeoutMs};
}

GatewayWorker::~GatewayWorker()
{
    shutdown();
}

Result<quint16> GatewayWorker::start(quint16 port)
{
    m_http = std::make_unique<HttpFront>(m_shared);
    auto listener = std::make_unique<ReusePortServer>(m_limits, m_shared.metrics, m_index);
    const Status s = listener->listenShared(QHostAddress(m_shared.config.bindAddress), port);
    if (!s)
        return Error{s.error()};
    m_listener = listener.release();
    m_http->bind(m_listener); // takes ownership
    connect(m_http.get(), &QAbstractHttpServer::newWebSocketConnection, this, &GatewayWorker::onNewWebSocket);
    qCDebug(lcHttp) << "worker" << m_index << "listening on port" << m_listener->serverPort();
    return m_listener->serverPort();
}

void GatewayWorker::onNewWebSocket()
{
    while (m_http && m_http->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http->nextPendingWebSocketConnection();
        if (!socket)
            continue;
        // The handshake route checked the signature and that the session was claimable; claim it
        // now, exactly once (a second stream for the same session loses the race here).
        const QByteArray id = HttpFront::sessionIdFromPath(socket->requestUrl().path());
        auto info = m_shared.sessions.claim(id);
        if (!info) {
            m_shared.metrics.reject(RejectReason::SessionReused);
            socket->abort();
            continue;
        }
        auto call = std::make_unique<CallSession>(m_shared, std::move(*info), std::move(socket));
        connect(call.get(), &CallSession::finished, this, &GatewayWorker::onCallFinished, Qt::QueuedConnection);
        CallSession *raw = call.get();
        m_calls.emplace(raw, std::move(call));
    }
}

void GatewayWorker::onCallFinished(CallSession *call)
{
    m_calls.erase(call);
}

void GatewayWorker::endAllCalls()
{
    for (auto &[raw, call] : m_calls)
        call->end(CallOutcome::Drained);
}

void GatewayWorker::shutdown()
{
    endAllCalls();
    m_calls.clear();
    m_http.reset(); // deletes the listener and every HTTP socket
    m_listener = nullptr;
}

} // namespace callgate
