#pragma once
// The raw protocol events of the selected call (what OpenAI sent, DTMF keys, …) with their times,
// for the developer looking into a problem; kept for every live call, bounded per call. Filtered
// through a QSortFilterProxyModel in the window. GUI thread only.

#include "CallListModel.h"
#include "call/CallSummary.h"

namespace callgate {

class EventLogModel : public CallListModel<ProtocolLine> {
    Q_OBJECT
public:
    static constexpr int kMaxEventsPerCall = 5000;

    explicit EventLogModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void append(const QList<callgate::ProtocolLine> &lines);
};

} // namespace callgate
