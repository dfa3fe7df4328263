#include "gateway/AgentTurns.h"

#include "audio/G711.h"

#include <QtGlobal>

namespace callgate {
namespace {

// A frame louder than this (linear RMS) is speech; a turn ends after this many quiet frames, or
// when it gets this long.
constexpr double kSpeechRms = 400;
constexpr int kTurnEndFrames = 40;       // 800 ms
constexpr int kTurnMaxBytes = 30 * 8000; // 30 s
constexpr size_t kPrerollFrames = 10;    // 200 ms kept before the first loud frame
constexpr int kFrameBytes = 160;

} // namespace

std::optional<QByteArray> AgentTurns::frame(QByteArrayView ulaw)
{
    const bool loud = audio::ulawRms(ulaw) > kSpeechRms;
    if (!m_active) {
        if (!loud) {
            m_preroll.push_back(ulaw.toByteArray());
            if (m_preroll.size() > kPrerollFrames)
                m_preroll.pop_front();
            return std::nullopt;
        }
        m_active = true;
        m_quietFrames = 0;
        for (const QByteArray &f : m_preroll)
            m_audio += f;
        m_preroll.clear();
    }
    m_audio += ulaw;
    m_quietFrames = loud ? 0 : m_quietFrames + 1;
    if (m_quietFrames >= kTurnEndFrames || m_audio.size() >= kTurnMaxBytes)
        return flush();
    return std::nullopt;
}

std::optional<QByteArray> AgentTurns::flush()
{
    if (!m_active)
        return std::nullopt;
    // The quiet tail past 200 ms is not speech.
    const qsizetype tail = qMax(0, m_quietFrames - int(kPrerollFrames)) * kFrameBytes;
    QByteArray audio = m_audio.left(m_audio.size() - tail);
    reset();
    return audio;
}

} // namespace callgate
