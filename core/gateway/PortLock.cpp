#include "gateway/PortLock.h"

#include <QByteArray>

#include <cerrno>
#include <cstring>

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

} // namespace

PortLock::~PortLock() { release(); }

void PortLock::release()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
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
    // Listening, so a second gateway can ask who holds it; nobody is ever accepted.
    ::listen(fd, 4);
    m_fd = fd;
    return Ok{};
}

} // namespace callgate
