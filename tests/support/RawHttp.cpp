#include "RawHttp.h"

#include <QDeadlineTimer>
#include <QTcpServer>

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

RawConnection::RawConnection(quint16 port) : m_socket(std::make_unique<QTcpSocket>())
{
    m_socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    m_socket->waitForConnected(5000);
}

bool RawConnection::isConnected() const { return m_socket->state() == QAbstractSocket::ConnectedState; }

void RawConnection::send(const QByteArray &bytes)
{
    if (!isConnected())
        return;
    m_socket->write(bytes);
    m_socket->waitForBytesWritten(5000);
}

RawResponse RawConnection::readResponse(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    RawResponse r;
    qsizetype headEnd = -1;
    qint64 length = -1;
    while (!deadline.hasExpired()) {
        if (headEnd < 0) {
            headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                r.head = m_buffer.left(headEnd);
                const qsizetype eol = r.head.indexOf('\r');
                const QList<QByteArray> first = (eol < 0 ? r.head : r.head.left(eol)).split(' ');
                r.status = first.size() > 1 ? first[1].toInt() : -1;
                const QByteArray len = r.header("content-length");
                length = len.isEmpty() ? 0 : len.toLongLong();
                if (r.status == 100) { // interim response: drop it and read on
                    m_buffer.remove(0, headEnd + 4);
                    headEnd = -1;
                    r = RawResponse{};
                    continue;
                }
            }
        }
        if (headEnd >= 0 && m_buffer.size() >= headEnd + 4 + length) {
            r.body = m_buffer.mid(headEnd + 4, length);
            m_buffer.remove(0, headEnd + 4 + length);
            return r;
        }
        if (m_socket->state() != QAbstractSocket::ConnectedState && m_socket->bytesAvailable() == 0)
            break;
        if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            continue;
        m_buffer += m_socket->readAll();
    }
    m_buffer += m_socket->readAll();
    return RawResponse{};
}

bool RawConnection::waitForClose(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            return true;
        m_socket->waitForReadyRead(int(qMax<qint64>(1, qMin<qint64>(100, deadline.remainingTime()))));
        m_buffer += m_socket->readAll();
    }
    return m_socket->state() == QAbstractSocket::UnconnectedState;
}

RawResponse rawExchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    RawConnection c(port);
    c.send(request);
    return c.readResponse(timeoutMs);
}

QByteArray buildRequest(const QByteArray &method, const QByteArray &path, const QList<QPair<QByteArray, QByteArray>> &headers,
                        const QByteArray &body)
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    if (!body.isEmpty())
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    return out;
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}
