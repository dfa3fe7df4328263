#pragma once
// What the gateway asks Twilio to do with a live call through the Calls API, and the SMS after it:
// hand the call to LIVE_AGENT_NUMBER (or end it politely when there is none), hang it up, text a
// summary to the verified mobile. One per call, beside its MediaBridge, on the call's worker
// thread; the REST client is the worker's. Each request reports failure so the bridge can fall
// back to closing the stream.

#include "gateway/Metrics.h"
#include "twilio/FormBody.h"
#include "util/Result.h"

#include <QObject>

#include <functional>

namespace callgate {

class Metrics;
struct CallerPrompts;
struct Config;
struct SessionInfo;
namespace twilio {
class RestClient;
}

class CallControl : public QObject {
    Q_OBJECT
public:
    CallControl(const Config &config, const CallerPrompts &text, Metrics &metrics, const SessionInfo &session, twilio::RestClient *rest,
                QObject *parent = nullptr);

    // False when there are no REST credentials: the caller must end the call by closing the stream.
    bool available() const;

    // Replaces the stream with <Say> + <Dial> to LIVE_AGENT_NUMBER, or a polite message and
    // <Hangup/> when none is set. Returns the outcome Twilio's `stop` then means.
    // `lead`: said before the rest (why the call is handed on).
    CallOutcome handToAgent(std::function<void(const QString &error)> failed, const QString &lead = {});
    // The same to any E.164 number (a supervisor's "Transfer to a number").
    CallOutcome transferTo(const QString &number, std::function<void(const QString &error)> failed, const QString &lead = {});
    // What the caller is told when the AI cannot be reached, in their language.
    QString aiUnavailableText() const;
    // Status=completed.
    void hangUp(std::function<void(const QString &error)> failed);
    // The SMS after a call (SMS_SUMMARY), to the verified mobile; fire and forget.
    void textSummary(CallOutcome outcome, qint64 durationMs);

private:
    void update(const FormFields &params, const char *what, std::function<void(const QString &)> failed);

    const Config &m_config;
    const CallerPrompts &m_text;
    Metrics &m_metrics;
    const SessionInfo &m_session;
    twilio::RestClient *m_rest;
};

} // namespace callgate
