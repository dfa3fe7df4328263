#include "AudioMatch.h"

#include "audio/G711.h"

#include <algorithm>
#include <cmath>

namespace testing {

std::vector<float> decodeUlaw(const QByteArray &ulaw)
{
    std::vector<float> out;
    out.reserve(size_t(ulaw.size()));
    for (char c : ulaw)
        out.push_back(float(callgate::audio::ulawToLinear(uint8_t(c))) / 32768.0f);
    return out;
}

std::vector<float> lowPass(const std::vector<float> &x)
{
    constexpr int kTaps = 63;
    constexpr double kCut = 1200.0 / 8000.0; // cycles per sample
    static const std::vector<double> h = [] {
        std::vector<double> taps(kTaps);
        for (int n = 0; n < kTaps; ++n) {
            const double t = n - (kTaps - 1) / 2.0;
            const double sinc = t == 0 ? 2 * kCut : std::sin(2 * M_PI * kCut * t) / (M_PI * t);
            taps[size_t(n)] = sinc * (0.5 - 0.5 * std::cos(2 * M_PI * n / (kTaps - 1)));
        }
        return taps;
    }();
    std::vector<float> y(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        double acc = 0;
        for (int n = 0; n < kTaps && size_t(n) <= i; ++n)
            acc += h[size_t(n)] * x[i - size_t(n)];
        y[i] = float(acc);
    }
    return y;
}

double bestCorrelation(const std::vector<float> &signal, const std::vector<float> &probe, size_t *at)
{
    double probeEnergy = 0;
    for (float v : probe)
        probeEnergy += double(v) * v;
    probeEnergy = std::sqrt(probeEnergy);
    double best = 0;
    for (size_t lag = 0; lag + probe.size() <= signal.size(); ++lag) {
        double dot = 0, energy = 0;
        for (size_t i = 0; i < probe.size(); ++i) {
            dot += double(signal[lag + i]) * probe[i];
            energy += double(signal[lag + i]) * signal[lag + i];
        }
        const double c = energy > 0 ? dot / (std::sqrt(energy) * probeEnergy) : 0;
        if (c > best) {
            best = c;
            if (at)
                *at = lag;
        }
    }
    return best;
}

std::vector<float> clipProbe(const QByteArray &ulaw, double at)
{
    constexpr qsizetype kStretch = 1600, kStartUp = 62;
    std::vector<float> probe;
    const qsizetype from = qsizetype(double(ulaw.size()) * at);
    for (qsizetype i = 0; i < kStretch + kStartUp; ++i)
        probe.push_back(callgate::audio::ulawToLinear(uint8_t(ulaw[(from + i) % ulaw.size()])) / 32768.0f);
    probe = lowPass(probe);
    probe.erase(probe.begin(), probe.begin() + kStartUp);
    return probe;
}

double powerAt(const QByteArray &ulaw, double hz)
{
    const double coeff = 2 * std::cos(2 * M_PI * hz / 8000.0);
    double s1 = 0, s2 = 0;
    for (char c : ulaw) {
        const double s = callgate::audio::ulawToLinear(uint8_t(c)) / 32768.0 + coeff * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / double(std::max<qsizetype>(1, ulaw.size()));
}

} // namespace testing
