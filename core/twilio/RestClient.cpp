#include "twilio/RestClient.h"

#include "twilio/Logging.h"
#include "util/PhoneMask.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

namespace callgate::twilio {

QString describeTwilioError(int httpStatus, const QByteArray &body)
{
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject()) {
        QString snippet = QString::fromUtf8(body.left(120)).simplified();
        return QStringLiteral("Twilio answered HTTP %1 without its error JSON%2")
            .arg(httpStatus)
            .arg(snippet.isEmpty() ? QString() : QStringLiteral(": \"%1\"").arg(snippet));
    }
    const QJsonObject o = doc.object();
    const int code = o.value(QLatin1String("code")).toInt();
    QString message = o.value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = QStringLiteral("(no message)");
    QString text = code ? QStringLiteral("Twilio error %1 (HTTP %2): %3").arg(code).arg(httpStatus).arg(message)
                        : QStringLiteral("Twilio HTTP %1: %2").arg(httpStatus).arg(message);
    const QString more = o.value(QLatin1String("more_info")).toString();
    if (!more.isEmpty())
        text += (text.endsWith(QLatin1Char('.')) ? QStringLiteral(" See ") : QStringLiteral(". See ")) + more;
    // Messages can quote the phone number a request was about.
    return maskPhoneNumbersIn(text);
}

LookupResult parseLookup(const QJsonObject &json)
{
    LookupResult r;
    r.phoneNumber = json.value(QLatin1String("phone_number")).toString();
    r.valid = json.value(QLatin1String("valid")).toBool();
    r.countryCode = json.value(QLatin1String("country_code")).toString();
    for (const QJsonValue &e : json.value(QLatin1String("validation_errors")).toArray())
        r.validationErrors << e.toString();
    const QJsonObject lti = json.value(QLatin1String("line_type_intelligence")).toObject();
    r.lineType = lti.value(QLatin1String("type")).toString();
    r.lineTypeErrorCode = lti.value(QLatin1String("error_code")).toInt();
    r.carrierName = lti.value(QLatin1String("carrier_name")).toString();
    return r;
}

struct RestClient::Call {
    QByteArray method;
    QUrl url;
    QByteArray body;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback<QJsonObject> done;
    int attempt = 0;
};

RestClient::RestClient(RestSettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(true);
}

RestClient::~RestClient() = default;

QUrl RestClient::accountUrl(const QString &path) const
{
    QUrl url = m_settings.apiBaseUrl;
    url.setPath(url.path() + QStringLiteral("/2010-04-01/Accounts/") + m_settings.accountSid + path);
    return url;
}

void RestClient::lookupLineType(const QString &e164, QObject *context, Callback<LookupResult> done)
{
    QUrl url = m_settings.lookupBaseUrl;
    // '+' must travel as %2B: in a path it would survive, but proxies and Twilio's own docs use %2B.
    url.setPath(url.path() + QStringLiteral("/v2/PhoneNumbers/") + QString::fromLatin1(QUrl::toPercentEncoding(e164)), QUrl::StrictMode);
    url.setQuery(QStringLiteral("Fields=line_type_intelligence"));
    send("GET", url, {}, context, [done = std::move(done)](Result<QJsonObject> r) {
        if (!r)
            done(Error{r.error()});
        else
            done(parseLookup(r.value()));
    });
}

void RestClient::updateCall(const QString &callSid, const FormFields &params, QObject *context, Callback<QJsonObject> done)
{
    send("POST", accountUrl(QStringLiteral("/Calls/%1.json").arg(callSid)), params, context, std::move(done));
}

void RestClient::sendMessage(const QString &to, const QString &from, const QString &body, QObject *context, Callback<QJsonObject> done)
{
    send("POST", accountUrl(QStringLiteral("/Messages.json")),
         {{QStringLiteral("To"), to}, {QStringLiteral("From"), from}, {QStringLiteral("Body"), body}}, context, std::move(done));
}

void RestClient::findIncomingNumber(const QString &e164, QObject *context, Callback<QString> done)
{
    QUrl url = accountUrl(QStringLiteral("/IncomingPhoneNumbers.json"));
    url.setQuery(QStringLiteral("PhoneNumber=") + QString::fromLatin1(QUrl::toPercentEncoding(e164)), QUrl::StrictMode);
    send("GET", url, {}, context, [done = std::move(done), e164](Result<QJsonObject> r) {
        if (!r)
            return done(Error{r.error()});
        const QJsonArray numbers = r.value().value(QLatin1String("incoming_phone_numbers")).toArray();
        if (numbers.isEmpty())
            return done(Error{QStringLiteral("the account has no phone number %1").arg(maskPhone(e164))});
        done(numbers.first().toObject().value(QLatin1String("sid")).toString());
    });
}

void RestClient::setVoiceUrl(const QString &numberSid, const QString &voiceUrl, QObject *context, Callback<QJsonObject> done)
{
    send("POST", accountUrl(QStringLiteral("/IncomingPhoneNumbers/%1.json").arg(numberSid)),
         {{QStringLiteral("VoiceUrl"), voiceUrl}, {QStringLiteral("VoiceMethod"), QStringLiteral("POST")}}, context, std::move(done));
}

void RestClient::send(QByteArray method, QUrl url, FormFields form, QObject *context, Callback<QJsonObject> done)
{
    auto call = std::make_shared<Call>();
    call->method = std::move(method);
    call->url = std::move(url);
    call->body = form.isEmpty() ? QByteArray() : encodeForm(form);
    call->context = context;
    call->hasContext = context != nullptr;
    call->done = std::move(done);
    if (!hasCredentials()) {
        QTimer::singleShot(0, this, [call] {
            if (!call->hasContext || call->context)
                call->done(Error{QStringLiteral("Twilio REST API not configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")});
        });
        return;
    }
    attempt(call);
}

void RestClient::attempt(std::shared_ptr<Call> call)
{
    ++call->attempt;
    ++m_requests;
    QNetworkRequest request(call->url);
    request.setTransferTimeout(m_settings.timeoutMs);
    request.setRawHeader("Authorization", "Basic " + (m_settings.accountSid + QLatin1Char(':') + m_settings.authToken).toUtf8().toBase64());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "callgate/1");
    if (!call->body.isNull())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = m_network->sendCustomRequest(request, call->method, call->body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, call] {
        if (call->hasContext && !call->context)
            return; // whoever asked is gone
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        const QNetworkReply::NetworkError netError = reply->error();
        const bool neverSent = netError == QNetworkReply::ConnectionRefusedError || netError == QNetworkReply::HostNotFoundError;
        const bool timedOut = netError == QNetworkReply::OperationCanceledError || netError == QNetworkReply::TimeoutError;
        const bool retryable = status == 429 || status >= 500 || neverSent || (timedOut && call->method == "GET");
        if (status >= 200 && status < 300) {
            QJsonParseError perr{};
            const QJsonDocument doc = QJsonDocument::fromJson(body, &perr);
            if (perr.error != QJsonParseError::NoError || !doc.isObject()) {
                call->done(Error{QStringLiteral("Twilio answered %1 %2 with something that is not JSON")
                                     .arg(QString::fromLatin1(call->method), call->url.path())});
                return;
            }
            call->done(doc.object());
            return;
        }
        QString problem;
        if (status == 0)
            problem = timedOut ? QStringLiteral("Twilio did not answer within %1 ms (%2)").arg(m_settings.timeoutMs).arg(call->url.host())
                               : QStringLiteral("cannot reach Twilio at %1: %2").arg(call->url.host(), reply->errorString());
        else
            problem = describeTwilioError(status, body);
        if (retryable && call->attempt < m_settings.maxAttempts) {
            int delay = qMin(m_settings.maxBackoffMs, m_settings.backoffMs << (call->attempt - 1));
            const QByteArray retryAfter = reply->rawHeader("Retry-After");
            bool ok = false;
            const int seconds = retryAfter.toInt(&ok);
            if (ok && seconds >= 0)
                delay = qMin(m_settings.maxBackoffMs, seconds * 1000);
            ++m_retries;
            qCInfo(lcTwilio).noquote() << QString::fromLatin1(call->method)
                                       << maskPhoneNumbersIn(QUrl::fromPercentEncoding(call->url.path().toUtf8())) << "failed:" << problem
                                       << "- retry" << call->attempt << "in" << delay << "ms";
            QTimer::singleShot(delay, this, [this, call] { attempt(call); });
            return;
        }
        call->done(Error{problem});
    });
}

} // namespace callgate::twilio
