#pragma once
// The HTTP side of one worker: QtHttpServer's parser with our own routing (a few fixed paths need
// no regex router). A media-stream upgrade is accepted only when its signature and session check
// out, and a console's (/operator) only with an operator's token; a refused one is answered
// 401/403/404/409/429. An accepted one does not go to QWebSocketServer:
// its connection is duplicated (dup) and handed to onStreamAccepted, which answers 101 and runs
// our own WebSocket on it, while QtHttpServer closes and deletes its own QTcpSocket as usual.
// Lives on its worker thread.

#include "gateway/CallerFlow.h"
#include "gateway/HttpResponse.h"
#include "operator/OperatorAccounts.h"

#include <QAbstractHttpServer>

#include <functional>
#include <optional>

namespace callgate {

// What the HTTP side of a worker takes from its gateway: settings and counters, the sessions a
// stream upgrade may claim, the caller flow's own services, and the two status pages.
struct FrontServices {
    const Config &config;
    Metrics &metrics;
    const SessionRegistry &sessions;
    FlowServices flow;
    std::function<HttpResponse()> healthPage;
    std::function<HttpResponse(const QHttpServerRequest &)> metricsPage;
    // Remote consoles (GET /operator): who may attach, failed attempts by address, and where an
    // accepted upgrade goes (a connected descriptor, ours to close; called on this worker's
    // thread). Without accounts /operator refuses everyone.
    OperatorAccounts *operators = nullptr;
    class AuthThrottle *operatorThrottle = nullptr;
    std::function<void(qintptr fd, const QByteArray &clientKey, const OperatorAccount &account)> operatorAccepted;
    // The caller's app (GET /app, GET /user), when USER_APP is on: whether another connection from
    // an address may open (a refusal in words, counted by the app's server), and where an admitted
    // upgrade goes (fd -1: it could not be taken after all).
    std::function<QString(const QByteArray &address)> userAdmit;
    std::function<void(qintptr fd, const QByteArray &clientKey, const QByteArray &address)> userAccepted;
};

class HttpFront : public QAbstractHttpServer {
    Q_OBJECT
public:
    explicit HttpFront(FrontServices services, QObject *parent = nullptr);

    // "/media-stream/<id>" → "<id>", else empty.
    static QByteArray sessionIdFromPath(const QString &path);

    // Called with a connected socket descriptor (ours to close), the client's Sec-WebSocket-Key
    // and the session id, for each accepted media-stream upgrade.
    std::function<void(qintptr fd, const QByteArray &clientKey, const QByteArray &sessionId)> onStreamAccepted;

    // This worker's caller flow (its Twilio REST client serves the calls of this worker too).
    CallerFlow &flow() { return *m_flow; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    HttpResponse route(const QHttpServerRequest &request);
    bool acceptStreamUpgrade(const QHttpServerRequest &request);
    // Sets m_acceptedOperator, or m_refusal.
    void acceptOperatorUpgrade(const QHttpServerRequest &request);
    // Sets m_acceptedUser, or m_refusal.
    void acceptUserUpgrade(const QHttpServerRequest &request);
    // GET /app…: the app's page and its script and style, from the resources.
    HttpResponse appPage(const QString &path) const;
    void write(const QHttpServerRequest &request, QTcpSocket *socket, const HttpResponse &response);
    // Every answer names the instance that gave it (behind a load balancer, which one did).
    static void writeResponse(QTcpSocket *socket, bool head, const HttpResponse &response, const QByteArray &instanceHeader);

    const FrontServices m_services;
    CallerFlow *m_flow;     // child
    HttpResponse m_refusal; // set when handleRequest declines an upgrade
    const QByteArray m_instanceHeader;
    QByteArray m_acceptedSession; // set when handleRequest accepts one
    std::optional<OperatorAccount> m_acceptedOperator;
    QByteArray m_acceptedUser; // the address of an admitted /user upgrade
};

} // namespace callgate
