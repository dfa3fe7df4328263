#pragma once
// Every call the gateway knows: pending (the webhook answered, the stream has not opened) and
// active (a media stream claimed the session). Shared by all worker threads: a webhook answered on
// one thread may open its stream on another. Guarded by one mutex; never touched per frame.

#include "call/CallerInfo.h"
#include "util/Result.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QString>

#include <mutex>
#include <optional>

namespace callgate {

struct SessionInfo {
    QByteArray id;
    QString callSid;
    QString from; // caller number as Twilio sent it; masked whenever logged
    QString to;
    CallerVerification verification; // from the caller flow (empty when it was skipped)
    CustomerInfo customer;
};

class SessionRegistry {
public:
    SessionRegistry(int capacity, int pendingTtlSeconds);

    // A new pending session with a fresh unguessable id, or an error when capacity is reached.
    Result<SessionInfo> createPending(const QString &callSid, const QString &from, const QString &to);
    Result<SessionInfo> createPending(SessionInfo info);

    enum class ClaimError { Unknown, Expired, AlreadyClaimed };
    // Turns a pending session into an active one, exactly once, before it expires.
    std::optional<SessionInfo> claim(QByteArrayView id, ClaimError *why = nullptr);
    // Checks without claiming (the handshake peeks before it accepts).
    bool isClaimable(QByteArrayView id, ClaimError *why = nullptr) const;
    void release(QByteArrayView id);

    // A cluster's sessions wait in the shared ledger, not here: an instance holds a slot while it
    // claims one there (reserveSlot), then either takes the call (activateReserved) or gives the
    // slot back (cancelReservation). A reserved slot counts as live.
    bool reserveSlot();
    void cancelReservation();
    SessionInfo activateReserved(SessionInfo info);

    // Drops pending sessions whose stream never came; returns how many.
    int sweepExpired();

    int pendingCount() const;
    int activeCount() const;
    int capacity() const { return m_capacity; }

private:
    struct Entry {
        SessionInfo info;
        QDeadlineTimer expires;
        bool active = false;
    };
    bool checkClaimable(const Entry *e, ClaimError *why) const;

    const int m_capacity;
    const int m_pendingTtlMs;
    mutable std::mutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
    int m_active = 0;
    int m_reserved = 0;
};

// A session as the shared ledger keeps it, and back (nothing when the text is not one).
QByteArray sessionToJson(const SessionInfo &session);
std::optional<SessionInfo> sessionFromJson(const QByteArray &json);

} // namespace callgate
