#include "operator/NgrokDiscovery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace callgate {

Result<QUrl> pickNgrokTunnel(const QByteArray &json, quint16 port)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return Error{QStringLiteral("the ngrok agent API answered something that is not JSON")};
    QUrl best;
    for (const QJsonValue &v : doc.object().value(QLatin1String("tunnels")).toArray()) {
        const QJsonObject t = v.toObject();
        const QUrl pub(t.value(QLatin1String("public_url")).toString());
        const QString addr = t.value(QLatin1String("config")).toObject().value(QLatin1String("addr")).toString();
        // addr is "http://localhost:5050", "localhost:5050" or "5050".
        const bool ours = addr == QString::number(port) || addr.endsWith(QLatin1Char(':') + QString::number(port));
        if (!ours || !pub.isValid())
            continue;
        if (pub.scheme() == QLatin1String("https"))
            return pub;
        if (best.isEmpty())
            best = pub;
    }
    if (best.isEmpty())
        return Error{QStringLiteral("ngrok runs, but no tunnel forwards to port %1 (start: ngrok http %1)").arg(port)};
    return best;
}

NgrokDiscovery::NgrokDiscovery(QUrl apiUrl, QObject *parent)
    : QObject(parent), m_api(std::move(apiUrl)), m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(true);
}

void NgrokDiscovery::discover(quint16 port, std::function<void(Result<QUrl>)> done)
{
    QUrl url = m_api;
    url.setPath(url.path() + QStringLiteral("/api/tunnels"));
    QNetworkRequest request(url);
    request.setTransferTimeout(2000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [reply, port, done = std::move(done)] {
        if (reply->error() != QNetworkReply::NoError) {
            done(Error{
                QStringLiteral("no ngrok agent answers at %1 (%2)").arg(reply->url().toString(QUrl::RemovePath), reply->errorString())});
            return;
        }
        done(pickNgrokTunnel(reply->readAll(), port));
    });
}

} // namespace callgate
