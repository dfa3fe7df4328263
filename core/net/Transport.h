#pragma once
// The byte stream under a WsConnection. Two kinds: a raw non-blocking descriptor served by the
// thread's Reactor (epoll) — plain TCP, or TLS through OpenSSL over it (net/Tls.h), so a call's
// wss:// link to OpenAI is on the reactor too — and a QTcpSocket (or QSslSocket) wherever a Qt
// socket is handed to us (the simulators' servers). Lives on the thread that created it.

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpSocket;

namespace callgate::net {

class Transport {
public:
    virtual ~Transport() = default;

    // > 0: bytes read; 0: nothing now; -1: the connection is gone.
    virtual qint64 read(char *buffer, qint64 max) = 0;
    // Writes now as far as the kernel takes it; the rest is queued and sent as room frees up.
    virtual void write(const char *data, qint64 size) = 0;
    virtual bool isConnected() const = 0;
    // Bytes written but not yet taken by the kernel (the peer is slow or not reading).
    virtual qint64 queuedBytes() const = 0;
    // Sends what is queued, then closes; onClosed follows.
    virtual void closeGracefully() = 0;
    virtual void abort() = 0;
    virtual QByteArray peerAddress() const = 0;

    std::function<void()> onReadable;
    std::function<void()> onConnected;                   // client side: ready for the handshake
    std::function<void(const QString &reason)> onClosed; // once

protected:
    // Calls onClosed the first time only.
    void reportClosed(const QString &reason)
    {
        if (m_closedReported)
            return;
        m_closedReported = true;
        if (onClosed)
            onClosed(reason);
    }
    bool closedReported() const { return m_closedReported; }

private:
    bool m_closedReported = false;
};

// An accepted, connected TCP descriptor (ours to close).
std::unique_ptr<Transport> adoptDescriptor(int fd);
// A connected Qt socket (server side of the simulators).
std::unique_ptr<Transport> adoptQtSocket(std::unique_ptr<QTcpSocket> socket);
// Connects to host:port, on the reactor; TLS when `tls` (the certificate checked against the
// system's CAs and those of trustCaCertificates()). onConnected or onClosed follows.
std::unique_ptr<Transport> connectTo(const QString &host, quint16 port, bool tls);

} // namespace callgate::net
