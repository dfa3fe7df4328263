// The allocation-free JSON scanner of the media path: never reads past its input, and whatever it
// calls well-formed Qt's full parser accepts as an object too.

#include "FuzzSupport.h"
#include "util/JsonScan.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    qint64 touched = 0;
    const bool ok = callgate::json::scanObject(text, [&](const callgate::json::Member &m) {
        // Every view lies inside the input.
        for (QByteArrayView v : {m.parent, m.key, m.value}) {
            if (!v.isEmpty())
                CALLGATE_FUZZ_CHECK(v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size());
        }
        touched += callgate::json::toInteger(m) + m.value.size();
    });
    (void)touched;
    bool ascii = true;
    for (char c : text)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ok && ascii) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &error);
        // (Qt refuses numbers too large for a double, which JSON's grammar allows.)
        CALLGATE_FUZZ_CHECK((error.error == QJsonParseError::NoError && doc.isObject()) || error.error == QJsonParseError::IllegalNumber);
    }
    return 0;
}
