#include "gateway/TwilioAuth.h"

#include "config/Config.h"

#include <QHttpServerRequest>

namespace callgate {

QString publicRequestUrl(const Config &config, const QHttpServerRequest &request, const QString &scheme)
{
    QUrl base = config.publicUrl;
    if (!scheme.isEmpty())
        base.setScheme(scheme);
    const QUrl &local = request.url();
    QString url = base.toString(QUrl::FullyEncoded) + local.path(QUrl::FullyEncoded);
    if (local.hasQuery())
        url += QLatin1Char('?') + local.query(QUrl::FullyEncoded);
    return url;
}

twilio::Verdict checkWebhookSignature(const Config &config, const QHttpServerRequest &request, const FormFields &form)
{
    if (!config.signatureValidation)
        return twilio::Verdict::Valid;
    const QByteArray header = request.value(QByteArrayLiteral("x-twilio-signature"));
    const QByteArray token = config.twilioAuthToken.toUtf8();
    const QString url = publicRequestUrl(config, request);
    const QByteArray contentType = request.value(QByteArrayLiteral("content-type")).toLower();
    if (request.url().hasQuery() && request.url().query().contains(QLatin1String("bodySHA256=")))
        return twilio::validateRawBody(token, header, url, request.body());
    if (!contentType.isEmpty() && !contentType.startsWith("application/x-www-form-urlencoded"))
        return twilio::validateRawBody(token, header, url, request.body());
    return twilio::validateForm(token, header, url, form);
}

twilio::Verdict checkStreamSignature(const Config &config, const QHttpServerRequest &request)
{
    if (!config.signatureValidation)
        return twilio::Verdict::Valid;
    const QByteArray header = request.value(QByteArrayLiteral("x-twilio-signature"));
    if (header.isEmpty())
        return twilio::Verdict::Missing;
    const QByteArray token = config.twilioAuthToken.toUtf8();
    const bool secure = config.publicUrl.scheme() == QLatin1String("https");
    const QString wsScheme = secure ? QStringLiteral("wss") : QStringLiteral("ws");
    for (const QString &scheme : {wsScheme, config.publicUrl.scheme()}) {
        const QString url = publicRequestUrl(config, request, scheme);
        for (const QString &candidate : {url, QString(url + QLatin1Char('/'))}) {
            if (twilio::validateForm(token, header, candidate, {}) == twilio::Verdict::Valid)
                return twilio::Verdict::Valid;
        }
    }
    return twilio::Verdict::Mismatch;
}

} // namespace callgate
