#pragma once
// The live-calls table as the supervisor sees it: the call they hold first (pinned: shown whatever
// the filter, marked as theirs), then the callers waiting for an agent, longest wait first, then
// every other call in the order it arrived. Rows never move because a call arrived, a number was
// revealed or a state changed, except to those places. GUI thread only.

#include <QSortFilterProxyModel>

namespace callgate {

class CallsProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit CallsProxy(QObject *parent = nullptr);

    // The call the supervisor holds (took over), or none.
    void setPinned(const QByteArray &sessionId);
    QByteArray pinned() const { return m_pinned; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QByteArray m_pinned;
};

} // namespace callgate
