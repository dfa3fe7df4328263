// OpenAI Realtime server events: the full parse and the audio-delta fast path on any bytes; a
// delta the fast path accepts is safe to paste into a Twilio message.

#include "FuzzSupport.h"
#include "openai/RealtimeEvents.h"
#include "util/Base64.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView json(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)callgate::openai::parseServerEvent(json);
    callgate::openai::AudioDeltaView delta;
    if (callgate::openai::parseAudioDeltaFast(json, delta))
        CALLGATE_FUZZ_CHECK(callgate::isBase64Payload(delta.delta));
    return 0;
}
