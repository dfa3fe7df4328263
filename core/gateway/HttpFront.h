#pragma once
// The HTTP side of one worker: QtHttpServer's parser and WebSocket hand-off, with our own routing
// (a few fixed paths need no regex router). A media-stream upgrade is accepted only when its
// signature and session check out; a refused upgrade is answered 403/404 and never becomes a
// WebSocket. Lives on its worker thread.

#include "gateway/HttpResponse.h"

#include <QAbstractHttpServer>

namespace callgate {

class GatewayShared;

class HttpFront : public QAbstractHttpServer {
    Q_OBJECT
public:
    explicit HttpFront(GatewayShared &shared, QObject *parent = nullptr);

    // "/media-stream/<id>" → "<id>", else empty.
    static QByteArray sessionIdFromPath(const QString &path);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    HttpResponse route(const QHttpServerRequest &request);
    bool acceptStreamUpgrade(const QHttpServerRequest &request);
    void write(const QHttpServerRequest &request, QTcpSocket *socket, const HttpResponse &response);

    GatewayShared &m_shared;
    HttpResponse m_refusal; // set when handleRequest declines an upgrade
};

} // namespace callgate
