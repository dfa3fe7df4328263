// Form bodies from strangers: the limits check, the parser, and encode → parse giving back the
// same fields.

#include "FuzzSupport.h"
#include "twilio/FormBody.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView body(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)callgate::checkFormLimits(body);
    const callgate::FormFields fields = callgate::parseForm(body);
    (void)callgate::formValue(fields, u"CallSid");
    CALLGATE_FUZZ_CHECK(callgate::parseForm(callgate::encodeForm(fields)) == fields
                        || fields.contains(qMakePair(QString(), QString()))); // "&=&" has an empty pair
    return 0;
}
