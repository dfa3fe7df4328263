#pragma once
// Finding audio that was sent in audio that came back (a sound device, a codec, a link): the same
// low-pass filter for both, then the best normalised correlation of a stretch anywhere.

#include <QByteArray>

#include <cstddef>
#include <vector>

namespace testing {

// μ-law bytes as samples in [-1, 1).
std::vector<float> decodeUlaw(const QByteArray &ulaw);

// A 63-tap windowed sinc at 1.2 kHz (8 kHz audio). A way that resamples (8 kHz → device rate →
// 8 kHz) shifts the audio by a fraction of a sample, and for white noise up to 4 kHz a half
// sample alone costs a third of the correlation; below 1.2 kHz the same shift costs under 4 %.
// A narrowband codec, too, keeps the waveform best there. The comparison is still of the audio
// itself, sample for sample.
std::vector<float> lowPass(const std::vector<float> &x);

// The best normalised correlation of `probe` anywhere in `signal`, and where (`at`).
double bestCorrelation(const std::vector<float> &signal, const std::vector<float> &probe, size_t *at = nullptr);

// A 200 ms stretch of a μ-law clip starting at `at` (0…1 of its length), low-passed like the
// audio it is looked for in (the filter's start-up left out): a probe for bestCorrelation.
std::vector<float> clipProbe(const QByteArray &ulaw, double at);

// The energy of μ-law audio at one frequency (Goertzel), per sample: is a tone there?
double powerAt(const QByteArray &ulaw, double hz);

} // namespace testing
