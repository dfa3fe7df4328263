#include "gateway/ResponseTracker.h"

namespace callgate {
namespace {

constexpr QByteArrayView kPending = "pending";
constexpr size_t kCancelledKept = 8;

} // namespace

bool ResponseTracker::want(const QString &instructions)
{
    if (active()) {
        m_wanted = instructions;
        return false;
    }
    m_active = kPending.toByteArray();
    return true;
}

void ResponseTracker::created(const QByteArray &id)
{
    m_active = id;
    m_audioDone = false;
}

void ResponseTracker::audioDone(QByteArrayView id)
{
    if (id == m_active)
        m_audioDone = true; // nothing left to cancel in it
}

std::optional<QString> ResponseTracker::done()
{
    m_active.clear();
    return std::exchange(m_wanted, std::nullopt);
}

bool ResponseTracker::isPending() const { return m_active == kPending; }

bool ResponseTracker::sessionLost()
{
    const bool wasActive = !m_active.isEmpty();
    m_active.clear();
    m_audioDone = false;
    return wasActive;
}

bool ResponseTracker::isCancelled(QByteArrayView id) const
{
    for (const QByteArray &c : m_cancelled) {
        if (c == id)
            return true;
    }
    return false;
}

QByteArray ResponseTracker::cancelGenerating()
{
    if (m_active.isEmpty() || m_active == kPending || m_audioDone)
        return {};
    m_cancelled.push_back(m_active);
    if (m_cancelled.size() > kCancelledKept)
        m_cancelled.erase(m_cancelled.begin());
    return m_active;
}

} // namespace callgate
