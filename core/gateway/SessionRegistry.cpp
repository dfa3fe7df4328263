#include "gateway/SessionRegistry.h"

#include "call/CallerInfoJson.h"
#include "util/Ids.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace callgate {

SessionRegistry::SessionRegistry(int capacity, int pendingTtlSeconds) : m_capacity(capacity), m_pendingTtlMs(pendingTtlSeconds * 1000) {}

Result<SessionInfo> SessionRegistry::createPending(const QString &callSid, const QString &from, const QString &to)
{
    SessionInfo info;
    info.callSid = callSid;
    info.from = from;
    info.to = to;
    return createPending(std::move(info));
}

Result<SessionInfo> SessionRegistry::createPending(SessionInfo info)
{
    std::lock_guard lock(m_mutex);
    if (m_entries.size() + m_reserved >= m_capacity)
        return Error{QStringLiteral("all %1 call slots are in use").arg(m_capacity)};
    Entry e;
    info.id = newSessionId();
    e.info = std::move(info);
    e.expires = QDeadlineTimer(m_pendingTtlMs);
    SessionInfo copy = e.info;
    m_entries.insert(e.info.id, std::move(e));
    return copy;
}

bool SessionRegistry::checkClaimable(const Entry *e, ClaimError *why) const
{
    ClaimError reason{};
    bool ok = false;
    if (!e)
        reason = ClaimError::Unknown;
    else if (e->active)
        reason = ClaimError::AlreadyClaimed;
    else if (e->expires.hasExpired())
        reason = ClaimError::Expired;
    else
        ok = true;
    if (!ok && why)
        *why = reason;
    return ok;
}

std::optional<SessionInfo> SessionRegistry::claim(QByteArrayView id, ClaimError *why)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(id.toByteArray());
    if (!checkClaimable(it == m_entries.end() ? nullptr : &*it, why))
        return std::nullopt;
    it->active = true;
    ++m_active;
    return it->info;
}

bool SessionRegistry::isClaimable(QByteArrayView id, ClaimError *why) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.constFind(id.toByteArray());
    return checkClaimable(it == m_entries.cend() ? nullptr : &*it, why);
}

void SessionRegistry::release(QByteArrayView id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(id.toByteArray());
    if (it == m_entries.end())
        return;
    if (it->active)
        --m_active;
    m_entries.erase(it);
}

bool SessionRegistry::reserveSlot()
{
    std::lock_guard lock(m_mutex);
    if (m_entries.size() + m_reserved >= m_capacity)
        return false;
    ++m_reserved;
    return true;
}

void SessionRegistry::cancelReservation()
{
    std::lock_guard lock(m_mutex);
    Q_ASSERT(m_reserved > 0);
    --m_reserved;
}

SessionInfo SessionRegistry::activateReserved(SessionInfo info)
{
    std::lock_guard lock(m_mutex);
    Q_ASSERT(m_reserved > 0);
    --m_reserved;
    Entry e;
    e.info = std::move(info);
    e.active = true;
    ++m_active;
    SessionInfo copy = e.info;
    m_entries.insert(e.info.id, std::move(e));
    return copy;
}

int SessionRegistry::sweepExpired()
{
    std::lock_guard lock(m_mutex);
    int n = 0;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (!it->active && it->expires.hasExpired()) {
            it = m_entries.erase(it);
            ++n;
        } else {
            ++it;
        }
    }
    return n;
}

int SessionRegistry::pendingCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_entries.size()) - m_active;
}

int SessionRegistry::activeCount() const
{
    std::lock_guard lock(m_mutex);
    return m_active + m_reserved;
}

QByteArray sessionToJson(const SessionInfo &s)
{
    const QJsonObject o{
        {QStringLiteral("v"), 1},
        {QStringLiteral("id"), QString::fromLatin1(s.id)},
        {QStringLiteral("callSid"), s.callSid},
        {QStringLiteral("from"), s.from},
        {QStringLiteral("to"), s.to},
        {QStringLiteral("verification"), toJson(s.verification)},
        {QStringLiteral("customer"), toJson(s.customer)},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<SessionInfo> sessionFromJson(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || doc.object().value(QLatin1String("v")).toInt() != 1)
        return std::nullopt;
    const QJsonObject o = doc.object();
    SessionInfo s;
    s.id = o.value(QLatin1String("id")).toString().toLatin1();
    s.callSid = o.value(QLatin1String("callSid")).toString();
    s.from = o.value(QLatin1String("from")).toString();
    s.to = o.value(QLatin1String("to")).toString();
    if (s.id.isEmpty() || s.callSid.isEmpty())
        return std::nullopt;
    s.verification = verificationFromJson(o.value(QLatin1String("verification")).toObject());
    s.customer = customerFromJson(o.value(QLatin1String("customer")).toObject());
    return s;
}

} // namespace callgate
