#pragma once
// Process-wide counters for /metrics. Every member is an atomic updated with relaxed order, so any
// worker thread may count without a lock; /metrics reads a consistent-enough snapshot.

#include "call/CallOutcome.h"
#include "util/ShardedCounter.h"

#include <QByteArray>
#include <QJsonObject>

#include <array>
#include <atomic>
#include <cstdint>

namespace callgate {

enum class RejectReason : int {
    SignatureMissing,
    SignatureMismatch,
    BodyTooLarge,
    HeaderTooLarge,
    RequestTimeout,
    BadRequest,
    LengthRequired,
    UnknownSession,
    SessionReused,
    Busy,
    Draining,
    NotFound,
    MethodNotAllowed,
    BadFlowToken,
    FlowTokenReused,       // a flow token presented a second time (a replayed webhook)
    BadUpgrade,            // a Connection: upgrade request that is not a body-less GET
    TooManyFields,         // a form with more fields, or longer ones, than any webhook sends
    BadMediaPayload,       // a stream media message whose payload is not base64 audio
    BinaryMessage,         // a binary WebSocket message where only JSON text is spoken
    SlowPeer,              // a WebSocket peer that let our outgoing queue pass its cap
    OperatorUnauthorized,  // /operator without a token, or with one no account has
    OperatorThrottled,     // /operator from an address with too many failed attempts
    OperatorBadMessage,    // an operator message that is not the protocol, or too many too fast
    OperatorForbidden,     // a command the console's role may not give (a viewer taking a call)
    SharedStoreDown,       // the cluster's PostgreSQL did not answer whether a token or session was used
    AppBadMessage,         // /user: a message that is not the protocol, too large, or one of too many too fast
    AppTooManyConnections, // /user: more connections not signed in, from one address or in all, than allowed
    AppBadOrigin,          // /user: a browser page of another site opening the WebSocket
    AppCodeLimit,          // /user: more sign-in codes asked for a number or from an address than an hour allows
    AppLocked,             // /user: a number locked after too many wrong codes
    AppWrongCode,          // /user: a wrong sign-in code
    AppExpiredCode,        // /user: a code asked for too long ago, or none asked for
    AppBadToken,           // /user: a resume with a token no session has
    AppNotMobile,          // /user: a number that is not a valid mobile (no code sent)
    AppSignInTimeout,      // /user: a connection that did not sign in in time, closed
    Count
};
const char *rejectReasonName(RejectReason r);

// Latency histogram with fixed millisecond buckets (Prometheus "le" semantics).
class LatencyHistogram {
public:
    static constexpr std::array<double, 12> kBucketsMs{50, 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000};
    void observe(double ms);
    void appendPrometheus(QByteArray &out, const char *name, const char *help) const;
    QJsonObject toJson() const;

private:
    std::array<std::atomic<std::uint64_t>, kBucketsMs.size() + 1> m_buckets{}; // last = +Inf
    std::atomic<std::uint64_t> m_count{0};
    std::atomic<std::uint64_t> m_sumMicros{0};
};

class Metrics {
public:
    void reject(RejectReason r) { m_rejected[int(r)].fetch_add(1, std::memory_order_relaxed); }
    void callEnded(CallOutcome o) { m_calls[int(o)].fetch_add(1, std::memory_order_relaxed); }

    std::atomic<std::uint64_t> httpRequests{0};
    std::atomic<std::uint64_t> webhooksAnswered{0};
    // Requests answered 503 for the load balancer to send to another instance (this one draining
    // or full): not refused, passed on.
    std::atomic<std::uint64_t> passedOn{0};
    // The media path, counted per frame by every worker.
    struct Media {
        ShardedCounter framesFromTwilio;
        ShardedCounter framesToTwilio;
        ShardedCounter appendsToOpenAi;
        ShardedCounter deltasFromOpenAi;
    } media;
    std::atomic<std::uint64_t> malformedMessages{0};
    std::atomic<std::uint64_t> unknownEvents{0};
    std::atomic<std::uint64_t> logLinesSuppressed{0}; // repeated warnings held back per connection
    std::atomic<std::uint64_t> lookups{0};            // Lookup requests sent
    std::atomic<std::uint64_t> lookupFailures{0};     // failed or timed out
    std::atomic<std::uint64_t> restFailures{0};       // Calls/Messages requests that failed after retries
    std::atomic<std::uint64_t> escalations{0};
    std::atomic<int> callsWaitingForAgent{0};
    // Remote consoles (/operator): attached now, and audio frames a slow console did not get.
    std::atomic<int> operatorConsoles{0};
    std::atomic<std::uint64_t> operatorAudioDropped{0};
    // The caller's companion (/user): connections now and signed in now; codes sent, sign-ins,
    // consents given and withdrawn in it.
    struct App {
        std::atomic<int> connections{0};
        std::atomic<int> signedIn{0};
        std::atomic<std::uint64_t> codesSent{0};
        std::atomic<std::uint64_t> smsFailures{0};
        std::atomic<std::uint64_t> signIns{0};
        std::atomic<std::uint64_t> consentsGiven{0};
        std::atomic<std::uint64_t> consentsWithdrawn{0};
        std::atomic<std::uint64_t> callsSkippingKeypad{0}; // calls whose consent was given in the app
    } app;
    // From the call store (its thread updates them every few seconds); calls -1: no store.
    struct Store {
        std::atomic<std::int64_t> calls{-1};
        std::atomic<std::int64_t> consentsAccepted{0};
        std::atomic<std::int64_t> consentsDeclined{0};
        std::atomic<std::uint64_t> pending{0};
        std::atomic<std::uint64_t> writeErrors{0};
        std::atomic<std::uint64_t> dropped{0};
    } store;
    std::atomic<std::uint64_t> bargeIns{0};
    LatencyHistogram turnLatency;
    // The calls' OpenAI sessions: lost mid-call and replaced, moved to a new session before the
    // time limit, given up; the caller frames that waited for a new session, and those that were
    // too old to keep.
    struct Ai {
        std::atomic<std::uint64_t> drops{0};
        std::atomic<std::uint64_t> reconnects{0};
        std::atomic<std::uint64_t> rollovers{0};
        std::atomic<std::uint64_t> givenUp{0};
        std::atomic<std::uint64_t> framesKept{0};
        std::atomic<std::uint64_t> framesDropped{0};
        std::atomic<std::uint64_t> errors{0}; // error events from OpenAI
        std::atomic<std::uint64_t> agentTurnsTranscribed{0};
        std::atomic<std::uint64_t> agentTurnsNotTranscribed{0};
        LatencyHistogram gap; // session lost → the next one ready
    } ai;

    // Connections each worker accepted: shows that SO_REUSEPORT spreads the load.
    static constexpr int kMaxWorkers = 64;
    std::array<std::atomic<std::uint64_t>, kMaxWorkers> connectionsByWorker{};
    std::atomic<int> workerCount{0};

    std::uint64_t rejected(RejectReason r) const { return m_rejected[int(r)].load(std::memory_order_relaxed); }
    std::uint64_t calls(CallOutcome o) const { return m_calls[int(o)].load(std::memory_order_relaxed); }

    struct Gauges {
        int activeSessions = 0;
        int pendingSessions = 0;
        // In a cluster: questions asked of its shared ledger (PostgreSQL), and those it did not
        // answer; -1 for a gateway on its own.
        qint64 ledgerQuestions = -1;
        qint64 ledgerFailures = 0;
    };
    QByteArray prometheusText(const Gauges &g) const;
    QJsonObject json(const Gauges &g) const;

private:
    std::array<std::atomic<std::uint64_t>, int(RejectReason::Count)> m_rejected{};
    std::array<std::atomic<std::uint64_t>, int(CallOutcome::Count)> m_calls{};
};

// Resident set size of this process in bytes (from /proc/self/statm), 0 where unknown.
qint64 processRssBytes();

} // namespace callgate
