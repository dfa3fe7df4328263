#pragma once
// Everything one gateway's workers share, owned in one place: the configuration (read-only), the
// session registry and the metrics (thread-safe), the draining flag, the prompts, what the caller
// flow shares between webhooks (the Lookup cache, customer API answers under way, the flow-token
// signer and the ledger of tokens already used), who hears call events, the health of the
// services it leans on, and the recorder. The Gateway hands each worker part only what that part
// uses (CallServices, FlowServices, FrontServices); none of them sees this whole.

#include "audio/CallRecorder.h"
#include "call/CallObservers.h"
#include "config/Config.h"
#include "content/PromptLibrary.h"
#include "gateway/AuthThrottle.h"
#include "gateway/CallerPrompts.h"
#include "gateway/CustomerApi.h"
#include "gateway/FlowToken.h"
#include "gateway/LookupCache.h"
#include "gateway/Metrics.h"
#include "gateway/OneTimeLedger.h"
#include "gateway/ServiceHealth.h"
#include "gateway/SessionRegistry.h"
#include "operator/OperatorAccounts.h"
#include "store/AppAccounts.h"
#include "store/SharedLedger.h"

#include <QElapsedTimer>

#include <atomic>
#include <memory>

namespace callgate {

class GatewayShared {
public:
    explicit GatewayShared(const Config &config);

    const Config config;
    SessionRegistry sessions;
    Metrics metrics;
    std::atomic<bool> draining{false};
    PromptLibrary prompts;
    LookupCache lookups;
    CustomerPrefetch customers;
    const FlowTokenSigner flowSigner;
    OneTimeLedger usedFlowTokens; // each flow token answers one webhook
    const CallerPrompts &callerText;
    CallObservers events; // add observers before the gateway starts
    ServiceHealth health;
    // Consoles watching this gateway's calls (the local window, remote ones): with none, a caller
    // who asks for a person is handed on at once instead of waiting for a supervisor.
    std::atomic<int> consoles{0};
    // Who may attach a remote console (OPERATOR_ACCOUNTS_FILE), and failed attempts by address.
    OperatorAccounts operators;
    AuthThrottle operatorThrottle;
    // With a PostgreSQL DATABASE_URL: what this gateway shares with the rest of its cluster
    // (opened by Gateway::start(), stopped before the workers).
    std::unique_ptr<store::SharedLedger> ledger;
    // With USER_APP: the caller's app's consents and sessions in the call database (opened by
    // Gateway::start(), stopped before the workers).
    std::unique_ptr<store::AppAccounts> appAccounts;
    QByteArray holdClip;     // μ-law; loaded by Gateway::start(), read-only after
    QByteArray reconnectCue; // the same

    qint64 uptimeSeconds() const { return m_started.elapsed() / 1000; }
    Metrics::Gauges gauges() const
    {
        return {sessions.activeCount(), sessions.pendingCount(), ledger ? qint64(ledger->questions()) : -1,
                ledger ? qint64(ledger->failures()) : 0};
    }
    void addObserver(CallObserver *observer) { events.add(observer); }
    // One line per model OpenAI is taking away (or has), and the other warnings an operator must
    // see (signature validation off).
    QStringList warnings() const;
    // The recorder when RECORD_CALLS is on, else null. Thread-safe.
    CallRecorder *recorder() const { return m_recorder.get(); }

private:
    QElapsedTimer m_started;
    // Last, so it goes first: closing its files may still publish events to the observers above.
    std::unique_ptr<CallRecorder> m_recorder;
};

} // namespace callgate
