// The loopback backend: an output and an input device that keep real time on threads of their
// own, with no sound server. What the output plays comes back, mixed to mono, as the input, a few
// buffers later (so a test hears its own playback, and the microphone is never silent by accident
// of a missing device).
#include "audio/AudioBackend.h"

#include "audio/SpscRing.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <pthread.h>
#include <thread>
#include <vector>

namespace callgate::audio {
namespace {

constexpr int kRate = 48000;
constexpr int kBufferMs = 5;
constexpr unsigned long kFrames = kRate * kBufferMs / 1000;
const QString kOutputName = QStringLiteral("Loopback output");
const QString kInputName = QStringLiteral("Loopback input");

// What the output played, for the input to hear: one ring per backend, mono.
struct Wire {
    SpscRing<float> ring{size_t(kRate)}; // a second
};

class LoopbackStream final : public AudioStream {
public:
    LoopbackStream(std::shared_ptr<Wire> wire, OutputCallback output, InputCallback input)
        : m_wire(std::move(wire)), m_output(output), m_input(input)
    {
        rate = kRate;
        channels = m_output.fill ? 2 : 1;
        deviceName = m_output.fill ? kOutputName : kInputName;
        latencyS = kBufferMs / 1000.0;
    }
    ~LoopbackStream() override
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
    }
    Status start() override
    {
        m_running.store(true);
        m_thread = std::thread([this] { run(); });
        return Ok{};
    }
    bool isActive() const override { return m_running.load(); }

private:
    void run()
    {
        pthread_setname_np(pthread_self(), m_output.fill ? "cg-loop-out" : "cg-loop-in");
        std::vector<float> buffer(kFrames * 2);
        std::vector<float> mono(kFrames);
        if (!m_output.fill) { // hear from now on, not what played before the microphone opened
            while (m_wire->ring.read(mono.data(), kFrames) > 0) {
            }
        }
        auto next = std::chrono::steady_clock::now();
        while (!m_stop.load(std::memory_order_relaxed)) {
            if (m_output.fill) {
                m_output.fill(m_output.user, buffer.data(), kFrames, kBufferMs / 1000.0, false);
                for (unsigned long i = 0; i < kFrames; ++i)
                    mono[i] = 0.5f * (buffer[2 * i] + buffer[2 * i + 1]);
                m_wire->ring.write(mono.data(), kFrames); // nobody listening: the ring stays full
            } else {
                const size_t got = m_wire->ring.read(mono.data(), kFrames);
                std::fill(mono.begin() + qsizetype(got), mono.end(), 0.0f);
                m_input.take(m_input.user, mono.data(), kFrames, false);
            }
            next += std::chrono::milliseconds(kBufferMs);
            std::this_thread::sleep_until(next);
        }
    }

    std::shared_ptr<Wire> m_wire;
    OutputCallback m_output;
    InputCallback m_input;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_running{false};
};

class LoopbackBackend final : public AudioBackend {
public:
    bool start() override { return true; }
    void stop() override {}
    QList<AudioDevice> devices() override
    {
        return {
            AudioDevice{kOutputName, QStringLiteral("Loopback speaker"), QStringLiteral("Loopback"), 0, 2, double(kRate), false, true},
            AudioDevice{kInputName, QStringLiteral("Loopback microphone"), QStringLiteral("Loopback"), 1, 0, double(kRate), true, false}};
    }
    Result<std::unique_ptr<AudioStream>> openOutput(const QString &name, OutputCallback callback, QString *note) override
    {
        noteFallback(name, kOutputName, note);
        return std::unique_ptr<AudioStream>(std::make_unique<LoopbackStream>(m_wire, callback, InputCallback{}));
    }
    Result<std::unique_ptr<AudioStream>> openInput(const QString &name, InputCallback callback, QString *note) override
    {
        noteFallback(name, kInputName, note);
        return std::unique_ptr<AudioStream>(std::make_unique<LoopbackStream>(m_wire, OutputCallback{}, callback));
    }

private:
    static void noteFallback(const QString &name, const QString &ours, QString *note)
    {
        if (note && !name.isEmpty() && name != ours)
            *note = QStringLiteral("device \"%1\" is not connected; using the default, \"%2\"").arg(name, ours);
    }
    std::shared_ptr<Wire> m_wire = std::make_shared<Wire>();
};

} // namespace

std::unique_ptr<AudioBackend> makeLoopbackBackend() { return std::make_unique<LoopbackBackend>(); }

} // namespace callgate::audio
