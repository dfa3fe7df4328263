#pragma once
// A supervisor's voice during a takeover, cut into turns for the AI's context: a frame louder than
// a threshold starts a turn (with the 200 ms before it), 800 ms of quiet or 30 s of speech ends it,
// and the quiet tail is trimmed. Plain data, on the call's worker thread.

#include <QByteArray>

#include <deque>
#include <optional>

namespace callgate {

class AgentTurns {
public:
    // One 20 ms μ-law frame; a turn's audio when this frame ended one.
    std::optional<QByteArray> frame(QByteArrayView ulaw);
    // The turn under way, if any (the agent handed back mid-sentence).
    std::optional<QByteArray> flush();
    void reset() { *this = {}; }

private:
    std::deque<QByteArray> m_preroll; // the quiet just before speech starts
    QByteArray m_audio;
    int m_quietFrames = 0;
    bool m_active = false;
};

} // namespace callgate
