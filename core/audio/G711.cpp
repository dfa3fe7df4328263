#include "audio/G711.h"

#include <array>
#include <cmath>

namespace callgate::audio {
namespace {

constexpr int kBias = 0x84;
constexpr int kClip = 32635;

std::array<int16_t, 256> makeDecodeTable()
{
    std::array<int16_t, 256> t{};
    for (int i = 0; i < 256; ++i) {
        const int u = ~i & 0xFF;
        int magnitude = ((u & 0x0F) << 3) + kBias;
        magnitude <<= (u & 0x70) >> 4;
        t[size_t(i)] = int16_t((u & 0x80) ? (kBias - magnitude) : (magnitude - kBias));
    }
    return t;
}

const std::array<int16_t, 256> kDecode = makeDecodeTable();

} // namespace

int16_t ulawToLinear(uint8_t u) { return kDecode[u]; }

uint8_t linearToUlaw(int16_t pcm)
{
    int sample = pcm;
    const int sign = sample < 0 ? 0x80 : 0;
    if (sign)
        sample = -sample;
    if (sample > kClip)
        sample = kClip;
    sample += kBias;
    int exponent = 7;
    for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1)
        --exponent;
    const int mantissa = (sample >> (exponent + 3)) & 0x0F;
    return uint8_t(~(sign | (exponent << 4) | mantissa));
}

double ulawRms(QByteArrayView ulaw)
{
    if (ulaw.isEmpty())
        return 0;
    double sum = 0;
    for (char c : ulaw) {
        const double v = kDecode[uint8_t(c)];
        sum += v * v;
    }
    return std::sqrt(sum / double(ulaw.size()));
}

} // namespace callgate::audio
