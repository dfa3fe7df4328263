#pragma once
// A single-producer, single-consumer ring of samples: one thread writes, one other thread reads,
// neither ever blocks, locks or allocates. The audio callback's only way in or out. Capacity is
// rounded up to a power of two; indices count every element ever written or read, so a reader can
// tell exactly which element it is at (see CallAudioTap's arrival marks).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace callgate::audio {

template <typename T>
class SpscRing {
public:
    explicit SpscRing(size_t capacity)
    {
        size_t c = 1;
        while (c < capacity)
            c <<= 1;
        m_buffer.resize(c);
        m_mask = c - 1;
    }

    size_t capacity() const { return m_buffer.size(); }
    size_t readable() const { return size_t(m_write.load(std::memory_order_acquire) - m_read.load(std::memory_order_relaxed)); }
    size_t writable() const
    {
        return capacity() - size_t(m_write.load(std::memory_order_relaxed) - m_read.load(std::memory_order_acquire));
    }
    uint64_t writeIndex() const { return m_write.load(std::memory_order_acquire); }
    uint64_t readIndex() const { return m_read.load(std::memory_order_acquire); }

    // Producer: writes what fits and says how much that was.
    size_t write(const T *data, size_t n)
    {
        const uint64_t w = m_write.load(std::memory_order_relaxed);
        const uint64_t r = m_read.load(std::memory_order_acquire);
        n = std::min(n, capacity() - size_t(w - r));
        const size_t at = size_t(w) & m_mask;
        const size_t first = std::min(n, capacity() - at);
        std::copy_n(data, first, m_buffer.data() + at);
        if (n > first) // wrapped
            std::copy_n(data + first, n - first, m_buffer.data());
        m_write.store(w + n, std::memory_order_release);
        return n;
    }

    // Consumer: reads up to n and says how many.
    size_t read(T *out, size_t n)
    {
        const uint64_t r = m_read.load(std::memory_order_relaxed);
        const uint64_t w = m_write.load(std::memory_order_acquire);
        n = std::min(n, size_t(w - r));
        const size_t at = size_t(r) & m_mask;
        const size_t first = std::min(n, capacity() - at);
        std::copy_n(m_buffer.data() + at, first, out);
        if (n > first) // wrapped
            std::copy_n(m_buffer.data(), n - first, out + first);
        m_read.store(r + n, std::memory_order_release);
        return n;
    }

    // Consumer: drops up to n without reading them.
    size_t skip(size_t n)
    {
        const uint64_t r = m_read.load(std::memory_order_relaxed);
        n = std::min(n, size_t(m_write.load(std::memory_order_acquire) - r));
        m_read.store(r + n, std::memory_order_release);
        return n;
    }

    // Consumer: drops everything written before `index` (a write index the producer published).
    void skipTo(uint64_t index)
    {
        const uint64_t r = m_read.load(std::memory_order_relaxed);
        if (index > r)
            m_read.store(std::min(index, m_write.load(std::memory_order_acquire)), std::memory_order_release);
    }

private:
    std::vector<T> m_buffer;
    size_t m_mask = 0;
    alignas(64) std::atomic<uint64_t> m_write{0};
    alignas(64) std::atomic<uint64_t> m_read{0};
};

} // namespace callgate::audio
