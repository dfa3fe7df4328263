#pragma once
// How a call ends through Twilio: hung up, handed to LIVE_AGENT_NUMBER, or transferred to a
// number, through the Calls API when there are credentials — else by closing the stream, which
// ends a call nothing follows. If Twilio's stop does not come in time after a request, the call is
// ended anyway. Also remembers what Twilio's stop will mean, and whether the call ends once the
// AI's goodbye has been heard. One per call, on its worker thread.

#include "call/CallOutcome.h"

#include <QObject>

#include <functional>
#include <memory>

namespace callgate {

class CallControl;

class CallEnding : public QObject {
    Q_OBJECT
public:
    // `end` ends the call from our side (closing the stream); `restTimeoutMs` is one REST request's.
    CallEnding(std::unique_ptr<CallControl> control, int restTimeoutMs, std::function<void(CallOutcome)> end, QObject *parent = nullptr);
    ~CallEnding() override;

    CallControl &control() { return *m_control; }
    // What Twilio's stop means now: completed, or transferred once a transfer was asked for.
    CallOutcome outcomeAtStop() const { return m_outcomeAtStop; }
    // … and why, for the record ("Twilio sent stop" unless something else sent the call on).
    QString whyAtStop() const;
    void setWhyAtStop(const QString &why) { m_whyAtStop = why; }
    // What sent the call on, if something did (else empty).
    const QString &reason() const { return m_whyAtStop; }

    // The AI said goodbye (end_call): hang up once the caller has heard it. A barge-in, escalation
    // or takeover takes that back.
    void setEndAfterPlayback(bool on) { m_endAfterPlayback = on; }
    bool endAfterPlayback() const { return m_endAfterPlayback; }

    // `outcome`: what the end means (completed when the AI said goodbye, hung_up for a supervisor).
    void hangUp(CallOutcome outcome = CallOutcome::Completed);
    // To LIVE_AGENT_NUMBER (or a polite goodbye when none is set), `lead` said first; the outcome
    // Twilio's stop means.
    // `noAgent`: what the call's end means when there is no number to hand it to.
    CallOutcome handToAgent(const QString &lead = {}, CallOutcome noAgent = CallOutcome::NoAgent);
    void transferTo(const QString &e164);

private:
    void endIfTwilioDoesNot(CallOutcome outcome);

    std::unique_ptr<CallControl> m_control;
    int m_restTimeoutMs;
    std::function<void(CallOutcome)> m_end;
    CallOutcome m_outcomeAtStop = CallOutcome::Completed;
    QString m_whyAtStop;
    bool m_endAfterPlayback = false;
    bool m_hangUpRequested = false;
};

} // namespace callgate
