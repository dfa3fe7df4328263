#pragma once
// One gateway per port on a host. The workers' listeners share their port with SO_REUSEPORT, and
// the kernel lets any process of the same user join that group: a second gateway started on the
// port would silently take half the new connections — media streams for sessions it does not hold
// among them. Before binding, the gateway takes a lock named after the port: an abstract Unix
// socket ("callgate-port-<port>"), held as long as the process lives (a crash frees it too); a
// second gateway finds it taken, asks the holder who it is (SO_PEERCRED) and refuses to start,
// naming the port and the process. Linux only; per network namespace, as the port itself is.
//
// Unless it is started deliberately as another worker of the same instance (--join-port, for a
// restart with no gap): then it connects to the holder and stays connected, so each knows the port
// has a sibling — the one that drains then stops taking connections and leaves them to the other —
// and it takes the lock over once the holder is gone.

#include "util/Result.h"

#include <QtGlobal>

#include <vector>

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
    int descriptor() const { return m_fd; }

    // Joins the gateway holding `port`: the holder's pid, or why not (no gateway holds it).
    Result<qint64> join(quint16 port);
    // While joined: whether the holder is still there (its end of the connection is open).
    bool holderAlive() const;
    void leave();
    bool joined() const { return m_joinFd >= 0; }
    int joinDescriptor() const { return m_joinFd; }

    // The holder: accepts a joining sibling's connection (call when descriptor() is readable);
    // siblings() counts those still connected.
    void acceptSibling();
    int siblings();

private:
    int m_fd = -1;
    int m_joinFd = -1;
    std::vector<int> m_siblings;
};

} // namespace callgate
