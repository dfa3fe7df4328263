#include "audio/CallAudioTap.h"

#include <chrono>

namespace callgate::audio {

CallAudioTap::CallAudioTap() = default;

int64_t CallAudioTap::nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void CallAudioTap::callerFrame(QByteArrayView ulaw, int64_t arrivalNs)
{
    const uint64_t at = m_caller.writeIndex();
    // Whole frames or nothing: a console that fell behind loses frames, never half of one, so what
    // it plays and the arrival marks stay aligned to the call's frames.
    if (m_caller.writable() < size_t(ulaw.size())) {
        m_droppedToConsole.fetch_add(ulaw.size(), std::memory_order_relaxed);
        return;
    }
    const auto *data = reinterpret_cast<const uint8_t *>(ulaw.data());
    const size_t n = m_caller.write(data, size_t(ulaw.size()));
    if (n > 0) {
        const Arrival a{at, arrivalNs};
        m_arrivals.write(&a, 1); // a full marker ring only loses a measurement
    }
}

void CallAudioTap::otherAudio(QByteArrayView ulaw)
{
    const size_t n = m_other.write(reinterpret_cast<const uint8_t *>(ulaw.data()), size_t(ulaw.size()));
    if (n < size_t(ulaw.size()))
        m_droppedToConsole.fetch_add(ulaw.size() - n, std::memory_order_relaxed);
}

void CallAudioTap::otherCut() { m_otherCut.store(m_other.writeIndex(), std::memory_order_release); }

size_t CallAudioTap::takeAgentAudio(uint8_t *out, size_t max) { return m_agent.read(out, max); }

bool CallAudioTap::agentAudio(QByteArrayView ulaw)
{
    if (m_agent.writable() < size_t(ulaw.size())) {
        m_droppedToCall.fetch_add(ulaw.size(), std::memory_order_relaxed);
        return false;
    }
    m_agent.write(reinterpret_cast<const uint8_t *>(ulaw.data()), size_t(ulaw.size()));
    return true;
}

} // namespace callgate::audio
