// AudioEngine, part one: the owner's thread — PortAudio started and stopped, devices listed and
// opened, streams watched and reopened, the user's choices. Part two (AudioMixer.cpp) is the
// callbacks and the mixer thread; both share AudioEngineImpl.h.
#include "audio/AudioEngineImpl.h"

#include "audio/Logging.h"

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace callgate::audio {

using namespace engine;

namespace {

QString paError(PaError e)
{
    return QString::fromUtf8(Pa_GetErrorText(e));
}

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

} // namespace

namespace engine {

PaSession::PaSession()
{
    ok = quietInitialize() == paNoError;
}

PaSession::~PaSession()
{
    if (ok)
        Pa_Terminate();
}

} // namespace engine

// ---- The owner's thread ---------------------------------------------------------------------

AudioEngine::AudioEngine(QObject *parent) : QObject(parent), d(std::make_unique<Impl>())
{
    m_watch.setInterval(100);
    connect(&m_watch, &QTimer::timeout, this, &AudioEngine::watch);
    m_recover.setInterval(2000);
    connect(&m_recover, &QTimer::timeout, this, &AudioEngine::tryRecover);
}

AudioEngine::~AudioEngine()
{
    blockSignals(true);
    d->listenTap.reset();
    d->talkTap.reset();
    d->player.reset();
    (void)reconfigure();
}

QList<AudioDevice> AudioEngine::devices()
{
    PaSession pa;
    QList<AudioDevice> list;
    if (!pa.ok)
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
    return list;
}

Status AudioEngine::reconfigure()
{
    // Stop the mixer and the streams, then open what is wanted now. Taps and the player are
    // handed to the mixer only while it is stopped, so it never sees them change.
    if (d->mixer.joinable()) {
        d->stopMixer.store(true, std::memory_order_release);
        d->mixer.join();
        d->stopMixer.store(false);
    }
    for (PaStream **s : {&d->out, &d->in}) {
        if (*s) {
            Pa_StopStream(*s);
            Pa_CloseStream(*s);
            *s = nullptr;
        }
    }
    d->outRate = d->inRate = 0;
    if (!d->active() || d->lost) {
        m_watch.stop();
        d->pa.reset();
        Q_EMIT stateChanged();
        return Ok{};
    }
    if (!d->pa) {
        d->pa = std::make_unique<PaSession>();
        if (!d->pa->ok) {
            d->pa.reset();
            return Error{QStringLiteral("the sound system could not start (PortAudio)")};
        }
    }
    QString note;
    if (d->wantsOutput()) {
        const PaDeviceIndex dev = findDevice(m_outputName, true, &note);
        if (dev == paNoDevice)
            return Error{QStringLiteral("no output device: connect a headset or speakers")};
        const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
        d->outRate = int(info->defaultSampleRate);
        d->outChannels = std::min(2, info->maxOutputChannels);
        PaStreamParameters p{dev, d->outChannels, paFloat32, info->defaultLowOutputLatency, nullptr};
        PaError e = Pa_OpenStream(&d->out, nullptr, &p, d->outRate, unsigned(d->outRate / 200), paNoFlag,
                                  &Impl::outputCallback, d.get());
        if (e != paNoError) {
            d->out = nullptr;
            return Error{QStringLiteral("cannot open the output device \"%1\": %2").arg(QString::fromUtf8(info->name), paError(e))};
        }
        d->outName = QString::fromUtf8(info->name);
        d->outLatencyS = Pa_GetStreamInfo(d->out)->outputLatency;
        d->outRing = std::make_unique<SpscRing<float>>(size_t(d->outRate) * 2); // 1 s, stereo
        d->upLeft = std::make_unique<Resampler>(kCallRate, d->outRate);
        d->upRight = std::make_unique<Resampler>(kCallRate, d->outRate);
        d->upL.reserve(d->upLeft->maxOutput(kBlock));
        d->upR.reserve(d->upLeft->maxOutput(kBlock));
        d->interleaved.reserve(d->upLeft->maxOutput(kBlock) * 2);
        d->file.reserve(kBlock * 2);
        d->pendingMark.reset();
        d->largestOutRequest = 0;
        d->dacNs = 0;
        d->callerRunning = false;
        d->callerMinFill = SIZE_MAX;
        d->fillWindow = 0;
    }
    if (d->talkTap) {
        const PaDeviceIndex dev = findDevice(m_inputName, false, &note);
        if (dev == paNoDevice)
            return Error{QStringLiteral("no input device: connect a headset or a microphone")};
        const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
        d->inRate = int(info->defaultSampleRate);
        d->inChannels = std::min(2, info->maxInputChannels);
        PaStreamParameters p{dev, d->inChannels, paFloat32, info->defaultLowInputLatency, nullptr};
        PaError e = Pa_OpenStream(&d->in, &p, nullptr, d->inRate, unsigned(d->inRate / 200), paNoFlag,
                                  &Impl::inputCallback, d.get());
        if (e != paNoError) {
            d->in = nullptr;
            return Error{QStringLiteral("cannot open the input device \"%1\": %2").arg(QString::fromUtf8(info->name), paError(e))};
        }
        d->inName = QString::fromUtf8(info->name);
        d->inRing = std::make_unique<SpscRing<float>>(size_t(d->inRate)); // 1 s
        d->down = std::make_unique<Resampler>(d->inRate, kCallRate);
        d->micAt8k.clear();
    }
    if (!note.isEmpty())
        qCWarning(lcAudio).noquote() << note;
    // Some silence first, so the speaker does not start on an underrun.
    if (d->out) {
        std::vector<float> zeros(size_t(d->outRate * kOutputTargetMs / 1000) * 2, 0.0f);
        d->outRing->write(zeros.data(), zeros.size());
    }
    d->mixer = std::thread([impl = d.get()] { impl->runMixer(); });
    for (PaStream *s : {d->out, d->in}) {
        if (!s)
            continue;
        if (PaError e = Pa_StartStream(s); e != paNoError)
            return Error{QStringLiteral("cannot start the sound device: %1").arg(paError(e))};
    }
    d->outSeen = d->inSeen = 0;
    d->outMovedMs = d->inMovedMs = 0;
    m_watch.start();
    Q_EMIT stateChanged();
    return Ok{};
}

void AudioEngine::watch()
{
    if (d->listenEnded.exchange(false)) {
        d->listenTap.reset();
        (void)reconfigure();
        Q_EMIT listeningEnded();
        return;
    }
    if (d->playbackDone.exchange(false)) {
        d->player.reset();
        (void)reconfigure();
        Q_EMIT playbackFinished();
        return;
    }
    if (d->talkTap && d->talkTap->callEnded()) {
        d->talkTap.reset();
        (void)reconfigure();
        return;
    }
    // A stream that stopped by itself, or whose callback no longer comes, lost its device.
    const qint64 now = steadyNs() / 1'000'000;
    const auto check = [&](PaStream *stream, const std::atomic<uint64_t> &counter, uint64_t &seen, qint64 &movedMs) {
        if (!stream)
            return true;
        const uint64_t count = counter.load(std::memory_order_relaxed);
        if (count != seen || movedMs == 0) {
            seen = count;
            movedMs = now;
        }
        return Pa_IsStreamActive(stream) == 1 && now - movedMs <= kStallMs;
    };
    const bool outOk = check(d->out, d->outCallbacks, d->outSeen, d->outMovedMs);
    const bool inOk = check(d->in, d->inCallbacks, d->inSeen, d->inMovedMs);
    if (outOk && inOk)
        return;
    const QString message = QStringLiteral("The %1 device \"%2\" stopped working. The call goes on; the sound comes back when the device does.")
                                .arg(outOk ? QStringLiteral("input") : QStringLiteral("output"), outOk ? d->inName : d->outName);
    qCWarning(lcAudio).noquote() << message;
    qCDebug(lcAudio) << "streams active:" << (d->out ? Pa_IsStreamActive(d->out) : -1) << (d->in ? Pa_IsStreamActive(d->in) : -1)
                   << "callbacks:" << d->outCallbacks.load() << d->inCallbacks.load();
    d->lost = true;
    (void)reconfigure();
    m_recover.start();
    Q_EMIT deviceProblem(message);
}

void AudioEngine::tryRecover()
{
    if (!d->lost || !d->active()) {
        d->lost = false;
        m_recover.stop();
        return;
    }
    d->lost = false;
    d->pa.reset(); // a fresh look at the devices: PortAudio lists them only when it starts
    const Status s = reconfigure();
    if (!s) {
        d->lost = true;
        (void)reconfigure();
        return;
    }
    m_recover.stop();
    const QString message = QStringLiteral("Sound is back on \"%1\".").arg(d->out ? d->outName : d->inName);
    qCInfo(lcAudio).noquote() << message;
    Q_EMIT deviceRestored(message);
}

void AudioEngine::setOutputDevice(const QString &name)
{
    if (name == m_outputName)
        return;
    m_outputName = name;
    if (d->out)
        (void)reconfigure();
}

void AudioEngine::setInputDevice(const QString &name)
{
    if (name == m_inputName)
        return;
    m_inputName = name;
    if (d->in)
        (void)reconfigure();
}

Status AudioEngine::listen(std::shared_ptr<CallAudioTap> tap, ListenMode mode)
{
    if (d->listenTap && d->listenTap != tap && d->listenTap != d->talkTap)
        d->listenTap->close();
    d->listenTap = std::move(tap);
    d->player.reset();
    d->listenEnded = false;
    {
        std::lock_guard lock(d->statsMutex);
        d->delays.clear(); // the delay of this call's listening
        d->recentDelays.clear();
    }
    setListenMode(mode);
    const Status s = reconfigure();
    if (!s) {
        d->listenTap.reset();
        (void)reconfigure();
    }
    return s;
}

void AudioEngine::setListenMode(ListenMode mode)
{
    m_mode = mode;
    d->mode.store(int(mode), std::memory_order_relaxed);
}

void AudioEngine::stopListening()
{
    if (!d->listenTap)
        return;
    if (d->listenTap != d->talkTap)
        d->listenTap->close();
    d->listenTap.reset();
    d->callerLevel.silence();
    d->otherLevel.silence();
    (void)reconfigure();
}

bool AudioEngine::isListening() const
{
    return d->listenTap != nullptr;
}

Status AudioEngine::startTalking(std::shared_ptr<CallAudioTap> tap)
{
    if (d->talkTap && d->talkTap != tap && d->talkTap != d->listenTap)
        d->talkTap->close();
    d->talkTap = std::move(tap);
    const Status s = reconfigure();
    if (!s) {
        d->talkTap.reset();
        (void)reconfigure();
    }
    return s;
}

void AudioEngine::stopTalking()
{
    if (!d->talkTap)
        return;
    if (d->talkTap != d->listenTap)
        d->talkTap->close();
    d->talkTap.reset();
    d->micLevel.silence();
    (void)reconfigure();
}

bool AudioEngine::isTalking() const { return d->talkTap != nullptr; }
void AudioEngine::setMuted(bool muted) { d->muted.store(muted); Q_EMIT stateChanged(); }
bool AudioEngine::isMuted() const { return d->muted.load(); }
void AudioEngine::setPushToTalk(bool on) { d->pushToTalk.store(on); Q_EMIT stateChanged(); }
bool AudioEngine::pushToTalk() const { return d->pushToTalk.load(); }
void AudioEngine::setTalkKeyDown(bool down)
{
    if (d->talkKeyDown.exchange(down) != down)
        Q_EMIT stateChanged();
}

bool AudioEngine::isTransmitting() const
{
    return d->talkTap && !d->lost && !d->muted.load() && (!d->pushToTalk.load() || d->talkKeyDown.load());
}

Status AudioEngine::play(const QString &path)
{
    auto reader = std::make_unique<OggOpusReader>();
    if (const Status s = reader->open(path, kCallRate); !s)
        return s;
    if (d->listenTap && d->listenTap != d->talkTap)
        d->listenTap->close();
    d->listenTap.reset();
    d->playbackTotal = reader->totalFrames();
    d->playbackFrames = 0;
    d->playbackDone = false;
    d->player = std::move(reader);
    const Status s = reconfigure();
    if (!s) {
        d->player.reset();
        (void)reconfigure();
    }
    return s;
}

void AudioEngine::stopPlayback()
{
    if (!d->player)
        return;
    d->player.reset();
    (void)reconfigure();
}

bool AudioEngine::isPlaying() const { return d->player != nullptr; }
qint64 AudioEngine::playbackPositionMs() const { return d->playbackFrames.load() * 1000 / kCallRate; }
qint64 AudioEngine::playbackLengthMs() const { return d->player ? d->playbackTotal * 1000 / kCallRate : 0; }
bool AudioEngine::deviceLost() const { return d->lost; }

AudioLevels AudioEngine::levels() const
{
    return {d->callerLevel.value.load(std::memory_order_relaxed), d->otherLevel.value.load(std::memory_order_relaxed),
            d->micLevel.value.load(std::memory_order_relaxed)};
}

AudioStats AudioEngine::stats() const
{
    AudioStats s;
    s.outputRate = d->outRate;
    s.inputRate = d->inRate;
    s.outputDevice = d->out ? d->outName : QString();
    s.inputDevice = d->in ? d->inName : QString();
    s.underruns = d->underruns.load();
    s.overruns = d->overruns.load();
    s.callerGaps = d->callerGaps.load();
    s.framesToCall = d->framesToCall.load();
    std::lock_guard lock(d->statsMutex);
    std::vector<double> sorted = d->delays;
    std::sort(sorted.begin(), sorted.end());
    s.delaySamples = int(sorted.size());
    if (!sorted.empty()) {
        s.delayP50Ms = sorted[sorted.size() / 2];
        s.delayP95Ms = sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)];
        s.delayMaxMs = sorted.back();
    }
    std::vector<double> recent = d->recentDelays;
    std::sort(recent.begin(), recent.end());
    if (!recent.empty())
        s.delayNowMs = recent[recent.size() / 2];
    s.mixerCpuMs = double(d->mixerCpuNs + d->mixerCpuLive) / 1e6;
    s.mixerWallMs = double(d->mixerWallNs + d->mixerWallLive) / 1e6;
    return s;
}

} // namespace callgate::audio
