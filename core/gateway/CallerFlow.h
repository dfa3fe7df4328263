#pragma once
// The caller's way in, one webhook at a time:
//   POST /incoming-call    caller ID → E.164 → Lookup (cached). A mobile goes straight to consent;
//                          anything else (landline, VoIP, withheld, invalid, unknown, Lookup down or
//                          slow) is asked to key in a mobile number.
//   POST /validate-number  the keyed digits → E.164 → Lookup; invalid or not a mobile: say why, ask
//                          again; a mobile: read it back.
//   POST /confirm-number   1 confirms, 2 re-enters.
//   POST /consent          1 accepts (recorded, then the media stream connects), 2 declines.
// Three failed entries, or three silences in a row, end with a polite goodbye. A <Gather> that
// hears nothing falls through to a <Redirect> back to the same step. What a step needs from the
// last travels in a signed FlowToken, so any instance can answer; a bad token gets 403.
// The customer API is asked as soon as the number is verified, while the consent plays.
// One per worker thread (its REST and customer clients live there); replies may come later than
// the request (after Lookup), through the Reply callback.

#include "gateway/FlowToken.h"
#include "gateway/HttpResponse.h"
#include "twilio/RequestValidator.h"
#include "util/LogThrottle.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QHttpServerRequest;

namespace callgate {

class CallObservers;
class CustomerApiClient;
class CustomerPrefetch;
class LookupCache;
class Metrics;
class OneTimeLedger;
class PromptLibrary;
class SessionRegistry;
struct CallerPrompts;
struct Config;
namespace twilio {
class RestClient;
struct LookupResult;
} // namespace twilio
namespace store {
class AppAccounts;
class SharedLedger;
} // namespace store

// What the caller flow takes from its gateway: settings and counters, the sessions it creates, the
// draining flag, the consent prompt, the Lookup cache, customer answers under way, the flow-token
// signer and ledger, the caller's texts, and who hears its steps. Shared by the workers; each is
// thread-safe or read-only.
struct FlowServices {
    const Config &config;
    Metrics &metrics;
    SessionRegistry &sessions;
    const std::atomic<bool> &draining;
    const PromptLibrary &prompts;
    LookupCache &lookups;
    CustomerPrefetch &customers;
    const FlowTokenSigner &flowSigner;
    OneTimeLedger &usedFlowTokens;
    const CallerPrompts &callerText;
    const CallObservers &events;
    // In a cluster (a PostgreSQL DATABASE_URL): where a flow token's one use and a new session are
    // recorded for every instance; null for a gateway on its own.
    store::SharedLedger *ledger = nullptr;
    // With USER_APP: where consent given in the app is kept; a verified number whose consent there
    // still counts skips the keypad question. Null otherwise.
    store::AppAccounts *appAccounts = nullptr;
};

// Whether the request came through a load balancer that will try another instance when this one
// answers 503 (its config sets X-Callgate-Retry-Elsewhere: 1; the last try it makes does not).
bool balancerRetries(const QHttpServerRequest &request);

class CallerFlow : public QObject {
    Q_OBJECT
public:
    using Reply = std::function<void(const HttpResponse &)>;

    CallerFlow(const FlowServices &services, QObject *parent = nullptr);
    ~CallerFlow() override;

    // True for the paths this class answers.
    static bool handles(QStringView path);
    void handle(const QHttpServerRequest &request, Reply reply);

    twilio::RestClient &rest() { return *m_rest; }

private:
    struct Webhook;
    void incomingCall(const Webhook &hook, Reply reply);
    void validateNumber(const Webhook &hook, FlowState state, Reply reply);
    void confirmNumber(const Webhook &hook, FlowState state, Reply reply);
    void consent(const Webhook &hook, FlowState state, Reply reply);
    // The number is verified: the consent question, or — when its owner consented in the app and
    // that still counts — one line saying so, and on to the assistant. `where` is the step for
    // the console when the question is asked.
    void toConsent(const Webhook &hook, FlowState state, const QString &where, Reply reply);

    // Looks the number up (cache first), answering `then` within LOOKUP_TIMEOUT_MS: a timeout or
    // failure arrives as an empty optional.
    void lookup(const QString &callSid, const QString &e164, std::function<void(const twilio::LookupResult *)> then);

    QByteArray askNumber(FlowState state, const QString &preface) const;
    QByteArray confirmPrompt(FlowState state, const QString &preface) const;
    QByteArray consentPrompt(FlowState state, const QString &preface) const;
    QByteArray goodbye(const QString &text) const;
    QByteArray silenceOrGoodbye(const Webhook &hook, FlowState state) const;
    QString actionUrl(const char *path, const FlowState &state) const;
    void publishConsent(const Webhook &hook, const FlowState &state, bool accepted, const QString &method) const;
    // Where a caller in the flow is, for the console; `outcome` when the flow ended the call.
    void publishStep(const Webhook &hook, const FlowState &state, const QString &where, const QString &outcome = {}) const;
    // `method`: how consent was given (keypad, app); `preface` is said before the stream connects.
    void connectStream(const Webhook &hook, const FlowState &state, const QString &method, const QString &preface, Reply reply);
    void refuseUnsigned(const QHttpServerRequest &request, twilio::Verdict verdict, Reply reply);
    // 503 for the balancer to take the request elsewhere (this instance is draining or full).
    void passOn(const QString &path, const Webhook &hook, const char *why, Reply reply);

    const FlowServices m_services;
    LogThrottle m_refusals; // a stream of forged requests writes a few lines, then a count
    std::unique_ptr<twilio::RestClient> m_rest;
    std::unique_ptr<CustomerApiClient> m_customers;
};

} // namespace callgate
