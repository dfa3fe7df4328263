// The caller's way in, end to end over loopback: a real gateway, simulated callers that follow the
// TwiML with scripted keypad digits, Twilio's REST API (Lookup, Calls), a Google Docs export and a
// customer API — all simulated to the protocol. Mobile callers go straight to consent; landline
// callers key in a mobile number; bad entries, Lookup failures, Docs failures, a customer API that
// is down, a declined consent, escalation to a live agent, end_call through the Calls API and a
// tampered flow token.

#include "RawHttp.h"
#include "TestGateway.h"

#include "content/PromptFetcher.h"
#include "gateway/GatewayShared.h"
#include "sim/ClipLibrary.h"
#include "sim/CustomerApiSim.h"
#include "sim/DocsSim.h"
#include "sim/RealtimeSim.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"
#include "util/PhoneMask.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

const QString kConsentDoc = QStringLiteral("consentDocument0123");
const QString kConsentText = QStringLiteral("This call is recorded by Example Corp for quality. Version seven.");
const QString kAgentNumber = QStringLiteral("+14155550000");
const QByteArray kCustomerToken = "customer-token";

int sequence = 0;
QString nextCallSid() { return QStringLiteral("CA%1").arg(++sequence, 32, 10, QLatin1Char('0')); }
QString nextNumber() { return QStringLiteral("+1415555%1").arg(1000 + (++sequence), 4, 10, QLatin1Char('0')); }

} // namespace

class TestCallerFlow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void mobileCallerGoesStraightToConsentAndTheAi();
    void landlineCallerKeysAMobileNumber();
    void keysAreCollectedAsTwilioCollectsThem();
    void threeBadEntriesEndPolitely();
    void silenceIsAskedAgainThenEnds();
    void lookupFailureAsksForAMobileNumber();
    void docsFailureIsServedFromTheLastGoodCopy();
    void customerApiDataPersonalisesTheAi();
    void customerApiDownDoesNotStopTheCall();
    void declinedConsentEndsTheCall();
    void escalationWithNoOneTakingItTransfers();
    void headlessEscalationIsTransferredAtOnce();
    void supervisorTakingTheCallStopsTheTransfer();
    void whisperReachesTheAiNotTheCaller();
    void supervisorHangsUpOrTransfers();
    void endCallCompletesThroughTheCallsApi();
    void tamperedFlowTokenIs403();
    void spanishCallersHearSpanish();
    void summarySmsGoesToTheVerifiedMobile();
    void recordingDecodesToTheCallsLength();

private:
    CallerRecord runCaller(CallerOptions o, int timeoutMs = 30000);
    CallerOptions caller(const QString &from);

    QTemporaryDir m_dir;
    std::unique_ptr<RealtimeSimServer> m_ai;
    std::unique_ptr<DocsSim> m_docs;
    std::unique_ptr<CustomerApiSim> m_customers;
    std::unique_ptr<Gateway> m_gateway;
    EventLog m_log;
    QNetworkAccessManager m_network;
};

void TestCallerFlow::initTestCase()
{
    m_ai = std::make_unique<RealtimeSimServer>();
    QVERIFY(m_ai->listen().ok());
    m_docs = std::make_unique<DocsSim>();
    QVERIFY(m_docs->listen().ok());
    m_docs->setDoc(kConsentDoc, kConsentText);
    m_customers = std::make_unique<CustomerApiSim>(kCustomerToken);
    QVERIFY(m_customers->listen().ok());

    Config c = testConfig();
    c.openAiRealtimeUrl = m_ai->url();
    c.prompts[int(PromptKind::Consent)] = QStringLiteral("gdoc:") + kConsentDoc;
    c.googleDocsBaseUrl = m_docs->url();
    c.promptCacheDir = m_dir.filePath(QStringLiteral("prompts"));
    c.customerApiUrl = m_customers->url();
    c.customerApiToken = QString::fromLatin1(kCustomerToken);
    c.customerApiTimeoutMs = 700;
    c.lookupTimeoutMs = 700;
    c.agentWaitSeconds = 1;
    c.liveAgentNumber = kAgentNumber;
    m_gateway = std::make_unique<Gateway>(c);
    m_gateway->shared().addObserver(&m_log);
    m_gateway->shared().consoles = 1; // a supervisor watches, unless a test says otherwise
    QVERIFY(m_gateway->start().ok());
    // The consent message comes from its Google Doc before the first call.
    QTRY_COMPARE(m_gateway->shared().prompts.get(PromptKind::Consent).origin, QStringLiteral("google-doc"));
}

void TestCallerFlow::cleanupTestCase() { m_gateway.reset(); }

void TestCallerFlow::cleanup()
{
    twilioRest().clearFailures();
    twilioRest().setLookupDelayMs(0);
    m_customers->setMode(CustomerApiSim::Mode::Normal);
}

CallerOptions TestCallerFlow::caller(const QString &from)
{
    CallerOptions o = callerFor(*m_gateway);
    o.from = from;
    o.callSid = nextCallSid();
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(100), CallerStep::hangUp()};
    return o;
}

CallerRecord TestCallerFlow::runCaller(CallerOptions o, int timeoutMs)
{
    TwilioCaller call(o, m_network);
    call.start();
    // The record says how far the call got; each test checks what it expects of it.
    if (!QTest::qWaitFor([&] { return call.record().finished; }, timeoutMs))
        qWarning("the simulated call did not finish within %d ms", timeoutMs);
    return call.record();
}

void TestCallerFlow::mobileCallerGoesStraightToConsentAndTheAi()
{
    const QString from = nextNumber(); // every number is a mobile unless a test says otherwise
    CallerOptions o = caller(from);
    const int lookupsBefore = twilioRest().record().lookups;
    const CallerRecord r = runCaller(o);
    QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
    QCOMPARE(r.webhooks, QStringList({QStringLiteral("/incoming-call"), QStringLiteral("/consent")}));
    QVERIFY2(r.said.contains(kConsentText), qPrintable(r.said.join(QLatin1String(" | "))));
    QVERIFY(r.streamOpened);
    QVERIFY(r.audioBytesReceived > 8000); // the AI's greeting
    QCOMPARE(r.endedBy, QStringLiteral("caller hung up"));
    QCOMPARE(twilioRest().record().lookups, lookupsBefore + 1);

    const auto consent = m_log.of(o.callSid, CallEvent::Kind::Consent);
    QCOMPARE(consent.size(), 1);
    QCOMPARE(consent[0].text, QStringLiteral("accepted"));
    QCOMPARE(consent[0].verification.number, from);
    QCOMPARE(consent[0].verification.source, QStringLiteral("caller-id"));
    QCOMPARE(consent[0].verification.consentMethod, QStringLiteral("keypad"));
    QCOMPARE(consent[0].verification.consentVersion, promptVersionOf(kConsentText));
    const auto started = m_log.of(o.callSid, CallEvent::Kind::Started);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started[0].verification.number, from);
    QCOMPARE(started[0].verification.lineType, QStringLiteral("mobile"));

    // The same caller again: Lookup's answer comes from the cache.
    CallerOptions again = caller(from);
    runCaller(again);
    QCOMPARE(twilioRest().record().lookups, lookupsBefore + 1);
}

void TestCallerFlow::landlineCallerKeysAMobileNumber()
{
    const QString from = nextNumber();
    twilioRest().setLineType(from, QStringLiteral("landline"));
    CallerOptions o = caller(from);
    o.gatherDigits = {QStringLiteral("4155550177#"), QStringLiteral("1"), QStringLiteral("1")};
    const CallerRecord r = runCaller(o);
    QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
    QCOMPARE(r.webhooks,
             QStringList({QStringLiteral("/incoming-call"), QStringLiteral("/validate-number"), QStringLiteral("/confirm-number"),
                          QStringLiteral("/consent")}));
    const QString said = r.said.join(QLatin1String(" | "));
    QVERIFY2(said.contains(QLatin1String("enter your mobile phone number")), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("You entered 4 1 5, 5 5 5, 0 1 7 7.")), qPrintable(said));
    QVERIFY(r.streamOpened);
    const auto started = m_log.of(o.callSid, CallEvent::Kind::Started);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started[0].verification.number, QStringLiteral("+14155550177"));
    QCOMPARE(started[0].verification.source, QStringLiteral("keypad"));
    QCOMPARE(started[0].caller, from); // the caller ID is kept as well
    // The console saw where the caller was at each step.
    QStringList steps;
    for (const CallEvent &e : m_log.of(o.callSid, CallEvent::Kind::FlowStep))
        steps << e.text;
    QCOMPARE(steps,
             QStringList({QStringLiteral("caller ID is not a mobile (landline): asked for one"),
                          QStringLiteral("keyed a mobile number: hears it read back"),
                          QStringLiteral("confirmed the number: hears the consent message"),
                          QStringLiteral("consented: connecting to the assistant")}));
}

void TestCallerFlow::keysAreCollectedAsTwilioCollectsThem()
{
    // The number prompt ends on '#' or its timeout, the consent prompt after one key: a caller
    // who keys the number without '#' is heard once the timeout passes, and a second key at the
    // consent prompt is not part of the answer.
    const QString from = nextNumber();
    twilioRest().setLineType(from, QStringLiteral("landline"));
    CallerOptions o = caller(from);
    o.gatherDigits = {QStringLiteral("4155550178"), QStringLiteral("12"), QStringLiteral("19")};
    const CallerRecord r = runCaller(o);
    QVERIFY2(r.protocolErrors.isEmpty(), qPrintable(r.protocolErrors.join(QLatin1String("; "))));
    QCOMPARE(r.webhooks,
             QStringList({QStringLiteral("/incoming-call"), QStringLiteral("/validate-number"), QStringLiteral("/confirm-number"),
                          QStringLiteral("/consent")}));
    QVERIFY(r.streamOpened);
    const auto started = m_log.of(o.callSid, CallEvent::Kind::Started);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started[0].verification.number, QStringLiteral("+14155550178"));
}

void TestCallerFlow::threeBadEntriesEndPolitely()
{
    const QString from = nextNumber();
    twilioRest().setLineType(from, QStringLiteral("landline"));
    twilioRest().setLineType(QStringLiteral("+14155550188"), QStringLiteral("landline"));
    const auto notVerified = m_gateway->shared().metrics.calls(CallOutcome::NotVerified);
    CallerOptions o = caller(from);
    // Too short; a landline per Lookup; an area code that cannot exist.
    o.gatherDigits = {QStringLiteral("123#"), QStringLiteral("4155550188#"), QStringLiteral("0123456789#")};
    const CallerRecord r = runCaller(o);
    QCOMPARE(r.webhooks.size(), 4);
    QCOMPARE(r.webhooks.count(QStringLiteral("/validate-number")), 3);
    const QString said = r.said.join(QLatin1String(" | "));
    QVERIFY2(said.contains(QLatin1String("That number is too short.")), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("That number is not a mobile number.")), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("could not verify a mobile number")), qPrintable(said));
    QCOMPARE(r.endedBy, QStringLiteral("TwiML hangup"));
    QVERIFY(!r.streamOpened);
    QCOMPARE(m_gateway->shared().metrics.calls(CallOutcome::NotVerified), notVerified + 1);
    QVERIFY(m_log.of(o.callSid, CallEvent::Kind::Consent).isEmpty());
}

void TestCallerFlow::silenceIsAskedAgainThenEnds()
{
    const QString from = nextNumber();
    twilioRest().setLineType(from, QStringLiteral("voip"));
    CallerOptions o = caller(from);
    o.gatherDigits = {}; // never presses a key: each Gather falls through to its Redirect
    const CallerRecord r = runCaller(o);
    QCOMPARE(r.webhooks.count(QStringLiteral("/validate-number")), 3);
    QVERIFY(r.said.join(QLatin1Char(' ')).contains(QLatin1String("I did not get any input")));
    QCOMPARE(r.endedBy, QStringLiteral("TwiML hangup"));
}

void TestCallerFlow::lookupFailureAsksForAMobileNumber()
{
    const auto failuresBefore = m_gateway->shared().metrics.lookupFailures.load();
    // Lookup answers 503 to everything (after retries the gateway gives up) …
    twilioRest().failRequests(QStringLiteral("/v2/PhoneNumbers/"), 503);
    CallerOptions o = caller(nextNumber());
    o.gatherDigits = {QStringLiteral("4155550166#"), QStringLiteral("1"), QStringLiteral("1")};
    CallerRecord r = runCaller(o);
    // … so even a mobile caller is asked to key a number; it cannot be checked either, so it is
    // read back, confirmed and marked unverified — the caller still reaches the AI.
    QCOMPARE(r.webhooks,
             QStringList({QStringLiteral("/incoming-call"), QStringLiteral("/validate-number"), QStringLiteral("/confirm-number"),
                          QStringLiteral("/consent")}));
    QVERIFY(r.streamOpened);
    const auto started = m_log.of(o.callSid, CallEvent::Kind::Started);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started[0].verification.source, QStringLiteral("keypad-unverified"));
    QCOMPARE(m_gateway->shared().metrics.lookupFailures.load(), failuresBefore + 2);
    QVERIFY(twilioRest().record().injectedFailures >= 4); // each lookup was retried

    // A Lookup slower than LOOKUP_TIMEOUT_MS counts as a failure too.
    twilioRest().clearFailures();
    twilioRest().setLookupDelayMs(3000);
    CallerOptions slow = caller(nextNumber());
    slow.gatherDigits = {};
    QElapsedTimer t;
    t.start();
    TwilioCaller call(slow, m_network);
    call.start();
    QTRY_VERIFY_WITH_TIMEOUT(call.record().webhooks.contains(QStringLiteral("/validate-number")), 10000);
    QVERIFY2(t.elapsed() < 2500, "the webhook waited for the slow Lookup");
    call.hangUp();
}

void TestCallerFlow::docsFailureIsServedFromTheLastGoodCopy()
{
    PromptFetcher *fetcher = m_gateway->prompts();
    QVERIFY(fetcher);
    QSignalSpy fetched(fetcher, &PromptFetcher::fetched);
    // The doc now answers with a sign-in page (it was unshared), then with errors.
    for (DocsSim::Mode mode : {DocsSim::Mode::SignInPage, DocsSim::Mode::ServerError, DocsSim::Mode::NotFound}) {
        m_docs->setMode(kConsentDoc, mode);
        fetched.clear();
        fetcher->refreshNow();
        QTRY_VERIFY(!fetched.isEmpty());
        QCOMPARE(fetched.at(0).at(1).toBool(), false);
        const PromptText consent = m_gateway->shared().prompts.get(PromptKind::Consent);
        QCOMPARE(consent.text, kConsentText);
        QVERIFY(!consent.lastError.isEmpty());
    }
    // /health tells the operator which prompt is stale and why.
    const RawResponse health = rawExchange(m_gateway->port(), buildRequest("GET", "/health"));
    const QJsonObject prompt =
        QJsonDocument::fromJson(health.body).object().value(QLatin1String("prompts")).toObject().value(QLatin1String("consent")).toObject();
    QCOMPARE(prompt.value(QLatin1String("origin")).toString(), QStringLiteral("google-doc"));
    QCOMPARE(prompt.value(QLatin1String("version")).toString(), promptVersionOf(kConsentText));
    QVERIFY2(prompt.value(QLatin1String("lastError")).toString().contains(QLatin1String("HTTP 404")), health.body.constData());
    // Callers still hear the last good text.
    CallerOptions o = caller(nextNumber());
    const CallerRecord r = runCaller(o);
    QVERIFY(r.said.contains(kConsentText));

    // A gateway starting while the doc is unreachable uses the copy kept on disk.
    PromptLibrary fresh;
    PromptFetcherSettings settings;
    settings.sources[size_t(PromptKind::Consent)] = parsePromptSource(QStringLiteral("gdoc:") + kConsentDoc).value();
    settings.defaults[size_t(PromptKind::Consent)] = QStringLiteral("built-in consent");
    settings.docsBaseUrl = m_docs->url();
    settings.cacheDir = m_dir.filePath(QStringLiteral("prompts"));
    PromptFetcher restarted(fresh, settings);
    QSignalSpy restartedFetched(&restarted, &PromptFetcher::fetched);
    restarted.start();
    QCOMPARE(fresh.get(PromptKind::Consent).text, kConsentText); // at once, before any fetch
    QCOMPARE(fresh.get(PromptKind::Consent).origin, QStringLiteral("cache"));
    QTRY_VERIFY(!restartedFetched.isEmpty());
    QCOMPARE(fresh.get(PromptKind::Consent).text, kConsentText);

    // Back online, a changed doc is picked up.
    m_docs->setDoc(kConsentDoc, kConsentText + QStringLiteral(" Updated."));
    fetched.clear();
    fetcher->refreshNow();
    QTRY_VERIFY(!fetched.isEmpty());
    QCOMPARE(m_gateway->shared().prompts.get(PromptKind::Consent).text, kConsentText + QStringLiteral(" Updated."));
    m_docs->setDoc(kConsentDoc, kConsentText);
    fetched.clear();
    fetcher->refreshNow();
    QTRY_VERIFY(!fetched.isEmpty());
}

void TestCallerFlow::customerApiDataPersonalisesTheAi()
{
    const QString from = nextNumber();
    m_customers->setCustomer(
        from, {{QStringLiteral("name"), QStringLiteral("Dana Whitfield")}, {QStringLiteral("plan"), QStringLiteral("Gold")}});
    CallerOptions o = caller(from);
    const CallerRecord r = runCaller(o);
    QVERIFY(r.streamOpened);
    const auto started = m_log.of(o.callSid, CallEvent::Kind::Started);
    QCOMPARE(started.size(), 1);
    QVERIFY(started[0].customer.found);
    QCOMPARE(started[0].customer.name, QStringLiteral("Dana Whitfield"));
    const QString instructions = m_ai->record().lastSession.value(QLatin1String("instructions")).toString();
    QVERIFY2(instructions.contains(QLatin1String("Dana Whitfield")) && instructions.contains(QLatin1String("plan: Gold")),
             qPrintable(instructions));
    // The customer API was asked with the number and the call.
    const QJsonObject asked = m_customers->requests().last();
    QCOMPARE(asked.value(QLatin1String("phoneNumber")).toString(), from);
    QCOMPARE(asked.value(QLatin1String("callSid")).toString(), o.callSid);
}

void TestCallerFlow::customerApiDownDoesNotStopTheCall()
{
    for (CustomerApiSim::Mode mode : {CustomerApiSim::Mode::Down, CustomerApiSim::Mode::Garbage, CustomerApiSim::Mode::Slow}) {
        m_customers->setMode(mode);
        const QString from = nextNumber();
        m_customers->setCustomer(from, {{QStringLiteral("name"), QStringLiteral("Not Shown")}});
        CallerOptions o = caller(from);
        const CallerRecord r = runCaller(o);
        QVERIFY2(r.streamOpened, qPrintable(r.endedBy));
        const auto started = m_log.of(o.callSid, CallEvent::Kind::Started);
        QCOMPARE(started.size(), 1);
        QVERIFY(!started[0].customer.found);
        QVERIFY(!started[0].customer.error.isEmpty());
    }
}

void TestCallerFlow::declinedConsentEndsTheCall()
{
    const auto declined = m_gateway->shared().metrics.calls(CallOutcome::Declined);
    CallerOptions o = caller(nextNumber());
    o.gatherDigits = {QStringLiteral("2")};
    const CallerRecord r = runCaller(o);
    QVERIFY(!r.streamOpened);
    QCOMPARE(r.endedBy, QStringLiteral("TwiML hangup"));
    QVERIFY(r.said.last().contains(QLatin1String("You have declined")));
    const auto consent = m_log.of(o.callSid, CallEvent::Kind::Consent);
    QCOMPARE(consent.size(), 1);
    QCOMPARE(consent[0].text, QStringLiteral("declined"));
    QCOMPARE(m_gateway->shared().metrics.calls(CallOutcome::Declined), declined + 1);
}

void TestCallerFlow::escalationWithNoOneTakingItTransfers()
{
    const auto transferred = m_gateway->shared().metrics.calls(CallOutcome::Transferred);
    CallerOptions o = caller(nextNumber());
    o.script = {CallerStep::waitAssistant(100), CallerStep::say(QStringLiteral("caller_agent")), CallerStep::waitAssistant(60000)};
    const CallerRecord r = runCaller(o);
    // The AI called escalate_to_agent; the live-agent message played; after AGENT_WAIT_SECONDS the
    // Calls API replaced the stream with a <Dial> to LIVE_AGENT_NUMBER.
    const auto escalated = m_log.of(o.callSid, CallEvent::Kind::Escalated);
    QCOMPARE(escalated.size(), 1);
    QVERIFY(escalated[0].text.startsWith(QLatin1String("assistant: ")));
    QCOMPARE(r.restUpdate, QStringLiteral("twiml"));
    QCOMPARE(r.endedBy, QStringLiteral("dialled ") + kAgentNumber);
    QVERIFY(r.said.contains(QStringLiteral("Please hold while I connect you to an agent.")));
    TwilioRestSimRecord::CallUpdate update;
    for (const auto &u : twilioRest().record().callUpdates) {
        if (u.callSid == o.callSid)
            update = u;
    }
    QVERIFY2(update.twiml.contains(QLatin1String("<Number>") + kAgentNumber + QLatin1String("</Number>")), qPrintable(update.twiml));
    QTRY_COMPARE(m_gateway->shared().metrics.calls(CallOutcome::Transferred), transferred + 1);
    QCOMPARE(m_log.of(o.callSid, CallEvent::Kind::Transferred).size(), 1);
}

void TestCallerFlow::headlessEscalationIsTransferredAtOnce()
{
    // No console watches the gateway: nobody could take the call, so it is not left waiting
    // AGENT_WAIT_SECONDS (1 s here) for a supervisor; Twilio's <Say> tells the caller.
    m_gateway->shared().consoles = 0;
    const auto restore = qScopeGuard([this] { m_gateway->shared().consoles = 1; });
    CallerOptions o = caller(nextNumber());
    o.script = {CallerStep::waitAssistant(100), CallerStep::sendDigit("0"), CallerStep::waitAssistant(60000)};
    const int responsesBefore = m_ai->record().responsesCreated;
    const CallerRecord r = runCaller(o);
    QCOMPARE(r.endedBy, QStringLiteral("dialled ") + kAgentNumber);
    QVERIFY(r.said.contains(QStringLiteral("Please hold while I connect you to an agent.")));
    const auto escalated = m_log.of(o.callSid, CallEvent::Kind::Escalated);
    const auto transferred = m_log.of(o.callSid, CallEvent::Kind::Transferred);
    QCOMPARE(escalated.size(), 1);
    QCOMPARE(transferred.size(), 1);
    const qint64 waitedMs = escalated[0].at.msecsTo(transferred[0].at);
    QVERIFY2(waitedMs < 500, qPrintable(QString::number(waitedMs))); // the wait would have been 1000 ms
    // The AI was not asked to say the live-agent message (that is for a caller who waits).
    for (int i = responsesBefore; i < m_ai->record().responses.size(); ++i)
        QVERIFY(!m_ai->record().responses[i].instructions.contains(QLatin1String("member of our team")));
}

void TestCallerFlow::supervisorTakingTheCallStopsTheTransfer()
{
    CallerOptions o = caller(nextNumber());
    // The caller presses 0 during the conversation.
    o.script = {CallerStep::waitAssistant(100), CallerStep::sendDigit("0"), CallerStep::waitAssistant(60000)};
    TwilioCaller call(o, m_network);
    call.start();
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::Escalated).size(), 1);
    QCOMPARE(m_log.of(o.callSid, CallEvent::Kind::Escalated)[0].text, QStringLiteral("caller pressed 0"));
    const QByteArray session = m_log.of(o.callSid, CallEvent::Kind::Started).value(0).sessionId;
    m_gateway->takeCall(session);
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::AgentTookOver).size(), 1);
    QTest::qWait(1500); // past AGENT_WAIT_SECONDS
    QVERIFY(!call.record().finished);
    for (const auto &u : twilioRest().record().callUpdates)
        QVERIFY(u.callSid != o.callSid);
    call.hangUp();
}

void TestCallerFlow::whisperReachesTheAiNotTheCaller()
{
    CallerOptions o = caller(nextNumber());
    o.script = {CallerStep::waitAssistant(100), CallerStep::waitAssistant(60000)};
    TwilioCaller call(o, m_network);
    call.start();
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::Started).size(), 1);
    const QByteArray session = m_log.of(o.callSid, CallEvent::Kind::Started)[0].sessionId;
    QTRY_VERIFY(call.record().audioBytesReceived > 0); // the AI session is up and greeting
    const int responsesBefore = m_ai->record().responsesCreated;
    m_gateway->whisper(session, QStringLiteral("Offer the customer a 10 % discount."));
    // The AI got it as a system message …
    QTRY_VERIFY([&] {
        for (const QJsonObject &item : m_ai->record().createdItems) {
            if (item.value(QLatin1String("role")).toString() == QLatin1String("system")
                && QJsonDocument(item).toJson().contains("Offer the customer a 10 % discount."))
                return true;
        }
        return false;
    }());
    // … the transcript shows it as a whisper …
    QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::TranscriptFinal).last().speaker, Speaker::Whisper);
    // … and it made the AI say nothing to the caller.
    QTest::qWait(300);
    QCOMPARE(m_ai->record().responsesCreated, responsesBefore);
    const qint64 greeting = ClipLibrary::instance().find(QStringLiteral("assistant_greeting"))->ulaw.size();
    QVERIFY2(call.record().audioBytesReceived <= greeting + 1600, "the AI spoke after the whisper"); // the greeting only

    call.hangUp();
}

void TestCallerFlow::supervisorHangsUpOrTransfers()
{
    for (const bool transfer : {false, true}) {
        CallerOptions o = caller(nextNumber());
        o.script = {CallerStep::waitAssistant(100), CallerStep::waitAssistant(60000)};
        TwilioCaller call(o, m_network);
        call.start();
        QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::Started).size(), 1);
        QTRY_VERIFY(call.record().audioBytesReceived > 0);
        const QByteArray session = m_log.of(o.callSid, CallEvent::Kind::Started)[0].sessionId;
        // The console names who acts; the call's events (and so its record) keep it.
        if (transfer)
            m_gateway->transferCall(session, QStringLiteral("+14155550999"), QStringLiteral("Dana"));
        else
            m_gateway->hangUpCall(session, QStringLiteral("Lee"));
        QTRY_VERIFY_WITH_TIMEOUT(call.record().finished, 10000);
        QCOMPARE(call.record().endedBy,
                 transfer ? QStringLiteral("dialled +14155550999") : QStringLiteral("completed through the Calls API"));
        QTRY_COMPARE(m_log.of(o.callSid, CallEvent::Kind::Ended).size(), 1);
        const CallEvent ended = m_log.of(o.callSid, CallEvent::Kind::Ended)[0];
        QCOMPARE(ended.text, transfer ? QStringLiteral("transferred") : QStringLiteral("hung_up"));
        if (transfer) {
            const CallEvent sent = m_log.of(o.callSid, CallEvent::Kind::Transferred).value(0);
            QCOMPARE(sent.by, QStringLiteral("Dana"));
            QCOMPARE(sent.text, maskPhone(QStringLiteral("+14155550999")));
        } else {
            QCOMPARE(ended.by, QStringLiteral("Lee"));
            QVERIFY2(ended.detail.contains(QStringLiteral("hung up by Lee")), qPrintable(ended.detail));
        }
    }
}

void TestCallerFlow::endCallCompletesThroughTheCallsApi()
{
    CallerOptions o = caller(nextNumber());
    o.script = {CallerStep::waitAssistant(100), CallerStep::say(QStringLiteral("caller_bye")), CallerStep::waitAssistant(60000)};
    const CallerRecord r = runCaller(o);
    QCOMPARE(r.restUpdate, QStringLiteral("status=completed"));
    QCOMPARE(r.endedBy, QStringLiteral("completed through the Calls API"));
    QVERIFY(!r.gatewayClosedStream);       // Twilio ended it, not a dropped socket
    QVERIFY(r.audioBytesReceived > 16000); // the goodbye played before the hang-up
}

void TestCallerFlow::tamperedFlowTokenIs403()
{
    const quint16 port = m_gateway->port();
    const QString from = nextNumber();
    twilioRest().setLineType(from, QStringLiteral("landline"));
    const QString callSid = nextCallSid();
    const FormFields form = incomingCallForm(callSid, from);
    const RawResponse first = rawExchange(port, signedFormPost("/incoming-call", form));
    const QByteArray action = gatherActionPath(first.body);
    QVERIFY2(action.startsWith("/validate-number?state="), first.body.constData());
    FormFields keyed = form;
    keyed.append({QStringLiteral("Digits"), QStringLiteral("4155550199")});
    const auto rejectedBefore = m_gateway->shared().metrics.rejected(RejectReason::BadFlowToken);

    // Properly signed by Twilio, but the state in the URL was changed: one character of the token.
    QByteArray tampered = action;
    const qsizetype at = tampered.indexOf("state=") + 10;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    QCOMPARE(rawExchange(port, signedFormPost(tampered, keyed)).status, 403);
    // The token of this call presented by another call.
    FormFields otherCall = keyed;
    otherCall[2].second = nextCallSid();
    QCOMPARE(rawExchange(port, signedFormPost(action, otherCall)).status, 403);
    // No token at all, or a token for another step.
    QCOMPARE(rawExchange(port, signedFormPost("/validate-number", keyed)).status, 403);
    QCOMPARE(rawExchange(port, signedFormPost(QByteArray(action).replace("/validate-number", "/consent"), keyed)).status, 403);
    QCOMPARE(m_gateway->shared().metrics.rejected(RejectReason::BadFlowToken), rejectedBefore + 4);
    // The genuine one still works.
    const RawResponse ok = rawExchange(port, signedFormPost(action, keyed));
    QCOMPARE(ok.status, 200);
    QVERIFY(gatherActionPath(ok.body).startsWith("/confirm-number?state="));
}

void TestCallerFlow::spanishCallersHearSpanish()
{
    Config c = testConfig();
    c.callerLanguage = QStringLiteral("es");
    c.promptCacheDir = m_dir.filePath(QStringLiteral("prompts-es"));
    auto gateway = startGateway(c);
    const QString from = nextNumber();
    twilioRest().setLineType(from, QStringLiteral("landline"));
    const RawResponse r = rawExchange(gateway->port(), signedFormPost("/incoming-call", incomingCallForm(nextCallSid(), from)));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.body.contains("language=\"es-US\"") && r.body.contains("voice=\"Polly.Lupe-Neural\""), r.body.constData());
    QVERIFY2(QString::fromUtf8(r.body).contains(QStringLiteral("marque su número de teléfono móvil")), r.body.constData());
    const RawResponse mobile =
        rawExchange(gateway->port(), signedFormPost("/incoming-call", incomingCallForm(nextCallSid(), nextNumber())));
    QVERIFY2(QString::fromUtf8(mobile.body).contains(QStringLiteral("Para aceptar, oprima 1")), mobile.body.constData());
}

void TestCallerFlow::summarySmsGoesToTheVerifiedMobile()
{
    Config c = testConfig();
    c.openAiRealtimeUrl = m_ai->url();
    c.promptCacheDir = m_dir.filePath(QStringLiteral("prompts-sms"));
    c.smsSummary = true;
    c.smsFrom = QStringLiteral("+18005550111");
    auto gateway = startGateway(c);
    const QString from = nextNumber();
    twilioRest().setLineType(from, QStringLiteral("landline"));
    CallerOptions o = callerFor(*gateway);
    o.from = from;
    o.callSid = nextCallSid();
    o.rest = &twilioRest();
    o.gatherDigits = {QStringLiteral("4155550155#"), QStringLiteral("1"), QStringLiteral("1")};
    o.script = {CallerStep::waitAssistant(100), CallerStep::hangUp()};
    const CallerRecord r = runCaller(o);
    QVERIFY(r.streamOpened);
    const auto textedTo = [] {
        QStringList to;
        for (const auto &m : twilioRest().record().messages)
            to << m.to + QLatin1Char(' ') + m.from + QLatin1Char(' ') + m.body;
        return to.join(QLatin1Char('\n'));
    };
    // To the keyed mobile, not to the landline the call came from.
    QTRY_VERIFY2(textedTo().contains(QStringLiteral("+14155550155 +18005550111 Thank you for your call")), qPrintable(textedTo()));
    QVERIFY(!textedTo().contains(from));
}

void TestCallerFlow::recordingDecodesToTheCallsLength()
{
    QTemporaryDir recordings;
    Config c = testConfig();
    c.openAiRealtimeUrl = m_ai->url();
    c.promptCacheDir = m_dir.filePath(QStringLiteral("prompts-rec"));
    c.recordCalls = true;
    c.recordingsDir = recordings.path();
    EventLog log; // outlives the gateway, which may still publish as it stops
    auto gateway = startGateway(c);
    gateway->shared().addObserver(&log);
    CallerOptions o = callerFor(*gateway);
    o.from = nextNumber();
    o.callSid = nextCallSid();
    o.script = {CallerStep::waitAssistant(200), CallerStep::say(QStringLiteral("caller_order")), CallerStep::waitAssistant(300),
                CallerStep::hangUp()};
    const CallerRecord r = runCaller(o);
    QVERIFY(r.streamOpened);
    QTRY_COMPARE_WITH_TIMEOUT(log.of(o.callSid, CallEvent::Kind::RecordingSaved).size(), 1, 10000);
    const QString path = log.of(o.callSid, CallEvent::Kind::RecordingSaved)[0].text;
    const double callSeconds =
        double(log.of(o.callSid, CallEvent::Kind::Started)[0].at.msecsTo(log.of(o.callSid, CallEvent::Kind::Ended)[0].at)) / 1000.0;
    QVERIFY(QFileInfo(path).size() > 1000);
    // opusdec decodes it (to 48 kHz stereo WAV) to the call's length.
    const QString wav = recordings.filePath(QStringLiteral("out.wav"));
    QProcess dec;
    dec.start(QStringLiteral("opusdec"), {QStringLiteral("--quiet"), path, wav});
    QVERIFY2(dec.waitForFinished(30000) && dec.exitCode() == 0, dec.readAllStandardError().constData());
    QFile f(wav);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QVERIFY(data.size() > 44);
    const auto u16 = [&](int at) { return quint16(uchar(data[at]) | uchar(data[at + 1]) << 8); };
    const auto u32 = [&](int at) { return quint32(u16(at)) | quint32(u16(at + 2)) << 16; };
    const int channels = u16(22);
    const quint32 rate = u32(24);
    QCOMPARE(channels, 2);
    const qsizetype dataAt = data.indexOf("data") + 8;
    const qsizetype frames = (data.size() - dataAt) / 4;
    const double seconds = double(frames) / double(rate);
    QVERIFY2(qAbs(seconds - callSeconds) < 0.6, qPrintable(QStringLiteral("recording %1 s, call %2 s").arg(seconds).arg(callSeconds)));
    // The caller is on the left, the assistant on the right: both spoke, each on their side.
    double left = 0, right = 0;
    const auto *pcm = reinterpret_cast<const qint16 *>(data.constData() + dataAt);
    for (qsizetype i = 0; i < frames; ++i) {
        left += double(pcm[2 * i]) * pcm[2 * i];
        right += double(pcm[2 * i + 1]) * pcm[2 * i + 1];
    }
    QVERIFY2(std::sqrt(left / double(frames)) > 100, "no caller audio on the left");
    QVERIFY2(std::sqrt(right / double(frames)) > 100, "no assistant audio on the right");
}

QTEST_GUILESS_MAIN(TestCallerFlow)
#include "tst_caller_flow.moc"
