#include "CallsProxy.h"

#include "CallsModel.h"

#include <QBrush>
#include <QFont>

namespace callgate {
namespace {

// Where a call goes: 0 the held call, 1 a caller waiting for an agent, 2 the rest.
int band(const CallSummary &c, const QByteArray &pinned)
{
    if (!pinned.isEmpty() && c.sessionId == pinned)
        return 0;
    return c.phase == CallPhase::WaitingForAgent ? 1 : 2;
}

} // namespace

CallsProxy::CallsProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    sort(0);
}

void CallsProxy::setPinned(const QByteArray &sessionId)
{
    if (sessionId == m_pinned)
        return;
    m_pinned = sessionId;
    invalidate();
}

QVariant CallsProxy::data(const QModelIndex &index, int role) const
{
    if (!m_pinned.isEmpty() && index.isValid() && QSortFilterProxyModel::data(index, CallsModel::SessionIdRole).toByteArray() == m_pinned) {
        if (role == Qt::BackgroundRole)
            return QBrush(QColor(0xb9, 0xe6, 0xc1)); // theirs
        if (role == Qt::FontRole) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        if (role == Qt::DisplayRole && index.column() == CallsModel::State)
            return tr("with you");
    }
    return QSortFilterProxyModel::data(index, role);
}

bool CallsProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_pinned.isEmpty()
        && sourceModel()->data(sourceModel()->index(sourceRow, 0, sourceParent), CallsModel::SessionIdRole).toByteArray() == m_pinned)
        return true; // the call in the supervisor's hands never drops out of sight
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool CallsProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto *model = static_cast<const CallsModel *>(sourceModel());
    const CallSummary &a = model->summaryAt(left.row());
    const CallSummary &b = model->summaryAt(right.row());
    const int ba = band(a, m_pinned), bb = band(b, m_pinned);
    if (ba != bb)
        return ba < bb;
    if (ba == 1 && a.waitingSince != b.waitingSince)
        return a.waitingSince < b.waitingSince; // the longest wait first
    if (a.startedAt != b.startedAt)
        return a.startedAt < b.startedAt; // in the order they came
    return a.sessionId < b.sessionId;
}

} // namespace callgate
