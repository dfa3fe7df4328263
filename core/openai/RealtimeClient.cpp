#include "openai/RealtimeClient.h"

#include "util/Log.h"

#include <QUrlQuery>

namespace callgate::openai {

RealtimeClient::RealtimeClient(Options options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

void RealtimeClient::connectToService()
{
    net::WsOptions ws;
    ws.maxMessageBytes = 64 << 20; // server events can be large (item retrievals with audio)
    ws.pingIntervalMs = m_options.pingIntervalMs;
    ws.idleTimeoutMs = m_options.pingIntervalMs > 0 ? m_options.pingIntervalMs * 2 + m_options.pingIntervalMs / 2 : 0;
    m_ws = std::make_unique<net::WsConnection>(ws);
    m_ws->onMessage = [this](QByteArrayView message, bool) { onMessage(message); };
    connect(m_ws.get(), &net::WsConnection::closed, this, [this](quint16 code, const QString &reason) {
        m_ready = false;
        if (m_closedReported)
            return;
        m_closedReported = true;
        if (onClosed)
            onClosed(QStringLiteral("%1 %2").arg(code).arg(reason));
    });
    QUrl url = m_options.url;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("model"), m_options.session.model);
    url.setQuery(query);
    m_ws->open(url, {{"Authorization", "Bearer " + m_options.apiKey.toUtf8()}});
}

void RealtimeClient::onMessage(QByteArrayView message)
{
    AudioDeltaView delta;
    if (onAudioDelta && parseAudioDeltaFast(message, delta)) {
        onAudioDelta(delta);
        return;
    }
    const ServerEvent event = parseServerEvent(message);
    if (event.type == ServerEvent::Type::SessionCreated) {
        m_expiresAt = event.expiresAt;
        send(sessionUpdate(m_options.session));
    }
    if (event.type == ServerEvent::Type::SessionUpdated && !m_ready) {
        m_ready = true;
        if (onReady)
            onReady();
    }
    if (onEvent)
        onEvent(event);
}

void RealtimeClient::send(QByteArrayView event)
{
    if (m_ws)
        m_ws->sendText(event);
}

void RealtimeClient::appendAudio(QByteArrayView base64Audio)
{
    if (m_ws)
        m_ws->sendText({"{\"type\":\"input_audio_buffer.append\",\"audio\":\"", base64Audio, "\"}"});
}

bool RealtimeClient::overflowed() const { return m_ws && m_ws->overflowed(); }

int RealtimeClient::refusedStatus() const { return m_ws ? m_ws->handshakeStatus() : 0; }

void RealtimeClient::close()
{
    m_closedReported = true;
    if (m_ws)
        m_ws->close(1000, "call ended");
}

void RealtimeClient::setAutoResponses(bool on)
{
    m_options.session.autoResponses = on;
    if (m_ready)
        send(autoResponseUpdate(m_options.session, on));
}

} // namespace callgate::openai
