#include "TranscriptModel.h"

#include <QColor>

namespace callgate {

TranscriptModel::TranscriptModel(QObject *parent) : CallListModel<TranscriptLine>(parent) {}

QString TranscriptModel::speakerLabel(Speaker speaker)
{
    switch (speaker) {
    case Speaker::Caller: return tr("Caller");
    case Speaker::Whisper: return tr("Whisper to the AI");
    case Speaker::Agent: return tr("Live agent");
    case Speaker::Assistant: break;
    }
    return tr("Assistant");
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    const TranscriptLine *l = rowAt(index);
    if (!l)
        return {};
    const QString who = speakerLabel(l->speaker);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return QString(QStringLiteral("%1  %2: %3").arg(l->at.toLocalTime().toString(QStringLiteral("HH:mm:ss")), who, l->text)
                       + (l->final ? QString() : QStringLiteral(" …")));
    case SpeakerRole: return who;
    case FinalRole: return l->final;
    case TimeRole: return l->at;
    case TextRole: return l->text;
    case Qt::ForegroundRole:
        return l->speaker == Speaker::Caller ? QVariant()
            : l->speaker == Speaker::Whisper ? QVariant(QColor(0x8a, 0x4b, 0x00))
            : l->speaker == Speaker::Agent   ? QVariant(QColor(0x2e, 0x7d, 0x32))
                                             : QVariant(QColor(0x1f, 0x5f, 0xa8));
    }
    return {};
}

void TranscriptModel::append(const QList<TranscriptLine> &lines)
{
    // New lines of one call are collected and inserted together; a line that updates one already
    // there first flushes what is collected.
    QByteArray runSession;
    QList<TranscriptLine> run;
    const auto flush = [&] { appendRows(runSession, std::exchange(run, {}), kMaxLinesPerCall); };
    for (const TranscriptLine &l : lines) {
        if (l.sessionId != runSession) {
            flush();
            runSession = l.sessionId;
        }
        bool inRun = false;
        for (TranscriptLine &pending : run) {
            if (!pending.final && pending.itemId == l.itemId && !l.itemId.isEmpty()) {
                const QDateTime started = pending.at;
                pending = l;
                pending.at = started;
                inRun = true;
                break;
            }
        }
        if (inRun)
            continue;
        QList<TranscriptLine> &list = rowsOf(l.sessionId);
        // A growing line is updated in place (the last lines are the ones that grow).
        qsizetype at = -1;
        for (qsizetype i = list.size() - 1; i >= 0 && i >= list.size() - 8; --i) {
            if (!list[i].final && list[i].itemId == l.itemId && !l.itemId.isEmpty()) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            run.append(l);
            continue;
        }
        const QDateTime started = list[at].at;
        list[at] = l;
        list[at].at = started;
        if (l.sessionId == session())
            Q_EMIT dataChanged(index(int(at)), index(int(at)));
    }
    flush();
}

} // namespace callgate
