#include "gateway/CallControl.h"

#include "config/Config.h"
#include "gateway/CallerPrompts.h"
#include "gateway/Logging.h"
#include "gateway/Metrics.h"
#include "gateway/SessionRegistry.h"
#include "twilio/RestClient.h"
#include "twilio/TwimlWriter.h"
#include "util/PhoneMask.h"

namespace callgate {

CallControl::CallControl(const Config &config, const CallerPrompts &text, Metrics &metrics, const SessionInfo &session,
                         twilio::RestClient *rest, QObject *parent)
    : QObject(parent), m_config(config), m_text(text), m_metrics(metrics), m_session(session), m_rest(rest)
{}

bool CallControl::available() const { return m_rest && m_rest->hasCredentials(); }

void CallControl::update(const FormFields &params, const char *what, std::function<void(const QString &)> failed)
{
    m_rest->updateCall(m_session.callSid, params, this, [this, what, failed = std::move(failed)](Result<QJsonObject> r) {
        if (r)
            return; // Twilio stops the stream and does what it was told
        m_metrics.restFailures.fetch_add(1, std::memory_order_relaxed);
        qCWarning(lcBridge).noquote() << "call" << m_session.callSid << what << "through the Calls API failed:" << r.error();
        failed(r.error());
    });
}

CallOutcome CallControl::handToAgent(std::function<void(const QString &error)> failed, const QString &lead)
{
    return transferTo(m_config.liveAgentNumber, std::move(failed), lead);
}

QString CallControl::aiUnavailableText() const { return m_text.aiUnavailable; }

CallOutcome CallControl::transferTo(const QString &number, std::function<void(const QString &error)> failed, const QString &lead)
{
    const Config &c = m_config;
    const CallerPrompts &text = m_text;
    const twilio::SayOptions say{c.callerVoice.isEmpty() ? text.defaultVoice : c.callerVoice, text.bcp47};
    twilio::TwimlWriter w;
    const bool transfer = !number.isEmpty();
    if (!lead.isEmpty())
        w.say(lead, say);
    if (transfer) {
        w.say(text.transferring, say);
        w.dialNumber(number, m_session.to);
    } else {
        w.say(text.noAgent, say);
        w.hangup();
    }
    update({{QStringLiteral("Twiml"), QString::fromUtf8(w.finish())}}, transfer ? "transfer" : "goodbye", std::move(failed));
    return transfer ? CallOutcome::Transferred : CallOutcome::NoAgent;
}

void CallControl::hangUp(std::function<void(const QString &error)> failed)
{
    update({{QStringLiteral("Status"), QStringLiteral("completed")}}, "hang-up", std::move(failed));
}

void CallControl::textSummary(CallOutcome outcome, qint64 durationMs)
{
    const Config &c = m_config;
    const QString to = m_session.verification.number;
    if (!c.smsSummary || to.isEmpty() || !available())
        return;
    const QString from = c.smsFrom.isEmpty() ? m_session.to : c.smsFrom;
    const qint64 minutes = qMax<qint64>(1, (durationMs + 30000) / 60000);
    const QString body = m_text.smsSummary.arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                             .arg(minutes)
                             .arg(outcome == CallOutcome::Transferred ? m_text.smsTransferred : QString())
                             .arg(m_session.callSid.right(6));
    const QString callSid = m_session.callSid;
    Metrics *metrics = &m_metrics;
    // The call is about to go; the REST client (the worker's) outlives it, so no context object.
    m_rest->sendMessage(to, from, body.trimmed(), nullptr, [metrics, callSid, to](Result<QJsonObject> r) {
        if (r) {
            qCInfo(lcBridge).noquote() << "call" << callSid << "summary texted to" << maskPhone(to);
            return;
        }
        metrics->restFailures.fetch_add(1, std::memory_order_relaxed);
        qCWarning(lcBridge).noquote() << "call" << callSid << "summary SMS failed:" << r.error();
    });
}

} // namespace callgate
