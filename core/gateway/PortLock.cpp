#include "gateway/PortLock.h"

#include <QByteArray>

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace callgate {

namespace {

// The abstract address (a leading NUL: no file, gone with the last descriptor) of a port's lock.
socklen_t lockAddress(quint16 port, sockaddr_un *out)
{
    std::memset(out, 0, sizeof *out);
    out->sun_family = AF_UNIX;
    const QByteArray name = "callgate-port-" + QByteArray::number(port);
    std::memcpy(out->sun_path + 1, name.constData(), size_t(name.size()));
    return socklen_t(offsetof(sockaddr_un, sun_path) + 1 + size_t(name.size()));
}

// Who holds the lock: its pid, or 0 when it cannot be told.
pid_t holder(const sockaddr_un &address, socklen_t length)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    pid_t pid = 0;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), length) == 0) {
        ucred cred{};
        socklen_t size = sizeof cred;
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) == 0)
            pid = cred.pid;
    }
    ::close(fd);
    return pid;
}

// Whether the other end of a connected stream socket has closed (without reading anything).
bool peerGone(int fd)
{
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0)
        return false;
    if (p.revents & (POLLHUP | POLLERR))
        return true;
    char byte;
    return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

} // namespace

PortLock::~PortLock()
{
    release();
    leave();
}

void PortLock::release()
{
    for (int fd : m_siblings)
        ::close(fd);
    m_siblings.clear();
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

Result<qint64> PortLock::join(quint16 port)
{
    leave();
    sockaddr_un address{};
    const socklen_t length = lockAddress(port, &address);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error{QString::fromLocal8Bit(std::strerror(errno))};
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
        ::close(fd);
        return Error{QStringLiteral("no Callgate gateway is on port %1 to join").arg(port)};
    }
    ucred cred{};
    socklen_t size = sizeof cred;
    ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size);
    m_joinFd = fd;
    return qint64(cred.pid);
}

bool PortLock::holderAlive() const { return m_joinFd >= 0 && !peerGone(m_joinFd); }

void PortLock::leave()
{
    if (m_joinFd >= 0)
        ::close(m_joinFd);
    m_joinFd = -1;
}

void PortLock::acceptSibling()
{
    if (m_fd < 0)
        return;
    const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0)
        m_siblings.push_back(fd);
}

int PortLock::siblings()
{
    for (auto it = m_siblings.begin(); it != m_siblings.end();) {
        if (peerGone(*it)) {
            ::close(*it);
            it = m_siblings.erase(it);
        } else {
            ++it;
        }
    }
    return int(m_siblings.size());
}

Status PortLock::take(quint16 port)
{
    release();
    sockaddr_un address{};
    const socklen_t length = lockAddress(port, &address);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error{QStringLiteral("cannot lock port %1: %2").arg(port).arg(QString::fromLocal8Bit(std::strerror(errno)))};
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
        const int error = errno;
        ::close(fd);
        if (error != EADDRINUSE)
            return Error{QStringLiteral("cannot lock port %1: %2").arg(port).arg(QString::fromLocal8Bit(std::strerror(error)))};
        const pid_t pid = holder(address, length);
        return Error{QStringLiteral("port %1 is already used by another Callgate gateway on this host%2: stop it, or give this one "
                                    "another PORT")
                         .arg(port)
                         .arg(pid > 0 ? QStringLiteral(" (pid %1)").arg(pid) : QString())};
    }
    // Listening, so a second gateway can ask who holds it, and a sibling can join (acceptSibling).
    ::listen(fd, 16);
    m_fd = fd;
    return Ok{};
}

} // namespace callgate
