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
    // Runs of the same call go in together.
    qsizetype start = 0;
    for (qsizetype i = 1; i <= lines.size(); ++i) {
        if (i == lines.size() || lines[i].sessionId != lines[start].sessionId) {
            appendRows(lines[start].sessionId, lines.mid(start, i - start), kMaxEventsPerCall);
            start = i;
        }
    }
}

} // namespace callgate
