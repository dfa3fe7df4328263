#pragma once
// The audio a console exchanges with one live call, across threads without locks:
//   call → console: the caller's frames as they reach the gateway, and the AI's (or the agent's)
//     audio as it is sent to Twilio; written by the call's worker thread, read by the console's
//     mixer. The caller's frames carry their arrival time so the mixer can tell the listen delay.
//   console → call: the supervisor's microphone during a takeover, as 20 ms μ-law frames; written
//     by the mixer, read by the worker, which sends them on to the caller.
// Either side may close it; the other sees that and lets go. Shared by std::shared_ptr.

#include "audio/SpscRing.h"

#include <QByteArrayView>

#include <atomic>
#include <cstdint>

namespace callgate::audio {

class CallAudioTap {
public:
    static constexpr size_t kCallerCapacity = 8192;   // ~1 s: the mixer reads it in real time
    static constexpr size_t kOtherCapacity = 1 << 19; // ~65 s: the AI's replies arrive in bursts
    static constexpr size_t kAgentCapacity = 4096;    // ~0.5 s of the supervisor's voice

    struct Arrival {
        uint64_t sample = 0; // caller ring index of the frame's first sample
        int64_t ns = 0;      // steady clock when the frame reached the gateway
    };

    CallAudioTap();

    // The clock of arrival times (the steady clock, in ns): the call stamps frames with it, the
    // console's mixer compares them with when the speaker plays them.
    static int64_t nowNs();

    // ---- Worker thread (the call) ----
    void callerFrame(QByteArrayView ulaw, int64_t arrivalNs);
    void otherAudio(QByteArrayView ulaw); // the AI's audio, or the agent's voice
    void otherCut();                      // a barge-in: what the caller did not hear is gone
    size_t takeAgentAudio(uint8_t *out, size_t max);
    size_t agentReadable() const { return m_agent.readable(); }
    void markCallEnded() { m_callEnded.store(true, std::memory_order_release); }

    // ---- Console side (the mixer) ----
    SpscRing<uint8_t> &caller() { return m_caller; }
    SpscRing<uint8_t> &other() { return m_other; }
    SpscRing<Arrival> &arrivals() { return m_arrivals; }
    // Where the last cut left the other side's ring: the mixer skips to it.
    uint64_t otherCutIndex() const { return m_otherCut.load(std::memory_order_acquire); }
    bool agentAudio(QByteArrayView ulaw); // false when the call cannot take more (it is behind)

    // ---- Either ----
    void close() { m_closed.store(true, std::memory_order_release); }
    bool isClosed() const { return m_closed.load(std::memory_order_acquire); }
    bool callEnded() const { return m_callEnded.load(std::memory_order_acquire); }
    // Audio the call dropped because the console did not read it in time, and the reverse.
    uint64_t droppedToConsole() const { return m_droppedToConsole.load(std::memory_order_relaxed); }
    uint64_t droppedToCall() const { return m_droppedToCall.load(std::memory_order_relaxed); }

private:
    SpscRing<uint8_t> m_caller{kCallerCapacity};
    SpscRing<Arrival> m_arrivals{256};
    SpscRing<uint8_t> m_other{kOtherCapacity};
    SpscRing<uint8_t> m_agent{kAgentCapacity};
    std::atomic<uint64_t> m_otherCut{0};
    std::atomic<bool> m_closed{false};
    std::atomic<bool> m_callEnded{false};
    std::atomic<uint64_t> m_droppedToConsole{0};
    std::atomic<uint64_t> m_droppedToCall{0};
};

} // namespace callgate::audio
