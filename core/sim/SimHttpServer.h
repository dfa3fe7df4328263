#pragma once
// A small HTTP server on 127.0.0.1 for the simulators of outside services (Twilio's REST API, the
// Google Docs export, a customer API). A handler gets each request and answers through a
// callback, at once or later (a slow service). Lives on the thread that created it.

#include "util/Result.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QUrl>

#include <functional>

namespace callgate::sim {

struct SimRequest {
    QByteArray method;
    QUrl url;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

struct SimResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static SimResponse json(int status, const QByteArray &body) { return {status, "application/json", body, {}}; }
};

class SimHttpServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    using Respond = std::function<void(const SimResponse &)>;
    using Handler = std::function<void(const SimRequest &, Respond)>;

    explicit SimHttpServer(Handler handler, QObject *parent = nullptr);
    Status listenLocal(quint16 port = 0);
    QUrl url() const; // http://127.0.0.1:<port>
    quint16 port() const { return m_port; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
    quint16 m_port = 0;
};

} // namespace callgate::sim
