#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace callgate {

// A counter bumped on the media hot path by several workers at once: each thread adds to its own
// cache line, so the workers never fight over one; reading sums the shards.
class ShardedCounter {
public:
    void add(std::uint64_t n = 1);
    std::uint64_t load() const;

private:
    static constexpr int kShards = 16;
    struct alignas(64) Shard {
        std::atomic<std::uint64_t> value{0};
    };
    std::array<Shard, kShards> m_shards{};
};

} // namespace callgate
