#pragma once
// A QTcpServer whose listening socket is opened with SO_REUSEPORT, so each worker thread can own
// a listener on the same port and the kernel spreads new connections across them. Every accepted
// socket gets TCP_NODELAY (media frames must not wait for Nagle) and a ConnectionGuard before the
// HTTP server sees it. Lives on the worker thread that created it.

#include "gateway/HttpGuard.h"
#include "util/Result.h"

#include <QHostAddress>
#include <QTcpServer>

namespace callgate {

class ReusePortServer : public QTcpServer {
    Q_OBJECT
public:
    ReusePortServer(const HttpLimits &limits, Metrics &metrics, int workerIndex, QObject *parent = nullptr);

    // Binds and listens; port 0 picks a free port (then share serverPort() with the other workers).
    Status listenShared(const QHostAddress &address, quint16 port);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    const HttpLimits m_limits;
    Metrics &m_metrics;
    const int m_workerIndex;
};

} // namespace callgate
