#pragma once
// The demo's speech clips (resources/audio/*.ulaw, made once with espeak-ng): μ-law 8 kHz mono
// with the words they say. The simulated caller speaks them; the simulated AI recognises which one
// it heard by its 20 ms frames and answers with its own clips. Read-only after load; any thread.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace callgate::sim {

struct Clip {
    QString name; // e.g. "caller_order"
    QString text;
    QByteArray ulaw;
    qint64 durationMs() const { return ulaw.size() / 8; }
};

class ClipLibrary {
public:
    static const ClipLibrary &instance();

    const Clip *find(const QString &name) const;
    QList<const Clip *> callerClips() const;
    // Which clip a 160-byte frame belongs to (frames are sent aligned to the clip start).
    const Clip *clipForFrame(QByteArrayView frame) const;

private:
    ClipLibrary();
    QList<Clip> m_clips;
    QHash<QByteArray, int> m_frameIndex;
};

} // namespace callgate::sim
