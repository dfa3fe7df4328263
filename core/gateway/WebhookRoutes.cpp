#include "gateway/WebhookRoutes.h"

#include "gateway/GatewayShared.h"
#include "gateway/TwilioAuth.h"
#include "twilio/TwimlWriter.h"
#include "util/Log.h"
#include "util/PhoneMask.h"

#include <QHttpServerRequest>

namespace callgate {

QByteArray busyTwiml()
{
    twilio::TwimlWriter w;
    w.say(QStringLiteral("All our lines are busy right now. Please call again later. Goodbye."));
    w.hangup();
    return w.finish();
}

HttpResponse handleIncomingCall(GatewayShared &shared, const QHttpServerRequest &request)
{
    const FormFields form = parseForm(request.body());
    const twilio::Verdict verdict = checkWebhookSignature(shared.config, request, form);
    if (verdict != twilio::Verdict::Valid) {
        shared.metrics.reject(verdict == twilio::Verdict::Missing ? RejectReason::SignatureMissing
                                                                  : RejectReason::SignatureMismatch);
        qCWarning(lcTwilio) << "refused /incoming-call from" << request.remoteAddress().toString()
                            << "with 403:" << twilio::verdictName(verdict);
        return HttpResponse::text(403, "Invalid or missing X-Twilio-Signature");
    }
    const QString callSid = formValue(form, u"CallSid");
    const QString from = formValue(form, u"From");
    const QString to = formValue(form, u"To");

    if (shared.draining.load()) {
        shared.metrics.reject(RejectReason::Draining);
        shared.metrics.callEnded(CallOutcome::Busy);
        qCInfo(lcTwilio).noquote() << "call" << callSid << "from" << maskPhone(from) << "turned away: shutting down";
        return HttpResponse::xml(busyTwiml());
    }
    auto session = shared.sessions.createPending(callSid, from, to);
    if (!session) {
        shared.metrics.reject(RejectReason::Busy);
        shared.metrics.callEnded(CallOutcome::Busy);
        qCWarning(lcTwilio).noquote() << "call" << callSid << "turned away:" << session.error();
        return HttpResponse::xml(busyTwiml());
    }
    const SessionInfo &s = session.value();
    twilio::TwimlWriter w;
    w.connectStream(shared.config.streamUrlFor(s.id),
                    {{QStringLiteral("callSid"), callSid}, {QStringLiteral("callerNumber"), from}});
    shared.metrics.webhooksAnswered.fetch_add(1, std::memory_order_relaxed);
    qCInfo(lcTwilio).noquote() << "call" << callSid << "from" << maskPhone(from) << "answered; session"
                               << s.id.left(6) + "…" << "waits for its stream";
    return HttpResponse::xml(w.finish());
}

} // namespace callgate
