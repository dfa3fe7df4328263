// Twilio Media Streams messages: the fast path and the full parse agree on media, and nothing
// that is not base64 audio is ever handed on as a payload.

#include "FuzzSupport.h"
#include "twilio/MediaStreamMessages.h"
#include "util/Base64.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView json(reinterpret_cast<const char *>(data), qsizetype(size));
    callgate::twilio::MediaView fast;
    const bool isFast = callgate::twilio::parseMediaFast(json, fast);
    if (isFast && !fast.isMark)
        CALLGATE_FUZZ_CHECK(callgate::isBase64Payload(fast.payload));
    const callgate::twilio::StreamEvent e = callgate::twilio::parseStreamEvent(json);
    if (e.type == callgate::twilio::StreamEvent::Type::Media)
        CALLGATE_FUZZ_CHECK(callgate::isBase64Payload(e.payload));
    if (isFast && !fast.isMark && e.type == callgate::twilio::StreamEvent::Type::Media)
        CALLGATE_FUZZ_CHECK(fast.payload == QByteArrayView(e.payload));
    return 0;
}
