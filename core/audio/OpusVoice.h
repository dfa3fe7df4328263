#pragma once
// Telephone speech as Opus for the remote operator link: 20 ms frames of 8 kHz mono, 16-bit PCM
// in and out (μ-law is the caller's line; conversion is G711's). Narrowband VoIP mode at 16 kbit/s
// carries phone audio at a fifth of μ-law's 64 kbit/s. Not thread-safe; one per direction.

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

struct OpusEncoder;
struct OpusDecoder;

namespace callgate::audio {

constexpr int kVoiceRate = 8000;
constexpr int kVoiceFrameSamples = 160; // 20 ms

class VoiceEncoder {
public:
    explicit VoiceEncoder(int bitrate = 16000);
    ~VoiceEncoder();
    VoiceEncoder(const VoiceEncoder &) = delete;
    VoiceEncoder &operator=(const VoiceEncoder &) = delete;

    // One packet for kVoiceFrameSamples samples; empty on failure.
    QByteArray encode(const int16_t *pcm);

private:
    OpusEncoder *m_encoder = nullptr;
};

class VoiceDecoder {
public:
    VoiceDecoder();
    ~VoiceDecoder();
    VoiceDecoder(const VoiceDecoder &) = delete;
    VoiceDecoder &operator=(const VoiceDecoder &) = delete;

    // kVoiceFrameSamples samples into `pcm`; an empty packet conceals one lost frame. False when
    // the packet is not Opus (the frame is then silence).
    bool decode(QByteArrayView packet, int16_t *pcm);

private:
    OpusDecoder *m_decoder = nullptr;
};

} // namespace callgate::audio
