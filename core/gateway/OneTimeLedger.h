#pragma once
// Remembers which one-time credentials (flow tokens) have been used, until they would have expired
// anyway, so that a captured webhook replayed later is refused instead of answered again. Bounded:
// expired entries are swept as new ones come; when it is full of live ones, a new credential is
// refused (never silently forgotten, which would let a replay through). Shared by all workers;
// thread-safe.

#include <QByteArray>
#include <QHash>

#include <map>
#include <mutex>

namespace callgate {

class OneTimeLedger {
public:
    explicit OneTimeLedger(qsizetype capacity = 500000) : m_capacity(capacity) {}

    enum class Claim { Fresh, Reused, Full };
    // Marks `id` used until `expiresAt` (seconds since the epoch). Fresh the first time.
    Claim claim(const QByteArray &id, qint64 expiresAt, qint64 nowSeconds);
    qsizetype size() const;

private:
    void sweep(qint64 nowSeconds);

    const qsizetype m_capacity;
    mutable std::mutex m_mutex;
    QHash<QByteArray, qint64> m_used;             // id → expiry
    std::multimap<qint64, QByteArray> m_byExpiry; // for the sweep
};

} // namespace callgate
