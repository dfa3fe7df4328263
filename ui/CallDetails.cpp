#include "CallDetails.h"

#include "CallWords.h"
#include "util/PhoneMask.h"

#include <QCoreApplication>

namespace callgate {
namespace {

// The translation context of this file's texts.
struct CallDetails {
    Q_DECLARE_TR_FUNCTIONS(CallDetails)
};

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), value.isEmpty() ? QStringLiteral("—") : value.toHtmlEscaped());
}

} // namespace

QString callDetailsHtml(const CallSummary &c, bool reveal)
{
    if (c.sessionId.isEmpty())
        return CallDetails::tr("Select a call to see its details.").toHtmlEscaped();
    const auto number = [reveal](const QString &n) { return reveal ? n : maskPhone(n); };
    const CallerVerification &v = c.verification;
    QString source;
    if (v.source == QLatin1String("caller-id"))
        source = CallDetails::tr("caller ID, checked with Lookup");
    else if (v.source == QLatin1String("keypad"))
        source = CallDetails::tr("keyed in, read back and confirmed, checked with Lookup");
    else if (v.source == QLatin1String("keypad-unverified"))
        source = CallDetails::tr("keyed in and confirmed; Lookup could not check it");
    QString html = QStringLiteral("<table>");
    html += row(CallDetails::tr("Call"), c.callSid);
    html += row(CallDetails::tr("Caller ID"), number(c.caller));
    html += row(CallDetails::tr("Verified mobile"), v.number.isEmpty() ? QString() : number(v.number));
    html += row(CallDetails::tr("Line type"), v.lineType);
    html += row(CallDetails::tr("Verified by"), source);
    html += row(CallDetails::tr("Consent"),
                v.consentVersion.isEmpty()
                    ? QString()
                    : CallDetails::tr("accepted by %1 at %2 (message version %3)")
                          .arg(v.consentMethod, v.consentAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")), v.consentVersion));
    html += row(CallDetails::tr("Language"), v.language);
    if (c.customer.found) {
        html += row(CallDetails::tr("Customer"), c.customer.name);
        for (const auto &[key, value] : c.customer.fields)
            html += row(QStringLiteral("  ") + key, value);
    } else {
        html += row(CallDetails::tr("Customer"), c.customer.error.isEmpty() ? CallDetails::tr("not looked up") : c.customer.error);
    }
    html += row(CallDetails::tr("Started"), c.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (!c.escalation.isEmpty())
        html += row(CallDetails::tr("Asked for an agent"), c.escalation);
    if (c.endedAt.isValid())
        html +=
            row(CallDetails::tr("Ended"),
                QStringLiteral("%1 (%2)").arg(c.endedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")), CallWords::outcome(c.outcome)));
    html += row(CallDetails::tr("Barge-ins"), QString::number(c.bargeIns));
    html += QStringLiteral("</table>");
    return html;
}

} // namespace callgate
