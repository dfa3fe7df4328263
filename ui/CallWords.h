#pragma once
// How the console names what happened to a call, in plain words instead of the record's codes:
// an outcome ("no_agent" → "No agent was free"), and who handled it ("Dana took it, then the AI",
// "transferred to Billing by Dana"). One place, so the live table, the details and History agree.

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

namespace callgate {

class CallWords {
    Q_DECLARE_TR_FUNCTIONS(CallWords)
public:
    // `outcome`: a CallOutcome name (empty: the call is live); `agent`: who ended it, when a person did.
    static QString outcome(const QString &outcome, const QString &agent = {});
    // `handledBy`: ai | agent | agent+ai | transferred; `agent`: the supervisor; `transferredTo`:
    // the number as recorded (masked); `known`: (name, E.164) numbers the console knows by name.
    static QString handledBy(const QString &handledBy, const QString &agent, const QString &transferredTo,
                             const QList<QPair<QString, QString>> &known = {});
    // A supervisor's after-call dispositions: (code kept in the record, words shown).
    static QList<QPair<QString, QString>> dispositions();
    static QString disposition(const QString &code);
};

} // namespace callgate
