#pragma once
// Demo mode: the simulated OpenAI Realtime service and a stream of simulated callers, each on a
// thread of its own, pointed at a gateway of this process. No keys, no network.

#include "config/Config.h"

#include <memory>

namespace callgate::sim {

class Demo {
public:
    Demo();
    ~Demo();

    // Starts the simulated AI and points `config` at it (and gives it a signing token if none).
    // With aiFaultEveryMs > 0 one of its sessions, picked at random, fails that often.
    Status prepare(Config &config, int aiFaultEveryMs = 0);
    // Starts placing calls to a gateway listening on `port`.
    void startCallers(const Config &config, quint16 port, int intervalMs = 3000, int maxConcurrent = 6);

private:
    struct Threads;
    std::unique_ptr<Threads> m_threads;
};

} // namespace callgate::sim
