#include "gateway/Metrics.h"

#include "net/IoStats.h"

#include <QFile>
#include <QJsonArray>

#include <unistd.h>

namespace callgate {

const char *rejectReasonName(RejectReason r)
{
    switch (r) {
    case RejectReason::SignatureMissing: return "signature_missing";
    case RejectReason::SignatureMismatch: return "signature_mismatch";
    case RejectReason::BodyTooLarge: return "body_too_large";
    case RejectReason::HeaderTooLarge: return "header_too_large";
    case RejectReason::RequestTimeout: return "request_timeout";
    case RejectReason::BadRequest: return "bad_request";
    case RejectReason::LengthRequired: return "length_required";
    case RejectReason::UnknownSession: return "unknown_session";
    case RejectReason::SessionReused: return "session_reused";
    case RejectReason::Busy: return "busy";
    case RejectReason::Draining: return "draining";
    case RejectReason::NotFound: return "not_found";
    case RejectReason::MethodNotAllowed: return "method_not_allowed";
    case RejectReason::BadFlowToken: return "bad_flow_token";
    case RejectReason::FlowTokenReused: return "flow_token_reused";
    case RejectReason::BadUpgrade: return "bad_upgrade";
    case RejectReason::TooManyFields: return "too_many_fields";
    case RejectReason::BadMediaPayload: return "bad_media_payload";
    case RejectReason::BinaryMessage: return "binary_message";
    case RejectReason::SlowPeer: return "slow_peer";
    case RejectReason::OperatorUnauthorized: return "operator_unauthorized";
    case RejectReason::OperatorThrottled: return "operator_throttled";
    case RejectReason::OperatorBadMessage: return "operator_bad_message";
    case RejectReason::OperatorForbidden: return "operator_forbidden";
    case RejectReason::SharedStoreDown: return "shared_store_down";
    case RejectReason::AppBadMessage: return "app_bad_message";
    case RejectReason::AppTooManyConnections: return "app_too_many_connections";
    case RejectReason::AppBadOrigin: return "app_bad_origin";
    case RejectReason::AppCodeLimit: return "app_code_limit";
    case RejectReason::AppLocked: return "app_locked";
    case RejectReason::AppWrongCode: return "app_wrong_code";
    case RejectReason::AppExpiredCode: return "app_expired_code";
    case RejectReason::AppBadToken: return "app_bad_token";
    case RejectReason::AppNotMobile: return "app_not_mobile";
    case RejectReason::AppSignInTimeout: return "app_sign_in_timeout";
    case RejectReason::Count: break;
    }
    return "unknown";
}

void LatencyHistogram::observe(double ms)
{
    size_t i = 0;
    while (i < kBucketsMs.size() && ms > kBucketsMs[i])
        ++i;
    m_buckets[i].fetch_add(1, std::memory_order_relaxed);
    m_count.fetch_add(1, std::memory_order_relaxed);
    m_sumMicros.fetch_add(std::uint64_t(qMax(0.0, ms) * 1000.0), std::memory_order_relaxed);
}

void LatencyHistogram::appendPrometheus(QByteArray &out, const char *name, const char *help) const
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " histogram\n";
    std::uint64_t cumulative = 0;
    for (size_t i = 0; i <= kBucketsMs.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        const QByteArray le = i < kBucketsMs.size() ? QByteArray::number(kBucketsMs[i] / 1000.0) : QByteArray("+Inf");
        out += QByteArray(name) + "_bucket{le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out += QByteArray(name) + "_sum " + QByteArray::number(double(m_sumMicros.load()) / 1e6) + '\n';
    out += QByteArray(name) + "_count " + QByteArray::number(m_count.load()) + '\n';
}

QJsonObject LatencyHistogram::toJson() const
{
    QJsonArray buckets;
    std::uint64_t cumulative = 0;
    for (size_t i = 0; i <= kBucketsMs.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        buckets.append(
            QJsonObject{{QStringLiteral("leMs"), i < kBucketsMs.size() ? QJsonValue(kBucketsMs[i]) : QJsonValue(QStringLiteral("+Inf"))},
                        {QStringLiteral("count"), double(cumulative)}});
    }
    const auto count = m_count.load();
    return {{QStringLiteral("count"), double(count)},
            {QStringLiteral("meanMs"), count ? double(m_sumMicros.load()) / 1000.0 / double(count) : 0.0},
            {QStringLiteral("buckets"), buckets}};
}

namespace {

void counter(QByteArray &out, const char *name, const char *help, std::uint64_t v)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " counter\n" + name + ' ' + QByteArray::number(v) + '\n';
}

void gauge(QByteArray &out, const char *name, const char *help, qint64 v)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " gauge\n" + name + ' ' + QByteArray::number(v) + '\n';
}

} // namespace

QByteArray Metrics::prometheusText(const Gauges &g) const
{
    QByteArray out;
    out.reserve(4096);
    gauge(out, "callgate_sessions_active", "Calls with an open media stream.", g.activeSessions);
    gauge(out, "callgate_sessions_pending", "Calls answered by the webhook whose stream has not opened yet.", g.pendingSessions);
    gauge(out, "callgate_calls_waiting_for_agent", "Live calls that asked for a person and wait for one.", callsWaitingForAgent.load());
    gauge(out, "callgate_operator_consoles", "Remote consoles attached over /operator.", operatorConsoles.load());
    gauge(out, "callgate_app_connections", "Connections to the caller's app (/user), signed in or not.", app.connections.load());
    gauge(out, "callgate_app_signed_in", "App connections signed in to a number.", app.signedIn.load());
    counter(out, "callgate_app_codes_sent_total", "Sign-in codes sent by SMS.", app.codesSent.load());
    counter(out, "callgate_app_sms_failures_total", "Sign-in codes the Messages API did not take.", app.smsFailures.load());
    counter(out, "callgate_app_sign_ins_total", "Sign-ins with a right code.", app.signIns.load());
    out += "# HELP callgate_app_consents_total Consent answers given in the app.\n# TYPE callgate_app_consents_total counter\n";
    out += "callgate_app_consents_total{accepted=\"true\"} " + QByteArray::number(app.consentsGiven.load()) + '\n';
    out += "callgate_app_consents_total{accepted=\"false\"} " + QByteArray::number(app.consentsWithdrawn.load()) + '\n';
    counter(out, "callgate_app_consent_calls_total", "Calls that skipped the keypad question: consent was given in the app.",
            app.callsSkippingKeypad.load());
    out += "# HELP callgate_calls_total Calls that ended, by outcome.\n# TYPE callgate_calls_total counter\n";
    for (int i = 0; i < int(CallOutcome::Count); ++i)
        out += QByteArray("callgate_calls_total{outcome=\"") + callOutcomeName(CallOutcome(i)) + "\"} "
            + QByteArray::number(m_calls[i].load(std::memory_order_relaxed)) + '\n';
    out += "# HELP callgate_rejected_requests_total Requests and stream messages refused, by reason.\n# TYPE "
           "callgate_rejected_requests_total counter\n";
    for (int i = 0; i < int(RejectReason::Count); ++i)
        out += QByteArray("callgate_rejected_requests_total{reason=\"") + rejectReasonName(RejectReason(i)) + "\"} "
            + QByteArray::number(m_rejected[i].load(std::memory_order_relaxed)) + '\n';
    out += "# HELP callgate_media_frames_total Media messages, by direction.\n# TYPE callgate_media_frames_total counter\n";
    out += "callgate_media_frames_total{direction=\"from_twilio\"} " + QByteArray::number(media.framesFromTwilio.load()) + '\n';
    out += "callgate_media_frames_total{direction=\"to_openai\"} " + QByteArray::number(media.appendsToOpenAi.load()) + '\n';
    out += "callgate_media_frames_total{direction=\"from_openai\"} " + QByteArray::number(media.deltasFromOpenAi.load()) + '\n';
    out += "callgate_media_frames_total{direction=\"to_twilio\"} " + QByteArray::number(media.framesToTwilio.load()) + '\n';
    const net::IoStats io = net::ioStats();
    out += "# HELP callgate_socket_calls_total System calls on the WebSocket connections' sockets (media streams, OpenAI, consoles, the "
           "app), by call.\n"
           "# TYPE callgate_socket_calls_total counter\n";
    out += "callgate_socket_calls_total{call=\"send\"} " + QByteArray::number(quint64(io.sends)) + '\n';
    out += "callgate_socket_calls_total{call=\"recv\"} " + QByteArray::number(quint64(io.receives)) + '\n';
    out += "callgate_socket_calls_total{call=\"epoll_wait\"} " + QByteArray::number(quint64(io.epollWaits)) + '\n';
    out += "# HELP callgate_worker_connections_total TCP connections accepted, by worker thread.\n# TYPE callgate_worker_connections_total "
           "counter\n";
    for (int i = 0; i < workerCount.load(); ++i)
        out += "callgate_worker_connections_total{worker=\"" + QByteArray::number(i) + "\"} "
            + QByteArray::number(connectionsByWorker[size_t(i)].load(std::memory_order_relaxed)) + '\n';
    counter(out, "callgate_http_requests_total", "HTTP requests received.", httpRequests.load());
    counter(out, "callgate_webhooks_answered_total", "Twilio webhooks answered with TwiML.", webhooksAnswered.load());
    counter(out, "callgate_passed_on_total", "Requests answered 503 for the load balancer to try another instance (draining or full).",
            passedOn.load());
    if (g.ledgerQuestions >= 0) {
        counter(out, "callgate_shared_ledger_questions_total", "Questions to the cluster's PostgreSQL: was a token or session used.",
                std::uint64_t(g.ledgerQuestions));
        counter(out, "callgate_shared_ledger_failures_total", "Questions to the cluster's PostgreSQL it did not answer.",
                std::uint64_t(g.ledgerFailures));
    }
    counter(out, "callgate_operator_audio_dropped_total", "Audio frames not sent to a remote console that was behind.",
            operatorAudioDropped.load());
    counter(out, "callgate_malformed_messages_total", "WebSocket messages that were not valid JSON.", malformedMessages.load());
    counter(out, "callgate_unknown_events_total", "WebSocket messages with an event type we do not handle.", unknownEvents.load());
    counter(out, "callgate_log_lines_suppressed_total", "Repeated warnings about one connection held back from the log.",
            logLinesSuppressed.load());
    counter(out, "callgate_lookups_total", "Twilio Lookup requests sent.", lookups.load());
    counter(out, "callgate_lookup_failures_total", "Twilio Lookup requests that failed or timed out.", lookupFailures.load());
    counter(out, "callgate_rest_failures_total", "Twilio Calls/Messages requests that failed after retries.", restFailures.load());
    counter(out, "callgate_escalations_total", "Calls that asked for a live agent.", escalations.load());
    if (store.calls.load() >= 0) {
        out += "# HELP callgate_store_calls Calls in the call records.\n# TYPE callgate_store_calls gauge\ncallgate_store_calls "
            + QByteArray::number(qint64(store.calls.load())) + '\n';
        out += "# HELP callgate_store_consents Consent answers in the audit table.\n# TYPE callgate_store_consents gauge\n"
               "callgate_store_consents{answer=\"accepted\"} "
            + QByteArray::number(qint64(store.consentsAccepted.load())) + "\ncallgate_store_consents{answer=\"declined\"} "
            + QByteArray::number(qint64(store.consentsDeclined.load())) + '\n';
        out += "# HELP callgate_store_pending_events Call events waiting to be written.\n# TYPE callgate_store_pending_events gauge\n"
               "callgate_store_pending_events "
            + QByteArray::number(quint64(store.pending.load())) + '\n';
        counter(out, "callgate_store_write_errors_total", "Batches the call store failed to write (retried).", store.writeErrors.load());
        counter(out, "callgate_store_dropped_events_total", "Call events dropped because the store stayed away too long.",
                store.dropped.load());
    }
    counter(out, "callgate_barge_ins_total", "Times a caller interrupted the assistant.", bargeIns.load());
    turnLatency.appendPrometheus(out, "callgate_turn_latency_seconds", "Caller stops speaking to first assistant audio sent to Twilio.");
    counter(out, "callgate_openai_session_drops_total", "OpenAI sessions lost in the middle of a call (closed, stalled or failed).",
            ai.drops.load());
    counter(out, "callgate_openai_reconnects_total", "Lost OpenAI sessions replaced by a new one, the conversation replayed.",
            ai.reconnects.load());
    counter(out, "callgate_openai_rollovers_total", "Calls moved to a new OpenAI session ahead of the session time limit.",
            ai.rollovers.load());
    counter(out, "callgate_openai_given_up_total", "Calls whose OpenAI session could not be replaced (handed on or ended).",
            ai.givenUp.load());
    counter(out, "callgate_openai_gap_frames_kept_total", "Caller frames that waited for a new OpenAI session and were sent to it.",
            ai.framesKept.load());
    counter(out, "callgate_openai_gap_frames_dropped_total",
            "Caller frames dropped while no OpenAI session was open (older than the 5 s kept).", ai.framesDropped.load());
    counter(out, "callgate_openai_errors_total", "Error events from OpenAI.", ai.errors.load());
    counter(out, "callgate_agent_turns_transcribed_total", "A supervisor's turns during a takeover written down for the transcript.",
            ai.agentTurnsTranscribed.load());
    counter(out, "callgate_agent_turns_not_transcribed_total",
            "A supervisor's turns the transcription endpoint did not answer for (kept as their length).",
            ai.agentTurnsNotTranscribed.load());
    ai.gap.appendPrometheus(out, "callgate_openai_gap_seconds", "An OpenAI session lost to the next one ready.");
    gauge(out, "callgate_process_resident_memory_bytes", "Resident set size of the process.", processRssBytes());
    return out;
}

QJsonObject Metrics::json(const Gauges &g) const
{
    QJsonObject calls, rejected;
    for (int i = 0; i < int(CallOutcome::Count); ++i)
        calls.insert(QLatin1String(callOutcomeName(CallOutcome(i))), double(m_calls[i].load()));
    for (int i = 0; i < int(RejectReason::Count); ++i)
        rejected.insert(QLatin1String(rejectReasonName(RejectReason(i))), double(m_rejected[i].load()));
    QJsonArray byWorker;
    for (int i = 0; i < workerCount.load(); ++i)
        byWorker.append(double(connectionsByWorker[size_t(i)].load(std::memory_order_relaxed)));
    return {
        {QStringLiteral("connectionsByWorker"), byWorker},
        {QStringLiteral("sessions"),
         QJsonObject{{QStringLiteral("active"), g.activeSessions}, {QStringLiteral("pending"), g.pendingSessions}}},
        {QStringLiteral("callsByOutcome"), calls},
        {QStringLiteral("rejectedByReason"), rejected},
        {QStringLiteral("mediaFrames"),
         QJsonObject{{QStringLiteral("fromTwilio"), double(media.framesFromTwilio.load())},
                     {QStringLiteral("toOpenAi"), double(media.appendsToOpenAi.load())},
                     {QStringLiteral("fromOpenAi"), double(media.deltasFromOpenAi.load())},
                     {QStringLiteral("toTwilio"), double(media.framesToTwilio.load())}}},
        {QStringLiteral("httpRequests"), double(httpRequests.load())},
        {QStringLiteral("webhooksAnswered"), double(webhooksAnswered.load())},
        {QStringLiteral("passedOn"), double(passedOn.load())},
        {QStringLiteral("ledgerQuestions"), double(g.ledgerQuestions)},
        {QStringLiteral("ledgerFailures"), double(g.ledgerFailures)},
        {QStringLiteral("malformedMessages"), double(malformedMessages.load())},
        {QStringLiteral("unknownEvents"), double(unknownEvents.load())},
        {QStringLiteral("logLinesSuppressed"), double(logLinesSuppressed.load())},
        {QStringLiteral("lookups"), double(lookups.load())},
        {QStringLiteral("lookupFailures"), double(lookupFailures.load())},
        {QStringLiteral("restFailures"), double(restFailures.load())},
        {QStringLiteral("escalations"), double(escalations.load())},
        {QStringLiteral("callsWaitingForAgent"), double(callsWaitingForAgent.load())},
        {QStringLiteral("storedCalls"), double(store.calls.load())},
        {QStringLiteral("storedConsentsAccepted"), double(store.consentsAccepted.load())},
        {QStringLiteral("storedConsentsDeclined"), double(store.consentsDeclined.load())},
        {QStringLiteral("storePendingEvents"), double(store.pending.load())},
        {QStringLiteral("storeWriteErrors"), double(store.writeErrors.load())},
        {QStringLiteral("bargeIns"), double(bargeIns.load())},
        {QStringLiteral("turnLatency"), turnLatency.toJson()},
        {QStringLiteral("openAi"),
         QJsonObject{{QStringLiteral("drops"), double(ai.drops.load())},
                     {QStringLiteral("reconnects"), double(ai.reconnects.load())},
                     {QStringLiteral("rollovers"), double(ai.rollovers.load())},
                     {QStringLiteral("givenUp"), double(ai.givenUp.load())},
                     {QStringLiteral("gapFramesKept"), double(ai.framesKept.load())},
                     {QStringLiteral("gapFramesDropped"), double(ai.framesDropped.load())},
                     {QStringLiteral("errors"), double(ai.errors.load())},
                     {QStringLiteral("gap"), ai.gap.toJson()}}},
        {QStringLiteral("processRssBytes"), double(processRssBytes())},
    };
}

qint64 processRssBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> parts = f.readAll().split(' ');
    if (parts.size() < 2)
        return 0;
    return parts[1].toLongLong() * sysconf(_SC_PAGESIZE);
}

} // namespace callgate
