#include "gateway/CallSession.h"

#include "gateway/GatewayShared.h"
#include "util/Log.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

namespace callgate {

CallSession::CallSession(GatewayShared &shared, SessionInfo info, std::unique_ptr<QWebSocket> twilio)
    : m_shared(shared), m_info(std::move(info)), m_twilio(std::move(twilio))
{
    connect(m_twilio.get(), &QWebSocket::textMessageReceived, this, &CallSession::onTwilioMessage);
    connect(m_twilio.get(), &QWebSocket::disconnected, this, &CallSession::onTwilioClosed);
}

CallSession::~CallSession()
{
    if (m_twilio)
        m_twilio->disconnect(this);
}

void CallSession::onTwilioMessage(const QString &message)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(message.toUtf8(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        m_shared.metrics.malformedMessages.fetch_add(1, std::memory_order_relaxed);
        qCWarning(lcTwilio) << "malformed stream message ignored:" << err.errorString();
        return;
    }
    const QString event = doc.object().value(QLatin1String("event")).toString();
    if (event == QLatin1String("media"))
        m_shared.metrics.mediaFramesFromTwilio.fetch_add(1, std::memory_order_relaxed);
    else if (event == QLatin1String("stop"))
        m_stopSeen = true;
}

void CallSession::onTwilioClosed()
{
    finish(m_stopSeen ? CallOutcome::Completed : CallOutcome::StreamClosed);
}

void CallSession::end(CallOutcome outcome)
{
    if (m_twilio && m_twilio->state() == QAbstractSocket::ConnectedState)
        m_twilio->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("gateway shutting down"));
    finish(outcome);
}

void CallSession::finish(CallOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_shared.sessions.release(m_info.id);
    m_shared.metrics.callEnded(outcome);
    qCInfo(lcSession).noquote() << "call" << m_info.callSid << "ended:" << callOutcomeName(outcome);
    Q_EMIT finished(this);
}

} // namespace callgate
