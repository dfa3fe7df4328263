#include "gateway/ReusePortServer.h"

#include "gateway/Metrics.h"
#include "net/SocketAddress.h"

#include <QTcpSocket>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace callgate {

ReusePortServer::ReusePortServer(const HttpLimits &limits, Metrics &metrics, int workerIndex, QObject *parent)
    : QTcpServer(parent), m_limits(limits), m_metrics(metrics), m_workerIndex(workerIndex)
{}

Status ReusePortServer::listenShared(const QHostAddress &address, quint16 port)
{
    const int fd = ::socket(net::SocketAddress(address, port).family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return Error{QStringLiteral("cannot create a socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)))};
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    const net::SocketAddress local(address, port);
    const int rc = ::bind(fd, local.get(), local.length);
    if (rc != 0 || ::listen(fd, 1024) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return Error{QStringLiteral("cannot listen on %1:%2 (setting PORT / BIND_ADDRESS): %3").arg(address.toString()).arg(port).arg(why)};
    }
    if (!setSocketDescriptor(fd)) {
        ::close(fd);
        return Error{QStringLiteral("cannot adopt the listening socket: %1").arg(errorString())};
    }
    return Ok{};
}

void ReusePortServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_workerIndex < Metrics::kMaxWorkers)
        m_metrics.connectionsByWorker[size_t(m_workerIndex)].fetch_add(1, std::memory_order_relaxed);
    new ConnectionGuard(socket, m_limits, m_metrics); // child of the socket
    addPendingConnection(socket);
}

} // namespace callgate
