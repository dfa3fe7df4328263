#include "sim/WsServer.h"

#include <QFile>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace callgate::sim {

QByteArray UpgradeRequest::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first == name)
            return h.second;
    }
    return {};
}

WsServer::WsServer(net::WsOptions options, QObject *parent) : QTcpServer(parent), m_options(options) {}

Status WsServer::listenOn(const QHostAddress &address, quint16 port)
{
    if (!listen(address, port))
        return Error{QStringLiteral("simulator cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(errorString())};
    return Ok{};
}

Status WsServer::useTls(const QString &certificateFile, const QString &keyFile)
{
    QFile cert(certificateFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1 or %2").arg(certificateFile, keyFile)};
    m_certificate = cert.readAll();
    m_key = key.readAll();
    return Ok{};
}

void WsServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = nullptr;
    if (tls()) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setLocalCertificateChain(QSslCertificate::fromData(m_certificate, QSsl::Pem));
        c.setPrivateKey(QSslKey(m_key, QSsl::Ec, QSsl::Pem).isNull() ? QSslKey(m_key, QSsl::Rsa, QSsl::Pem)
                                                                     : QSslKey(m_key, QSsl::Ec, QSsl::Pem));
        c.setPeerVerifyMode(QSslSocket::VerifyNone); // clients have no certificate
        ssl->setSslConfiguration(c);
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        ssl->startServerEncryption(); // readyRead then brings decrypted bytes only
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    deadline->start(10000);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, deadline] {
        const QByteArray head = socket->peek(16384);
        const qsizetype end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (head.size() >= 16384)
                socket->abort();
            return;
        }
        // A plain request's body comes whole before it is answered (OpenAI takes files up to 25 MB).
        qsizetype bodySize = 0;
        for (const QByteArray &line : head.left(end).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                bodySize = line.mid(15).trimmed().toLongLong();
        }
        if (bodySize < 0 || bodySize > (26 << 20)) {
            socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        if (socket->bytesAvailable() < end + 4 + bodySize)
            return; // more to come (the deadline still runs)
        socket->read(end + 4);
        const QByteArray body = socket->read(bodySize);
        deadline->stop();
        socket->disconnect(this);
        disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        UpgradeRequest req;
        req.body = body;
        const QList<QByteArray> lines = head.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        req.method = first.value(0);
        req.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                req.headers.append({lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
        }
        QByteArray refusal;
        if (req.header("upgrade").isEmpty() && onPlainRequest) {
            socket->write(onPlainRequest(req));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            return;
        }
        if (req.header("upgrade").toLower() != "websocket" || req.header("sec-websocket-key").isEmpty())
            refusal = "400 Bad Request";
        else if (check)
            refusal = check(req);
        if (!refusal.isEmpty()) {
            socket->write("HTTP/1.1 " + refusal + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            return;
        }
        socket->write(net::WsConnection::serverHandshakeResponse(req.header("sec-websocket-key")));
        auto ws = std::make_unique<net::WsConnection>(std::unique_ptr<QTcpSocket>(socket), m_options);
        if (onConnection)
            onConnection(std::move(ws), req);
    });
}

} // namespace callgate::sim
