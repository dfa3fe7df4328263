#include "content/PromptLibrary.h"

#include <QCryptographicHash>

namespace callgate {

const char *promptKindName(PromptKind kind)
{
    switch (kind) {
    case PromptKind::System: return "system";
    case PromptKind::Consent: return "consent";
    case PromptKind::LiveAgent: return "live-agent";
    case PromptKind::Greeting: return "greeting";
    }
    return "?";
}

const char *promptSettingName(PromptKind kind)
{
    switch (kind) {
    case PromptKind::System: return "PROMPT_SYSTEM";
    case PromptKind::Consent: return "PROMPT_CONSENT";
    case PromptKind::LiveAgent: return "PROMPT_LIVE_AGENT";
    case PromptKind::Greeting: return "PROMPT_GREETING";
    }
    return "?";
}

QString promptVersionOf(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(12));
}

PromptLibrary::PromptLibrary() = default;

PromptText PromptLibrary::get(PromptKind kind) const
{
    std::lock_guard lock(m_mutex);
    return m_texts[size_t(kind)];
}

void PromptLibrary::set(PromptKind kind, PromptText text)
{
    if (text.version.isEmpty())
        text.version = promptVersionOf(text.text);
    std::lock_guard lock(m_mutex);
    m_texts[size_t(kind)] = std::move(text);
}

void PromptLibrary::setError(PromptKind kind, const QString &error)
{
    std::lock_guard lock(m_mutex);
    m_texts[size_t(kind)].lastError = error;
}

QStringList chunkText(const QString &text, int maxChars)
{
    QStringList chunks;
    QString rest = text.trimmed();
    while (rest.size() > maxChars) {
        const QStringView window = QStringView(rest).first(maxChars);
        qsizetype cut = window.lastIndexOf(QLatin1String("\n\n"));
        if (cut < maxChars / 2) {
            cut = -1;
            for (const QLatin1StringView end :
                 {QLatin1StringView(". "), QLatin1StringView("? "), QLatin1StringView("! "), QLatin1StringView(".\n")}) {
                const qsizetype at = window.lastIndexOf(end);
                if (at >= 0)
                    cut = qMax(cut, at + 1);
            }
        }
        if (cut < maxChars / 2)
            cut = window.lastIndexOf(QLatin1Char(' '));
        if (cut <= 0)
            cut = maxChars;
        chunks << rest.left(cut).trimmed();
        rest = rest.mid(cut).trimmed();
    }
    if (!rest.isEmpty())
        chunks << rest;
    return chunks;
}

} // namespace callgate
