#pragma once
// A QHostAddress and port as the sockaddr the BSD socket calls take.

#include <QHostAddress>

#include <sys/socket.h>

namespace callgate::net {

struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_INET;

    SocketAddress(const QHostAddress &address, quint16 port);
    const sockaddr *get() const { return reinterpret_cast<const sockaddr *>(&storage); }
};

} // namespace callgate::net
