#pragma once
// G.711 μ-law, the telephone codec of Twilio Media Streams: 8 kHz, one byte per sample.

#include <QByteArrayView>

#include <cstdint>

namespace callgate::audio {

int16_t ulawToLinear(uint8_t u);
uint8_t linearToUlaw(int16_t pcm);

// Root-mean-square level of a μ-law buffer on the 16-bit linear scale (0 … 32767).
double ulawRms(QByteArrayView ulaw);

constexpr uint8_t kUlawSilence = 0xFF;

} // namespace callgate::audio
