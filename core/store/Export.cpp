#include "store/Export.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace callgate::store {
namespace {
QJsonValue orNull(const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); }
} // namespace
namespace {

QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }

QByteArray csvField(const QString &value)
{
    QString v = value;
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) || v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1Char('"'), QLatin1String("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v.toUtf8();
}

void csvRow(QIODevice &out, const QStringList &fields)
{
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i)
            line += ',';
        line += csvField(fields[i]);
    }
    line += "\r\n";
    out.write(line);
}

} // namespace

int exportCalls(const CallStore &store, QIODevice &out, ExportFormat format, const QDateTime &since, const QString &callSid)
{
    const QList<CallRecord> calls = store.callsSince(since, callSid);
    if (format == ExportFormat::Csv)
        csvRow(out,
               {QStringLiteral("call_sid"), QStringLiteral("caller"), QStringLiteral("started_at"), QStringLiteral("ended_at"),
                QStringLiteral("outcome"), QStringLiteral("speaker"), QStringLiteral("text"), QStringLiteral("at"),
                QStringLiteral("handled_by"), QStringLiteral("agent"), QStringLiteral("transferred_to"), QStringLiteral("disposition"),
                QStringLiteral("notes")});
    for (const CallRecord &c : calls) {
        const QList<TurnRecord> turns = store.transcript(c.id);
        if (format == ExportFormat::JsonLines) {
            QJsonArray transcript;
            for (const TurnRecord &t : turns) {
                QJsonObject turn{
                    {QStringLiteral("speaker"), t.speaker}, {QStringLiteral("text"), t.text}, {QStringLiteral("at"), iso(t.at)}};
                if (!t.by.isEmpty())
                    turn.insert(QStringLiteral("by"), t.by);
                transcript.append(turn);
            }
            const QJsonObject o{{QStringLiteral("callSid"), c.callSid},
                                {QStringLiteral("sessionId"), c.sessionId},
                                {QStringLiteral("caller"), c.caller},
                                {QStringLiteral("startedAt"), iso(c.startedAt)},
                                {QStringLiteral("endedAt"), c.endedAt.isValid() ? QJsonValue(iso(c.endedAt)) : QJsonValue()},
                                {QStringLiteral("outcome"), c.outcome.isEmpty() ? QJsonValue() : QJsonValue(c.outcome)},
                                {QStringLiteral("verifiedNumber"), orNull(c.verifiedNumber)},
                                {QStringLiteral("numberSource"), orNull(c.numberSource)},
                                {QStringLiteral("lineType"), orNull(c.lineType)},
                                {QStringLiteral("consentVersion"), orNull(c.consentVersion)},
                                {QStringLiteral("customerName"), orNull(c.customerName)},
                                {QStringLiteral("handledBy"), orNull(c.handledBy)},
                                {QStringLiteral("agent"), orNull(c.agent)},
                                {QStringLiteral("transferredTo"), orNull(c.transferredTo)},
                                {QStringLiteral("endReason"), orNull(c.endReason)},
                                {QStringLiteral("disposition"), orNull(c.disposition)},
                                {QStringLiteral("notes"), orNull(c.notes)},
                                {QStringLiteral("notedBy"), orNull(c.notedBy)},
                                {QStringLiteral("notedAt"), c.notedAt.isValid() ? QJsonValue(iso(c.notedAt)) : QJsonValue()},
                                {QStringLiteral("transcript"), transcript}};
            out.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        } else {
            const QStringList call{c.callSid, c.caller, iso(c.startedAt), iso(c.endedAt), c.outcome};
            const QStringList handling{c.handledBy, c.agent, c.transferredTo, c.disposition, c.notes};
            if (turns.isEmpty())
                csvRow(out, call + QStringList{QString(), QString(), QString()} + handling);
            for (const TurnRecord &t : turns)
                csvRow(out, call + QStringList{t.speaker, t.text, iso(t.at)} + handling);
        }
    }
    return int(calls.size());
}

} // namespace callgate::store
