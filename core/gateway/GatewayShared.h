#pragma once
// What every worker thread of one gateway shares: the configuration (read-only), the session
// registry and the metrics (both thread-safe), the draining flag, the result of the last OpenAI
// connection attempt and of the model check for /health, and what the caller flow shares between webhooks: the current
// prompts, the Lookup cache, customer API answers under way, the flow-token signer and the
// ledger of flow tokens already used.

#include "audio/CallRecorder.h"
#include "call/CallEvents.h"
#include "config/Config.h"
#include "content/PromptLibrary.h"
#include "gateway/CallerPrompts.h"
#include "gateway/CustomerApi.h"
#include "gateway/FlowToken.h"
#include "gateway/LookupCache.h"
#include "gateway/Metrics.h"
#include "gateway/OneTimeLedger.h"
#include "gateway/SessionRegistry.h"
#include "openai/ModelStatus.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <atomic>
#include <mutex>
#include <vector>

namespace callgate {

struct OpenAiConnectionStatus {
    QString result = QStringLiteral("never"); // never | ok | failed
    QString detail;
    QDateTime at;
};

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

    qint64 uptimeSeconds() const { return m_started.elapsed() / 1000; }

    void setOpenAiStatus(bool ok, const QString &detail);
    OpenAiConnectionStatus openAiStatus() const;

    // What OpenAI said of the configured models (OPENAI_MODEL, OPENAI_TRANSCRIPTION_MODEL) at the
    // last check, for /health and the console.
    void setModelStatus(const QList<openai::ModelStatus> &models);
    QList<openai::ModelStatus> modelStatus() const;
    // One line per model OpenAI is taking away (or has), and the other warnings an operator must
    // see (signature validation off).
    QStringList warnings() const;

    // The call store's health, for /health: "ok", or "failing" with what went wrong.
    void setStoreStatus(bool ok, const QString &detail);
    QPair<bool, QString> storeStatus() const;

    Metrics::Gauges gauges() const { return {sessions.activeCount(), sessions.pendingCount()}; }

    // Observers of every call's events; add them before the gateway starts. Called on worker
    // threads.
    void addObserver(CallObserver *observer)
    {
        m_observers.push_back(observer);
        m_protocolObservers = m_protocolObservers || observer->wantsProtocolEvents();
    }
    bool hasProtocolObservers() const { return m_protocolObservers; }
    void publish(const CallEvent &event) const
    {
        for (CallObserver *o : m_observers)
            o->onCallEvent(event);
    }

private:
    QElapsedTimer m_started;
    mutable std::mutex m_statusMutex;
    OpenAiConnectionStatus m_openAi;
    QList<openai::ModelStatus> m_models;
    bool m_storeOk = true;
    QString m_storeDetail;
    std::vector<CallObserver *> m_observers;
    bool m_protocolObservers = false;
    // Last, so it goes first: closing its files may still publish events to the observers above.
    std::unique_ptr<CallRecorder> m_recorder;

public:
    // The recorder when RECORD_CALLS is on, else null. Thread-safe.
    CallRecorder *recorder() const { return m_recorder.get(); }
};

} // namespace callgate
