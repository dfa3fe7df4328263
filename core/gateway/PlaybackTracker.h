#pragma once
// Knows how much of the assistant's audio the caller has really heard. Twilio queues what we send
// and plays it at real time (8 bytes of μ-law per ms); a mark comes back once the audio before it
// has played, which dates the start of the item's playback; from there the position advances at
// real time. Before the first echo of an item it is estimated from the delay earlier echoes showed.
// Pure logic with times passed in, so tests can drive it. One per call, on its worker thread.

#include <QByteArray>

#include <deque>

namespace callgate {

class PlaybackTracker {
public:
    static constexpr qint64 kBytesPerMs = 8;

    explicit PlaybackTracker(qint64 markIntervalBytes = 4000, qint64 initialDelayMs = 100);

    // `bytes` of audio of assistant item `itemId` were just sent to Twilio.
    void audioSent(QByteArrayView itemId, qint64 bytes, qint64 nowMs);
    // A mark name to send now if enough audio went out since the last one (or `force`), else empty.
    QByteArray nextMark(qint64 nowMs, bool force = false);
    // Twilio echoed a mark. Unknown names (e.g. echoes flushed by a clear) are ignored.
    void markEchoed(QByteArrayView name, qint64 nowMs);
    // We sent Twilio `clear`: everything queued is gone; the current item ends where it was heard.
    void cleared(qint64 nowMs);

    QByteArray currentItem() const { return m_item; }
    qint64 sentBytes() const { return m_sent; }
    // Bytes of the current item the caller has heard by `nowMs` (never more than was sent).
    qint64 heardBytes(qint64 nowMs) const;
    qint64 heardMs(qint64 nowMs) const { return heardBytes(nowMs) / kBytesPerMs; }
    // True while audio we sent is still queued at Twilio.
    bool audioPending(qint64 nowMs) const;
    qint64 learnedDelayMs() const { return m_delayMs; }

private:
    struct PendingMark {
        quint64 seq;
        QByteArray item;
        qint64 offset; // bytes of its item sent before it
        qint64 sentMs;
    };
    qint64 m_markInterval;
    qint64 m_delayMs;
    QByteArray m_item;
    qint64 m_sent = 0;
    qint64 m_firstSendMs = -1;
    qint64 m_lastMarkOffset = 0;
    qint64 m_ackOffset = -1;
    qint64 m_playStartMs = -1; // when the caller began hearing the current item
    quint64 m_nextSeq = 1;
    std::deque<PendingMark> m_pending;
};

} // namespace callgate
