#pragma once
// The sound devices under AudioEngine: list them, open an output or an input at the device's own
// rate, and call back on the device's thread for each buffer. Two backends: PortAudio (the
// supervisor's headset, through PulseAudio, PipeWire or ALSA) and a loopback that keeps real time
// on threads of its own with no sound server at all — what is played comes back as the microphone.
// A backend lives on the thread that made it; its callbacks run on audio threads and must only
// copy (rings and counters).

#include "util/Result.h"

#include <QList>
#include <QString>

#include <memory>

namespace callgate::audio {

struct AudioDevice {
    QString name;        // what the console keeps and opens it by
    QString description; // what a person calls it ("Jabra Evolve2 40 Analog Stereo"); may be empty
    QString hostApi;
    int inputs = 0;
    int outputs = 0;
    double defaultRate = 0;
    bool defaultInput = false;
    bool defaultOutput = false;
};

// Fills `frames` frames of interleaved float audio (channels as opened). `aheadS`: how long until
// the buffer's first frame is heard (0 when the device does not say); `underflow`: the device
// already ran dry before this buffer.
struct OutputCallback {
    void (*fill)(void *user, float *dst, unsigned long frames, double aheadS, bool underflow) = nullptr;
    void *user = nullptr;
};
// Takes `frames` frames of interleaved float audio (channels as opened); `overflow`: the device
// dropped input before this buffer.
struct InputCallback {
    void (*take)(void *user, const float *src, unsigned long frames, bool overflow) = nullptr;
    void *user = nullptr;
};

// One open stream. Destroying it stops it; no callback runs after the destructor returns.
class AudioStream {
public:
    virtual ~AudioStream() = default;
    virtual Status start() = 0;
    // False once the device stopped by itself or went away.
    virtual bool isActive() const = 0;

    QString deviceName;
    int rate = 0;
    int channels = 0;
    double latencyS = 0; // the device's own output latency, for when a callback does not say
};

class AudioBackend {
public:
    virtual ~AudioBackend() = default;
    // Starts the sound system; false if it cannot. stop() ends it once every stream is closed (a
    // later start() looks at the devices afresh). The destructor stops it too.
    virtual bool start() = 0;
    virtual void stop() = 0;
    virtual QList<AudioDevice> devices() = 0;
    // By device name, empty for the system's default; a name not connected falls back to the
    // default and says so in `note`. Output up to stereo, input the first channel that matters.
    virtual Result<std::unique_ptr<AudioStream>> openOutput(const QString &name, OutputCallback callback, QString *note) = 0;
    virtual Result<std::unique_ptr<AudioStream>> openInput(const QString &name, InputCallback callback, QString *note) = 0;
};

std::unique_ptr<AudioBackend> makePortAudioBackend();
std::unique_ptr<AudioBackend> makeLoopbackBackend();
// PortAudio, unless CALLGATE_AUDIO_BACKEND=loopback (a machine without sound, or a test that only
// needs sound to flow).
std::unique_ptr<AudioBackend> makeDefaultAudioBackend();

} // namespace callgate::audio
