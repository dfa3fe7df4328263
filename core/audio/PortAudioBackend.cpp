// The PortAudio backend: the supervisor's real headset (PulseAudio, PipeWire or ALSA underneath).
#include "audio/AudioBackend.h"

#include <QProcess>
#include <QProcessEnvironment>

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

// PulseAudio's (or PipeWire's) own sinks and sources, by the names a person knows them by. Through
// ALSA, PortAudio sees only the sound server as a whole ("pulse", "default"); a headset is chosen
// as "pulse:<sink or source name>" and opened through that device with PULSE_SINK or
// PULSE_SOURCE naming it (libpulse reads them when the stream's connection is made).
constexpr QLatin1StringView kPulsePrefix("pulse:");

QList<AudioDevice> pulseDevices()
{
    QList<AudioDevice> out;
    for (const bool sinks : {true, false}) {
        QProcess pactl;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C")); // "Name:", not its translation
        pactl.setProcessEnvironment(env);
        pactl.start(QStringLiteral("pactl"), {QStringLiteral("list"), sinks ? QStringLiteral("sinks") : QStringLiteral("sources")});
        if (!pactl.waitForFinished(2000) || pactl.exitStatus() != QProcess::NormalExit || pactl.exitCode() != 0) {
            pactl.kill();
            pactl.waitForFinished(500);
            continue; // no pactl, or no sound server: ALSA's list is all there is
        }
        AudioDevice dev;
        const auto flush = [&] {
            // A sink's monitor is not a microphone.
            if (!dev.name.isEmpty() && !dev.name.endsWith(QLatin1String(".monitor")))
                out.append(dev);
            dev = AudioDevice{};
        };
        for (const QByteArray &raw : pactl.readAllStandardOutput().split('\n')) {
            const QString line = QString::fromUtf8(raw).trimmed();
            if (line.startsWith(QLatin1String("Sink #")) || line.startsWith(QLatin1String("Source #"))) {
                flush();
                dev.hostApi = QStringLiteral("PulseAudio");
                dev.outputs = sinks ? 2 : 0;
                dev.inputs = sinks ? 0 : 2;
            } else if (line.startsWith(QLatin1String("Name: "))) {
                dev.name = kPulsePrefix + line.mid(6);
            } else if (line.startsWith(QLatin1String("Description: "))) {
                dev.description = line.mid(13);
            }
        }
        flush();
    }
    return out;
}

// Sets PULSE_SINK or PULSE_SOURCE while a stream is opened, and puts back what was there.
class PulseTarget {
public:
    PulseTarget(const QString &name, bool output) : m_var(output ? "PULSE_SINK" : "PULSE_SOURCE")
    {
        if (!name.startsWith(kPulsePrefix))
            return;
        m_set = true;
        m_had = qEnvironmentVariableIsSet(m_var);
        m_before = qgetenv(m_var);
        qputenv(m_var, name.mid(kPulsePrefix.size()).toUtf8());
    }
    ~PulseTarget()
    {
        if (!m_set)
            return;
        if (m_had)
            qputenv(m_var, m_before);
        else
            qunsetenv(m_var);
    }
    PulseTarget(const PulseTarget &) = delete;
    PulseTarget &operator=(const PulseTarget &) = delete;

private:
    const char *m_var;
    bool m_set = false;
    bool m_had = false;
    QByteArray m_before;
};

PaDeviceIndex findDevice(const QString &name, bool output, QString *note)
{
    const PaDeviceIndex fallback = output ? Pa_GetDefaultOutputDevice() : Pa_GetDefaultInputDevice();
    if (name.isEmpty())
        return fallback;
    if (name.startsWith(kPulsePrefix)) {
        // The sound server's own ALSA device, else the default (which is the sound server on a desktop).
        for (int i = 0; i < Pa_GetDeviceCount(); ++i) {
            const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
            if (info && qstrcmp(info->name, "pulse") == 0 && (output ? info->maxOutputChannels : info->maxInputChannels) > 0)
                return i;
        }
        return fallback;
    }
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
        list.append(pulseDevices());
        return list;
    }
    Result<std::unique_ptr<AudioStream>> openOutput(const QString &name, OutputCallback callback, QString *note) override
    {
        const PaDeviceIndex dev = findDevice(name, true, note);
        if (dev == paNoDevice)
            return Error{QStringLiteral("no output device: connect a headset or speakers")};
        const PulseTarget target(name, true);
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
        const PulseTarget target(name, false);
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
