#pragma once
// Keeps the PromptLibrary current. Each prompt's setting names its source:
//   - a Google Doc: its URL (https://docs.google.com/document/d/<ID>/edit) or gdoc:<ID>, fetched as
//     <GOOGLE_DOCS_BASE_URL>/document/d/<ID>/export?format=txt and refreshed in the background;
//   - a local file path, re-read on each refresh;
//   - nothing: the built-in default in the caller's language.
// The last good copy of each doc is kept on disk (written atomically) and served when a fetch
// fails, times out or returns an HTML sign-in page instead of text.
// Lives on the thread that created it (the main thread).

#include "config/PromptSource.h"
#include "content/PromptLibrary.h"
#include "util/Result.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <array>

class QNetworkAccessManager;

namespace callgate {

struct PromptFetcherSettings {
    std::array<PromptSource, kPromptKinds> sources;
    std::array<QString, kPromptKinds> defaults; // built-in texts in the caller's language
    QUrl docsBaseUrl = QUrl(QStringLiteral("https://docs.google.com"));
    QString cacheDir;
    int refreshSeconds = 300;
    int timeoutMs = 10000;
};

class PromptFetcher : public QObject {
    Q_OBJECT
public:
    PromptFetcher(PromptLibrary &library, PromptFetcherSettings settings, QObject *parent = nullptr);

    // Loads files, cached copies and defaults at once (so the first caller has texts), then fetches
    // the docs and starts the refresh timer.
    void start();
    void refreshNow();

Q_SIGNALS:
    // After each fetch of one prompt: ok, or what failed (an older copy stays in use).
    void fetched(PromptKind kind, bool ok, const QString &detail);

private:
    void loadLocal(PromptKind kind);
    void fetchDoc(PromptKind kind);
    void useFallback(PromptKind kind, const QString &error);
    QString cachePath(PromptKind kind) const;

    PromptLibrary &m_library;
    PromptFetcherSettings m_settings;
    QNetworkAccessManager *m_network;
    QTimer m_refresh;
};

} // namespace callgate
