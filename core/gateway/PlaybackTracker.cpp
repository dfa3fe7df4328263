#include "gateway/PlaybackTracker.h"

namespace callgate {

PlaybackTracker::PlaybackTracker(qint64 markIntervalBytes, qint64 initialDelayMs)
    : m_markInterval(markIntervalBytes), m_delayMs(initialDelayMs)
{}

void PlaybackTracker::audioSent(QByteArrayView itemId, qint64 bytes, qint64 nowMs)
{
    if (itemId != QByteArrayView(m_item)) {
        m_item = itemId.toByteArray();
        m_sent = 0;
        m_firstSendMs = nowMs;
        m_lastMarkOffset = 0;
        m_ackOffset = -1;
        m_playStartMs = -1;
    }
    m_sent += bytes;
}

QByteArray PlaybackTracker::nextMark(qint64 nowMs, bool force)
{
    if (m_item.isEmpty() || m_sent == m_lastMarkOffset || (!force && m_sent - m_lastMarkOffset < m_markInterval))
        return {};
    m_lastMarkOffset = m_sent;
    const quint64 seq = m_nextSeq++;
    m_pending.push_back({seq, m_item, m_sent, nowMs});
    return QByteArray("m").append(QByteArray::number(seq));
}

void PlaybackTracker::markEchoed(QByteArrayView name, qint64 nowMs)
{
    if (!name.startsWith('m'))
        return;
    bool ok = false;
    const quint64 seq = name.sliced(1).toULongLong(&ok);
    if (!ok)
        return;
    while (!m_pending.empty() && m_pending.front().seq < seq)
        m_pending.pop_front(); // echoes come in order; an earlier one was lost
    if (m_pending.empty() || m_pending.front().seq != seq)
        return;
    const PendingMark mark = m_pending.front();
    m_pending.pop_front();
    if (mark.item == m_item) {
        m_ackOffset = qMax(m_ackOffset, mark.offset);
        // Playback of this item began offset/8 ms before this echo. An echo can only arrive late
        // (network, a busy thread), never early, so the earliest start any echo implies is the
        // best estimate; audio arrives faster than real time, so playback never pauses within an
        // item.
        const qint64 started = nowMs - mark.offset / kBytesPerMs;
        m_playStartMs = m_playStartMs < 0 ? started : qMin(m_playStartMs, started);
        // The time from our first send to that start is the delay to expect before the next
        // item's first echo.
        if (m_firstSendMs >= 0 && m_playStartMs >= m_firstSendMs)
            m_delayMs = m_playStartMs - m_firstSendMs;
    }
}

void PlaybackTracker::cleared(qint64 nowMs)
{
    const qint64 heard = heardBytes(nowMs);
    m_pending.clear();
    m_sent = heard;
    m_lastMarkOffset = heard;
    m_ackOffset = heard;
    m_playStartMs = -1;
    m_item.clear(); // the next audio starts a new item
}

qint64 PlaybackTracker::heardBytes(qint64 nowMs) const
{
    if (m_item.isEmpty())
        return m_sent;
    qint64 heard = 0;
    if (m_playStartMs >= 0)
        heard = qMax(m_ackOffset, (nowMs - m_playStartMs) * kBytesPerMs);
    else if (m_firstSendMs >= 0)
        heard = (nowMs - m_firstSendMs - m_delayMs) * kBytesPerMs;
    return qBound<qint64>(0, heard, m_sent);
}

bool PlaybackTracker::audioPending(qint64 nowMs) const { return !m_pending.empty() || heardBytes(nowMs) < m_sent; }

} // namespace callgate
