#pragma once
// The live-calls table: one row per call the operator link reported, updated in place as
// coalesced changes arrive; ended calls stay a little while, greyed, then go. Caller numbers are
// masked unless the supervisor reveals them. GUI thread only.

#include "call/CallSummary.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace callgate {

class CallsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Gateway: which gateway has the call (shown when the console attaches to any over the network).
    enum Column { Caller, Customer, LineType, State, Duration, Latency, LastLine, Gateway, ColumnCount };
    enum Role { SessionIdRole = Qt::UserRole + 1, EndedRole };

    explicit CallsModel(int endedLingerMs = 15000, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void applyChanges(const QList<callgate::CallSummary> &calls);
    // How long a caller waits for a supervisor before the gateway hands them on (AGENT_WAIT_SECONDS),
    // and whether that is a transfer (a LIVE_AGENT_NUMBER is set) or a goodbye: each waiting row
    // counts down to it. 0: no countdown.
    void setAgentWait(int seconds, bool transfers);
    void setRevealNumbers(bool reveal);
    // The language changed: headers and cells are read again.
    void retranslate();
    bool revealNumbers() const { return m_reveal; }
    // Calls connected to the AI or a person (not the callers still in the caller flow, not ended).
    int liveCount() const;
    int waitingCount() const;
    // When the caller who has waited longest for an agent began to wait (invalid: no one waits).
    QDateTime longestWaitingSince() const;
    int inCallerFlowCount() const;
    // Calls on the gateway in this process (live or in the caller flow): what closing it ends.
    int localCount() const;
    // The call's latest summary, or an empty one.
    CallSummary summary(const QByteArray &sessionId) const;
    const CallSummary &summaryAt(int row) const { return m_calls.at(row); }

Q_SIGNALS:
    // A call has just started waiting for a live agent.
    void agentNeeded(const QByteArray &sessionId);
    // An ended call has gone from the table.
    void callRemoved(const QByteArray &sessionId);

private:
    void tick();
    QList<CallSummary> m_calls;
    bool m_reveal = false;
    int m_agentWaitSeconds = 0;
    bool m_waitTransfers = false;
    int m_lingerMs;
    QTimer m_tick;
};

} // namespace callgate
