#include "sim/SimHttpServer.h"

#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>

namespace callgate::sim {
namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    using M = QHttpServerRequest::Method;
    switch (m) {
    case M::Get: return "GET";
    case M::Post: return "POST";
    case M::Put: return "PUT";
    case M::Delete: return "DELETE";
    case M::Head: return "HEAD";
    case M::Patch: return "PATCH";
    default: return "OTHER";
    }
}

} // namespace

SimHttpServer::SimHttpServer(Handler handler, QObject *parent) : QAbstractHttpServer(parent), m_handler(std::move(handler)) {}

Status SimHttpServer::listenLocal(quint16 port)
{
    m_port = listen(QHostAddress::LocalHost, port);
    if (m_port == 0)
        return Error{QStringLiteral("simulator cannot listen on 127.0.0.1:%1").arg(port)};
    return Ok{};
}

QUrl SimHttpServer::url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }

bool SimHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    SimRequest r;
    r.method = methodName(request.method());
    r.url = request.url();
    for (const auto &[name, value] : request.headers())
        r.headers.insert(name.toLower(), value);
    r.body = request.body();
    QPointer<QTcpSocket> guarded(socket);
    m_handler(r, [guarded](const SimResponse &response) {
        if (!guarded || guarded->state() != QAbstractSocket::ConnectedState)
            return;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " Simulated\r\nContent-Type: " + response.contentType
            + "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        for (const auto &[name, value] : response.headers)
            out += name + ": " + value + "\r\n";
        out += "\r\n" + response.body;
        guarded->write(out);
    });
    return true;
}

void SimHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
}

} // namespace callgate::sim
