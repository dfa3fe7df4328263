#include "CallsModel.h"

#include "CallWords.h"
#include "util/PhoneMask.h"

#include <QBrush>
#include <QFont>
#include <QPalette>

namespace callgate {
namespace {

QString stateText(CallPhase p)
{
    switch (p) {
    case CallPhase::InCallerFlow: return CallsModel::tr("in the caller flow");
    case CallPhase::Connecting: return CallsModel::tr("connecting");
    case CallPhase::Listening: return CallsModel::tr("listening");
    case CallPhase::CallerSpeaking: return CallsModel::tr("caller speaking");
    case CallPhase::AssistantSpeaking: return CallsModel::tr("AI speaking");
    case CallPhase::WaitingForAgent: return CallsModel::tr("waiting for agent");
    case CallPhase::AgentConnected: return CallsModel::tr("with agent");
    case CallPhase::Ended: return CallsModel::tr("ended");
    }
    return {};
}

qint64 durationSeconds(const CallSummary &c)
{
    const QDateTime end = c.endedAt.isValid() ? c.endedAt : QDateTime::currentDateTimeUtc();
    return c.startedAt.isValid() ? qMax<qint64>(0, c.startedAt.secsTo(end)) : 0;
}

} // namespace

CallsModel::CallsModel(int endedLingerMs, QObject *parent) : QAbstractTableModel(parent), m_lingerMs(endedLingerMs)
{
    connect(&m_tick, &QTimer::timeout, this, &CallsModel::tick);
    m_tick.start(1000);
}

int CallsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_calls.size()); }

int CallsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CallsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_calls.size())
        return {};
    const CallSummary &c = m_calls.at(index.row());
    if (role == SessionIdRole)
        return c.sessionId;
    if (role == EndedRole)
        return c.phase == CallPhase::Ended;
    if (role == Qt::ForegroundRole && (c.phase == CallPhase::Ended || c.unreachable))
        return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
    if (role == Qt::BackgroundRole && c.phase == CallPhase::WaitingForAgent)
        return QBrush(QColor(0xff, 0xd5, 0x80)); // stands out: someone has to take this call
    if (role == Qt::FontRole && c.phase == CallPhase::WaitingForAgent) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && index.column() == Customer && c.customer.found) {
        QStringList lines;
        for (const auto &[key, value] : c.customer.fields)
            lines << key + QStringLiteral(": ") + value;
        return lines.join(QLatin1Char('\n'));
    }
    if (role == Qt::ToolTipRole && index.column() == Caller && !c.verification.number.isEmpty())
        return tr("Verified mobile %1 (%2)")
            .arg(m_reveal ? c.verification.number : maskPhone(c.verification.number), c.verification.source);
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case Caller: return m_reveal ? c.caller : maskPhone(c.caller);
    case Customer: return c.customer.found ? c.customer.name : QString();
    case LineType:
        return c.verification.lineType.isEmpty()
            ? (c.verification.source == QLatin1String("keypad-unverified") ? tr("unverified") : QString())
            : c.verification.lineType;
    case State:
        if (c.unreachable) // as last seen: the gateway cannot say now
            return tr("unreachable · was %1").arg(stateText(c.phase));
        if (c.phase == CallPhase::Ended && !c.outcome.isEmpty())
            return tr("ended: %1").arg(CallWords::outcome(c.outcome));
        // The countdown is this process's gateway's (AGENT_WAIT_SECONDS); another gateway's own
        // setting is not known here.
        if (c.phase == CallPhase::WaitingForAgent && m_agentWaitSeconds > 0 && c.waitingSince.isValid() && c.gateway.isEmpty()) {
            // What happens when no one takes it, and when.
            const qint64 left = qMax<qint64>(0, m_agentWaitSeconds - c.waitingSince.secsTo(QDateTime::currentDateTimeUtc()));
            const QString in = QStringLiteral("%1:%2").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'));
            return m_waitTransfers ? tr("waiting · transfers in %1").arg(in) : tr("waiting · ends in %1").arg(in);
        }
        if (!c.agent.isEmpty() && c.phase != CallPhase::Ended)
            return tr("with %1").arg(c.agent);
        return stateText(c.phase);
    case Duration: {
        const qint64 s = durationSeconds(c);
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    case Latency: return c.lastLatencyMs < 0 ? QString() : tr("%1 ms").arg(qRound(c.lastLatencyMs));
    case LastLine: return c.lastLine;
    case Gateway: return c.gateway.isEmpty() ? tr("this computer") : c.gateway;
    }
    return {};
}

QVariant CallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Caller: return tr("Caller");
    case Customer: return tr("Customer");
    case LineType: return tr("Line type");
    case State: return tr("State");
    case Duration: return tr("Duration");
    case Latency: return tr("Last answer");
    case LastLine: return tr("Last words");
    case Gateway: return tr("Gateway");
    }
    return {};
}

void CallsModel::applyChanges(const QList<CallSummary> &calls)
{
    for (const CallSummary &c : calls) {
        qsizetype row = -1;
        for (qsizetype i = 0; i < m_calls.size(); ++i) {
            if (m_calls[i].sessionId == c.sessionId) {
                row = i;
                break;
            }
        }
        if (c.removed) {
            if (row >= 0) {
                beginRemoveRows({}, int(row), int(row));
                m_calls.removeAt(row);
                endRemoveRows();
                Q_EMIT callRemoved(c.sessionId);
            }
            continue;
        }
        const bool nowWaiting = c.phase == CallPhase::WaitingForAgent;
        if (row < 0) {
            beginInsertRows({}, int(m_calls.size()), int(m_calls.size()));
            m_calls.append(c);
            endInsertRows();
            if (nowWaiting)
                Q_EMIT agentNeeded(c.sessionId);
        } else {
            const bool wasWaiting = m_calls[row].phase == CallPhase::WaitingForAgent;
            m_calls[row] = c;
            if (nowWaiting && !wasWaiting)
                Q_EMIT agentNeeded(c.sessionId);
            Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
        }
    }
}

void CallsModel::setAgentWait(int seconds, bool transfers)
{
    m_agentWaitSeconds = seconds;
    m_waitTransfers = transfers;
}

void CallsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    if (!m_calls.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_calls.size()) - 1, columnCount() - 1));
}

void CallsModel::setRevealNumbers(bool reveal)
{
    if (reveal == m_reveal)
        return;
    m_reveal = reveal;
    if (!m_calls.isEmpty())
        Q_EMIT dataChanged(index(0, Caller), index(int(m_calls.size()) - 1, Caller));
}

int CallsModel::waitingCount() const
{
    int n = 0;
    for (const CallSummary &c : m_calls)
        n += c.phase == CallPhase::WaitingForAgent ? 1 : 0;
    return n;
}

QDateTime CallsModel::longestWaitingSince() const
{
    QDateTime oldest;
    for (const CallSummary &c : m_calls) {
        if (c.phase == CallPhase::WaitingForAgent && c.waitingSince.isValid() && (!oldest.isValid() || c.waitingSince < oldest))
            oldest = c.waitingSince;
    }
    return oldest;
}

CallSummary CallsModel::summary(const QByteArray &sessionId) const
{
    for (const CallSummary &c : m_calls) {
        if (c.sessionId == sessionId)
            return c;
    }
    return {};
}

int CallsModel::liveCount() const
{
    int n = 0;
    for (const CallSummary &c : m_calls)
        n += c.phase == CallPhase::Ended || c.phase == CallPhase::InCallerFlow ? 0 : 1;
    return n;
}

int CallsModel::localCount() const
{
    int n = 0;
    for (const CallSummary &c : m_calls)
        n += c.phase != CallPhase::Ended && c.gateway.isEmpty() ? 1 : 0;
    return n;
}

int CallsModel::inCallerFlowCount() const
{
    int n = 0;
    for (const CallSummary &c : m_calls)
        n += c.phase == CallPhase::InCallerFlow ? 1 : 0;
    return n;
}

void CallsModel::tick()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qsizetype i = m_calls.size() - 1; i >= 0; --i) {
        if (m_calls[i].phase == CallPhase::Ended && m_calls[i].endedAt.msecsTo(now) > m_lingerMs) {
            const QByteArray gone = m_calls[i].sessionId;
            beginRemoveRows({}, int(i), int(i));
            m_calls.removeAt(i);
            endRemoveRows();
            Q_EMIT callRemoved(gone);
        }
    }
    if (!m_calls.isEmpty()) {
        Q_EMIT dataChanged(index(0, Duration), index(int(m_calls.size()) - 1, Duration), {Qt::DisplayRole});
        for (int i = 0; i < m_calls.size(); ++i) { // the countdowns
            if (m_calls[i].phase == CallPhase::WaitingForAgent)
                Q_EMIT dataChanged(index(i, State), index(i, State), {Qt::DisplayRole});
        }
    }
}

} // namespace callgate
