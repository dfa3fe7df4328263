#pragma once
// The calls the caller's app follows: one entry per live call, by CallSid, keyed to the number it
// belongs to (the mobile the flow verified, else the caller ID), with the state the app shows.
// Fed the call events that change a state; says what to tell that number's apps. A number's apps
// follow its latest call; when it ends and another call from the number is still live, they
// follow that one. Pure bookkeeping; lives on the app's thread; not thread-safe.

#include "call/CallEvents.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

namespace callgate {

struct AppCall {
    QString phone;
    QString callSid;
    QByteArray sessionId; // once the stream is up
    QString state;        // in_flow, assistant, waiting_for_agent, with_agent, transferred, ended
    QString outcome;      // when ended
    QDateTime since;
    qint64 touchedMs = 0;
};

class AppCalls {
public:
    // The state the app shows for an event, or null when the event changes none.
    static const char *stateFor(const CallEvent &event);

    // What a number's apps are to be told after an event.
    struct Change {
        AppCall call;      // the call they follow now
        bool stateChanged; // send its state
        bool liveAgent;    // the call was handed to a person: send the live-agent message
    };
    std::optional<Change> apply(const CallEvent &event, qint64 nowMs);
    // The call a number's apps follow now, or null.
    const AppCall *current(const QString &phone) const;
    // Forgets calls whose end never came (their worker stopped first) after six hours.
    void sweep(qint64 nowMs);

private:
    void forget(const QString &callSid);
    QHash<QString, AppCall> m_calls;   // by CallSid
    QHash<QString, QString> m_current; // number → the CallSid its apps follow
};

} // namespace callgate
