#include "CallDetails.h"

#include "util/PhoneMask.h"

#include <QCoreApplication>

namespace callgate {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CallDetails", text);
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), value.isEmpty() ? QStringLiteral("—") : value.toHtmlEscaped());
}

} // namespace

QString callDetailsHtml(const CallSummary &c, bool reveal)
{
    if (c.sessionId.isEmpty())
        return tr("Select a call to see its details.").toHtmlEscaped();
    const auto number = [reveal](const QString &n) { return reveal ? n : maskPhone(n); };
    const CallerVerification &v = c.verification;
    QString source;
    if (v.source == QLatin1String("caller-id"))
        source = tr("caller ID, checked with Lookup");
    else if (v.source == QLatin1String("keypad"))
        source = tr("keyed in, read back and confirmed, checked with Lookup");
    else if (v.source == QLatin1String("keypad-unverified"))
        source = tr("keyed in and confirmed; Lookup could not check it");
    QString html = QStringLiteral("<table>");
    html += row(tr("Call"), c.callSid);
    html += row(tr("Caller ID"), number(c.caller));
    html += row(tr("Verified mobile"), v.number.isEmpty() ? QString() : number(v.number));
    html += row(tr("Line type"), v.lineType);
    html += row(tr("Verified by"), source);
    html += row(tr("Consent"), v.consentVersion.isEmpty()
                                   ? QString()
                                   : tr("accepted by %1 at %2 (message version %3)")
                                         .arg(v.consentMethod, v.consentAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")), v.consentVersion));
    html += row(tr("Language"), v.language);
    if (c.customer.found) {
        html += row(tr("Customer"), c.customer.name);
        for (const auto &[key, value] : c.customer.fields)
            html += row(QStringLiteral("  ") + key, value);
    } else {
        html += row(tr("Customer"), c.customer.error.isEmpty() ? tr("not looked up") : c.customer.error);
    }
    html += row(tr("Started"), c.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (!c.escalation.isEmpty())
        html += row(tr("Asked for an agent"), c.escalation);
    if (c.endedAt.isValid())
        html += row(tr("Ended"), QStringLiteral("%1 (%2)").arg(c.endedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")), c.outcome));
    html += row(tr("Barge-ins"), QString::number(c.bargeIns));
    html += QStringLiteral("</table>");
    return html;
}

} // namespace callgate
