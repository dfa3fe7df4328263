#include "net/Transport.h"

#include "net/IoStats.h"
#include "net/Reactor.h"
#include "net/SocketAddress.h"
#include "net/Tls.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QTcpSocket>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace callgate::net {
namespace {

ssize_t sendOn(int fd, const void *data, size_t size, int flags)
{
    detail::countSend();
    return ::send(fd, data, size, flags);
}

ssize_t recvOn(int fd, void *buffer, size_t size, int flags)
{
    detail::countReceive();
    return ::recv(fd, buffer, size, flags);
}

// ---- Raw descriptor -----------------------------------------------------------------------------

// Keeps a closed-by-us descriptor until its queued bytes are out (or 5 s pass), then closes it.
class Linger : public QObject, public IoHandler {
public:
    Linger(int fd, QByteArray pending) : m_fd(fd), m_pending(std::move(pending))
    {
        Reactor::forThisThread().add(m_fd, this, EPOLLOUT);
        QTimer::singleShot(5000, this, [this] { done(); });
    }
    void onIo(uint32_t events) override
    {
        if (events & (EPOLLERR | EPOLLHUP))
            return done();
        while (!m_pending.isEmpty()) {
            const ssize_t n = sendOn(m_fd, m_pending.constData(), size_t(m_pending.size()), MSG_NOSIGNAL);
            if (n <= 0)
                return (n < 0 && errno == EAGAIN) ? void() : done();
            m_pending.remove(0, n);
        }
        done();
    }

private:
    void done()
    {
        if (m_fd < 0)
            return;
        Reactor::forThisThread().remove(m_fd, this);
        ::close(m_fd);
        m_fd = -1;
        deleteLater();
    }
    int m_fd;
    QByteArray m_pending;
};

class FdTransport : public QObject, public Transport, public IoHandler {
public:
    explicit FdTransport(int fd, bool connecting = false) : m_fd(fd), m_connecting(connecting)
    {
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        Reactor::forThisThread().add(m_fd, this, connecting ? (EPOLLOUT | EPOLLIN) : EPOLLIN);
    }
    ~FdTransport() override
    {
        if (m_destroyed)
            *m_destroyed = true;
        if (m_flushPending)
            Reactor::forThisThread().cancelFlush(this);
        if (m_fd < 0)
            return;
        Reactor::forThisThread().remove(m_fd, this);
        if (m_out.isEmpty() || m_connecting)
            ::close(m_fd); // the kernel still sends what it has
        else
            new Linger(m_fd, std::move(m_out));
    }

    qint64 read(char *buffer, qint64 max) override
    {
        if (m_fd < 0)
            return -1;
        const ssize_t n = recvOn(m_fd, buffer, size_t(max), 0);
        if (n > 0)
            return n;
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return 0;
        closeNow(n == 0 ? QStringLiteral("connection closed by peer") : QString::fromLocal8Bit(std::strerror(errno)));
        return -1;
    }

    void write(const char *data, qint64 size) override
    {
        if (m_fd < 0 || m_connecting)
            return;
        if (m_out.isEmpty()) {
            Reactor &reactor = Reactor::forThisThread();
            if (reactor.inHandler()) {
                // Sent when the handler that made it returns, with whatever follows it.
                m_out.append(data, size);
                m_flushPending = true;
                reactor.deferFlush(this);
                return;
            }
            const ssize_t n = sendOn(m_fd, data, size_t(size), MSG_NOSIGNAL);
            if (n == size)
                return;
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                closeSoon(QString::fromLocal8Bit(std::strerror(errno)));
                return;
            }
            const qint64 sent = qMax<ssize_t>(n, 0);
            m_out.append(data + sent, size - sent);
            Reactor::forThisThread().modify(m_fd, this, EPOLLIN | EPOLLOUT);
            return;
        }
        m_out.append(data, size);
    }

    bool isConnected() const override { return m_fd >= 0 && !m_connecting; }
    qint64 queuedBytes() const override { return m_out.size(); }

    void closeGracefully() override
    {
        if (m_fd < 0)
            return;
        m_closeWhenFlushed = true;
        if (m_out.isEmpty())
            closeSoon(QStringLiteral("closed"));
    }

    void abort() override
    {
        if (m_flushPending) {
            // What was written before the abort leaves, as if sent at once; the reactor must not
            // come back to a transport its owner may now delete.
            Reactor::forThisThread().cancelFlush(this);
            flushDeferred();
        }
        closeNow(QStringLiteral("aborted"), false);
    }

    void flushDeferred() override
    {
        m_flushPending = false;
        if (m_fd < 0 || m_out.isEmpty())
            return;
        const ssize_t n = sendOn(m_fd, m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL);
        if (n == m_out.size()) {
            releaseOut();
            if (m_closeWhenFlushed)
                closeSoon(QStringLiteral("closed"));
            return;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            closeSoon(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        if (n > 0)
            m_out.remove(0, n);
        Reactor::forThisThread().modify(m_fd, this, EPOLLIN | EPOLLOUT);
    }

    QByteArray peerAddress() const override
    {
        sockaddr_storage sa{};
        socklen_t len = sizeof sa;
        if (m_fd < 0 || ::getpeername(m_fd, reinterpret_cast<sockaddr *>(&sa), &len) != 0)
            return {};
        return QHostAddress(reinterpret_cast<sockaddr *>(&sa)).toString().toLatin1();
    }

    void onIo(uint32_t events) override
    {
        if (m_connecting) {
            int error = 0;
            socklen_t len = sizeof error;
            ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &len);
            if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
                closeNow(QString::fromLocal8Bit(std::strerror(error ? error : ECONNREFUSED)));
                return;
            }
            m_connecting = false;
            Reactor::forThisThread().modify(m_fd, this, EPOLLIN);
            if (onConnected)
                onConnected();
            return;
        }
        if ((events & EPOLLOUT) && !m_out.isEmpty()) {
            const ssize_t n = sendOn(m_fd, m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL);
            if (n > 0)
                m_out.remove(0, n);
            if (m_out.isEmpty()) {
                releaseOut();
                Reactor::forThisThread().modify(m_fd, this, EPOLLIN);
                if (m_closeWhenFlushed)
                    return closeSoon(QStringLiteral("closed"));
            }
        }
        if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
            bool destroyed = false;
            // Cleared below on every path where this object still exists; GCC cannot see that.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
            m_destroyed = &destroyed;
#pragma GCC diagnostic pop
            if (onReadable)
                onReadable(); // reads until nothing is left; may close, even delete, us
            if (destroyed)
                return;
            m_destroyed = nullptr;
            if (m_fd >= 0 && (events & (EPOLLHUP | EPOLLERR)))
                closeNow(QStringLiteral("connection lost"));
        }
    }

private:
    // Empties the queue; a queue grown by a slow peer gives its memory back.
    void releaseOut()
    {
        if (m_out.capacity() > 4096)
            m_out = QByteArray();
        else
            m_out.resize(0);
    }
    void closeNow(const QString &reason, bool notify = true)
    {
        if (m_fd < 0)
            return;
        if (m_flushPending) {
            m_flushPending = false;
            Reactor::forThisThread().cancelFlush(this);
        }
        Reactor::forThisThread().remove(m_fd, this);
        ::close(m_fd);
        m_fd = -1;
        m_out.clear();
        if (notify && onClosed)
            onClosed(reason);
    }
    // Closes now, reports on the next turn of the event loop (callers may be mid-way).
    void closeSoon(const QString &reason)
    {
        closeNow(reason, false);
        QTimer::singleShot(0, this, [this, reason] {
            if (onClosed)
                onClosed(reason);
        });
    }

    int m_fd;
    bool m_connecting;
    bool m_closeWhenFlushed = false;
    bool m_flushPending = false; // written during a handler, sent at its end (Reactor::deferFlush)
    bool *m_destroyed = nullptr; // set while a callback runs that might delete us
    QByteArray m_out;
};

// ---- Qt socket ----------------------------------------------------------------------------------

class QtTransport : public QObject, public Transport {
public:
    explicit QtTransport(std::unique_ptr<QTcpSocket> socket) : m_socket(std::move(socket))
    {
        m_socket->setParent(nullptr);
        connect(m_socket.get(), &QTcpSocket::readyRead, this, [this] {
            if (onReadable)
                onReadable();
        });
        connect(m_socket.get(), &QTcpSocket::disconnected, this, [this] { reportClosed(QStringLiteral("connection closed")); });
        connect(m_socket.get(), &QAbstractSocket::errorOccurred, this, [this] {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                reportClosed(m_socket->errorString());
        });
    }
    ~QtTransport() override
    {
        m_socket->disconnect(this);
        if (m_socket->state() != QAbstractSocket::ConnectedState) {
            m_socket->abort();
            return;
        }
        // Let buffered bytes (the last frames, the close frame) leave before the socket goes.
        QTcpSocket *s = m_socket.release();
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        QTimer::singleShot(5000, s, [s] {
            s->abort();
            s->deleteLater();
        });
        s->disconnectFromHost();
    }
    qint64 read(char *buffer, qint64 max) override
    {
        if (m_socket->bytesAvailable() > 0)
            return m_socket->read(buffer, max);
        return m_socket->state() == QAbstractSocket::ConnectedState ? 0 : -1;
    }
    void write(const char *data, qint64 size) override { m_socket->write(data, size); }
    bool isConnected() const override { return m_socket->state() == QAbstractSocket::ConnectedState; }
    qint64 queuedBytes() const override { return m_socket->bytesToWrite(); }
    void closeGracefully() override { m_socket->disconnectFromHost(); }
    void abort() override { m_socket->abort(); }
    QByteArray peerAddress() const override { return m_socket->peerAddress().toString().toLatin1(); }

private:
    std::unique_ptr<QTcpSocket> m_socket;
};

// A raw client connection: resolves the host if needed, then connects without blocking.
class FdConnector : public QObject, public Transport {
public:
    FdConnector(const QString &host, quint16 port) : m_port(port)
    {
        QHostAddress literal;
        if (literal.setAddress(host)) {
            QTimer::singleShot(0, this, [this, literal] { connectTo(literal); });
        } else {
            QHostInfo::lookupHost(host, this, [this](const QHostInfo &info) {
                if (info.addresses().isEmpty())
                    return fail(QStringLiteral("cannot resolve host: %1").arg(info.errorString()));
                connectTo(info.addresses().constFirst());
            });
        }
    }
    qint64 read(char *b, qint64 m) override { return m_stream ? m_stream->read(b, m) : 0; }
    void write(const char *d, qint64 n) override
    {
        if (m_stream)
            m_stream->write(d, n);
    }
    bool isConnected() const override { return m_stream && m_stream->isConnected(); }
    qint64 queuedBytes() const override { return m_stream ? m_stream->queuedBytes() : 0; }
    void closeGracefully() override
    {
        if (m_stream)
            m_stream->closeGracefully();
        else
            fail(QStringLiteral("closed"));
    }
    void abort() override
    {
        if (m_stream)
            m_stream->abort();
        m_failed = true;
    }
    QByteArray peerAddress() const override { return m_stream ? m_stream->peerAddress() : QByteArray(); }

private:
    void connectTo(const QHostAddress &address)
    {
        if (m_failed)
            return;
        const SocketAddress target(address, m_port);
        const int fd = ::socket(target.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return fail(QString::fromLocal8Bit(std::strerror(errno)));
        const int rc = ::connect(fd, target.get(), target.length);
        if (rc != 0 && errno != EINPROGRESS) {
            const QString why = QString::fromLocal8Bit(std::strerror(errno));
            ::close(fd);
            return fail(why);
        }
        m_stream = std::make_unique<FdTransport>(fd, true);
        m_stream->onReadable = [this] {
            if (onReadable)
                onReadable();
        };
        m_stream->onConnected = [this] {
            if (onConnected)
                onConnected();
        };
        m_stream->onClosed = [this](const QString &reason) {
            if (onClosed)
                onClosed(reason);
        };
    }
    void fail(const QString &reason)
    {
        if (m_failed)
            return;
        m_failed = true;
        if (onClosed)
            onClosed(reason);
    }
    quint16 m_port;
    std::unique_ptr<FdTransport> m_stream;
    bool m_failed = false;
};

} // namespace

std::unique_ptr<Transport> adoptDescriptor(int fd) { return std::make_unique<FdTransport>(fd); }

std::unique_ptr<Transport> adoptQtSocket(std::unique_ptr<QTcpSocket> socket) { return std::make_unique<QtTransport>(std::move(socket)); }

std::unique_ptr<Transport> connectTo(const QString &host, quint16 port, bool tls)
{
    auto raw = std::make_unique<FdConnector>(host, port);
    if (!tls)
        return raw;
    return tlsClientOver(std::move(raw), host); // on the reactor too (net/Tls.h)
}

} // namespace callgate::net
