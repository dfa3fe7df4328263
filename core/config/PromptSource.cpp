#include "config/PromptSource.h"

#include <QRegularExpression>

namespace callgate {

Result<PromptSource> parsePromptSource(const QString &setting)
{
    PromptSource s;
    const QString v = setting.trimmed();
    if (v.isEmpty())
        return s;
    static const QRegularExpression docUrl(QStringLiteral("^https?://[^/]+/document/d/([A-Za-z0-9_-]{10,})"));
    const auto m = docUrl.match(v);
    if (m.hasMatch()) {
        s.type = PromptSource::Type::GoogleDoc;
        s.docId = m.captured(1);
        return s;
    }
    if (v.startsWith(QLatin1String("gdoc:"))) {
        static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9_-]{10,}$"));
        s.docId = v.mid(5);
        if (!id.match(s.docId).hasMatch())
            return Error{QStringLiteral("gdoc: must be followed by a Google Doc id")};
        s.type = PromptSource::Type::GoogleDoc;
        return s;
    }
    if (v.startsWith(QLatin1String("http://")) || v.startsWith(QLatin1String("https://")))
        return Error{QStringLiteral("must be a Google Doc URL (…/document/d/<ID>/…), gdoc:<ID> or a file path")};
    s.type = PromptSource::Type::File;
    s.path = v;
    return s;
}

} // namespace callgate
