#include "CallWords.h"

#include "util/PhoneMask.h"

namespace callgate {

QString CallWords::outcome(const QString &outcome, const QString &agent)
{
    if (outcome.isEmpty())
        return tr("Live");
    if (outcome == QLatin1String("completed"))
        return tr("Finished");
    if (outcome == QLatin1String("stream_closed"))
        return tr("Line dropped");
    if (outcome == QLatin1String("openai_failed"))
        return tr("The AI failed");
    if (outcome == QLatin1String("expired"))
        return tr("Never connected");
    if (outcome == QLatin1String("drained"))
        return tr("Ended at shutdown");
    if (outcome == QLatin1String("busy"))
        return tr("Turned away: busy");
    if (outcome == QLatin1String("transferred"))
        return tr("Transferred");
    if (outcome == QLatin1String("no_agent"))
        return tr("No agent was free");
    if (outcome == QLatin1String("declined"))
        return tr("Declined consent");
    if (outcome == QLatin1String("not_verified"))
        return tr("Number not verified");
    if (outcome == QLatin1String("hung_up"))
        return agent.isEmpty() ? tr("A supervisor hung up") : tr("%1 hung up").arg(agent);
    return outcome;
}

QString CallWords::handledBy(const QString &handledBy, const QString &agent, const QString &transferredTo,
                             const QList<QPair<QString, QString>> &known)
{
    const QString who = agent.isEmpty() ? tr("a supervisor") : agent;
    if (handledBy == QLatin1String("agent"))
        return agent.isEmpty() ? tr("A supervisor") : agent;
    if (handledBy == QLatin1String("agent+ai"))
        return tr("%1, then the AI").arg(who);
    if (handledBy == QLatin1String("transferred")) {
        QString where = transferredTo;
        for (const auto &[name, number] : known) {
            if (!transferredTo.isEmpty() && maskPhone(number) == transferredTo)
                where = tr("%1 (%2)").arg(name, transferredTo);
        }
        if (where.isEmpty())
            return agent.isEmpty() ? tr("Transferred") : tr("Transferred by %1").arg(agent);
        return agent.isEmpty() ? tr("Transferred to %1 (no one took it in time)").arg(where)
                               : tr("Transferred to %1 by %2").arg(where, agent);
    }
    if (handledBy == QLatin1String("ai") || handledBy.isEmpty())
        return tr("The AI");
    return handledBy;
}

QList<QPair<QString, QString>> CallWords::dispositions()
{
    return {{QStringLiteral("resolved"), tr("Resolved")},         {QStringLiteral("follow_up"), tr("Follow-up needed")},
            {QStringLiteral("callback"), tr("Call back")},        {QStringLiteral("complaint"), tr("Complaint")},
            {QStringLiteral("wrong_number"), tr("Wrong number")}, {QStringLiteral("other"), tr("Other")}};
}

QString CallWords::disposition(const QString &code)
{
    for (const auto &[c, words] : dispositions()) {
        if (c == code)
            return words;
    }
    return code;
}

} // namespace callgate
