#pragma once
// The transcripts of every live call, shown one call at a time (see CallListModel); a line that
// grows (deltas) is updated in place until its final text comes. GUI thread only.

#include "CallListModel.h"
#include "call/CallSummary.h"

namespace callgate {

class TranscriptModel : public CallListModel<TranscriptLine> {
    Q_OBJECT
public:
    // Who spoke, as the console names them (the live transcript and the history alike).
    static QString speakerLabel(Speaker speaker);
    enum Role { SpeakerRole = Qt::UserRole + 1, FinalRole, TimeRole, TextRole };
    static constexpr int kMaxLinesPerCall = 20000;

    explicit TranscriptModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void append(const QList<callgate::TranscriptLine> &lines);
};

} // namespace callgate
