#include "openai/RealtimeClient.h"

#include "util/Log.h"

#include <QUrlQuery>

namespace callgate::openai {

RealtimeClient::RealtimeClient(Options options, QObject *parent) : AiSession(parent), m_options(std::move(options)) {}

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

void RealtimeClient::giveHistory(const QList<HistoryItem> &items)
{
    using R = HistoryItem::Role;
    for (const HistoryItem &h : items) {
        switch (h.role) {
        case R::System: send(systemMessage(h.text)); break;
        case R::User: send(userTextMessage(h.text)); break;
        case R::Assistant:
            if (h.cut) {
                send(assistantTextMessage(h.text.isEmpty() ? QStringLiteral("…") : h.text + QStringLiteral(" …")));
                send(systemMessage(QStringLiteral("(That reply was cut off there: the caller heard it up to that point.)")));
            } else {
                send(assistantTextMessage(h.text));
            }
            break;
        case R::Agent:
            if (!h.audio.isEmpty())
                send(agentSpeechMessage(h.audio, h.seconds));
            else
                send(systemMessage(
                    QStringLiteral("(A live agent spoke to the caller here for %1 s; the recording of it is no longer replayed.)")
                        .arg(h.seconds, 0, 'f', 1)));
            break;
        }
    }
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
