#pragma once
// Finds the public https address of a running ngrok agent from its local API
// (GET <NGROK_API_URL>/api/tunnels): the tunnel that forwards to this gateway's port, preferring
// https. For the console's set-up help when PUBLIC_URL is not set. Lives on the thread that made it.

#include "util/Result.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace callgate {

// The tunnel list ngrok's agent API returns → the public URL forwarding to `port`, or an error.
Result<QUrl> pickNgrokTunnel(const QByteArray &tunnelsJson, quint16 port);

class NgrokDiscovery : public QObject {
    Q_OBJECT
public:
    explicit NgrokDiscovery(QUrl apiUrl = QUrl(QStringLiteral("http://127.0.0.1:4040")), QObject *parent = nullptr);
    void discover(quint16 port, std::function<void(Result<QUrl>)> done);

private:
    QUrl m_api;
    QNetworkAccessManager *m_network;
};

} // namespace callgate
