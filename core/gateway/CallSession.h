#pragma once
// One call's media stream on the worker that accepted it: owns the Twilio WebSocket, holds the
// session claimed from the registry, and ends exactly once. Lives on its worker thread.

#include "gateway/Metrics.h"
#include "gateway/SessionRegistry.h"

#include <QObject>

#include <memory>

class QWebSocket;

namespace callgate {

class GatewayShared;

class CallSession : public QObject {
    Q_OBJECT
public:
    CallSession(GatewayShared &shared, SessionInfo info, std::unique_ptr<QWebSocket> twilio);
    ~CallSession() override;

    const SessionInfo &info() const { return m_info; }
    // Ends the call from our side (shutdown): closes the stream politely.
    void end(CallOutcome outcome);

Q_SIGNALS:
    void finished(CallSession *self);

private:
    void onTwilioMessage(const QString &message);
    void onTwilioClosed();
    void finish(CallOutcome outcome);

    GatewayShared &m_shared;
    SessionInfo m_info;
    std::unique_ptr<QWebSocket> m_twilio;
    bool m_finished = false;
    bool m_stopSeen = false;
};

} // namespace callgate
