// AudioEngine, part one: the owner's thread — the backend started and stopped, devices opened,
// streams watched and reopened, the user's choices. Part two (AudioMixer.cpp) is the callbacks and
// the mixer thread; both share AudioEngineImpl.h.
#include "audio/AudioEngineImpl.h"

#include "audio/Logging.h"

#include <algorithm>

namespace callgate::audio {

using namespace engine;

// ---- The owner's thread ---------------------------------------------------------------------

AudioEngine::AudioEngine(QObject *parent) : AudioEngine(makeDefaultAudioBackend(), parent) {}

AudioEngine::AudioEngine(std::unique_ptr<AudioBackend> backend, QObject *parent) : QObject(parent), d(std::make_unique<Impl>())
{
    d->backend = std::move(backend);
    m_watch.setInterval(100);
    connect(&m_watch, &QTimer::timeout, this, &AudioEngine::watch);
    m_recover.setInterval(2000);
    connect(&m_recover, &QTimer::timeout, this, &AudioEngine::tryRecover);
}

AudioEngine::~AudioEngine()
{
    blockSignals(true);
    haltMixer(); // the mixer never sees them change
    d->listenTap.reset();
    d->talkTap.reset();
    d->player.reset();
    (void)reconfigure();
}

QList<AudioDevice> AudioEngine::devices() const { return d->backend->devices(); }

void AudioEngine::haltMixer()
{
    if (d->mixer.joinable()) {
        d->stopMixer.store(true, std::memory_order_release);
        d->mixer.join();
        d->stopMixer.store(false);
    }
}

Status AudioEngine::reconfigure()
{
    // Stop the mixer and the streams, then open what is wanted now. Taps and the player are
    // changed only while the mixer is stopped (haltMixer() first), so it never sees them change.
    haltMixer();
    d->out.reset(); // stops the streams: no callback after this
    d->in.reset();
    d->outRate = d->inRate = 0;
    if (!d->active() || d->lost) {
        m_watch.stop();
        if (d->backendStarted)
            d->backend->stop();
        d->backendStarted = false;
        Q_EMIT stateChanged();
        return Ok{};
    }
    if (!d->backendStarted) {
        d->backendStarted = d->backend->start();
        if (!d->backendStarted)
            return Error{QStringLiteral("the sound system could not start")};
    }
    QString note;
    if (d->wantsOutput()) {
        auto opened = d->backend->openOutput(m_outputName, OutputCallback{&Impl::outputCallback, d.get()}, &note);
        if (!opened)
            return Error{opened.error()};
        d->out = std::move(opened.value());
        d->outRate = d->out->rate;
        d->outChannels = d->out->channels;
        d->outName = d->out->deviceName;
        d->outLatencyS = d->out->latencyS;
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
        auto opened = d->backend->openInput(m_inputName, InputCallback{&Impl::inputCallback, d.get()}, &note);
        if (!opened)
            return Error{opened.error()};
        d->in = std::move(opened.value());
        d->inRate = d->in->rate;
        d->inChannels = d->in->channels;
        d->inName = d->in->deviceName;
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
    for (AudioStream *stream : {d->out.get(), d->in.get()}) {
        if (!stream)
            continue;
        if (const Status started = stream->start(); !started)
            return started;
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
        haltMixer(); // the mixer never sees them change
        d->listenTap.reset();
        (void)reconfigure();
        Q_EMIT listeningEnded();
        return;
    }
    if (d->playbackDone.exchange(false)) {
        haltMixer(); // the mixer never sees them change
        d->player.reset();
        (void)reconfigure();
        Q_EMIT playbackFinished();
        return;
    }
    if (d->talkTap && d->talkTap->callEnded()) {
        haltMixer(); // the mixer never sees them change
        d->talkTap.reset();
        (void)reconfigure();
        return;
    }
    // A stream that stopped by itself, or whose callback no longer comes, lost its device.
    const qint64 now = steadyNs() / 1'000'000;
    const auto check = [&](const AudioStream *stream, const std::atomic<uint64_t> &counter, uint64_t &seen, qint64 &movedMs) {
        if (!stream)
            return true;
        const uint64_t count = counter.load(std::memory_order_relaxed);
        if (count != seen || movedMs == 0) {
            seen = count;
            movedMs = now;
        }
        return stream->isActive() && now - movedMs <= kStallMs;
    };
    const bool outOk = check(d->out.get(), d->outCallbacks, d->outSeen, d->outMovedMs);
    const bool inOk = check(d->in.get(), d->inCallbacks, d->inSeen, d->inMovedMs);
    if (outOk && inOk)
        return;
    const QString message =
        QStringLiteral("The %1 device \"%2\" stopped working. The call goes on; the sound comes back when the device does.")
            .arg(outOk ? QStringLiteral("input") : QStringLiteral("output"), outOk ? d->inName : d->outName);
    qCWarning(lcAudio).noquote() << message;
    qCDebug(lcAudio) << "streams active:" << (d->out ? int(d->out->isActive()) : -1) << (d->in ? int(d->in->isActive()) : -1)
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
    if (d->backendStarted) // a fresh look at the devices: PortAudio lists them only when it starts
        d->backend->stop();
    d->backendStarted = false;
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
    haltMixer(); // the mixer never sees them change
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
        haltMixer();
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
    haltMixer(); // the mixer never sees them change
    d->listenTap.reset();
    d->callerLevel.silence();
    d->otherLevel.silence();
    (void)reconfigure();
}

bool AudioEngine::isListening() const { return d->listenTap != nullptr; }

Status AudioEngine::startTalking(std::shared_ptr<CallAudioTap> tap)
{
    if (d->talkTap && d->talkTap != tap && d->talkTap != d->listenTap)
        d->talkTap->close();
    haltMixer(); // the mixer never sees them change
    d->talkTap = std::move(tap);
    const Status s = reconfigure();
    if (!s) {
        haltMixer();
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
    haltMixer(); // the mixer never sees them change
    d->talkTap.reset();
    d->micLevel.silence();
    (void)reconfigure();
}

bool AudioEngine::isTalking() const { return d->talkTap != nullptr; }
void AudioEngine::setMuted(bool muted)
{
    d->muted.store(muted);
    Q_EMIT stateChanged();
}
bool AudioEngine::isMuted() const { return d->muted.load(); }
void AudioEngine::setPushToTalk(bool on)
{
    d->pushToTalk.store(on);
    Q_EMIT stateChanged();
}
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
    haltMixer(); // the mixer never sees them change
    d->listenTap.reset();
    d->playbackTotal = reader->totalFrames();
    d->playbackFrames = 0;
    d->playbackDone = false;
    d->playbackPaused = false;
    d->seekTo = -1;
    d->player = std::move(reader);
    const Status s = reconfigure();
    if (!s) {
        haltMixer();
        d->player.reset();
        (void)reconfigure();
    }
    return s;
}

void AudioEngine::stopPlayback()
{
    if (!d->player)
        return;
    haltMixer(); // the mixer never sees them change
    d->player.reset();
    (void)reconfigure();
}

bool AudioEngine::isPlaying() const { return d->player != nullptr; }

void AudioEngine::setPlaybackPaused(bool paused)
{
    if (!d->player || d->playbackPaused.exchange(paused) == paused)
        return;
    Q_EMIT stateChanged();
}

bool AudioEngine::isPlaybackPaused() const { return d->player && d->playbackPaused.load(); }

void AudioEngine::seekPlayback(qint64 ms)
{
    if (!d->player)
        return;
    const qint64 frame = std::clamp<qint64>(ms * kCallRate / 1000, 0, d->playbackTotal);
    d->playbackFrames.store(frame); // shown at once; the mixer follows within a block
    d->seekTo.store(frame);
}
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
