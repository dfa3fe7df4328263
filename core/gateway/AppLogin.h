#pragma once
// Sign-in codes of the caller's companion app (/user): a 6-digit code per number, sent by SMS,
// good for five minutes and once. Only a salted SHA-256 of a code is kept, and a code typed in is
// compared with it in constant time. Limits against abuse, all within a sliding hour: a few codes
// per number and per client address; a few wrong codes for a number, then the number is locked
// (any code for it refused) until the hour is over. Pure bookkeeping with the clock passed in;
// lives on the app's thread; not thread-safe.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace callgate {

struct AppLoginLimits {
    qint64 codeLifetimeMs = 5 * 60 * 1000;
    int codesPerNumberPerHour = 3;
    int codesPerAddressPerHour = 10;
    int wrongCodesBeforeLock = 5;
    qint64 windowMs = 60 * 60 * 1000; // the hour the limits count in, and how long a lock lasts
    int maxTracked = 100000;          // numbers and addresses remembered at once (then refuse)
};

class AppLogin {
public:
    enum class Refusal {
        None,
        NumberLimit,  // codes for this number this hour
        AddressLimit, // codes asked from this address this hour
        Locked,       // too many wrong codes for this number
        NoCode,       // no code was asked for this number (or it was used)
        Expired,      // the code is older than its lifetime
        WrongCode,
        Full, // too many numbers and addresses tracked to take another
    };
    static const char *refusalName(Refusal r);

    explicit AppLogin(AppLoginLimits limits = {});

    struct Issued {
        Refusal refusal = Refusal::None;
        QByteArray code;         // six digits, to be sent; empty when refused
        qint64 retryAfterMs = 0; // when refused for a limit or a lock: how long until it lifts
    };
    // A new code for `e164` (replacing one not yet used), asked from `address`.
    Issued issue(const QString &e164, const QByteArray &address, qint64 nowMs);
    // Checks a typed code: None once (the code is then used up). A wrong one counts towards the lock.
    Refusal verify(const QString &e164, QByteArrayView typed, qint64 nowMs);
    // Forgets codes and counts older than the hour.
    void sweep(qint64 nowMs);
    int tracked() const { return int(m_numbers.size() + m_addresses.size()); }

private:
    struct Number {
        QList<qint64> issuedAtMs; // codes sent within the hour
        QByteArray salt;
        QByteArray codeHash; // empty: no code outstanding
        qint64 codeIssuedAtMs = 0;
        QList<qint64> wrongAtMs; // wrong codes within the hour
        qint64 lockedUntilMs = 0;
    };
    static void forgetOlder(QList<qint64> &times, qint64 cutoff);
    static QByteArray hashCode(const QByteArray &salt, QByteArrayView code);

    const AppLoginLimits m_limits;
    QHash<QString, Number> m_numbers;
    QHash<QByteArray, QList<qint64>> m_addresses;
};

} // namespace callgate
