// The HTTP guard's look at a request head, on any bytes: where a head ends, what it asks for, and
// what is refused — never a read outside the input, never a body length past the cap accepted.

#include "FuzzSupport.h"
#include "gateway/HttpGuard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    callgate::HttpLimits limits;
    limits.maxBodyBytes = 65536;
    const qsizetype lead = callgate::skipLeadingWhitespace(bytes);
    CALLGATE_FUZZ_CHECK(lead >= 0 && lead <= bytes.size());
    const qsizetype end = callgate::requestHeadEnd(bytes.sliced(lead));
    CALLGATE_FUZZ_CHECK(end == -1 || (end > 0 && end <= bytes.size() - lead));
    const QByteArrayView head = end > 0 ? bytes.sliced(lead, end) : bytes.sliced(lead);
    const callgate::HeadVerdict v = callgate::checkRequestHead(head, limits);
    if (v.status == 0) {
        CALLGATE_FUZZ_CHECK(v.contentLength >= 0 && v.contentLength <= limits.maxBodyBytes);
    } else {
        CALLGATE_FUZZ_CHECK(v.status == 400 || v.status == 411 || v.status == 413);
    }
    return 0;
}
