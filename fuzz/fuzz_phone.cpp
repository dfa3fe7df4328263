// E.164 from keyed digits and caller IDs: whatever comes out is '+' and 8 to 15 digits.

#include "FuzzSupport.h"
#include "twilio/PhoneNumber.h"

namespace {

bool isE164(const QString &n)
{
    if (!n.startsWith(QLatin1Char('+')) || n.size() < 9 || n.size() > 16)
        return false;
    for (qsizetype i = 1; i < n.size(); ++i) {
        if (!n[i].isDigit() || n[i].unicode() > '9')
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto keyed = callgate::twilio::formatPhoneNumber(text);
    if (keyed) {
        CALLGATE_FUZZ_CHECK(isE164(keyed.value()));
        (void)callgate::twilio::spokenDigits(keyed.value());
    }
    (void)callgate::twilio::phoneErrorOf(text);
    const QString callerId = callgate::twilio::callerIdToE164(text);
    CALLGATE_FUZZ_CHECK(callerId.isEmpty() || isE164(callerId));
    return 0;
}
