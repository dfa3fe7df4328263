#pragma once
// The AI's responses as one call sees them: never a second response.create while one is active
// (a wanted one is asked for at the active one's end), which response still generates audio and
// may be cancelled, and which were cancelled (their late deltas and transcripts are dropped).
// Plain data, on the call's worker thread.

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace callgate {

class ResponseTracker {
public:
    // A response is wanted. True: send response.create now (it is pending until created()); false:
    // one is active, and this one is asked for when it is done.
    bool want(const QString &instructions);
    void created(const QByteArray &id);
    void audioDone(QByteArrayView id);
    // response.done: the instructions of a response wanted meanwhile, if one was.
    std::optional<QString> done();
    void forgetWanted() { m_wanted.reset(); }
    // No session to ask now: asked for once one is ready (takeWanted).
    void wantLater(const QString &instructions) { m_wanted = instructions; }
    std::optional<QString> takeWanted() { return std::exchange(m_wanted, std::nullopt); }
    // The AI's session was lost and the active response with it: whether one was active (asked
    // for, or still generating). A wanted one stays wanted.
    bool sessionLost();

    bool active() const { return !m_active.isEmpty(); }
    // Asked for, not yet created.
    bool isPending() const;
    bool isCancelled(QByteArrayView id) const;
    // The active response, if it still generates audio, marked cancelled and returned; else empty.
    QByteArray cancelGenerating();

private:
    QByteArray m_active; // between response.create and response.done ("pending" until created)
    bool m_audioDone = false;
    std::optional<QString> m_wanted;
    std::vector<QByteArray> m_cancelled; // the last few
};

} // namespace callgate
