#include "gateway/HttpGuard.h"

#include "gateway/Logging.h"
#include "gateway/Metrics.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace callgate {
namespace {

constexpr int kLingerMs = 2000;

} // namespace

qsizetype requestHeadEnd(QByteArrayView data)
{
    for (qsizetype i = 0; i < data.size(); ++i) {
        if (data[i] != '\n')
            continue;
        if (i + 1 < data.size() && data[i + 1] == '\n')
            return i + 2;
        if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n')
            return i + 3;
    }
    return -1;
}

namespace {

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

} // namespace

qsizetype skipLeadingWhitespace(QByteArrayView data)
{
    qsizetype i = 0;
    while (i < data.size() && (data[i] == '\r' || data[i] == '\n' || data[i] == ' ' || data[i] == '\t' || data[i] == '\v'))
        ++i;
    return i;
}

HeadVerdict checkRequestHead(QByteArrayView head, const HttpLimits &limits)
{
    HeadVerdict v;
    const auto refuse = [&v](int status, const char *reason, const char *text) {
        v.status = status;
        v.reason = reason;
        v.text = text;
        return v;
    };
    qsizetype lineEnd = head.indexOf('\n');
    if (lineEnd < 0)
        lineEnd = head.size();
    QByteArrayView line = head.first(lineEnd);
    if (line.endsWith('\r'))
        line.chop(1);
    // METHOD SP request-target SP HTTP/1.x
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = line.lastIndexOf(' ');
    bool ok = sp1 > 0 && sp2 > sp1 + 1;
    for (qsizetype i = 0; ok && i < sp1; ++i)
        ok = isTokenChar(line[i]);
    const QByteArrayView target = ok ? line.sliced(sp1 + 1, sp2 - sp1 - 1) : QByteArrayView();
    const QByteArrayView version = ok ? line.sliced(sp2 + 1) : QByteArrayView();
    ok = ok && (target.startsWith('/') || target == "*" || target.startsWith("http")) && (version == "HTTP/1.1" || version == "HTTP/1.0");
    if (!ok)
        return refuse(400, "bad_request", "Malformed request line");
    qint64 contentLength = 0;
    bool sawLength = false, chunked = false, upgrade = false, expectContinue = false;
    bool connClose = version == "HTTP/1.0", keepAlive = false;
    qsizetype pos = lineEnd + 1;
    while (pos < head.size()) {
        qsizetype next = head.indexOf('\n', pos);
        if (next < 0)
            next = head.size();
        QByteArrayView h = head.sliced(pos, next - pos);
        pos = next + 1;
        if (h.endsWith('\r'))
            h.chop(1);
        if (h.isEmpty())
            break;
        const qsizetype colon = h.indexOf(':');
        bool nameOk = colon > 0;
        for (qsizetype i = 0; nameOk && i < colon; ++i)
            nameOk = isTokenChar(h[i]);
        if (!nameOk)
            return refuse(400, "bad_request", "Malformed header line");
        const QByteArray name = h.first(colon).toByteArray().toLower();
        const QByteArray value = h.sliced(colon + 1).toByteArray().trimmed().toLower();
        if (name == "content-length") {
            bool numOk = !value.isEmpty();
            for (char c : value)
                numOk = numOk && c >= '0' && c <= '9';
            const qint64 n = numOk && value.size() <= 15 ? value.toLongLong() : -1;
            if (n < 0 || (sawLength && n != contentLength))
                return refuse(400, "bad_request", "Invalid Content-Length");
            sawLength = true;
            contentLength = n;
        } else if (name == "transfer-encoding") {
            chunked = true;
        } else if (name == "connection") {
            connClose = connClose || value.contains("close");
            keepAlive = keepAlive || value.contains("keep-alive");
            upgrade = upgrade || value.contains("upgrade");
        } else if (name == "expect") {
            expectContinue = value == "100-continue";
        }
    }
    if (chunked) // QtHttpServer 6.4 would accept a chunked body without any size cap
        return refuse(411, "length_required", "Send the body with a Content-Length");
    if (contentLength > limits.maxBodyBytes)
        return refuse(413, "body_too_large", "Request body too large");
    // A WebSocket handshake is a GET without a body. The guard stays in charge of it like of any
    // request: if our route accepts the upgrade, the descriptor is taken over and the guard goes
    // with the HTTP server's socket; anything else keeps every limit and timeout, and a refused
    // upgrade ends the connection.
    if (upgrade && (line.first(sp1) != "GET" || contentLength > 0))
        return refuse(400, "bad_upgrade", "A WebSocket upgrade is a GET without a body");
    v.contentLength = contentLength;
    v.closeAfterResponse = upgrade || (connClose && !(version == "HTTP/1.0" && keepAlive));
    v.expectContinue = expectContinue && contentLength > 0;
    return v;
}

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits, Metrics &metrics)
    : QObject(socket), m_socket(socket), m_limits(limits), m_metrics(metrics)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    enterIdle();
}

void ConnectionGuard::enterIdle()
{
    m_phase = Phase::Idle;
    m_head.clear();
    m_timer.start(m_limits.idleTimeoutMs);
}

void ConnectionGuard::onReadyRead()
{
    if (m_phase == Phase::Closing) {
        m_socket->readAll(); // discard whatever the client still sends
        return;
    }
    // Outside a transaction the HTTP server has consumed every earlier request, so the buffer
    // starts at a request boundary. Inside one, the server drained the buffer last time and what
    // is available now continues the current request.
    const bool atBoundary = !m_socket->isTransactionStarted();
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    if (atBoundary || m_phase == Phase::Idle || m_phase == Phase::AwaitingResponse) {
        // A new request: its whole head and body must arrive within the request timeout.
        m_head.clear();
        m_phase = Phase::Head;
        m_timer.start(m_limits.requestTimeoutMs);
    }

    if (m_phase == Phase::Body) {
        m_bodyRemaining -= available;
        if (m_bodyRemaining <= 0) {
            m_phase = Phase::AwaitingResponse;
            m_timer.stop();
        }
        return;
    }

    // Head: look at no more than the cap allows.
    const qint64 room = m_limits.maxHeaderBytes + 4 - m_head.size();
    const QByteArray fresh = m_socket->peek(qMin(available, qMax<qint64>(room, 0)));
    m_head += fresh;
    const qsizetype lead = skipLeadingWhitespace(m_head);
    const qsizetype end = requestHeadEnd(QByteArrayView(m_head).sliced(lead));
    if (end < 0) {
        if (m_head.size() - lead > m_limits.maxHeaderBytes)
            reject(431, "header_too_large", "Request header fields too large");
        else if (lead == m_head.size())
            m_head.clear();
        return;
    }
    const qsizetype headBytes = lead + end;
    if (headBytes - lead > m_limits.maxHeaderBytes) {
        reject(431, "header_too_large", "Request header fields too large");
        return;
    }
    if (!checkHead(QByteArrayView(m_head).sliced(lead, end)))
        return;
    // Bytes of this read beyond the head belong to the body (or to the next request).
    const qint64 beyondHead = available - (headBytes - (m_head.size() - fresh.size()));
    m_head.clear();
    m_bodyRemaining -= qMax<qint64>(0, beyondHead);
    if (m_phase == Phase::Closing)
        return;
    if (m_bodyRemaining > 0) {
        m_phase = Phase::Body;
    } else {
        m_phase = Phase::AwaitingResponse;
        m_timer.stop();
    }
}

bool ConnectionGuard::checkHead(QByteArrayView head)
{
    const HeadVerdict v = checkRequestHead(head, m_limits);
    if (v.status != 0) {
        reject(v.status, v.reason, v.text);
        return false;
    }
    m_closeAfterResponse = v.closeAfterResponse;
    if (v.expectContinue)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodyRemaining = v.contentLength;
    return true;
}

void ConnectionGuard::onBytesWritten()
{
    if (m_phase == Phase::Closing) {
        if (m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        return;
    }
    if (m_phase != Phase::AwaitingResponse || m_socket->bytesToWrite() > 0)
        return;
    if (m_socket->isTransactionStarted() || m_socket->bytesAvailable() > 0)
        return; // the next pipelined request is already being read
    if (m_closeAfterResponse) {
        m_phase = Phase::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    enterIdle();
}

void ConnectionGuard::onTimeout()
{
    if (m_phase == Phase::Head || m_phase == Phase::Body) {
        reject(408, "request_timeout", "Request not received in time");
    } else if (m_phase == Phase::Closing) {
        m_socket->abort(); // the linger time is over
    } else if (m_phase == Phase::Idle) {
        qCDebug(lcHttp) << "closing idle connection";
        m_phase = Phase::Closing;
        m_socket->disconnectFromHost();
    }
}

void ConnectionGuard::reject(int status, const char *reason, QByteArrayView text)
{
    static const QHash<int, QByteArray> phrases{{400, "Bad Request"},
                                                {408, "Request Timeout"},
                                                {411, "Length Required"},
                                                {413, "Payload Too Large"},
                                                {431, "Request Header Fields Too Large"}};
    switch (status) {
    case 400: m_metrics.reject(qstrcmp(reason, "bad_upgrade") == 0 ? RejectReason::BadUpgrade : RejectReason::BadRequest); break;
    case 408: m_metrics.reject(RejectReason::RequestTimeout); break;
    case 411: m_metrics.reject(RejectReason::LengthRequired); break;
    case 413: m_metrics.reject(RejectReason::BodyTooLarge); break;
    case 431: m_metrics.reject(RejectReason::HeaderTooLarge); break;
    }
    qCWarning(lcHttp).noquote() << "rejected request from" << m_socket->peerAddress().toString() << "with" << status << "(" << reason
                                << ")";
    const QByteArray body = text.toByteArray() + '\n';
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + phrases.value(status)
                    + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
                    + "\r\nConnection: close\r\n\r\n" + body);
    m_phase = Phase::Closing;
    m_socket->readAll(); // nothing of a refused request reaches the HTTP server
    // Lingering close: once the answer is out, shut our side and keep reading (and discarding)
    // for a moment. Closing with unread input would make the kernel send RST, and the client
    // could lose the answer that tells it what went wrong.
    m_timer.start(kLingerMs);
    if (m_socket->bytesToWrite() == 0)
        onBytesWritten();
}

} // namespace callgate
