#include "gateway/HttpFront.h"

#include "config/Config.h"
#include "gateway/AuthThrottle.h"
#include "gateway/CallerFlow.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "gateway/SessionRegistry.h"
#include "gateway/TwilioAuth.h"
#include "twilio/Logging.h"

#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>

#include <mutex>

#include <fcntl.h>

namespace callgate {

namespace {

constexpr QLatin1StringView kStreamPrefix("/media-stream/");
constexpr QLatin1StringView kOperatorPath("/operator");
constexpr QLatin1StringView kUserPath("/user");

bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value(QByteArrayLiteral("upgrade")).toLower() == "websocket"
        && request.value(QByteArrayLiteral("sec-websocket-key")).size() == 24
        && request.value(QByteArrayLiteral("sec-websocket-version")) == "13";
}

// The client's address for the sign-in throttle: a reverse proxy on this host (nginx terminating
// TLS) says whose request it forwards; anyone else is who they are.
QByteArray clientAddress(const QHttpServerRequest &request)
{
    const QHostAddress peer = request.remoteAddress();
    if (peer.isLoopback()) {
        const QByteArray real = request.value(QByteArrayLiteral("x-real-ip")).trimmed();
        if (!real.isEmpty() && real.size() <= 64)
            return real;
    }
    return peer.toString().toLatin1();
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 401: return "Unauthorized";
    case 409: return "Conflict";
    case 429: return "Too Many Requests";
    case 426: return "Upgrade Required";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    }
    return "Status";
}

} // namespace

namespace {

QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

// QtHttpServer warns "WebSocket received but no slots connected" for every upgrade we take over
// ourselves; keep its other messages.
void quietHttpServerFilter(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (qstrcmp(category->categoryName(), "qt.httpserver") == 0)
        category->setEnabled(QtWarningMsg, false);
}

} // namespace

HttpFront::HttpFront(FrontServices services, QObject *parent)
    : QAbstractHttpServer(parent), m_services(std::move(services)), m_flow(new CallerFlow(m_services.flow, this)),
      m_instanceHeader("X-Callgate-Instance: " + m_services.config.instanceName.toLatin1() + "\r\n")
{
    static std::once_flag once;
    std::call_once(once, [] { g_previousFilter = QLoggingCategory::installFilter(quietHttpServerFilter); });
}

QByteArray HttpFront::sessionIdFromPath(const QString &path)
{
    if (!path.startsWith(kStreamPrefix))
        return {};
    QString id = path.sliced(kStreamPrefix.size());
    if (id.endsWith(QLatin1Char('/')))
        id.chop(1);
    if (id.isEmpty() || id.size() > 64 || id.contains(QLatin1Char('/')))
        return {};
    return id.toLatin1();
}

bool HttpFront::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_services.metrics.httpRequests.fetch_add(1, std::memory_order_relaxed);
    const bool upgrade = request.value(QByteArrayLiteral("connection")).toLower().contains("upgrade");
    if (upgrade) {
        // Either way QtHttpServer goes on to missingHandler() and then closes its socket.
        if (request.url().path() == kOperatorPath)
            acceptOperatorUpgrade(request);
        else if (request.url().path() == kUserPath && m_services.userAdmit)
            acceptUserUpgrade(request);
        else if (acceptStreamUpgrade(request))
            m_acceptedSession = sessionIdFromPath(request.url().path());
        return false;
    }
    if (CallerFlow::handles(request.url().path())) {
        // Answered now or after Lookup; the socket may be gone by then.
        QPointer<QTcpSocket> guarded(socket);
        const bool head = request.method() == QHttpServerRequest::Method::Head;
        m_flow->handle(request, [guarded, head, instance = m_instanceHeader](const HttpResponse &response) {
            if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
                writeResponse(guarded, head, response, instance);
        });
        return true;
    }
    write(request, socket, route(request));
    return true;
}

void HttpFront::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Who takes an accepted upgrade's connection: a console, or the call of a media stream.
    std::function<void(qintptr fd, const QByteArray &key)> take;
    if (m_acceptedOperator && m_services.operatorAccepted)
        take = [this, account = *m_acceptedOperator](qintptr fd, const QByteArray &key) { m_services.operatorAccepted(fd, key, account); };
    else if (!m_acceptedSession.isEmpty() && onStreamAccepted)
        take = [this, session = m_acceptedSession](qintptr fd, const QByteArray &key) { onStreamAccepted(fd, key, session); };
    else if (!m_acceptedUser.isEmpty())
        take = [this, address = m_acceptedUser](qintptr fd, const QByteArray &key) { m_services.userAccepted(fd, key, address); };
    const bool accepted = m_acceptedOperator || !m_acceptedSession.isEmpty() || !m_acceptedUser.isEmpty();
    const QByteArray userAddress = std::exchange(m_acceptedUser, {});
    m_acceptedOperator.reset();
    m_acceptedSession.clear();
    if (!accepted) {
        write(request, socket, std::exchange(m_refusal, HttpResponse{}));
        return;
    }
    // Keep the connection alive past QtHttpServer's close of its own descriptor.
    const int fd = take ? ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0) : -1;
    if (fd < 0) {
        if (!userAddress.isEmpty())
            m_services.userAccepted(-1, {}, userAddress); // gives its place back
        write(request, socket, HttpResponse::text(503, "Cannot take the connection now"));
        return;
    }
    take(fd, request.value(QByteArrayLiteral("sec-websocket-key")));
}

HttpResponse HttpFront::route(const QHttpServerRequest &request)
{
    using M = QHttpServerRequest::Method;
    const QString path = request.url().path();
    const M method = request.method();
    const auto notAllowed = [this] {
        m_services.metrics.reject(RejectReason::MethodNotAllowed);
        return HttpResponse::text(405, "Method not allowed");
    };
    if (path == QLatin1String("/health"))
        return method == M::Get || method == M::Head ? m_services.healthPage() : notAllowed();
    if (path == QLatin1String("/metrics"))
        return method == M::Get || method == M::Head ? m_services.metricsPage(request) : notAllowed();
    if (path.startsWith(kStreamPrefix) || path == kOperatorPath || (path == kUserPath && m_services.userAdmit))
        return HttpResponse::text(426, "This endpoint takes a WebSocket upgrade");
    if (m_services.userAdmit && (path == QLatin1String("/app") || path.startsWith(QLatin1String("/app/"))))
        return method == M::Get || method == M::Head ? appPage(path) : notAllowed();
    m_services.metrics.reject(RejectReason::NotFound);
    return HttpResponse::text(404, "Not found");
}

void HttpFront::acceptOperatorUpgrade(const QHttpServerRequest &request)
{
    const QByteArray from = clientAddress(request);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    int retryAfter = 0;
    if (m_services.operatorThrottle && !m_services.operatorThrottle->allows(from, now, &retryAfter)) {
        m_services.metrics.reject(RejectReason::OperatorThrottled);
        m_refusal = HttpResponse::text(429, "Too many failed sign-ins from this address; try again later");
        m_refusal.extraHeaders = "Retry-After: " + QByteArray::number(retryAfter) + "\r\n";
        return;
    }
    const QByteArray authorization = request.value(QByteArrayLiteral("authorization"));
    const bool bearer = authorization.size() > 7 && authorization.first(7).toLower() == "bearer ";
    const std::optional<OperatorAccount> account =
        bearer && m_services.operators ? m_services.operators->authenticate(authorization.sliced(7).trimmed()) : std::nullopt;
    if (!account) {
        m_services.metrics.reject(RejectReason::OperatorUnauthorized);
        if (m_services.operatorThrottle)
            m_services.operatorThrottle->failed(from, now);
        qCWarning(lcHttp).noquote() << "refused a console from" << from
                                    << "with 401:" << (bearer ? "no account has that token" : "no token");
        m_refusal = HttpResponse::text(401, "An operator token is needed: Authorization: Bearer <token>");
        m_refusal.extraHeaders = "WWW-Authenticate: Bearer realm=\"callgate\"\r\n";
        return;
    }
    if (!isWebSocketUpgrade(request)) {
        m_services.metrics.reject(RejectReason::BadRequest);
        m_refusal = HttpResponse::text(400, "Not a WebSocket version 13 upgrade");
        return;
    }
    if (m_services.operatorThrottle)
        m_services.operatorThrottle->succeeded(from);
    m_acceptedOperator = account;
}

void HttpFront::acceptUserUpgrade(const QHttpServerRequest &request)
{
    const QByteArray from = clientAddress(request);
    if (!isWebSocketUpgrade(request)) {
        m_services.metrics.reject(RejectReason::BadRequest);
        m_refusal = HttpResponse::text(400, "Not a WebSocket version 13 upgrade");
        return;
    }
    // A browser says which page opens the WebSocket: only this gateway's own (/app, as the browser
    // reached it or at PUBLIC_URL), not another site borrowing its visitors to send codes.
    // Clients that are not browsers send no Origin.
    const QByteArray origin = request.value(QByteArrayLiteral("origin"));
    if (!origin.isEmpty()) {
        const QString originHost = QUrl(QString::fromLatin1(origin)).host();
        const QString host = QUrl(QStringLiteral("http://") + QString::fromLatin1(request.value(QByteArrayLiteral("host")))).host();
        if (originHost.isEmpty() || (originHost != host && originHost != m_services.config.publicUrl.host())) {
            m_services.metrics.reject(RejectReason::AppBadOrigin);
            qCWarning(lcHttp).noquote() << "refused /user from" << from << "with 403: a page of another site";
            m_refusal = HttpResponse::text(403, "Only this gateway's own page may open /user");
            return;
        }
    }
    if (const QString refusal = m_services.userAdmit(from); !refusal.isEmpty()) {
        m_services.metrics.reject(RejectReason::AppTooManyConnections);
        m_refusal = HttpResponse::text(429, refusal.toUtf8());
        m_refusal.extraHeaders = "Retry-After: 60\r\n";
        return;
    }
    m_acceptedUser = from;
}

HttpResponse HttpFront::appPage(const QString &path) const
{
    static const struct {
        const char *path;
        const char *file;
        const char *type;
    } kFiles[] = {{"/app", ":/callgate/app/index.html", "text/html; charset=utf-8"},
                  {"/app/", ":/callgate/app/index.html", "text/html; charset=utf-8"},
                  {"/app/app.js", ":/callgate/app/app.js", "text/javascript; charset=utf-8"},
                  {"/app/app.css", ":/callgate/app/app.css", "text/css; charset=utf-8"}};
    for (const auto &f : kFiles) {
        if (path != QLatin1String(f.path))
            continue;
        QFile file(QLatin1String(f.file));
        if (!file.open(QIODevice::ReadOnly))
            break;
        HttpResponse r{200, f.type, file.readAll(), {}};
        r.extraHeaders = "Content-Security-Policy: default-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
                         "base-uri 'none'; form-action 'none'\r\n"
                         "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCache-Control: no-cache\r\n";
        return r;
    }
    m_services.metrics.reject(RejectReason::NotFound);
    return HttpResponse::text(404, "Not found");
}

bool HttpFront::acceptStreamUpgrade(const QHttpServerRequest &request)
{
    const QByteArray id = sessionIdFromPath(request.url().path());
    if (id.isEmpty()) {
        m_services.metrics.reject(RejectReason::NotFound);
        m_refusal = HttpResponse::text(404, "Not found");
        return false;
    }
    const twilio::Verdict verdict = checkStreamSignature(m_services.config, request);
    if (verdict != twilio::Verdict::Valid) {
        m_services.metrics.reject(verdict == twilio::Verdict::Missing ? RejectReason::SignatureMissing : RejectReason::SignatureMismatch);
        qCWarning(lcTwilio) << "refused media-stream handshake from" << request.remoteAddress().toString()
                            << "with 403:" << twilio::verdictName(verdict);
        m_refusal = HttpResponse::text(403, "Invalid or missing X-Twilio-Signature");
        return false;
    }
    if (!isWebSocketUpgrade(request)) {
        m_services.metrics.reject(RejectReason::BadRequest);
        m_refusal = HttpResponse::text(400, "Not a WebSocket version 13 upgrade");
        return false;
    }
    if (m_services.flow.ledger) {
        // A cluster's session waits in the shared ledger and is claimed there once the descriptor
        // is ours (GatewayWorker). A draining or full instance behind a balancer passes it on.
        const bool draining = m_services.flow.draining.load();
        if (balancerRetries(request)
            && (draining || m_services.sessions.activeCount() + m_services.sessions.pendingCount() >= m_services.sessions.capacity())) {
            m_services.metrics.passedOn.fetch_add(1, std::memory_order_relaxed);
            qCInfo(lcSession) << "media stream passed to another instance:" << (draining ? "shutting down" : "all call slots in use");
            m_refusal = HttpResponse::text(503, "This instance is not taking calls; another one will");
            m_refusal.extraHeaders = "Retry-After: 1\r\n";
            return false;
        }
        return true;
    }
    SessionRegistry::ClaimError why{};
    if (!m_services.sessions.isClaimable(id, &why)) {
        const bool reused = why == SessionRegistry::ClaimError::AlreadyClaimed;
        m_services.metrics.reject(reused ? RejectReason::SessionReused : RejectReason::UnknownSession);
        qCWarning(lcSession) << "refused media-stream handshake:"
                             << (reused                                            ? "session already has a stream"
                                     : why == SessionRegistry::ClaimError::Expired ? "session expired"
                                                                                   : "unknown session");
        m_refusal = HttpResponse::text(reused ? 409 : 404, reused ? "Session already connected" : "Unknown or expired session");
        return false;
    }
    return true;
}

void HttpFront::write(const QHttpServerRequest &request, QTcpSocket *socket, const HttpResponse &response)
{
    writeResponse(socket, request.method() == QHttpServerRequest::Method::Head, response, m_instanceHeader);
}

void HttpFront::writeResponse(QTcpSocket *socket, bool head, const HttpResponse &response, const QByteArray &instanceHeader)
{
    // One buffer, one write: status line, headers, body.
    QByteArray out;
    out.reserve(128 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status)
        + "\r\nContent-Type: " + response.contentType + "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n"
        + instanceHeader + response.extraHeaders + "\r\n";
    if (!head)
        out += response.body;
    socket->write(out);
}

} // namespace callgate
