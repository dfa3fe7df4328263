#include "gateway/AuthThrottle.h"

namespace callgate {

void AuthThrottle::forgetOld(QList<qint64> &times, qint64 nowMs) const
{
    while (!times.isEmpty() && nowMs - times.first() >= kWindowMs)
        times.removeFirst();
}

bool AuthThrottle::allows(const QByteArray &address, qint64 nowMs, int *retryAfterSeconds)
{
    std::lock_guard lock(m_mutex);
    auto it = m_failures.find(address);
    if (it == m_failures.end())
        return true;
    forgetOld(*it, nowMs);
    if (it->size() < kMaxFailures) {
        if (it->isEmpty())
            m_failures.erase(it);
        return true;
    }
    if (retryAfterSeconds)
        *retryAfterSeconds = int((kWindowMs - (nowMs - it->first()) + 999) / 1000);
    return false;
}

void AuthThrottle::failed(const QByteArray &address, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    if (m_failures.size() >= kMaxAddresses && !m_failures.contains(address)) {
        // Many addresses at once: drop those whose failures are all old, else an arbitrary one.
        for (auto it = m_failures.begin(); it != m_failures.end();) {
            forgetOld(*it, nowMs);
            it = it->isEmpty() ? m_failures.erase(it) : std::next(it);
        }
        if (m_failures.size() >= kMaxAddresses)
            m_failures.erase(m_failures.begin());
    }
    QList<qint64> &times = m_failures[address];
    forgetOld(times, nowMs);
    times.append(nowMs);
    if (times.size() > kMaxFailures)
        times.removeFirst();
}

void AuthThrottle::succeeded(const QByteArray &address)
{
    std::lock_guard lock(m_mutex);
    m_failures.remove(address);
}

qsizetype AuthThrottle::addresses()
{
    std::lock_guard lock(m_mutex);
    return m_failures.size();
}

} // namespace callgate
