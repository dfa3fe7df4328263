#include "util/ShardedCounter.h"

namespace callgate {

namespace {
std::atomic<int> g_nextShard{0};
thread_local int t_shard = -1;
} // namespace

void ShardedCounter::add(std::uint64_t n)
{
    if (t_shard < 0)
        t_shard = g_nextShard.fetch_add(1, std::memory_order_relaxed) % kShards;
    m_shards[size_t(t_shard)].value.fetch_add(n, std::memory_order_relaxed);
}

std::uint64_t ShardedCounter::load() const
{
    std::uint64_t sum = 0;
    for (const Shard &s : m_shards)
        sum += s.value.load(std::memory_order_relaxed);
    return sum;
}

} // namespace callgate
