#pragma once
// Failed sign-ins by address: after kMaxFailures within kWindowMs, an address is refused (429)
// until its oldest failure leaves the window. Bounded: past kMaxAddresses the stalest entries go.
// Thread-safe; shared by the workers.

#include <QByteArray>
#include <QHash>
#include <QList>

#include <mutex>

namespace callgate {

class AuthThrottle {
public:
    static constexpr int kMaxFailures = 5;
    static constexpr qint64 kWindowMs = 60000;
    static constexpr qsizetype kMaxAddresses = 10000;

    // Whether this address may try now; if not, how many seconds until it may (for Retry-After).
    bool allows(const QByteArray &address, qint64 nowMs, int *retryAfterSeconds = nullptr);
    void failed(const QByteArray &address, qint64 nowMs);
    void succeeded(const QByteArray &address);
    qsizetype addresses();

private:
    void forgetOld(QList<qint64> &times, qint64 nowMs) const;

    std::mutex m_mutex;
    QHash<QByteArray, QList<qint64>> m_failures;
};

} // namespace callgate
