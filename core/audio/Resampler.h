#pragma once
// Sample-rate conversion by a rational factor with a polyphase windowed-sinc filter (Kaiser window,
// about 70 dB of stopband): 8 kHz call audio up to whatever rate the sound card runs at, and the
// headset's microphone down to 8 kHz. No sample is dropped or repeated: every output sample is
// filtered from its neighbours. One channel, streaming: state carries across calls, so blocks of
// any size give the same result as one long block.

#include <cstddef>
#include <vector>

namespace callgate::audio {

class Resampler {
public:
    // The passband ends at `passband` × the lower rate's Nyquist frequency; the stopband begins at
    // that Nyquist frequency, so nothing above it folds back into the lower rate.
    Resampler(int inRate, int outRate, double passband = 0.85);

    int inRate() const { return m_inRate; }
    int outRate() const { return m_outRate; }
    int tapsPerPhase() const { return m_taps; }
    // The filter's delay, in output samples.
    double delayOut() const;

    // How many output samples `inputs` more input samples will give at most.
    size_t maxOutput(size_t inputs) const;
    // Filters n samples; appends the output to `out` (resized as needed; reserve to avoid
    // allocating) and returns how many were appended.
    size_t process(const float *in, size_t n, std::vector<float> &out);
    // Same, into a caller's buffer of at least maxOutput(n).
    size_t process(const float *in, size_t n, float *out);
    void reset();

private:
    int m_inRate;
    int m_outRate;
    int m_up = 1;                 // L
    int m_down = 1;               // M
    int m_taps = 0;               // per phase
    std::vector<float> m_coeffs;  // [phase][tap], taps reversed for a forward dot product
    std::vector<float> m_history; // the last m_taps - 1 inputs, then the block being filtered
    size_t m_phase = 0;           // position of the next output on the L-times grid, modulo L
    size_t m_skip = 0;            // inputs to advance before the next output
};

} // namespace callgate::audio
