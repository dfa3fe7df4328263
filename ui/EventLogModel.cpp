#include "EventLogModel.h"

namespace callgate {

EventLogModel::EventLogModel(QObject *parent) : CallListModel<ProtocolLine>(parent) {}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    const ProtocolLine *e = rowAt(index);
    if (e && (role == Qt::DisplayRole || role == Qt::AccessibleTextRole))
        return QString(e->at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz  ")) + e->text);
    return {};
}

void EventLogModel::append(const QList<ProtocolLine> &lines)
{
    for (const ProtocolLine &e : lines)
        appendRow(e.sessionId, e, kMaxEventsPerCall);
}

} // namespace callgate
