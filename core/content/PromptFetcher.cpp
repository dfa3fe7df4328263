#include "content/PromptFetcher.h"

#include "content/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSaveFile>

namespace callgate {
namespace {

// A Google sign-in or error page instead of the document's text.
bool looksLikeHtml(const QByteArray &body, const QByteArray &contentType)
{
    if (contentType.toLower().contains("text/html"))
        return true;
    const QByteArray head = body.left(512).trimmed().toLower();
    return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<head>");
}

QString readTextFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    return QString::fromUtf8(f.readAll());
}

} // namespace

PromptFetcher::PromptFetcher(PromptLibrary &library, PromptFetcherSettings settings, QObject *parent)
    : QObject(parent), m_library(library), m_settings(std::move(settings)), m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(true);
    connect(&m_refresh, &QTimer::timeout, this, &PromptFetcher::refreshNow);
}

QString PromptFetcher::cachePath(PromptKind kind) const
{
    return m_settings.cacheDir + QLatin1Char('/') + QLatin1String(promptKindName(kind)) + QStringLiteral(".txt");
}

void PromptFetcher::start()
{
    for (int k = 0; k < kPromptKinds; ++k)
        loadLocal(PromptKind(k));
    refreshNow();
    if (m_settings.refreshSeconds > 0)
        m_refresh.start(m_settings.refreshSeconds * 1000);
}

void PromptFetcher::refreshNow()
{
    for (int k = 0; k < kPromptKinds; ++k) {
        const PromptKind kind = PromptKind(k);
        switch (m_settings.sources[size_t(k)].type) {
        case PromptSource::Type::GoogleDoc: fetchDoc(kind); break;
        case PromptSource::Type::File: loadLocal(kind); break;
        case PromptSource::Type::BuiltIn: break;
        }
    }
}

void PromptFetcher::loadLocal(PromptKind kind)
{
    const PromptSource &src = m_settings.sources[size_t(kind)];
    const QString builtIn = m_settings.defaults[size_t(kind)];
    if (src.type == PromptSource::Type::File) {
        QString error;
        const QString text = readTextFile(src.path, &error).trimmed();
        if (!text.isEmpty()) {
            const PromptText current = m_library.get(kind);
            if (current.text != text || current.origin != QLatin1String("file"))
                m_library.set(kind, {text, QStringLiteral("file"), {}, QDateTime::currentDateTimeUtc(), {}});
            return;
        }
        useFallback(kind, error.isEmpty() ? QStringLiteral("%1 is empty").arg(src.path) : error);
        return;
    }
    if (src.type == PromptSource::Type::GoogleDoc) {
        // Until the first fetch answers: the last good copy, else the default.
        if (m_library.get(kind).text.isEmpty())
            useFallback(kind, {});
        return;
    }
    m_library.set(kind, {builtIn, QStringLiteral("built-in"), {}, QDateTime::currentDateTimeUtc(), {}});
}

void PromptFetcher::useFallback(PromptKind kind, const QString &error)
{
    PromptText current = m_library.get(kind);
    if (current.text.isEmpty() || current.origin == QLatin1String("built-in")) {
        QString ignored;
        const QString cached = m_settings.cacheDir.isEmpty() ? QString() : readTextFile(cachePath(kind), &ignored).trimmed();
        if (!cached.isEmpty())
            current = {cached, QStringLiteral("cache"), {}, QFileInfo(cachePath(kind)).lastModified().toUTC(), {}};
        else
            current = {m_settings.defaults[size_t(kind)], QStringLiteral("built-in"), {}, QDateTime::currentDateTimeUtc(), {}};
    }
    current.lastError = error;
    m_library.set(kind, current);
    if (!error.isEmpty())
        qCWarning(lcContent).noquote() << promptSettingName(kind) << "could not be refreshed:" << error << "- using the" << current.origin
                                       << "copy";
}

void PromptFetcher::fetchDoc(PromptKind kind)
{
    const PromptSource &src = m_settings.sources[size_t(kind)];
    QUrl url = m_settings.docsBaseUrl;
    url.setPath(url.path() + QStringLiteral("/document/d/%1/export").arg(src.docId));
    url.setQuery(QStringLiteral("format=txt"));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_settings.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, kind] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        QString error;
        if (reply->error() != QNetworkReply::NoError && status == 0)
            error = QStringLiteral("fetch failed: %1").arg(reply->errorString());
        else if (status == 401 || status == 403 || status == 404)
            error = QStringLiteral("the export answered HTTP %1 (is the doc shared as \"anyone with the link\"?)").arg(status);
        else if (status != 200)
            error = QStringLiteral("the export answered HTTP %1").arg(status);
        else if (looksLikeHtml(body, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()))
            error =
                QStringLiteral("the export returned an HTML page, not text (a sign-in page: share the doc as \"anyone with the link\")");
        QString text;
        if (error.isEmpty()) {
            text = QString::fromUtf8(body);
            if (text.startsWith(QChar(0xFEFF)))
                text.remove(0, 1); // Google's export starts with a byte-order mark
            text = text.trimmed();
            if (text.isEmpty())
                error = QStringLiteral("the doc is empty");
        }
        if (!error.isEmpty()) {
            useFallback(kind, error);
            Q_EMIT fetched(kind, false, error);
            return;
        }
        const PromptText current = m_library.get(kind);
        if (current.text != text || current.origin != QLatin1String("google-doc")) {
            m_library.set(kind, {text, QStringLiteral("google-doc"), {}, QDateTime::currentDateTimeUtc(), {}});
            qCInfo(lcContent).noquote() << promptSettingName(kind) << "updated from its Google Doc, version" << promptVersionOf(text);
        } else {
            m_library.setError(kind, {});
        }
        if (!m_settings.cacheDir.isEmpty()) {
            QDir().mkpath(m_settings.cacheDir);
            QSaveFile f(cachePath(kind));
            if (f.open(QIODevice::WriteOnly)) {
                f.write(text.toUtf8());
                if (!f.commit())
                    qCWarning(lcContent).noquote()
                        << "cannot keep the last good copy of" << promptSettingName(kind) << ":" << f.errorString();
            }
        }
        Q_EMIT fetched(kind, true, {});
    });
}

} // namespace callgate
