#pragma once
// What the reactor's sockets cost the kernel, counted as the calls are made (all threads, since
// the start): /metrics shows them, and with the media frame counters they give the system calls a
// frame costs.

#include <cstdint>

namespace callgate::net {

struct IoStats {
    std::uint64_t sends = 0;      // send() on a socket (one per message, or per several coalesced)
    std::uint64_t receives = 0;   // recv() on a socket, the one that finds nothing included
    std::uint64_t epollWaits = 0; // epoll_wait() by the reactors (at least one per wake-up)
};

IoStats ioStats();

namespace detail {
void countSend();
void countReceive();
} // namespace detail

} // namespace callgate::net
