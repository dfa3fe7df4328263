#include "gateway/PlaybackTracker.h"

namespace callgate {

PlaybackTracker::PlaybackTracker(qint64 markIntervalBytes, qint64 initialDelayMs)
    : m_markInterval(markIntervalBytes), m_delayMs(initialDelayMs)
{
}

void PlaybackTracker::audioSent(QByteArrayView itemId, qint64 bytes, qint64 nowMs)
{
    if (itemId != QByteArrayView(m_item)) {
        m_item = itemId.toByteArray();
        m_sent = 0;
        m_firstSendMs = nowMs;
        m_lastMarkOffset = 0;
        m_ackOffset = -1;
        m_ackMs = -1;
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
        m_ackOffset = mark.offset;
        m_ackMs = nowMs;
        // Playback of this item began offset/8 ms before this echo; the time from our first send
        // to that start is the delay to expect before the next item's first echo.
        const qint64 started = nowMs - mark.offset / kBytesPerMs;
        if (m_firstSendMs >= 0 && started >= m_firstSendMs)
            m_delayMs = started - m_firstSendMs;
    }
}

void PlaybackTracker::cleared(qint64 nowMs)
{
    const qint64 heard = heardBytes(nowMs);
    m_pending.clear();
    m_sent = heard;
    m_lastMarkOffset = heard;
    m_ackOffset = heard;
    m_ackMs = nowMs;
    m_item.clear(); // the next audio starts a new item
}

qint64 PlaybackTracker::heardBytes(qint64 nowMs) const
{
    if (m_item.isEmpty())
        return m_sent;
    qint64 heard = 0;
    if (m_ackMs >= 0)
        heard = m_ackOffset + (nowMs - m_ackMs) * kBytesPerMs;
    else if (m_firstSendMs >= 0)
        heard = (nowMs - m_firstSendMs - m_delayMs) * kBytesPerMs;
    return qBound<qint64>(0, heard, m_sent);
}

bool PlaybackTracker::audioPending(qint64 nowMs) const
{
    return !m_pending.empty() || heardBytes(nowMs) < m_sent;
}

} // namespace callgate
