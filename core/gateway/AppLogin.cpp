#include "gateway/AppLogin.h"

#include "util/ConstantTime.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace callgate {

const char *AppLogin::refusalName(Refusal r)
{
    switch (r) {
    case Refusal::None: return "none";
    case Refusal::NumberLimit: return "too_many_codes";
    case Refusal::AddressLimit: return "too_many_codes";
    case Refusal::Locked: return "locked";
    case Refusal::NoCode: return "no_code";
    case Refusal::Expired: return "code_expired";
    case Refusal::WrongCode: return "wrong_code";
    case Refusal::Full: return "busy";
    }
    return "?";
}

AppLogin::AppLogin(AppLoginLimits limits) : m_limits(limits) {}

void AppLogin::forgetOlder(QList<qint64> &times, qint64 cutoff)
{
    while (!times.isEmpty() && times.constFirst() <= cutoff)
        times.removeFirst();
}

QByteArray AppLogin::hashCode(const QByteArray &salt, QByteArrayView code)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(salt);
    h.addData(code);
    return h.result();
}

AppLogin::Issued AppLogin::issue(const QString &e164, const QByteArray &address, qint64 nowMs)
{
    const qint64 cutoff = nowMs - m_limits.windowMs;
    Issued out;
    auto number = m_numbers.find(e164);
    auto from = m_addresses.find(address);
    if ((number == m_numbers.end() || from == m_addresses.end()) && tracked() >= m_limits.maxTracked) {
        out.refusal = Refusal::Full;
        out.retryAfterMs = 60000;
        return out;
    }
    if (number == m_numbers.end())
        number = m_numbers.insert(e164, Number{});
    if (from == m_addresses.end())
        from = m_addresses.insert(address, {});
    Number &n = *number;
    forgetOlder(n.issuedAtMs, cutoff);
    forgetOlder(*from, cutoff);
    if (n.lockedUntilMs > nowMs) {
        out.refusal = Refusal::Locked;
        out.retryAfterMs = n.lockedUntilMs - nowMs;
        return out;
    }
    if (n.issuedAtMs.size() >= m_limits.codesPerNumberPerHour) {
        out.refusal = Refusal::NumberLimit;
        out.retryAfterMs = n.issuedAtMs.constFirst() + m_limits.windowMs - nowMs;
        return out;
    }
    if (from->size() >= m_limits.codesPerAddressPerHour) {
        out.refusal = Refusal::AddressLimit;
        out.retryAfterMs = from->constFirst() + m_limits.windowMs - nowMs;
        return out;
    }
    // Uniform over 000000…999999 (bounded() rejects the biased top of the range).
    out.code = QByteArray::number(QRandomGenerator::system()->bounded(1000000)).rightJustified(6, '0');
    quint32 salt[4];
    QRandomGenerator::system()->fillRange(salt);
    n.salt = QByteArray(reinterpret_cast<const char *>(salt), sizeof salt);
    n.codeHash = hashCode(n.salt, out.code);
    n.codeIssuedAtMs = nowMs;
    n.issuedAtMs.append(nowMs);
    from->append(nowMs);
    return out;
}

AppLogin::Refusal AppLogin::verify(const QString &e164, QByteArrayView typed, qint64 nowMs)
{
    auto number = m_numbers.find(e164);
    if (number == m_numbers.end())
        return Refusal::NoCode;
    Number &n = *number;
    if (n.lockedUntilMs > nowMs)
        return Refusal::Locked;
    if (n.codeHash.isEmpty())
        return Refusal::NoCode;
    if (nowMs - n.codeIssuedAtMs > m_limits.codeLifetimeMs) {
        n.codeHash.clear();
        return Refusal::Expired;
    }
    // Hash whatever was typed (any length): the comparison is of two 32-byte digests.
    if (!constantTimeEquals(hashCode(n.salt, typed), n.codeHash)) {
        forgetOlder(n.wrongAtMs, nowMs - m_limits.windowMs);
        n.wrongAtMs.append(nowMs);
        if (n.wrongAtMs.size() >= m_limits.wrongCodesBeforeLock) {
            n.lockedUntilMs = nowMs + m_limits.windowMs;
            n.codeHash.clear(); // a lock ends the code too: the next try needs a new one
            n.wrongAtMs.clear();
            return Refusal::Locked;
        }
        return Refusal::WrongCode;
    }
    n.codeHash.clear();
    n.wrongAtMs.clear();
    return Refusal::None;
}

void AppLogin::sweep(qint64 nowMs)
{
    const qint64 cutoff = nowMs - m_limits.windowMs;
    for (auto it = m_numbers.begin(); it != m_numbers.end();) {
        Number &n = *it;
        forgetOlder(n.issuedAtMs, cutoff);
        forgetOlder(n.wrongAtMs, cutoff);
        if (!n.codeHash.isEmpty() && nowMs - n.codeIssuedAtMs > m_limits.codeLifetimeMs)
            n.codeHash.clear();
        if (n.issuedAtMs.isEmpty() && n.wrongAtMs.isEmpty() && n.codeHash.isEmpty() && n.lockedUntilMs <= nowMs)
            it = m_numbers.erase(it);
        else
            ++it;
    }
    for (auto it = m_addresses.begin(); it != m_addresses.end();) {
        forgetOlder(*it, cutoff);
        if (it->isEmpty())
            it = m_addresses.erase(it);
        else
            ++it;
    }
}

} // namespace callgate
