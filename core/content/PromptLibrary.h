#pragma once
// The four texts an operator writes — the AI's system prompt, the consent message, the live-agent
// message and the greeting — as they stand now. Each comes from a Google Doc, a local file or a
// built-in default (see PromptFetcher). Thread-safe: workers read while the fetcher updates.

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <array>
#include <mutex>

namespace callgate {

enum class PromptKind { System, Consent, LiveAgent, Greeting };
constexpr int kPromptKinds = 4;
const char *promptKindName(PromptKind kind);    // "system", "consent", "live-agent", "greeting"
const char *promptSettingName(PromptKind kind); // "PROMPT_SYSTEM", …

struct PromptText {
    QString text;
    QString origin;  // "google-doc", "file", "cache" (last good copy of a doc), "built-in"
    QString version; // first 12 hex digits of the text's SHA-256: which consent message was heard
    QDateTime updatedAt;
    QString lastError; // the last fetch's failure, while an older copy is served
};

QString promptVersionOf(const QString &text);

class PromptLibrary {
public:
    PromptLibrary();
    PromptText get(PromptKind kind) const;
    void set(PromptKind kind, PromptText text);
    void setError(PromptKind kind, const QString &error);

private:
    mutable std::mutex m_mutex;
    std::array<PromptText, kPromptKinds> m_texts;
};

// Splits text into pieces of at most maxChars, at paragraph, then sentence, then word boundaries,
// so a long system prompt fits what the Realtime API takes per item.
QStringList chunkText(const QString &text, int maxChars);

} // namespace callgate
