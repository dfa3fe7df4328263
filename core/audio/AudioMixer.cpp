// AudioEngine, part two: the device callbacks (rings and counters only) and the mixer thread
// (μ-law, the caller's jitter buffer, mixing, meters, resampling, the listen delay). Part one,
// AudioEngine.cpp, opens and watches the devices on the owner's thread.
#include "audio/AudioEngineImpl.h"

#include "audio/G711.h"

#include <QByteArrayView>

#include <algorithm>
#include <ctime>
#include <pthread.h>

namespace callgate::audio {

using namespace engine;

namespace {

int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace

// ---- Device callbacks: rings and counters only ----------------------------------------------

void AudioEngine::Impl::outputCallback(void *self, float *dst, unsigned long frames, double aheadS, bool underflow)
{
    auto *d = static_cast<Impl *>(self);
    if (int(frames) > d->largestOutRequest.load(std::memory_order_relaxed))
        d->largestOutRequest.store(int(frames), std::memory_order_relaxed);
    // When this buffer's first frame will be heard, on the steady clock.
    double ahead = aheadS;
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
    if (got < frames || underflow)
        d->underruns.fetch_add(1, std::memory_order_relaxed);
    d->outCallbacks.fetch_add(1, std::memory_order_relaxed);
}

void AudioEngine::Impl::inputCallback(void *self, const float *src, unsigned long frames, bool overflow)
{
    auto *d = static_cast<Impl *>(self);
    bool overrun = overflow;
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
}

// ---- Mixer thread ---------------------------------------------------------------------------

void AudioEngine::Impl::runMixer()
{
    pthread_setname_np(pthread_self(), "cg-audio-mixer");
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
            if (const int64_t to = seekTo.exchange(-1, std::memory_order_acq_rel); to >= 0) {
                player->seek(to);
                playbackFrames.store(player->position(), std::memory_order_relaxed);
            }
            file.clear();
            const size_t n = playbackPaused.load(std::memory_order_relaxed) ? 0 : player->read(file, kBlock);
            const int ch = player->channels();
            for (size_t i = 0; i < n; ++i) {
                caller[i] = file[i * size_t(ch)];
                other[i] = ch > 1 ? file[i * size_t(ch) + 1] : 0.0f;
            }
            playbackFrames.store(player->position(), std::memory_order_relaxed);
            if (n == 0 && !playbackPaused.load(std::memory_order_relaxed))
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

} // namespace callgate::audio
