#include "openai/ModelStatus.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <memory>

namespace callgate::openai {

const char *ModelStatus::stateName(State s)
{
    switch (s) {
    case State::Unchecked: return "unchecked";
    case State::Current: return "current";
    case State::ShuttingDown: return "shutting-down";
    case State::Gone: return "gone";
    case State::Unknown: return "unknown";
    case State::KeyRefused: return "key-refused";
    }
    return "unknown";
}

QString ModelStatus::warning() const
{
    const QString who = QStringLiteral("%1 (%2)").arg(model, setting);
    switch (state) {
    case State::ShuttingDown: {
        const bool past = shutdownDate <= QDate::currentDate();
        QString line = QStringLiteral("%1 %2 on %3")
                           .arg(who, past ? QStringLiteral("shut down") : QStringLiteral("shuts down"), shutdownDate.toString(Qt::ISODate));
        const QString next = namedReplacement(model);
        if (!next.isEmpty())
            line += QStringLiteral("; OpenAI names %1 as its replacement").arg(next);
        return line;
    }
    case State::Gone: return QStringLiteral("%1 is not offered by OpenAI (shut down, misspelt, or not open to this key)").arg(who);
    case State::KeyRefused: return QStringLiteral("OpenAI refused the API key when asked about %1: %2").arg(who, detail);
    case State::Unknown: return QStringLiteral("could not ask OpenAI about %1: %2").arg(who, detail);
    case State::Unchecked:
    case State::Current: break;
    }
    return {};
}

QString ModelStatus::fatalError() const
{
    if (state == State::Gone) {
        const QString next = namedReplacement(model);
        return QStringLiteral("%1: OpenAI has no model %2 (shut down, misspelt, or not open to this key); set %1 to a current model%3")
            .arg(setting, model, next.isEmpty() ? QString() : QStringLiteral(" such as ") + next);
    }
    if (state == State::KeyRefused)
        return QStringLiteral("OPENAI_API_KEY: OpenAI refused the key (%1)").arg(detail);
    return {};
}

QUrl restUrlNextTo(const QUrl &socketUrl, const QString &path)
{
    QUrl url = socketUrl;
    url.setScheme(socketUrl.scheme() == QLatin1String("ws") ? QStringLiteral("http") : QStringLiteral("https"));
    url.setQuery(QString());
    QString base = url.path();
    if (base.endsWith(QLatin1String("/live/sessions")))
        base.chop(int(qstrlen("/sessions")));
    const qsizetype slash = base.lastIndexOf(QLatin1Char('/'));
    url.setPath((slash >= 0 ? base.left(slash) : QString()) + QLatin1Char('/') + path, QUrl::TolerantMode);
    return url;
}

QUrl modelUrl(const QUrl &realtimeUrl, const QString &model)
{
    QString id = model;
    id.replace(QLatin1Char('/'), QStringLiteral("%2F")); // one path segment, whatever it holds
    return restUrlNextTo(realtimeUrl, QStringLiteral("models/") + id);
}

ModelStatus::State readModelAnswer(int httpStatus, const QByteArray &body, QDate *shutdownDate, QString *detail)
{
    using S = ModelStatus::State;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QString message = o.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().left(200);
    if (httpStatus == 404) {
        *detail = message;
        return S::Gone;
    }
    if (httpStatus == 401) {
        *detail = QStringLiteral("HTTP 401");
        return S::KeyRefused;
    }
    if (httpStatus != 200) {
        *detail = QStringLiteral("HTTP %1%2").arg(httpStatus).arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message);
        return S::Unknown;
    }
    if (o.value(QLatin1String("object")).toString() != QLatin1String("model")) {
        *detail = QStringLiteral("the models endpoint answered something that is not a model");
        return S::Unknown;
    }
    const QJsonValue date = o.value(QLatin1String("shutdown_date"));
    if (date.isUndefined() || date.isNull())
        return S::Current;
    const QDate d = QDate::fromString(date.toString(), Qt::ISODate);
    if (!d.isValid()) {
        *detail = QStringLiteral("shutdown_date is not a date");
        return S::Unknown;
    }
    *shutdownDate = d;
    return S::ShuttingDown;
}

QString namedReplacement(const QString &model)
{
    // OpenAI's deprecations page: the Realtime models of 2025 go on 2027-01-20, the transcription
    // models of the gpt-4o era and whisper-1 on 2027-02-26.
    if (model == QLatin1String("gpt-realtime") || model.startsWith(QLatin1String("gpt-realtime-2025-"))
        || model.startsWith(QLatin1String("gpt-4o-realtime")))
        return QStringLiteral("gpt-realtime-2.1");
    if (model.startsWith(QLatin1String("gpt-realtime-mini")) || model.startsWith(QLatin1String("gpt-4o-mini-realtime")))
        return QStringLiteral("gpt-realtime-2.1-mini");
    if (model == QLatin1String("whisper-1") || (model.startsWith(QLatin1String("gpt-4o")) && model.contains(QLatin1String("transcribe"))))
        return QStringLiteral("gpt-transcribe");
    return {};
}

bool isReasoningModel(const QString &model)
{
    // Everything before gpt-realtime-2 answers `reasoning` with "unsupported parameter"; later
    // models all reason.
    static const char *const earlier[] = {"gpt-realtime-mini", "gpt-realtime-1.5", "gpt-realtime-2025-", "gpt-4o", "gpt-audio"};
    if (model == QLatin1String("gpt-realtime"))
        return false;
    for (const char *prefix : earlier) {
        if (model.startsWith(QLatin1String(prefix)))
            return false;
    }
    return true;
}

ModelCheck::ModelCheck(QUrl realtimeUrl, QString apiKey, QObject *parent)
    : QObject(parent), m_realtimeUrl(std::move(realtimeUrl)), m_apiKey(std::move(apiKey)), m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(true);
}

void ModelCheck::check(const QList<QPair<QString, QString>> &settingModels, std::function<void(QList<ModelStatus>)> done)
{
    struct Pending {
        QList<ModelStatus> results;
        int left = 0;
        std::function<void(QList<ModelStatus>)> done;
    };
    auto pending = std::make_shared<Pending>();
    pending->done = std::move(done);
    pending->left = int(settingModels.size());
    for (const auto &[setting, model] : settingModels)
        pending->results.append(ModelStatus::unchecked(setting, model));
    if (pending->left == 0) {
        pending->done(pending->results);
        return;
    }
    for (int i = 0; i < settingModels.size(); ++i) {
        QNetworkRequest request(modelUrl(m_realtimeUrl, settingModels[i].second));
        request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
        request.setTransferTimeout(m_timeoutMs);
        QNetworkReply *reply = m_network->get(request);
        connect(reply, &QNetworkReply::finished, this, [reply, pending, i] {
            ModelStatus &s = pending->results[i];
            s.checkedAt = QDateTime::currentDateTimeUtc();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 0) {
                s.state = ModelStatus::State::Unknown;
                s.detail = reply->errorString();
            } else {
                s.state = readModelAnswer(status, reply->readAll(), &s.shutdownDate, &s.detail);
            }
            if (--pending->left == 0)
                pending->done(pending->results);
        });
    }
}

} // namespace callgate::openai
