#include "audio/OpusVoice.h"

#include <opus.h>

#include <algorithm>

namespace callgate::audio {

VoiceEncoder::VoiceEncoder(int bitrate)
{
    int error = 0;
    m_encoder = opus_encoder_create(kVoiceRate, 1, OPUS_APPLICATION_VOIP, &error);
    if (m_encoder) {
        opus_encoder_ctl(m_encoder, OPUS_SET_BITRATE(bitrate));
        opus_encoder_ctl(m_encoder, OPUS_SET_COMPLEXITY(5)); // a few hundred listeners on two cores
        opus_encoder_ctl(m_encoder, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    }
}

VoiceEncoder::~VoiceEncoder()
{
    if (m_encoder)
        opus_encoder_destroy(m_encoder);
}

QByteArray VoiceEncoder::encode(const int16_t *pcm)
{
    if (!m_encoder)
        return {};
    unsigned char packet[400];
    const opus_int32 n = opus_encode(m_encoder, pcm, kVoiceFrameSamples, packet, sizeof packet);
    if (n <= 0)
        return {};
    return QByteArray(reinterpret_cast<const char *>(packet), n);
}

VoiceDecoder::VoiceDecoder()
{
    int error = 0;
    m_decoder = opus_decoder_create(kVoiceRate, 1, &error);
}

VoiceDecoder::~VoiceDecoder()
{
    if (m_decoder)
        opus_decoder_destroy(m_decoder);
}

bool VoiceDecoder::decode(QByteArrayView packet, int16_t *pcm)
{
    int n = -1;
    if (m_decoder)
        n = opus_decode(m_decoder, packet.isEmpty() ? nullptr : reinterpret_cast<const unsigned char *>(packet.data()),
                        opus_int32(packet.size()), pcm, kVoiceFrameSamples, 0);
    if (n != kVoiceFrameSamples) {
        std::fill_n(pcm, kVoiceFrameSamples, int16_t(0));
        return false;
    }
    return true;
}

} // namespace callgate::audio
