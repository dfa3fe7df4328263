#pragma once
// AudioEngine's inside, shared by its two halves: AudioEngine.cpp (the owner's thread — devices,
// streams, the watch) and AudioMixer.cpp (the device callbacks and the mixer thread). Private to
// core/audio; nothing else includes it.

#include "audio/AudioBackend.h"
#include "audio/AudioEngine.h"
#include "audio/CallAudioTap.h"
#include "audio/OggOpusReader.h"
#include "audio/Resampler.h"
#include "audio/SpscRing.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace callgate::audio {
namespace engine {

inline constexpr int kCallRate = 8000;
inline constexpr int kBlock = 40; // 5 ms of call audio per mixing step
inline constexpr int kMixerTickMs = 5;
inline constexpr int kCallerPrefill = 240; // 30 ms: a frame and a half of jitter room
inline constexpr int kCallerMaxFill = 960; // 120 ms: beyond that, catch up (the call's clock ran ahead)
// The least a settled caller buffer holds just before a frame arrives is about 160 samples; more
// than this for a whole second is delay a burst left behind, and is dropped.
inline constexpr int kCallerSettledFill = 240;
inline constexpr int kFillWindowBlocks = 200; // one second of mixing steps
inline constexpr int kOutputTargetMs = 20;    // audio made ahead of the speaker, at least
inline constexpr int kFrameSamples = 160;     // 20 ms at 8 kHz: one Twilio frame
inline constexpr int kLevelWindow = 400;      // 50 ms at 8 kHz
inline constexpr int kMaxDelaySamples = 4096; // delay measurements kept for the percentiles
inline constexpr size_t kRecentDelays = 25;   // the last half second of caller frames
inline constexpr int kStallMs = 1500;         // a running stream whose callback stopped this long is lost

inline int64_t steadyNs()
{
    return CallAudioTap::nowNs(); // one clock for arrivals and the speaker
}

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
    void silence()
    {
        value.store(0, std::memory_order_relaxed);
        sum = 0;
        count = 0;
    }
};

} // namespace engine

struct AudioEngine::Impl {
    std::unique_ptr<AudioBackend> backend;
    bool backendStarted = false;

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
    std::unique_ptr<AudioStream> out;
    std::unique_ptr<AudioStream> in;
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
    size_t callerMinFill = SIZE_MAX; // over the current window
    int fillWindow = 0;
    std::vector<float> micAt8k;
    std::vector<float> upL, upR, interleaved, file; // the mixer's scratch, kept to avoid allocating
    std::optional<CallAudioTap::Arrival> pendingMark;
    engine::LevelMeter callerLevel;
    engine::LevelMeter otherLevel;
    engine::LevelMeter micLevel;
    std::atomic<uint64_t> callerGaps{0};
    std::atomic<uint64_t> framesToCall{0};
    std::atomic<bool> listenEnded{false};
    std::atomic<bool> playbackDone{false};
    std::atomic<int64_t> playbackFrames{0};
    std::atomic<bool> playbackPaused{false};
    std::atomic<int64_t> seekTo{-1}; // frames at 8 kHz; -1: none asked
    qint64 playbackTotal = 0;

    mutable std::mutex statsMutex; // mixer ↔ GUI only; never the callbacks
    std::vector<double> delays;
    size_t delayNext = 0;
    std::vector<double> recentDelays; // the last kRecentDelays, in a circle
    size_t recentNext = 0;
    int64_t mixerCpuNs = 0; // runs before this one
    int64_t mixerWallNs = 0;
    int64_t mixerCpuLive = 0; // this run so far
    int64_t mixerWallLive = 0;
    // The owner's watch on the streams: callback counts and when they last moved.
    uint64_t outSeen = 0, inSeen = 0;
    qint64 outMovedMs = 0, inMovedMs = 0;

    bool active() const { return listenTap || talkTap || player; }
    bool wantsOutput() const { return listenTap || player; }

    static void outputCallback(void *self, float *dst, unsigned long frames, double aheadS, bool underflow);
    static void inputCallback(void *self, const float *src, unsigned long frames, bool overflow);
    void runMixer();
    void mixOutput();
    void takeMicrophone();
    void noteDelays(uint64_t callerFrom, uint64_t outFrameAtBlock);
};

} // namespace callgate::audio
