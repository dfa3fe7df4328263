#pragma once
// The AI's responses as one call sees them: never a second response.create while one is active
// (a wanted one is asked for at the active one's end), which response still generates audio and
// may be cancelled, and which were cancelled (their late deltas and transcripts are dropped).
// Plain data, on the call's worker thread.

#include <QByteArray>
#include <QString>

#include <optional>
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

    bool active() const { return !m_active.isEmpty(); }
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
