// The PortAudio backend: the supervisor's real headset (PulseAudio, PipeWire or ALSA underneath).
#include "audio/AudioBackend.h"

#include <portaudio.h>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace callgate::audio {
namespace {

QString paError(PaError e) { return QString::fromUtf8(Pa_GetErrorText(e)); }

// PortAudio probes every host API at start and some print to stderr (ALSA's plugin list, JACK's
// "server is not running"); none of it is ours to show. Errors come back as PaError.
PaError quietInitialize()
{
    fflush(stderr);
    const int saved = dup(STDERR_FILENO);
    const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    const PaError e = Pa_Initialize();
    if (saved >= 0 && null >= 0) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
    }
    if (null >= 0)
        close(null);
    if (saved >= 0)
        close(saved);
    return e;
}

PaDeviceIndex findDevice(const QString &name, bool output, QString *note)
{
    const PaDeviceIndex fallback = output ? Pa_GetDefaultOutputDevice() : Pa_GetDefaultInputDevice();
    if (name.isEmpty())
        return fallback;
    const int n = Pa_GetDeviceCount();
    for (int i = 0; i < n; ++i) {
        const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
        if (info && QString::fromUtf8(info->name) == name && (output ? info->maxOutputChannels : info->maxInputChannels) > 0)
            return i;
    }
    if (note && fallback != paNoDevice)
        *note = QStringLiteral("%1 device \"%2\" is not connected; using the default, \"%3\"")
                    .arg(output ? QStringLiteral("Output") : QStringLiteral("Input"), name,
                         QString::fromUtf8(Pa_GetDeviceInfo(fallback)->name));
    return fallback;
}

class PortAudioStream final : public AudioStream {
public:
    OutputCallback output;
    InputCallback input;
    PaStream *stream = nullptr;

    ~PortAudioStream() override
    {
        if (stream) {
            Pa_StopStream(stream);
            Pa_CloseStream(stream);
        }
    }
    Status start() override
    {
        if (PaError e = Pa_StartStream(stream); e != paNoError)
            return Error{QStringLiteral("cannot start the sound device: %1").arg(paError(e))};
        return Ok{};
    }
    bool isActive() const override { return Pa_IsStreamActive(stream) == 1; }

    static int onOutput(const void *, void *out, unsigned long frames, const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags,
                        void *self)
    {
        const auto *s = static_cast<PortAudioStream *>(self);
        const double ahead = time ? time->outputBufferDacTime - time->currentTime : 0.0;
        s->output.fill(s->output.user, static_cast<float *>(out), frames, ahead, (flags & paOutputUnderflow) != 0);
        return paContinue;
    }
    static int onInput(const void *in, void *, unsigned long frames, const PaStreamCallbackTimeInfo *, PaStreamCallbackFlags flags,
                       void *self)
    {
        const auto *s = static_cast<PortAudioStream *>(self);
        if (in)
            s->input.take(s->input.user, static_cast<const float *>(in), frames, (flags & paInputOverflow) != 0);
        return paContinue;
    }
};

class PortAudioBackend final : public AudioBackend {
public:
    ~PortAudioBackend() override { stop(); }
    bool start() override
    {
        if (!m_started)
            m_started = quietInitialize() == paNoError;
        return m_started;
    }
    void stop() override
    {
        if (m_started)
            Pa_Terminate();
        m_started = false;
    }
    QList<AudioDevice> devices() override
    {
        QList<AudioDevice> list;
        // PortAudio lists devices only when it starts: a fresh look each time.
        if (quietInitialize() != paNoError)
            return list;
        const PaDeviceIndex defOut = Pa_GetDefaultOutputDevice();
        const PaDeviceIndex defIn = Pa_GetDefaultInputDevice();
        for (int i = 0; i < Pa_GetDeviceCount(); ++i) {
            const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
            if (!info)
                continue;
            AudioDevice dev;
            dev.name = QString::fromUtf8(info->name);
            dev.hostApi = QString::fromUtf8(Pa_GetHostApiInfo(info->hostApi)->name);
            dev.inputs = info->maxInputChannels;
            dev.outputs = info->maxOutputChannels;
            dev.defaultRate = info->defaultSampleRate;
            dev.defaultInput = i == defIn;
            dev.defaultOutput = i == defOut;
            list.append(dev);
        }
        Pa_Terminate();
        return list;
    }
    Result<std::unique_ptr<AudioStream>> openOutput(const QString &name, OutputCallback callback, QString *note) override
    {
        const PaDeviceIndex dev = findDevice(name, true, note);
        if (dev == paNoDevice)
            return Error{QStringLiteral("no output device: connect a headset or speakers")};
        const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
        auto s = std::make_unique<PortAudioStream>();
        s->output = callback;
        s->rate = int(info->defaultSampleRate);
        s->channels = std::min(2, info->maxOutputChannels);
        PaStreamParameters p{dev, s->channels, paFloat32, info->defaultLowOutputLatency, nullptr};
        if (PaError e =
                Pa_OpenStream(&s->stream, nullptr, &p, s->rate, unsigned(s->rate / 200), paNoFlag, &PortAudioStream::onOutput, s.get());
            e != paNoError) {
            s->stream = nullptr;
            return Error{QStringLiteral("cannot open the output device \"%1\": %2").arg(QString::fromUtf8(info->name), paError(e))};
        }
        s->deviceName = QString::fromUtf8(info->name);
        s->latencyS = Pa_GetStreamInfo(s->stream)->outputLatency;
        return std::unique_ptr<AudioStream>(std::move(s));
    }
    Result<std::unique_ptr<AudioStream>> openInput(const QString &name, InputCallback callback, QString *note) override
    {
        const PaDeviceIndex dev = findDevice(name, false, note);
        if (dev == paNoDevice)
            return Error{QStringLiteral("no input device: connect a headset or a microphone")};
        const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
        auto s = std::make_unique<PortAudioStream>();
        s->input = callback;
        s->rate = int(info->defaultSampleRate);
        s->channels = std::min(2, info->maxInputChannels);
        PaStreamParameters p{dev, s->channels, paFloat32, info->defaultLowInputLatency, nullptr};
        if (PaError e =
                Pa_OpenStream(&s->stream, &p, nullptr, s->rate, unsigned(s->rate / 200), paNoFlag, &PortAudioStream::onInput, s.get());
            e != paNoError) {
            s->stream = nullptr;
            return Error{QStringLiteral("cannot open the input device \"%1\": %2").arg(QString::fromUtf8(info->name), paError(e))};
        }
        s->deviceName = QString::fromUtf8(info->name);
        return std::unique_ptr<AudioStream>(std::move(s));
    }

private:
    bool m_started = false;
};

} // namespace

std::unique_ptr<AudioBackend> makePortAudioBackend() { return std::make_unique<PortAudioBackend>(); }

std::unique_ptr<AudioBackend> makeDefaultAudioBackend()
{
    if (qgetenv("CALLGATE_AUDIO_BACKEND") == "loopback")
        return makeLoopbackBackend();
    return makePortAudioBackend();
}

} // namespace callgate::audio
