#include "gateway/CallTaps.h"

#include "audio/CallAudioTap.h"

namespace callgate {
namespace {

constexpr size_t kFrameBytes = 160; // 20 ms of μ-law

} // namespace

CallTaps::~CallTaps() = default;

bool CallTaps::attach(std::shared_ptr<audio::CallAudioTap> tap)
{
    for (const auto &t : m_taps) {
        if (t == tap)
            return false;
    }
    m_taps.push_back(std::move(tap));
    return true;
}

void CallTaps::callerFrame(QByteArrayView ulaw)
{
    const int64_t now = audio::CallAudioTap::nowNs();
    for (auto it = m_taps.begin(); it != m_taps.end();) {
        if ((*it)->isClosed()) {
            it = m_taps.erase(it);
            continue;
        }
        (*it)->callerFrame(ulaw, now);
        ++it;
    }
}

void CallTaps::otherAudio(QByteArrayView ulaw, const audio::CallAudioTap *except)
{
    for (const auto &tap : m_taps) {
        if (tap.get() != except)
            tap->otherAudio(ulaw);
    }
}

void CallTaps::otherCut()
{
    for (const auto &tap : m_taps)
        tap->otherCut();
}

void CallTaps::takeAgentFrames(const std::function<void(QByteArrayView, const audio::CallAudioTap *)> &f)
{
    uint8_t frame[kFrameBytes];
    for (const auto &tap : m_taps) {
        while (tap->takeAgentAudio(frame, kFrameBytes) == kFrameBytes)
            f(QByteArrayView(reinterpret_cast<const char *>(frame), kFrameBytes), tap.get());
    }
}

void CallTaps::endAll()
{
    for (const auto &tap : m_taps)
        tap->markCallEnded();
    m_taps.clear();
}

} // namespace callgate
