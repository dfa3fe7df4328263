#include "audio/AudioEngine.h"

#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "audio/OggOpusReader.h"
#include "audio/Resampler.h"
#include "audio/SpscRing.h"
#include "util/Log.h"

#include <portaudio.h>

#include <QFileInfo>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

namespace callgate::audio {
namespace {

constexpr int kCallRate = 8000;
constexpr int kBlock = 40;               // 5 ms of call audio per mixing step
constexpr int kMixerTickMs = 5;
constexpr int kCallerPrefill = 240;      // 30 ms: a frame and a half of jitter room
constexpr int kCallerMaxFill = 960;      // 120 ms: beyond that, catch up (the call's clock ran ahead)
constexpr int kCallerSettledFill = 240;  // the least a settled buffer holds just before a frame arrives
                                         // is about 160; more than this for a whole second is delay
                                         // a burst left behind, and is dropped
constexpr int kFillWindowBlocks = 200;   // one second of mixing steps
constexpr int kOutputTargetMs = 20;      // audio made ahead of the speaker, at least
constexpr int kFrameSamples = 160;       // 20 ms at 8 kHz: one Twilio frame
constexpr int kLevelWindow = 400;        // 50 ms at 8 kHz
constexpr int kMaxDelaySamples = 4096;   // delay measurements kept for the percentiles
constexpr size_t kRecentDelays = 25;     // the last half second of caller frames
constexpr int kStallMs = 1500;           // a running stream whose callback stopped this long is lost

int64_t steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

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

struct PaSession {
    bool ok = false;
    PaSession() { ok = quietInitialize() == paNoError; }
    ~PaSession()
    {
        if (ok)
            Pa_Terminate();
    }
};

// A running RMS over windows of a fixed length, published for the GUI.
struct LevelMeter {
    double sum = 0;
    int count = 0;
    std::atomic<float> value{0};
    void add(const float *x, int n)
    {
        for (int i = 0; i < n; ++i)
            sum += double(x[i]) * x[i];
        count += n;
        if (count >= kLevelWindow) {
            value.store(float(std::sqrt(sum / count)), std::memory_order_relaxed);
            sum = 0;
            count = 0;
        }
    }
    void silence() { value.store(0, std::memory_order_relaxed); sum = 0; count = 0; }
};

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

struct AudioEngine::Impl {
    std::unique_ptr<PaSession> pa;

    // What the user asked for; kept while a device is lost so it comes back as it was.
    std::shared_ptr<CallAudioTap> listenTap;
    std::shared_ptr<CallAudioTap> talkTap;
    std::unique_ptr<OggOpusReader> player;
    std::atomic<int> mode{int(ListenMode::Mixed)};
    std::atomic<bool> muted{false};
    std::atomic<bool> pushToTalk{false};
    std::atomic<bool> talkKeyDown{false};
    bool lost = false;

    // Streams and what the callbacks touch.
    PaStream *out = nullptr;
    PaStream *in = nullptr;
    int outRate = 0;
    int outChannels = 0;
    int inRate = 0;
    int inChannels = 0;
    double outLatencyS = 0;
    QString outName;
    QString inName;
    std::unique_ptr<SpscRing<float>> outRing; // stereo, interleaved, device rate
    std::unique_ptr<SpscRing<float>> inRing;  // mono, device rate
    std::atomic<uint64_t> underruns{0};
    std::atomic<uint64_t> overruns{0};
    std::atomic<uint64_t> outCallbacks{0};
    std::atomic<uint64_t> inCallbacks{0};
    std::atomic<int> largestOutRequest{0};
    // When the callback's buffer reaches the speaker (seqlock: odd while being written).
    std::atomic<uint32_t> dacSeq{0};
    std::atomic<int64_t> dacNs{0};
    std::atomic<uint64_t> dacFrame{0}; // output ring read index (frames) at that buffer's start

    // Mixer thread.
    std::thread mixer;
    std::atomic<bool> stopMixer{false};
    std::unique_ptr<Resampler> upLeft;
    std::unique_ptr<Resampler> upRight;
    std::unique_ptr<Resampler> down;
    bool callerRunning = false;
    size_t callerMinFill = SIZE_MAX;  // over the current window
    int fillWindow = 0;
    std::vector<float> micAt8k;
    std::vector<float> upL, upR, interleaved, file; // the mixer's scratch, kept to avoid allocating
    std::optional<CallAudioTap::Arrival> pendingMark;
    LevelMeter callerLevel;
    LevelMeter otherLevel;
    LevelMeter micLevel;
    std::atomic<uint64_t> callerGaps{0};
    std::atomic<uint64_t> framesToCall{0};
    std::atomic<bool> listenEnded{false};
    std::atomic<bool> playbackDone{false};
    std::atomic<int64_t> playbackFrames{0};
    qint64 playbackTotal = 0;

    mutable std::mutex statsMutex; // mixer ↔ GUI only; never the callbacks
    std::vector<double> delays;
    size_t delayNext = 0;
    std::vector<double> recentDelays; // the last kRecentDelays, in a circle
    size_t recentNext = 0;
    int64_t mixerCpuNs = 0;   // runs before this one
    int64_t mixerWallNs = 0;
    int64_t mixerCpuLive = 0; // this run so far
    int64_t mixerWallLive = 0;
    // The owner's watch on the streams: callback counts and when they last moved.
    uint64_t outSeen = 0, inSeen = 0;
    qint64 outMovedMs = 0, inMovedMs = 0;

    bool active() const { return listenTap || talkTap || player; }
    bool wantsOutput() const { return listenTap || player; }

    static int outputCallback(const void *, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *time,
                              PaStreamCallbackFlags flags, void *self);
    static int inputCallback(const void *input, void *, unsigned long frames, const PaStreamCallbackTimeInfo *,
                             PaStreamCallbackFlags flags, void *self);
    void runMixer();
    void mixOutput();
    void takeMicrophone();
    void noteDelays(uint64_t callerFrom, uint64_t outFrameAtBlock);
};

// ---- PortAudio callbacks: rings and counters only -------------------------------------------

int AudioEngine::Impl::outputCallback(const void *, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *time,
                                      PaStreamCallbackFlags flags, void *self)
{
    auto *d = static_cast<Impl *>(self);
    auto *dst = static_cast<float *>(output);
    if (int(frames) > d->largestOutRequest.load(std::memory_order_relaxed))
        d->largestOutRequest.store(int(frames), std::memory_order_relaxed);
    // When this buffer's first frame will be heard, on the steady clock.
    double ahead = time ? time->outputBufferDacTime - time->currentTime : 0.0;
    if (!(ahead > 0.0 && ahead < 1.0))
        ahead = d->outLatencyS;
    const uint32_t seq = d->dacSeq.load(std::memory_order_relaxed);
    d->dacSeq.store(seq + 1, std::memory_order_release);
    d->dacNs.store(steadyNs() + int64_t(ahead * 1e9), std::memory_order_relaxed);
    d->dacFrame.store(d->outRing->readIndex() / 2, std::memory_order_relaxed);
    d->dacSeq.store(seq + 2, std::memory_order_release);

    size_t got;
    if (d->outChannels == 2) {
        got = d->outRing->read(dst, frames * 2) / 2;
        std::fill(dst + got * 2, dst + frames * 2, 0.0f);
    } else {
        float pair[2];
        got = 0;
        for (unsigned long i = 0; i < frames; ++i) {
            if (d->outRing->read(pair, 2) < 2) {
                std::fill(dst + i, dst + frames, 0.0f);
                break;
            }
            dst[i] = 0.5f * (pair[0] + pair[1]);
            ++got;
        }
    }
    if (got < frames || (flags & paOutputUnderflow))
        d->underruns.fetch_add(1, std::memory_order_relaxed);
    d->outCallbacks.fetch_add(1, std::memory_order_relaxed);
    return paContinue;
}

int AudioEngine::Impl::inputCallback(const void *input, void *, unsigned long frames, const PaStreamCallbackTimeInfo *,
                                     PaStreamCallbackFlags flags, void *self)
{
    auto *d = static_cast<Impl *>(self);
    const auto *src = static_cast<const float *>(input);
    bool overrun = (flags & paInputOverflow) != 0;
    if (src) {
        if (d->inChannels == 1) {
            overrun |= d->inRing->write(src, frames) < frames;
        } else {
            for (unsigned long i = 0; i < frames; ++i) // the first channel: a headset's microphone
                overrun |= d->inRing->write(src + i * unsigned(d->inChannels), 1) < 1;
        }
    }
    if (overrun)
        d->overruns.fetch_add(1, std::memory_order_relaxed);
    d->inCallbacks.fetch_add(1, std::memory_order_relaxed);
    return paContinue;
}

// ---- Mixer thread ---------------------------------------------------------------------------

void AudioEngine::Impl::runMixer()
{
    const int64_t cpuStart = threadCpuNs();
    const int64_t wallStart = steadyNs();
    auto next = std::chrono::steady_clock::now();
    for (int tick = 0; !stopMixer.load(std::memory_order_acquire); ++tick) {
        if (out)
            mixOutput();
        if (in)
            takeMicrophone();
        if (tick % 100 == 0) {
            std::lock_guard lock(statsMutex);
            mixerCpuLive = threadCpuNs() - cpuStart;
            mixerWallLive = steadyNs() - wallStart;
        }
        next += std::chrono::milliseconds(kMixerTickMs);
        const auto now = std::chrono::steady_clock::now();
        if (next < now)
            next = now;
        std::this_thread::sleep_until(next);
    }
    std::lock_guard lock(statsMutex);
    mixerCpuNs += threadCpuNs() - cpuStart;
    mixerWallNs += steadyNs() - wallStart;
    mixerCpuLive = mixerWallLive = 0;
}

void AudioEngine::Impl::mixOutput()
{
    const int largest = largestOutRequest.load(std::memory_order_relaxed);
    const size_t target = size_t(std::max(outRate * kOutputTargetMs / 1000, largest + largest / 2));
    float caller[kBlock];
    float other[kBlock];
    float left[kBlock];
    float right[kBlock];
    uint8_t ulaw[kBlock];
    while (outRing->readable() / 2 < target) {
        std::fill_n(caller, kBlock, 0.0f);
        std::fill_n(other, kBlock, 0.0f);
        const uint64_t outFrame = outRing->writeIndex() / 2;
        if (CallAudioTap *tap = listenTap.get()) {
            if (tap->callEnded() && !listenEnded.load(std::memory_order_relaxed) && tap->caller().readable() == 0
                && tap->other().readable() == 0)
                listenEnded.store(true, std::memory_order_release);
            // The caller: a jitter buffer of a frame and a half.
            SpscRing<uint8_t> &c = tap->caller();
            size_t have = c.readable();
            if (have > size_t(kCallerMaxFill)) {
                c.skip(have - size_t(kCallerPrefill));
                have = c.readable();
            }
            if (!callerRunning && (have >= size_t(kCallerPrefill) || (tap->callEnded() && have > 0)))
                callerRunning = true; // (the last words of an ended call play out)
            if (callerRunning) {
                // A burst of late frames leaves the buffer fuller than it needs to be, and that
                // delay would stay: what never drained in a whole second is dropped.
                callerMinFill = std::min(callerMinFill, have);
                if (++fillWindow >= kFillWindowBlocks) {
                    if (callerMinFill != SIZE_MAX && callerMinFill > size_t(kCallerSettledFill))
                        c.skip(callerMinFill - size_t(kCallerSettledFill) / 2 - size_t(kBlock));
                    callerMinFill = SIZE_MAX;
                    fillWindow = 0;
                }
                const uint64_t from = c.readIndex();
                const size_t n = c.read(ulaw, kBlock);
                for (size_t i = 0; i < n; ++i)
                    caller[i] = float(ulawToLinear(ulaw[i])) / 32768.0f;
                noteDelays(from, outFrame);
                if (n < size_t(kBlock)) {
                    callerRunning = false; // late: wait for a frame and a half again
                    if (!tap->callEnded())
                        callerGaps.fetch_add(1, std::memory_order_relaxed);
                }
            }
            // The AI or the agent: as the caller hears it, cut where the caller cut it. Not our
            // own voice while we talk on this call.
            SpscRing<uint8_t> &o = tap->other();
            o.skipTo(tap->otherCutIndex());
            const size_t m = o.read(ulaw, kBlock);
            if (tap != talkTap.get()) {
                for (size_t i = 0; i < m; ++i)
                    other[i] = float(ulawToLinear(ulaw[i])) / 32768.0f;
            }
        } else if (player) {
            file.clear();
            const size_t n = player->read(file, kBlock);
            const int ch = player->channels();
            for (size_t i = 0; i < n; ++i) {
                caller[i] = file[i * size_t(ch)];
                other[i] = ch > 1 ? file[i * size_t(ch) + 1] : 0.0f;
            }
            playbackFrames.store(player->position(), std::memory_order_relaxed);
            if (n == 0)
                playbackDone.store(true, std::memory_order_release);
        }
        callerLevel.add(caller, kBlock);
        otherLevel.add(other, kBlock);
        if (ListenMode(mode.load(std::memory_order_relaxed)) == ListenMode::Split) {
            std::copy_n(caller, kBlock, left);
            std::copy_n(other, kBlock, right);
        } else {
            for (int i = 0; i < kBlock; ++i)
                left[i] = right[i] = std::clamp(caller[i] + other[i], -1.0f, 1.0f);
        }
        upL.clear();
        upR.clear();
        upLeft->process(left, kBlock, upL);
        upRight->process(right, kBlock, upR);
        interleaved.clear();
        for (size_t i = 0; i < upL.size(); ++i) {
            interleaved.push_back(upL[i]);
            interleaved.push_back(upR[i]);
        }
        if (outRing->write(interleaved.data(), interleaved.size()) < interleaved.size())
            break; // the ring is full: the speaker is not taking audio (see the watchdog)
    }
}

void AudioEngine::Impl::noteDelays(uint64_t callerFrom, uint64_t outFrameAtBlock)
{
    // One arrival mark per caller frame, in order; a block of kBlock samples holds at most one
    // frame start. Marks of samples skipped while catching up are dropped unmeasured.
    SpscRing<CallAudioTap::Arrival> &marks = listenTap->arrivals();
    for (;;) {
        if (!pendingMark) {
            CallAudioTap::Arrival a;
            if (marks.read(&a, 1) == 0)
                return;
            pendingMark = a;
        }
        if (pendingMark->sample < callerFrom) {
            pendingMark.reset();
            continue;
        }
        if (pendingMark->sample >= callerFrom + kBlock)
            return; // a later block's
        uint32_t seq;
        int64_t ns;
        uint64_t frame;
        do {
            seq = dacSeq.load(std::memory_order_acquire);
            ns = dacNs.load(std::memory_order_relaxed);
            frame = dacFrame.load(std::memory_order_relaxed);
        } while ((seq & 1) || seq != dacSeq.load(std::memory_order_acquire));
        const CallAudioTap::Arrival a = *pendingMark;
        pendingMark.reset();
        if (ns == 0)
            continue; // the speaker has not started yet
        // The sample's place in the output stream, through the resampler's filter delay, and when
        // the speaker reaches that place (from the last callback's clock).
        const double offsetOut = double(a.sample - callerFrom) * outRate / kCallRate + upLeft->delayOut();
        const double heardNs = double(ns) + (double(outFrameAtBlock) + offsetOut - double(frame)) * 1e9 / outRate;
        const double delayMs = (heardNs - double(a.ns)) / 1e6;
        std::lock_guard lock(statsMutex);
        if (delays.size() < size_t(kMaxDelaySamples))
            delays.push_back(delayMs);
        else
            delays[delayNext++ % size_t(kMaxDelaySamples)] = delayMs;
        if (recentDelays.size() < kRecentDelays)
            recentDelays.push_back(delayMs);
        else
            recentDelays[recentNext++ % kRecentDelays] = delayMs;
    }
}

void AudioEngine::Impl::takeMicrophone()
{
    float buffer[512];
    float at8k[512];
    for (;;) {
        const size_t n = inRing->read(buffer, std::size(buffer) / 8);
        if (n == 0)
            break;
        const size_t made = down->process(buffer, n, at8k);
        micAt8k.insert(micAt8k.end(), at8k, at8k + made);
    }
    size_t used = 0;
    const bool sending = talkTap && !muted.load(std::memory_order_relaxed)
                         && (!pushToTalk.load(std::memory_order_relaxed) || talkKeyDown.load(std::memory_order_relaxed));
    while (micAt8k.size() - used >= size_t(kFrameSamples)) {
        const float *frame = micAt8k.data() + used;
        used += kFrameSamples;
        micLevel.add(frame, kFrameSamples);
        if (!sending || !talkTap || talkTap->isClosed() || talkTap->callEnded())
            continue; // muted: the caller hears silence
        char ulaw[kFrameSamples];
        for (int i = 0; i < kFrameSamples; ++i)
            ulaw[i] = char(linearToUlaw(int16_t(std::lround(std::clamp(frame[i], -1.0f, 1.0f) * 32767.0f))));
        if (talkTap->agentAudio(QByteArrayView(ulaw, kFrameSamples)))
            framesToCall.fetch_add(1, std::memory_order_relaxed);
    }
    micAt8k.erase(micAt8k.begin(), micAt8k.begin() + std::ptrdiff_t(used));
}

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
        qCWarning(lcApp).noquote() << note;
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
    qCWarning(lcApp).noquote() << message;
    qCDebug(lcApp) << "streams active:" << (d->out ? Pa_IsStreamActive(d->out) : -1) << (d->in ? Pa_IsStreamActive(d->in) : -1)
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
    qCInfo(lcApp).noquote() << message;
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
