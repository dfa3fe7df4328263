#pragma once
// What a caller hears while waiting for a supervisor or for the AI to come back: a clip (HOLD_AUDIO
// or RECONNECT_CUE, or a built-in one), looped, from the moment the AI has finished speaking. It is sent a little ahead of real time —
// Twilio plays what it is given in order — and stop() clears what Twilio still has queued, so a
// supervisor who takes the call is heard at once. One per call, on its worker thread.

#include "util/Result.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace callgate {

// The clips a caller hears from the gateway itself: HOLD_AUDIO (waiting for a supervisor) and
// RECONNECT_CUE (while the AI's session is replaced).
enum class CallerClip { Hold, ReconnectCue };
// A clip's setting: a WAV file of 8 kHz mono audio (16-bit PCM or μ-law), as μ-law; an empty
// `path` is the built-in clip. The error says what is wrong with the file.
Result<QByteArray> loadCallerClip(const QString &path, CallerClip builtIn);
inline Result<QByteArray> loadHoldAudio(const QString &path) { return loadCallerClip(path, CallerClip::Hold); }

class HoldPlayer : public QObject {
    Q_OBJECT
public:
    struct Hooks {
        std::function<bool()> mayPlay;                 // the AI is silent and has nothing queued
        std::function<void(QByteArrayView ulaw)> send; // to the caller
        std::function<void()> clear;                   // drop what the caller has not heard yet
    };
    HoldPlayer(const QByteArray &clip, Hooks hooks, QObject *parent = nullptr);

    void start();
    // clearQueued: whether to drop what Twilio still has (not when the stream is gone).
    void stop(bool clearQueued = true);
    bool isPlaying() const { return m_timer.isActive(); }

private:
    void tick();

    const QByteArray &m_clip;
    Hooks m_hooks;
    QTimer m_timer;
    QElapsedTimer m_since; // since the first chunk went out
    qint64 m_sentMs = 0;
    qsizetype m_position = 0;
};

} // namespace callgate
