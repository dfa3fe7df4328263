#pragma once
// One gateway per port on a host. The workers' listeners share their port with SO_REUSEPORT, and
// the kernel lets any process of the same user join that group: a second gateway started on the
// port would silently take half the new connections — media streams for sessions it does not hold
// among them. Before binding, the gateway takes a lock named after the port: an abstract Unix
// socket ("callgate-port-<port>"), held as long as the process lives (a crash frees it too); a
// second gateway finds it taken, asks the holder who it is (SO_PEERCRED) and refuses to start,
// naming the port and the process. Linux only; per network namespace, as the port itself is.

#include "util/Result.h"

#include <QtGlobal>

namespace callgate {

class PortLock {
public:
    PortLock() = default;
    ~PortLock();
    PortLock(const PortLock &) = delete;
    PortLock &operator=(const PortLock &) = delete;

    // The port's lock for this process, or why not (another gateway holds it: its pid).
    Status take(quint16 port);
    void release();
    bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

} // namespace callgate
