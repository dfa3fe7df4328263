// Flow tokens: any token text is refused or verified without a crash; a token that verifies was
// signed by us (the fuzzer cannot forge one); and what we sign verifies back to the same state.

#include "FuzzSupport.h"
#include "gateway/FlowToken.h"

#include <fuzzer/FuzzedDataProvider.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const callgate::FlowTokenSigner signer("fuzz secret");
    FuzzedDataProvider fdp(data, size);
    const QByteArray token = QByteArray::fromStdString(fdp.ConsumeRandomLengthString(600));
    const QString callSid = QString::fromStdString(fdp.ConsumeRandomLengthString(40));
    CALLGATE_FUZZ_CHECK(!signer.verify(token, callSid, 1000).ok());

    callgate::FlowState s;
    s.step = callgate::FlowState::Step(fdp.ConsumeIntegralInRange<int>(0, 2));
    s.callSid = callSid;
    s.number = QString::fromStdString(fdp.ConsumeRandomLengthString(20));
    s.lineType = QString::fromStdString(fdp.ConsumeRandomLengthString(20));
    s.source = QString::fromStdString(fdp.ConsumeRandomLengthString(20));
    s.failures = fdp.ConsumeIntegralInRange<int>(0, 9);
    s.noInputs = fdp.ConsumeIntegralInRange<int>(0, 9);
    s.consentVersion = QString::fromStdString(fdp.ConsumeRandomLengthString(20));
    s.issuedAt = 1000;
    const QByteArray signedToken = signer.sign(s);
    const auto back = signer.verify(signedToken, s.callSid, 1000);
    CALLGATE_FUZZ_CHECK(back.ok());
    CALLGATE_FUZZ_CHECK(back.value().step == s.step && back.value().callSid == s.callSid && back.value().number == s.number
                        && back.value().lineType == s.lineType && back.value().source == s.source && back.value().failures == s.failures
                        && back.value().noInputs == s.noInputs && back.value().consentVersion == s.consentVersion);
    return 0;
}
