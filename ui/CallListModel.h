#pragma once
// A list model that keeps rows for every live call and shows one call at a time: rows keep
// arriving for all calls (so switching calls shows their whole history), bounded per call (the
// oldest go), and views hear only about the call shown. The transcript and the event log are two.
// GUI thread only.

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace callgate {

template <typename Row>
class CallListModel : public QAbstractListModel {
public:
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        const auto it = m_rows.constFind(m_session);
        return parent.isValid() || it == m_rows.cend() ? 0 : int(it->size());
    }

    QByteArray session() const { return m_session; }
    void setSession(const QByteArray &sessionId)
    {
        if (sessionId == m_session)
            return;
        beginResetModel();
        m_session = sessionId;
        endResetModel();
    }
    // Forgets a call that has gone from the console.
    void forget(const QByteArray &sessionId)
    {
        if (sessionId == m_session)
            setSession({});
        m_rows.remove(sessionId);
    }

protected:
    // The shown call's row at `index`, or null.
    const Row *rowAt(const QModelIndex &index) const
    {
        const auto it = m_rows.constFind(m_session);
        if (!index.isValid() || it == m_rows.cend() || index.row() >= it->size())
            return nullptr;
        return &it->at(index.row());
    }
    QList<Row> &rowsOf(const QByteArray &sessionId) { return m_rows[sessionId]; }
    // Appends rows of one call in one go (one insert for the views, however many rows: a view
    // lays out once per batch, not once per row), dropping the oldest beyond `max`.
    void appendRows(const QByteArray &sessionId, QList<Row> rows, qsizetype max)
    {
        if (rows.isEmpty())
            return;
        if (rows.size() > max)
            rows.remove(0, rows.size() - max);
        QList<Row> &list = m_rows[sessionId];
        const bool shown = sessionId == m_session;
        const qsizetype excess = list.size() + rows.size() - max;
        if (excess > 0) {
            if (shown)
                beginRemoveRows({}, 0, int(excess) - 1);
            list.remove(0, excess);
            if (shown)
                endRemoveRows();
        }
        if (shown)
            beginInsertRows({}, int(list.size()), int(list.size() + rows.size()) - 1);
        list.append(std::move(rows));
        if (shown)
            endInsertRows();
    }

private:
    QHash<QByteArray, QList<Row>> m_rows;
    QByteArray m_session;
};

} // namespace callgate
