#include "audio/Resampler.h"

#include <cmath>
#include <numeric>

namespace callgate::audio {
namespace {

// Modified Bessel function of the first kind, order 0 (the Kaiser window's shape).
double besselI0(double x)
{
    double sum = 1.0;
    double term = 1.0;
    for (int k = 1; k < 50; ++k) {
        term *= (x / (2.0 * k)) * (x / (2.0 * k));
        sum += term;
        if (term < sum * 1e-12)
            break;
    }
    return sum;
}

constexpr double kStopbandDb = 70.0;

} // namespace

Resampler::Resampler(int inRate, int outRate, double passband) : m_inRate(inRate), m_outRate(outRate)
{
    const int g = std::gcd(inRate, outRate);
    m_up = outRate / g;
    m_down = inRate / g;
    // The prototype low-pass runs at inRate × L.
    const double fsUp = double(inRate) * m_up;
    const double nyquistLow = 0.5 * std::min(inRate, outRate);
    const double passEdge = passband * nyquistLow;
    const double cutoff = 0.5 * (passEdge + nyquistLow);
    const double transition = nyquistLow - passEdge;
    const double beta = 0.1102 * (kStopbandDb - 8.7);
    int length = int(std::ceil((kStopbandDb - 8.0) / (2.285 * 2.0 * M_PI * transition / fsUp))) + 1;
    m_taps = (length + m_up - 1) / m_up;
    length = m_taps * m_up;
    std::vector<double> h(static_cast<size_t>(length));
    const double centre = 0.5 * (length - 1);
    const double fc = cutoff / fsUp; // cycles per sample
    for (int n = 0; n < length; ++n) {
        const double t = n - centre;
        const double sinc = t == 0.0 ? 2.0 * fc : std::sin(2.0 * M_PI * fc * t) / (M_PI * t);
        const double r = 2.0 * n / (length - 1) - 1.0;
        const double window = besselI0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) / besselI0(beta);
        h[size_t(n)] = sinc * window * m_up; // gain L makes up for the zeros stuffed in
    }
    // Phase p uses h[p + j·L] against x[i − j]; stored reversed so the inner loop runs forward
    // over the history.
    m_coeffs.resize(size_t(length));
    for (int p = 0; p < m_up; ++p) {
        for (int j = 0; j < m_taps; ++j)
            m_coeffs[size_t(p * m_taps + (m_taps - 1 - j))] = float(h[size_t(p + j * m_up)]);
    }
    reset();
}

void Resampler::reset()
{
    m_history.assign(size_t(m_taps - 1), 0.0f);
    m_phase = 0;
    m_skip = 0;
}

double Resampler::delayOut() const { return 0.5 * (m_taps * m_up - 1) / m_down; }

size_t Resampler::maxOutput(size_t inputs) const { return (inputs * size_t(m_up)) / size_t(m_down) + 2; }

size_t Resampler::process(const float *in, size_t n, std::vector<float> &out)
{
    const size_t before = out.size();
    out.resize(before + maxOutput(n));
    const size_t made = process(in, n, out.data() + before);
    out.resize(before + made);
    return made;
}

size_t Resampler::process(const float *in, size_t n, float *out)
{
    const size_t keep = size_t(m_taps - 1);
    m_history.insert(m_history.end(), in, in + n); // capacity settles after the first blocks
    size_t produced = 0;
    // The newest input an output can use is history[pos + keep]; outputs need pos + keep < size.
    size_t pos = m_skip;
    const size_t size = m_history.size();
    while (pos + keep < size) {
        const float *x = m_history.data() + pos;
        const float *c = m_coeffs.data() + m_phase * size_t(m_taps);
        float acc = 0.0f;
        for (int j = 0; j < m_taps; ++j)
            acc += c[j] * x[j];
        out[produced++] = acc;
        m_phase += size_t(m_down);
        pos += m_phase / size_t(m_up);
        m_phase %= size_t(m_up);
    }
    // Keep the last `keep` inputs before pos for the next block.
    const size_t drop = std::min(pos, size - keep);
    m_skip = pos - drop;
    m_history.erase(m_history.begin(), m_history.begin() + std::ptrdiff_t(drop));
    return produced;
}

} // namespace callgate::audio
