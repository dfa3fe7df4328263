#pragma once
// TLS for our own client connections (wss:// to OpenAI, to a remote gateway), on the thread's epoll
// reactor like plain TCP: OpenSSL over memory BIOs, fed from and flushed to a raw descriptor's
// transport. A QSslSocket per call would put every call's socket back into Qt's event dispatcher,
// which polls each registered descriptor on every loop turn — what the reactor exists to avoid.
// The peer's certificate is checked against the system's CAs and any trusted here, and its name
// against the host (or IP address) connected to.

#include "util/Result.h"

#include <QString>

#include <memory>

namespace callgate::net {

class Transport;

// Trusts the CA certificates of a PEM file beside the system's, from now on, for every TLS
// connection of this process: ours (wss://) and Qt's (HTTPS through QNetworkAccessManager,
// QSslSocket). The error names the file and what is wrong with it.
Status trustCaCertificates(const QString &pemFile);

// TLS as a client over `raw` (connecting, or connected): the handshake starts when `raw` reports
// connected; onConnected follows once it is done and the certificate checked.
std::unique_ptr<Transport> tlsClientOver(std::unique_ptr<Transport> raw, const QString &host);

} // namespace callgate::net
