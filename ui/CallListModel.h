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
    void appendRow(const QByteArray &sessionId, Row row, qsizetype max)
    {
        QList<Row> &list = m_rows[sessionId];
        const bool shown = sessionId == m_session;
        if (list.size() >= max) {
            if (shown)
                beginRemoveRows({}, 0, 0);
            list.removeFirst();
            if (shown)
                endRemoveRows();
        }
        if (shown)
            beginInsertRows({}, int(list.size()), int(list.size()));
        list.append(std::move(row));
        if (shown)
            endInsertRows();
    }

private:
    QHash<QByteArray, QList<Row>> m_rows;
    QByteArray m_session;
};

} // namespace callgate
