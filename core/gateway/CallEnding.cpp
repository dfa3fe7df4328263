#include "gateway/CallEnding.h"

#include "gateway/CallControl.h"

#include <QTimer>

namespace callgate {
namespace {

// After the Calls API was asked to hang up or transfer, Twilio's stop should come soon.
constexpr int kTwilioStopGraceMs = 5000;

} // namespace

CallEnding::CallEnding(std::unique_ptr<CallControl> control, int restTimeoutMs, std::function<void(CallOutcome)> end, QObject *parent)
    : QObject(parent), m_control(std::move(control)), m_restTimeoutMs(restTimeoutMs), m_end(std::move(end))
{}

CallEnding::~CallEnding() = default;

void CallEnding::hangUp(CallOutcome outcome)
{
    if (m_hangUpRequested)
        return;
    m_hangUpRequested = true;
    m_outcomeAtStop = outcome; // Twilio's stop after our hang-up means what we asked for
    if (!m_control->available()) {
        m_end(outcome); // closing the stream ends the call: nothing follows <Connect>
        return;
    }
    m_control->hangUp([this, outcome](const QString &) { m_end(outcome); });
    endIfTwilioDoesNot(outcome);
}

QString CallEnding::whyAtStop() const
{
    return m_whyAtStop.isEmpty() ? QStringLiteral("Twilio sent stop") : QStringLiteral("Twilio sent stop; ") + m_whyAtStop;
}

CallOutcome CallEnding::handToAgent(const QString &lead, CallOutcome noAgent)
{
    m_outcomeAtStop = m_control->handToAgent([this](const QString &) { m_end(m_outcomeAtStop); }, lead);
    if (m_outcomeAtStop == CallOutcome::NoAgent)
        m_outcomeAtStop = noAgent;
    endIfTwilioDoesNot(m_outcomeAtStop);
    return m_outcomeAtStop;
}

void CallEnding::transferTo(const QString &e164)
{
    m_outcomeAtStop = m_control->transferTo(e164, [this](const QString &) { m_end(m_outcomeAtStop); });
    endIfTwilioDoesNot(m_outcomeAtStop);
}

void CallEnding::endIfTwilioDoesNot(CallOutcome outcome)
{
    QTimer::singleShot(kTwilioStopGraceMs + m_restTimeoutMs * 3, this, [this, outcome] { m_end(outcome); });
}

} // namespace callgate
