#pragma once
// The consoles listening to one call (and, during a takeover, speaking in it): each gets the
// caller's frames and what the caller hears, and gives the supervisor's voice. On the call's
// worker thread; the taps themselves are shared with the consoles' audio threads.

#include <QByteArrayView>

#include <functional>
#include <memory>
#include <vector>

namespace callgate {
namespace audio {
class CallAudioTap;
}

class CallTaps {
public:
    ~CallTaps();
    // False if the tap was attached already.
    bool attach(std::shared_ptr<audio::CallAudioTap> tap);
    bool empty() const { return m_taps.empty(); }
    void callerFrame(QByteArrayView ulaw);
    // What the caller hears (the AI, or the agent from `except`, who hears no echo of themself).
    void otherAudio(QByteArrayView ulaw, const audio::CallAudioTap *except = nullptr);
    // The caller's queue was cleared at a barge-in: listeners stop hearing the rest too.
    void otherCut();
    // Every whole frame of the supervisors' voices, with the tap it came from.
    void takeAgentFrames(const std::function<void(QByteArrayView ulaw, const audio::CallAudioTap *from)> &f);
    // The call ended: each console is told, and the taps are let go.
    void endAll();

private:
    std::vector<std::shared_ptr<audio::CallAudioTap>> m_taps;
};

} // namespace callgate
