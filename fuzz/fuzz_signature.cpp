// X-Twilio-Signature input: any URL, parameters and header. The URL candidates (ports, schemes,
// re-encoded queries) never fail, and a signature we compute validates.

#include "FuzzSupport.h"
#include "twilio/RequestValidator.h"

#include <fuzzer/FuzzedDataProvider.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    const QByteArray token = QByteArray::fromStdString(fdp.ConsumeRandomLengthString(64));
    const QString url = QString::fromStdString(fdp.ConsumeRandomLengthString(300));
    const QByteArray header = QByteArray::fromStdString(fdp.ConsumeRandomLengthString(64));
    callgate::FormFields params;
    while (fdp.remaining_bytes() > 0 && params.size() < 64)
        params.append(
            {QString::fromStdString(fdp.ConsumeRandomLengthString(32)), QString::fromStdString(fdp.ConsumeRandomLengthString(64))});
    (void)callgate::twilio::signatureUrlCandidates(url);
    (void)callgate::twilio::validateForm(token, header, url, params);
    (void)callgate::twilio::validateRawBody(token, header, url, header);
    const QByteArray good = callgate::twilio::computeSignature(token, url, params);
    CALLGATE_FUZZ_CHECK(callgate::twilio::validateForm(token, good, url, params) == callgate::twilio::Verdict::Valid);
    return 0;
}
