#pragma once
// The console's sound: the supervisor's headset through an AudioBackend (PortAudio, or a loopback). Listening plays a live call
// (caller and AI mixed, or caller left and AI right); a takeover sends the microphone to the
// caller as 20 ms μ-law frames; a recording from the history plays through the same output.
//
// Three kinds of thread touch it, each only where it must:
//   - The device callbacks copy between the device and lock-free rings, count under- and overruns,
//     and note when their buffer will reach the speaker. Nothing else.
//   - The mixer thread ("cg-audio-mixer", running while anything is open) turns call audio into
//     device audio: μ-law decoding, a small jitter buffer for the caller, mixing, level meters, and
//     resampling with a real filter to and from the device's own rate; it measures each caller
//     frame's delay from the gateway to the speaker.
//   - The thread that owns the engine (the GUI) opens and closes devices, watches for a device that
//     stops or disappears, says so, and reopens it when it can; calls are never touched by that.

#include "audio/AudioBackend.h"
#include "util/Result.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace callgate::audio {

class CallAudioTap;

enum class ListenMode { Mixed, Split };

struct AudioLevels {
    float caller = 0; // RMS of the last 50 ms, 0 … 1 (full scale)
    float other = 0;  // the AI, or the agent
    float mic = 0;
};

struct AudioStats {
    int outputRate = 0; // 0 while closed
    int inputRate = 0;
    QString outputDevice; // what is actually open
    QString inputDevice;
    quint64 underruns = 0;  // the speaker wanted audio the mixer had not made yet
    quint64 overruns = 0;   // the microphone gave audio the mixer had no room for
    quint64 callerGaps = 0; // the call's audio came late and the jitter buffer ran dry
    int delaySamples = 0;   // caller frames whose listen delay was measured
    double delayP50Ms = 0;  // from the frame reaching the gateway to the speaker
    double delayP95Ms = 0;
    double delayMaxMs = 0;
    double delayNowMs = 0;    // the median of the last half second
    double mixerCpuMs = 0;    // mixer thread CPU time while it ran
    double mixerWallMs = 0;   // …and the wall time it ran
    quint64 framesToCall = 0; // microphone frames sent to the caller
};

class AudioEngine : public QObject {
    Q_OBJECT
public:
    // On makeDefaultAudioBackend() (PortAudio unless CALLGATE_AUDIO_BACKEND=loopback).
    explicit AudioEngine(QObject *parent = nullptr);
    AudioEngine(std::unique_ptr<AudioBackend> backend, QObject *parent = nullptr);
    ~AudioEngine() override;

    // The backend's devices now (a device plugged in later shows up on the next call).
    QList<AudioDevice> devices() const;

    // By name; empty means the system's default. Takes effect at once if open.
    void setOutputDevice(const QString &name);
    void setInputDevice(const QString &name);
    QString outputDevice() const { return m_outputName; }
    QString inputDevice() const { return m_inputName; }

    // Plays a call. Replaces what was playing (another call or a recording).
    Status listen(std::shared_ptr<CallAudioTap> tap, ListenMode mode);
    void setListenMode(ListenMode mode);
    ListenMode listenMode() const { return m_mode; }
    void stopListening();
    bool isListening() const;

    // The microphone to a call (a takeover); the caller is heard through listen().
    Status startTalking(std::shared_ptr<CallAudioTap> tap);
    void stopTalking();
    bool isTalking() const;
    void setMuted(bool muted);
    bool isMuted() const;
    void setPushToTalk(bool on); // then only while the talk key is held
    bool pushToTalk() const;
    void setTalkKeyDown(bool down);
    bool isTransmitting() const;

    // A recording (Ogg Opus) through the output; stops listening.
    Status play(const QString &path);
    void stopPlayback();
    bool isPlaying() const;
    // Paused, the output stays open and plays silence; the place is kept.
    void setPlaybackPaused(bool paused);
    bool isPlaybackPaused() const;
    // To `ms` from the start of the recording (clamped); applied by the mixer within 5 ms.
    void seekPlayback(qint64 ms);
    qint64 playbackPositionMs() const;
    qint64 playbackLengthMs() const;

    AudioLevels levels() const;
    AudioStats stats() const;
    bool deviceLost() const;

Q_SIGNALS:
    // A device stopped or vanished: what happened and what goes on (the call does).
    void deviceProblem(const QString &message);
    void deviceRestored(const QString &message);
    void listeningEnded(); // the call ended
    void playbackFinished();
    void stateChanged();

private:
    // Stops the mixer thread (reconfigure() starts it again): taps and the player change only then.
    void haltMixer();
    struct Impl;
    Status reconfigure();
    void watch();
    void tryRecover();

    std::unique_ptr<Impl> d;
    QString m_outputName;
    QString m_inputName;
    ListenMode m_mode = ListenMode::Mixed;
    QTimer m_watch;
    QTimer m_recover;
};

} // namespace callgate::audio
