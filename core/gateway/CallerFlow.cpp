#include "gateway/CallerFlow.h"

#include "call/CallObservers.h"
#include "call/CallSummary.h"
#include "config/Config.h"
#include "config/TwilioRestSettings.h"
#include "content/PromptLibrary.h"
#include "gateway/CallerPrompts.h"
#include "gateway/CustomerApi.h"
#include "gateway/LookupCache.h"
#include "gateway/Metrics.h"
#include "gateway/OneTimeLedger.h"
#include "gateway/SessionRegistry.h"
#include "gateway/TwilioAuth.h"
#include "store/AppAccounts.h"
#include "store/SharedLedger.h"
#include "twilio/Logging.h"
#include "twilio/PhoneNumber.h"
#include "twilio/RestClient.h"
#include "twilio/TwimlWriter.h"
#include "util/Ids.h"
#include "util/PhoneMask.h"

#include <QHttpServerRequest>
#include <QTimer>
#include <QUrlQuery>

namespace callgate {
namespace {

constexpr int kMaxFailures = 3; // invalid or non-mobile entries
constexpr int kMaxSilences = 3; // prompts in a row that heard nothing
constexpr int kNumberTimeoutSeconds = 8;
constexpr int kKeyTimeoutSeconds = 6;

constexpr QLatin1StringView kIncoming("/incoming-call");
constexpr QLatin1StringView kValidate("/validate-number");
constexpr QLatin1StringView kConfirm("/confirm-number");
constexpr QLatin1StringView kConsent("/consent");

qint64 nowSeconds() { return QDateTime::currentSecsSinceEpoch(); }

twilio::SayOptions sayOptions(const FlowServices &shared)
{
    return {shared.config.callerVoice.isEmpty() ? shared.callerText.defaultVoice : shared.config.callerVoice, shared.callerText.bcp47};
}

} // namespace

bool balancerRetries(const QHttpServerRequest &request) { return request.value(QByteArrayLiteral("x-callgate-retry-elsewhere")) == "1"; }

struct CallerFlow::Webhook {
    bool balanced = false; // a balancer in front will try another instance on 503
    FormFields form;
    QString callSid;
    QString from;
    QString to;
    bool hasDigits = false; // a Gather's action; a fall-through Redirect has none
    QString digits;
};

CallerFlow::CallerFlow(const FlowServices &services, QObject *parent)
    : QObject(parent), m_services(services), m_refusals(&services.metrics.logLinesSuppressed)
{
    const Config &c = services.config;
    m_rest = std::make_unique<twilio::RestClient>(twilioRestSettings(c), this);
    m_customers = std::make_unique<CustomerApiClient>(c.customerApiUrl, c.customerApiToken, c.customerApiTimeoutMs, this);
}

CallerFlow::~CallerFlow() = default;

bool CallerFlow::handles(QStringView path) { return path == kIncoming || path == kValidate || path == kConfirm || path == kConsent; }

void CallerFlow::handle(const QHttpServerRequest &request, Reply reply)
{
    const QString path = request.url().path();
    if (request.method() != QHttpServerRequest::Method::Post) {
        m_services.metrics.reject(RejectReason::MethodNotAllowed);
        reply(HttpResponse::text(405, "Method not allowed"));
        return;
    }
    // Before any work for a stranger: a webhook carries a few dozen short fields and a signature.
    // Sorting and signing a form of thousands of fields would cost a worker (and every call on it)
    // milliseconds per request.
    if (m_services.config.signatureValidation && request.value(QByteArrayLiteral("x-twilio-signature")).isEmpty()) {
        refuseUnsigned(request, twilio::Verdict::Missing, std::move(reply));
        return;
    }
    if (const QString why = checkFormLimits(request.body()); !why.isEmpty()) {
        m_services.metrics.reject(RejectReason::TooManyFields);
        if (m_refusals.allow())
            qCWarning(lcTwilio).noquote() << "refused" << path << "from" << request.remoteAddress().toString()
                                          << "with 400:" << why + m_refusals.suffix();
        reply(HttpResponse::text(400, "Form too large for a webhook"));
        return;
    }
    Webhook hook;
    hook.balanced = balancerRetries(request);
    hook.form = parseForm(request.body());
    const twilio::Verdict verdict = checkWebhookSignature(m_services.config, request, hook.form);
    if (verdict != twilio::Verdict::Valid) {
        refuseUnsigned(request, verdict, std::move(reply));
        return;
    }
    hook.callSid = formValue(hook.form, u"CallSid");
    hook.from = formValue(hook.form, u"From");
    hook.to = formValue(hook.form, u"To");
    for (const auto &field : hook.form) {
        if (field.first == QLatin1String("Digits")) {
            hook.hasDigits = true;
            hook.digits = field.second;
        }
    }
    if (path == kIncoming) {
        incomingCall(hook, std::move(reply));
        return;
    }

    // A draining instance behind a balancer takes no new work: another instance answers this step
    // (the token is not used here, so it is still good there).
    if (hook.balanced && m_services.draining.load()) {
        passOn(path, hook, "shutting down", std::move(reply));
        return;
    }
    const QString token = QUrlQuery(request.url()).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    auto state = m_services.flowSigner.verify(token.toLatin1(), hook.callSid, nowSeconds());
    using Step = FlowState::Step;
    const Step expected = path == kValidate ? Step::AskNumber : path == kConfirm ? Step::ConfirmNumber : Step::Consent;
    if (!state || state.value().step != expected) {
        m_services.metrics.reject(RejectReason::BadFlowToken);
        qCWarning(lcTwilio).noquote() << "refused" << path << "for call" << hook.callSid
                                      << "with 403:" << (state ? QStringLiteral("flow token is for another step") : state.error());
        reply(HttpResponse::text(403, "Invalid or expired flow state"));
        return;
    }
    // One answer per question asked: a replayed webhook (the same signed request again) is refused,
    // so it can neither take another call slot nor write another consent answer.
    const auto claim =
        m_services.usedFlowTokens.claim(state.value().tokenId, m_services.flowSigner.expiresAt(state.value()) + 1, nowSeconds());
    if (claim != OneTimeLedger::Claim::Fresh) {
        m_services.metrics.reject(claim == OneTimeLedger::Claim::Reused ? RejectReason::FlowTokenReused : RejectReason::Busy);
        qCWarning(lcTwilio).noquote() << "refused" << path << "for call" << hook.callSid << "with 403:"
                                      << (claim == OneTimeLedger::Claim::Reused ? "flow token already used (a replayed request)"
                                                                                : "too many flow tokens in use to track another");
        reply(HttpResponse::text(403, "Flow state already used"));
        return;
    }
    auto answer = [this, path, hook, state = state.value()](Reply then) mutable {
        if (path == kValidate)
            validateNumber(hook, std::move(state), std::move(then));
        else if (path == kConfirm)
            confirmNumber(hook, std::move(state), std::move(then));
        else
            consent(hook, std::move(state), std::move(then));
    };
    if (!m_services.ledger) {
        answer(std::move(reply));
        return;
    }
    // In a cluster the token may have been used on another instance: the shared ledger decides.
    m_services.ledger->useOnce(state.value().tokenId, m_services.flowSigner.expiresAt(state.value()) + 1, this,
                               [this, path, callSid = hook.callSid, answer, reply](store::SharedLedger::Outcome outcome) mutable {
                                   using Outcome = store::SharedLedger::Outcome;
                                   if (outcome == Outcome::Done) {
                                       answer(std::move(reply));
                                       return;
                                   }
                                   const bool reused = outcome == Outcome::Reused;
                                   m_services.metrics.reject(reused ? RejectReason::FlowTokenReused : RejectReason::SharedStoreDown);
                                   qCWarning(lcTwilio).noquote()
                                       << "refused" << path << "for call" << callSid
                                       << (reused ? "with 403: flow token already used on another instance (a replayed request)"
                                                  : "with 503: the cluster's database did not say whether its flow token was used");
                                   reply(reused ? HttpResponse::text(403, "Flow state already used")
                                                : HttpResponse::text(503, "The call records database is unavailable; try again"));
                               });
}

void CallerFlow::passOn(const QString &path, const Webhook &hook, const char *why, Reply reply)
{
    m_services.metrics.passedOn.fetch_add(1, std::memory_order_relaxed);
    qCInfo(lcTwilio).noquote() << path << "for call" << hook.callSid << "passed to another instance:" << why;
    HttpResponse r = HttpResponse::text(503, "This instance is not taking calls; another one will");
    r.extraHeaders = "Retry-After: 1\r\n";
    reply(r);
}

void CallerFlow::refuseUnsigned(const QHttpServerRequest &request, twilio::Verdict verdict, Reply reply)
{
    m_services.metrics.reject(verdict == twilio::Verdict::Missing ? RejectReason::SignatureMissing : RejectReason::SignatureMismatch);
    if (m_refusals.allow())
        qCWarning(lcTwilio).noquote() << "refused" << request.url().path() << "from" << request.remoteAddress().toString()
                                      << "with 403:" << QLatin1String(twilio::verdictName(verdict)) + m_refusals.suffix();
    reply(HttpResponse::text(403, "Invalid or missing X-Twilio-Signature"));
}

// ---- Steps ----------------------------------------------------------------------------------

void CallerFlow::incomingCall(const Webhook &hook, Reply reply)
{
    const CallerPrompts &text = m_services.callerText;
    if (m_services.draining.load()
        || m_services.sessions.pendingCount() + m_services.sessions.activeCount() >= m_services.sessions.capacity()) {
        const bool draining = m_services.draining.load();
        if (hook.balanced) {
            passOn(kIncoming.toString(), hook, draining ? "shutting down" : "all call slots in use", std::move(reply));
            return;
        }
        m_services.metrics.reject(draining ? RejectReason::Draining : RejectReason::Busy);
        m_services.metrics.callEnded(CallOutcome::Busy);
        qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "from" << maskPhone(hook.from)
                                   << "turned away:" << (draining ? "shutting down" : "all call slots in use");
        reply(HttpResponse::xml(goodbye(text.busy)));
        return;
    }
    m_services.metrics.webhooksAnswered.fetch_add(1, std::memory_order_relaxed);
    FlowState state;
    state.callSid = hook.callSid;
    state.issuedAt = nowSeconds();
    const QString callerId = twilio::callerIdToE164(hook.from);
    if (callerId.isEmpty()) {
        qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "from" << maskPhone(hook.from)
                                   << "has no usable caller ID: asking for a mobile number";
        publishStep(hook, state, tr("no caller ID: asked for a mobile number"));
        reply(HttpResponse::xml(askNumber(state, {})));
        return;
    }
    lookup(hook.callSid, callerId, [this, hook, state, callerId, reply](const twilio::LookupResult *found) mutable {
        if (found && found->isMobile()) {
            state.step = FlowState::Step::Consent;
            state.number = callerId;
            state.lineType = found->lineType;
            state.source = QStringLiteral("caller-id");
            if (m_customers->enabled())
                m_services.customers.start(*m_customers, hook.callSid, callerId);
            qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "from mobile" << maskPhone(callerId) << ": on to consent";
            toConsent(hook, state, tr("calls from a mobile: hears the consent message"), std::move(reply));
            return;
        }
        qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "from" << maskPhone(callerId) << "is"
                                   << (found ? (found->valid ? found->lineType : QStringLiteral("not a valid number"))
                                             : QStringLiteral("not checkable (Lookup failed)"))
                                   << ": asking for a mobile number";
        publishStep(hook, state,
                    found ? tr("caller ID is not a mobile (%1): asked for one").arg(found->valid ? found->lineType : tr("invalid"))
                          : tr("Lookup failed: asked for a mobile number"));
        reply(HttpResponse::xml(askNumber(state, {})));
    });
}

void CallerFlow::validateNumber(const Webhook &hook, FlowState state, Reply reply)
{
    const CallerPrompts &text = m_services.callerText;
    state.issuedAt = nowSeconds();
    if (!hook.hasDigits || hook.digits.isEmpty()) {
        reply(HttpResponse::xml(silenceOrGoodbye(hook, state)));
        return;
    }
    state.noInputs = 0;
    const auto failed = [this, hook, &text](FlowState s, const QString &why) {
        ++s.failures;
        if (s.failures >= kMaxFailures) {
            m_services.metrics.callEnded(CallOutcome::NotVerified);
            qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "could not verify a mobile number after" << s.failures << "attempts";
            publishStep(hook, s, tr("no mobile number after %1 attempts: goodbye").arg(s.failures),
                        QLatin1String(callOutcomeName(CallOutcome::NotVerified)));
            return goodbye(text.tooManyAttempts);
        }
        publishStep(hook, s, tr("keyed a number that will not do (%1): asked again").arg(why));
        return askNumber(s, why);
    };
    const auto number = twilio::formatPhoneNumber(hook.digits);
    if (!number) {
        qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "keyed an invalid number:" << number.error();
        reply(HttpResponse::xml(failed(state, text.invalidNumber(twilio::phoneErrorOf(hook.digits)))));
        return;
    }
    const QString e164 = number.value();
    lookup(hook.callSid, e164, [this, hook, state, e164, reply, failed, &text](const twilio::LookupResult *found) mutable {
        if (found && !found->valid) {
            reply(HttpResponse::xml(failed(state, text.invalidNumber(twilio::PhoneError::BadAreaCode))));
            return;
        }
        if (found && !found->isMobile()) {
            qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "keyed" << maskPhone(e164) << "which is" << found->lineType;
            reply(HttpResponse::xml(failed(state, text.notMobile)));
            return;
        }
        // A mobile, or Lookup could not say: read it back. When Lookup is down callers still get
        // through, with the number marked unverified.
        state.step = FlowState::Step::ConfirmNumber;
        state.number = e164;
        state.lineType = found ? found->lineType : QString();
        state.source = found ? QStringLiteral("keypad") : QStringLiteral("keypad-unverified");
        publishStep(hook, state, tr("keyed a mobile number: hears it read back"));
        reply(HttpResponse::xml(confirmPrompt(state, {})));
    });
}

void CallerFlow::confirmNumber(const Webhook &hook, FlowState state, Reply reply)
{
    state.issuedAt = nowSeconds();
    if (hook.digits == QLatin1String("1")) {
        state.step = FlowState::Step::Consent;
        state.noInputs = 0;
        if (m_customers->enabled())
            m_services.customers.start(*m_customers, hook.callSid, state.number);
        qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "confirmed" << maskPhone(state.number) << ": on to consent";
        toConsent(hook, state, tr("confirmed the number: hears the consent message"), std::move(reply));
        return;
    }
    if (hook.digits == QLatin1String("2")) {
        ++state.failures;
        if (state.failures >= kMaxFailures) {
            m_services.metrics.callEnded(CallOutcome::NotVerified);
            reply(HttpResponse::xml(goodbye(m_services.callerText.tooManyAttempts)));
            return;
        }
        state.step = FlowState::Step::AskNumber;
        state.number.clear();
        state.noInputs = 0;
        reply(HttpResponse::xml(askNumber(state, {})));
        return;
    }
    reply(HttpResponse::xml(silenceOrGoodbye(hook, state)));
}

void CallerFlow::consent(const Webhook &hook, FlowState state, Reply reply)
{
    state.issuedAt = nowSeconds();
    if (hook.digits == QLatin1String("1")) {
        publishConsent(hook, state, true, QStringLiteral("keypad"));
        publishStep(hook, state, tr("consented: connecting to the assistant"));
        connectStream(hook, state, QStringLiteral("keypad"), {}, std::move(reply));
        return;
    }
    if (hook.digits == QLatin1String("2")) {
        publishConsent(hook, state, false, QStringLiteral("keypad"));
        publishStep(hook, state, tr("declined consent: goodbye"), QLatin1String(callOutcomeName(CallOutcome::Declined)));
        m_services.metrics.callEnded(CallOutcome::Declined);
        reply(HttpResponse::xml(goodbye(m_services.callerText.declined)));
        return;
    }
    reply(HttpResponse::xml(silenceOrGoodbye(hook, state)));
}

void CallerFlow::toConsent(const Webhook &hook, FlowState state, const QString &where, Reply reply)
{
    const auto ask = [this, hook, where](const FlowState &s, const Reply &then) {
        publishStep(hook, s, where);
        then(HttpResponse::xml(consentPrompt(s, {})));
    };
    if (!m_services.appAccounts) {
        ask(state, reply);
        return;
    }
    m_services.appAccounts->consentOf(
        state.number, this, [this, hook, state, reply, ask](store::AppAccounts::Outcome outcome, const store::AppConsent &given) mutable {
            const PromptText message = m_services.prompts.get(PromptKind::Consent);
            if (outcome != store::AppAccounts::Outcome::Done
                || !store::appConsentCounts(given, message.version, m_services.config.appConsentValidDays,
                                            QDateTime::currentDateTimeUtc())) {
                // Never given, withdrawn, too old, for another message — or the database cannot say:
                // the caller is asked on the keypad as always.
                ask(state, reply);
                return;
            }
            state.consentVersion = given.messageVersion;
            m_services.metrics.app.callsSkippingKeypad.fetch_add(1, std::memory_order_relaxed);
            qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "from" << maskPhone(state.number)
                                       << "consented in the app: no keypad question";
            publishConsent(hook, state, true, QStringLiteral("app"));
            publishStep(hook, state, tr("consented in the app: connecting to the assistant"));
            connectStream(hook, state, QStringLiteral("app"), m_services.callerText.consentInApp, std::move(reply));
        });
}

void CallerFlow::connectStream(const Webhook &hook, const FlowState &state, const QString &method, const QString &preface, Reply reply)
{
    SessionInfo info;
    info.callSid = hook.callSid;
    info.from = hook.from;
    info.to = hook.to;
    info.verification.number = state.number;
    info.verification.lineType = state.lineType;
    info.verification.source = state.source;
    info.verification.language = m_services.config.callerLanguage;
    info.verification.consentVersion = state.consentVersion;
    info.verification.consentAt = QDateTime::currentDateTimeUtc();
    info.verification.consentMethod = method;
    auto answerWithStream = [this, preface](const SessionInfo &s, const Reply &then) {
        twilio::TwimlWriter w;
        if (!preface.isEmpty())
            w.say(preface, sayOptions(m_services));
        w.connectStream(m_services.config.streamUrlFor(s.id),
                        {{QStringLiteral("callSid"), s.callSid}, {QStringLiteral("callerNumber"), s.from}});
        qCInfo(lcTwilio).noquote() << "call" << s.callSid << "from" << maskPhone(s.from) << "consented; session" << s.id.left(6) + "…"
                                   << "waits for its stream";
        then(HttpResponse::xml(w.finish()));
    };
    auto proceed = [this, info, reply, answerWithStream](CustomerInfo customer) mutable {
        info.customer = std::move(customer);
        if (m_services.ledger) {
            // In a cluster the session waits in the shared ledger, for whichever instance its
            // stream reaches; it is stored before Twilio hears of it.
            info.id = newSessionId();
            const qint64 expiresAt = nowSeconds() + m_services.config.sessionPendingTtlSeconds;
            m_services.ledger->putSession(
                info.id, sessionToJson(info), expiresAt, this, [this, info, reply, answerWithStream](store::SharedLedger::Outcome outcome) {
                    if (outcome == store::SharedLedger::Outcome::Done) {
                        answerWithStream(info, reply);
                        return;
                    }
                    m_services.metrics.reject(RejectReason::SharedStoreDown);
                    m_services.metrics.callEnded(CallOutcome::Busy);
                    qCWarning(lcTwilio).noquote()
                        << "call" << info.callSid << "turned away: the cluster's database did not take its session";
                    reply(HttpResponse::xml(goodbye(m_services.callerText.busy)));
                });
            return;
        }
        auto session = m_services.sessions.createPending(info);
        if (!session) {
            m_services.metrics.reject(RejectReason::Busy);
            m_services.metrics.callEnded(CallOutcome::Busy);
            qCWarning(lcTwilio).noquote() << "call" << info.callSid << "turned away:" << session.error();
            reply(HttpResponse::xml(goodbye(m_services.callerText.busy)));
            return;
        }
        answerWithStream(session.value(), reply);
    };
    if (!m_customers->enabled() || state.number.isEmpty()) {
        proceed({});
        return;
    }
    m_services.customers.take(*m_customers, hook.callSid, state.number, m_services.config.customerApiTimeoutMs, this, proceed);
}

void CallerFlow::lookup(const QString &callSid, const QString &e164, std::function<void(const twilio::LookupResult *)> then)
{
    if (const auto hit = m_services.lookups.find(e164)) {
        then(&*hit);
        return;
    }
    m_services.metrics.lookups.fetch_add(1, std::memory_order_relaxed);
    auto once = std::make_shared<std::function<void(const twilio::LookupResult *)>>(std::move(then));
    const int timeoutMs = m_services.config.lookupTimeoutMs;
    QTimer::singleShot(timeoutMs, this, [this, once, callSid, timeoutMs] {
        if (!*once)
            return;
        m_services.metrics.lookupFailures.fetch_add(1, std::memory_order_relaxed);
        qCWarning(lcTwilio).noquote() << "call" << callSid << "Lookup did not answer within" << timeoutMs << "ms";
        std::exchange(*once, nullptr)(nullptr);
    });
    m_rest->lookupLineType(e164, this, [this, once, callSid, e164](Result<twilio::LookupResult> r) {
        if (r)
            m_services.lookups.insert(e164, r.value()); // kept even if the webhook stopped waiting
        if (!*once)
            return;
        if (!r) {
            m_services.metrics.lookupFailures.fetch_add(1, std::memory_order_relaxed);
            qCWarning(lcTwilio).noquote() << "call" << callSid << "Lookup failed:" << r.error();
            std::exchange(*once, nullptr)(nullptr);
            return;
        }
        std::exchange(*once, nullptr)(&r.value());
    });
}

// ---- TwiML ----------------------------------------------------------------------------------

QString CallerFlow::actionUrl(const char *path, const FlowState &state) const
{
    return m_services.config.publicUrlFor(QString::fromLatin1(path)) + QStringLiteral("?state=")
        + QString::fromLatin1(m_services.flowSigner.sign(state));
}

QByteArray CallerFlow::askNumber(FlowState state, const QString &preface) const
{
    state.step = FlowState::Step::AskNumber;
    const QString url = actionUrl("/validate-number", state);
    const auto say = sayOptions(m_services);
    twilio::TwimlWriter w;
    w.beginGather({url, QStringLiteral("dtmf"), 0, kNumberTimeoutSeconds, QStringLiteral("#")});
    if (!preface.isEmpty())
        w.say(preface, say);
    w.say(preface.isEmpty() && state.failures == 0 ? m_services.callerText.askMobile : m_services.callerText.askMobileAgain, say);
    w.endGather();
    w.redirect(url); // heard nothing: Twilio falls through to here
    return w.finish();
}

QByteArray CallerFlow::confirmPrompt(FlowState state, const QString &preface) const
{
    const QString url = actionUrl("/confirm-number", state);
    const auto say = sayOptions(m_services);
    twilio::TwimlWriter w;
    w.beginGather({url, QStringLiteral("dtmf"), 1, kKeyTimeoutSeconds, QString()});
    if (!preface.isEmpty())
        w.say(preface, say);
    w.say(m_services.callerText.confirm.arg(twilio::spokenDigits(state.number)), say);
    w.say(m_services.callerText.pressOneOrTwo, say);
    w.endGather();
    w.redirect(url);
    return w.finish();
}

QByteArray CallerFlow::consentPrompt(FlowState state, const QString &preface) const
{
    const PromptText message = m_services.prompts.get(PromptKind::Consent);
    state.consentVersion = message.version;
    const QString url = actionUrl("/consent", state);
    const auto say = sayOptions(m_services);
    twilio::TwimlWriter w;
    w.beginGather({url, QStringLiteral("dtmf"), 1, kKeyTimeoutSeconds, QString()});
    if (!preface.isEmpty())
        w.say(preface, say);
    w.say(message.text, say);
    w.say(m_services.callerText.consentKeys, say);
    w.endGather();
    w.redirect(url);
    return w.finish();
}

QByteArray CallerFlow::goodbye(const QString &text) const
{
    twilio::TwimlWriter w;
    w.say(text, sayOptions(m_services));
    w.hangup();
    return w.finish();
}

QByteArray CallerFlow::silenceOrGoodbye(const Webhook &hook, FlowState state) const
{
    ++state.noInputs;
    if (state.noInputs >= kMaxSilences) {
        qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "heard nothing" << state.noInputs << "times at" << flowStepName(state.step)
                                   << ": goodbye";
        const CallOutcome outcome = state.step == FlowState::Step::Consent ? CallOutcome::Declined : CallOutcome::NotVerified;
        m_services.metrics.callEnded(outcome);
        publishStep(hook, state, tr("no answer: goodbye"), QLatin1String(callOutcomeName(outcome)));
        return goodbye(m_services.callerText.noInput + QLatin1Char(' ') + m_services.callerText.goodbye);
    }
    publishStep(hook, state, tr("no answer: asked again"));
    switch (state.step) {
    case FlowState::Step::AskNumber: return askNumber(state, m_services.callerText.noInput);
    case FlowState::Step::ConfirmNumber: return confirmPrompt(state, m_services.callerText.noInput);
    case FlowState::Step::Consent: return consentPrompt(state, m_services.callerText.noInput);
    }
    return goodbye(m_services.callerText.goodbye);
}

void CallerFlow::publishStep(const Webhook &hook, const FlowState &state, const QString &where, const QString &outcome) const
{
    CallEvent e;
    e.kind = CallEvent::Kind::FlowStep;
    e.sessionId = flowKey(hook.callSid);
    e.callSid = hook.callSid;
    e.caller = hook.from;
    e.text = where;
    e.detail = outcome;
    e.at = QDateTime::currentDateTimeUtc();
    e.verification.number = state.number;
    e.verification.lineType = state.lineType;
    e.verification.source = state.source;
    e.verification.language = m_services.config.callerLanguage;
    m_services.events.publish(e);
}

void CallerFlow::publishConsent(const Webhook &hook, const FlowState &state, bool accepted, const QString &method) const
{
    CallEvent e;
    e.kind = CallEvent::Kind::Consent;
    e.callSid = hook.callSid;
    e.caller = hook.from;
    e.text = accepted ? QStringLiteral("accepted") : QStringLiteral("declined");
    e.at = QDateTime::currentDateTimeUtc();
    e.verification.number = state.number;
    e.verification.lineType = state.lineType;
    e.verification.source = state.source;
    e.verification.language = m_services.config.callerLanguage;
    e.verification.consentVersion = state.consentVersion;
    e.verification.consentAt = e.at;
    e.verification.consentMethod = method;
    m_services.events.publish(e);
    qCInfo(lcTwilio).noquote() << "call" << hook.callSid << "consent" << e.text
                               << QStringLiteral("(message version %1)").arg(state.consentVersion);
}

} // namespace callgate
