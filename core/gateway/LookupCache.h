#pragma once
// Lookup answers by number, reused for LOOKUP_CACHE_SECONDS: a caller who rings back, or keys the
// same number twice, is not looked up (and billed) again. Failures are never cached. Bounded: the
// oldest answers go first. Shared by all workers; thread-safe.

#include "twilio/RestClient.h"

#include <QDeadlineTimer>
#include <QHash>

#include <mutex>
#include <optional>

namespace callgate {

class LookupCache {
public:
    LookupCache(int ttlSeconds, int capacity = 20000) : m_ttlMs(qint64(ttlSeconds) * 1000), m_capacity(capacity) {}

    std::optional<twilio::LookupResult> find(const QString &e164);
    void insert(const QString &e164, const twilio::LookupResult &result);
    qint64 hits() const { return m_hits; }

private:
    struct Entry {
        twilio::LookupResult result;
        QDeadlineTimer expires;
    };
    const qint64 m_ttlMs;
    const int m_capacity;
    std::mutex m_mutex;
    QHash<QString, Entry> m_entries;
    qint64 m_hits = 0;
};

} // namespace callgate
