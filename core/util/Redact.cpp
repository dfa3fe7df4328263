#include "util/Redact.h"

#include <QRegularExpression>

namespace callgate {

QString redactUrls(const QString &text)
{
    static const QRegularExpression url(QStringLiteral(R"(([A-Za-z][A-Za-z0-9+.\-]*://)([^\s"'<>]*))"));
    QString out;
    qsizetype last = 0;
    auto it = url.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        QString rest = m.captured(2);
        // Authority: up to the first '/', '?' or '#'.
        qsizetype authEnd = rest.size();
        for (QChar stop : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
            const qsizetype at = rest.indexOf(stop);
            if (at >= 0 && at < authEnd)
                authEnd = at;
        }
        const qsizetype at = rest.left(authEnd).lastIndexOf(QLatin1Char('@'));
        if (at >= 0)
            rest = QStringLiteral("***") + rest.mid(at);
        const qsizetype query = rest.indexOf(QLatin1Char('?'));
        if (query >= 0) {
            QString q = rest.mid(query + 1);
            static const QRegularExpression value(QStringLiteral(R"(=([^&#]*))"));
            q.replace(value, QStringLiteral("=***"));
            rest = rest.left(query + 1) + q;
        }
        out += m.captured(1) + rest;
        last = m.capturedEnd();
    }
    out += text.mid(last);
    return out;
}

QString redactPaths(const QString &text)
{
    // An absolute path: a '/' not inside a word or a URL, at least one directory, then the name.
    static const QRegularExpression path(QStringLiteral(R"((?<![\w:/.\-~])/(?:[^\s/:"']+/)+([^\s/:"']+))"));
    QString out = text;
    out.replace(path, QStringLiteral("…/\\1"));
    return out;
}

} // namespace callgate
