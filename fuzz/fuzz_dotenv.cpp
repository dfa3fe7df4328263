// The .env reader on any text: an error names a line, never echoes a value.

#include "FuzzSupport.h"
#include "config/DotEnv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = callgate::parseDotEnv(text);
    if (!parsed)
        CALLGATE_FUZZ_CHECK(parsed.error().contains(QLatin1String("line")));
    return 0;
}
