#include "gateway/LookupCache.h"

namespace callgate {

std::optional<twilio::LookupResult> LookupCache::find(const QString &e164)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.constFind(e164);
    if (it == m_entries.cend())
        return std::nullopt;
    if (it->expires.hasExpired()) {
        m_entries.erase(it);
        return std::nullopt;
    }
    ++m_hits;
    return it->result;
}

void LookupCache::insert(const QString &e164, const twilio::LookupResult &result)
{
    if (m_ttlMs <= 0)
        return;
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= m_capacity) {
        // Drop the expired, then the soonest to expire.
        m_entries.removeIf([](const auto &it) { return it.value().expires.hasExpired(); });
        if (m_entries.size() >= m_capacity) {
            auto soonest = m_entries.begin();
            for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
                if (it->expires.remainingTime() < soonest->expires.remainingTime())
                    soonest = it;
            }
            m_entries.erase(soonest);
        }
    }
    m_entries.insert(e164, Entry{result, QDeadlineTimer(m_ttlMs)});
}

} // namespace callgate
