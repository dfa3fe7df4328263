#include "gateway/OneTimeLedger.h"

namespace callgate {

OneTimeLedger::Claim OneTimeLedger::claim(const QByteArray &id, qint64 expiresAt, qint64 nowSeconds)
{
    std::lock_guard lock(m_mutex);
    sweep(nowSeconds);
    if (m_used.contains(id))
        return Claim::Reused;
    if (m_used.size() >= m_capacity)
        return Claim::Full;
    m_used.insert(id, expiresAt);
    m_byExpiry.emplace(expiresAt, id);
    return Claim::Fresh;
}

qsizetype OneTimeLedger::size() const
{
    std::lock_guard lock(m_mutex);
    return m_used.size();
}

void OneTimeLedger::sweep(qint64 nowSeconds)
{
    while (!m_byExpiry.empty() && m_byExpiry.begin()->first < nowSeconds) {
        m_used.remove(m_byExpiry.begin()->second);
        m_byExpiry.erase(m_byExpiry.begin());
    }
}

} // namespace callgate
