#pragma once
// Holds back repeated warnings about one source (a connection, a call): a peer that sends 20,000
// bad frames must not write 20,000 log lines. The first few in each window pass; the rest are
// counted, and the next line that passes says how many were held back. One per source, used on
// that source's thread; not thread-safe.

#include <QElapsedTimer>
#include <QString>

#include <atomic>
#include <cstdint>

namespace callgate {

class LogThrottle {
public:
    // `suppressedTotal`, if given, also counts every line held back (for /metrics).
    explicit LogThrottle(std::atomic<std::uint64_t> *suppressedTotal = nullptr, int perWindow = 5, qint64 windowMs = 10000)
        : m_total(suppressedTotal), m_perWindow(perWindow), m_windowMs(windowMs)
    {}

    // True when this line may be written; then suffix() says what was held back before it.
    bool allow()
    {
        if (!m_clock.isValid() || m_clock.elapsed() >= m_windowMs) {
            m_clock.start();
            m_inWindow = 0;
        }
        if (m_inWindow < m_perWindow) {
            ++m_inWindow;
            return true;
        }
        ++m_suppressed;
        if (m_total)
            m_total->fetch_add(1, std::memory_order_relaxed);
        return false;
    }

    // " (N similar lines held back)" once after lines were held back, else empty.
    QString suffix()
    {
        if (m_suppressed == 0)
            return {};
        const QString s = QStringLiteral(" (%1 similar lines held back)").arg(m_suppressed);
        m_suppressed = 0;
        return s;
    }

    // What is held back and not yet reported (to say when the source goes away).
    std::uint64_t pending() const { return m_suppressed; }

private:
    std::atomic<std::uint64_t> *m_total;
    int m_perWindow;
    qint64 m_windowMs;
    QElapsedTimer m_clock;
    int m_inWindow = 0;
    std::uint64_t m_suppressed = 0;
};

} // namespace callgate
