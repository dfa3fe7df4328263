#include "net/SocketAddress.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>

namespace callgate::net {

SocketAddress::SocketAddress(const QHostAddress &address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *sa = reinterpret_cast<sockaddr_in6 *>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        std::memcpy(&sa->sin6_addr, &a, sizeof a);
        length = sizeof(sockaddr_in6);
        family = AF_INET6;
    } else {
        auto *sa = reinterpret_cast<sockaddr_in *>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        sa->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
        family = AF_INET;
    }
}

} // namespace callgate::net
