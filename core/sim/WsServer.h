#pragma once
// A small WebSocket server for the simulators: accepts TCP connections, reads the upgrade request
// (with a size cap and a deadline), lets the owner accept or refuse it, answers 101 and hands over
// a server-role WsConnection; a body-less request that is no upgrade goes to onPlainRequest.
// Lives on the thread that created it.

#include "net/WsConnection.h"
#include "util/Result.h"

#include <QHostAddress>
#include <QTcpServer>

#include <functional>
#include <memory>

namespace callgate::sim {

struct UpgradeRequest {
    QByteArray method;
    QByteArray target;                            // path and query as sent
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;                              // a plain request's (Content-Length), up to 26 MB
    QByteArray header(QByteArrayView name) const;
};

class WsServer : public QTcpServer {
    Q_OBJECT
public:
    explicit WsServer(net::WsOptions options, QObject *parent = nullptr);
    Status listenOn(const QHostAddress &address, quint16 port);
    // Serves TLS (wss://, https://) with this PEM certificate (chain) and key; before listenOn().
    Status useTls(const QString &certificateFile, const QString &keyFile);
    bool tls() const { return !m_certificate.isEmpty(); }

    // Return an empty string to accept; anything else is the HTTP status line + body to refuse with,
    // e.g. "401 Unauthorized".
    std::function<QByteArray(const UpgradeRequest &)> check;
    std::function<void(std::unique_ptr<net::WsConnection>, const UpgradeRequest &)> onConnection;
    // A request that is not a WebSocket upgrade (a plain GET next to the socket endpoint): return
    // the whole HTTP response; the connection is closed after it. Unset: 400.
    std::function<QByteArray(const UpgradeRequest &)> onPlainRequest;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    net::WsOptions m_options;
    QByteArray m_certificate; // PEM
    QByteArray m_key;         // PEM
};

} // namespace callgate::sim
