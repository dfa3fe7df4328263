#pragma once
// Twilio's REST APIs the gateway uses: Lookup v2 (line type), Calls (redirect, transfer, hang up),
// Messages (the SMS after a call) and IncomingPhoneNumbers (point a number at this gateway).
// HTTP Basic auth with the account SID and auth token; form-encoded requests; JSON answers.
// 429 and 5xx are retried with exponential backoff (honouring Retry-After); a connection that
// never reached Twilio is retried too; a timed-out POST is not (it may have taken effect).
// Twilio's error JSON becomes a message a person can act on.
// Lives on the thread that created it (its QNetworkAccessManager does); callbacks run there, and
// are dropped if `context` is destroyed first.

#include "twilio/FormBody.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace callgate::twilio {

struct RestSettings {
    QUrl apiBaseUrl = QUrl(QStringLiteral("https://api.twilio.com"));
    QUrl lookupBaseUrl = QUrl(QStringLiteral("https://lookups.twilio.com"));
    QString accountSid;
    QString authToken;
    int timeoutMs = 5000; // per attempt
    int maxAttempts = 3;
    int backoffMs = 200;     // first retry; doubles each time
    int maxBackoffMs = 4000; // also the cap on Retry-After
};

// "Twilio error 20404 (HTTP 404): The requested resource … was not found. See https://…".
QString describeTwilioError(int httpStatus, const QByteArray &body);

struct LookupResult {
    QString phoneNumber; // E.164 as Lookup normalised it
    bool valid = false;
    QStringList validationErrors; // TOO_SHORT, …
    QString lineType;             // mobile, landline, fixedVoip, nonFixedVoip, … or empty
    int lineTypeErrorCode = 0;    // line_type_intelligence.error_code, 0 if none
    QString carrierName;
    QString countryCode;
    bool isMobile() const { return valid && lineType == QLatin1String("mobile"); }
};
LookupResult parseLookup(const QJsonObject &json);

class RestClient : public QObject {
    Q_OBJECT
public:
    explicit RestClient(RestSettings settings, QObject *parent = nullptr);
    ~RestClient() override;

    bool hasCredentials() const { return !m_settings.accountSid.isEmpty() && !m_settings.authToken.isEmpty(); }

    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    // GET /v2/PhoneNumbers/{e164}?Fields=line_type_intelligence
    void lookupLineType(const QString &e164, QObject *context, Callback<LookupResult> done);
    // POST /2010-04-01/Accounts/{AC}/Calls/{CA}.json with Twiml, Url or Status.
    void updateCall(const QString &callSid, const FormFields &params, QObject *context, Callback<QJsonObject> done);
    // POST …/Messages.json
    void sendMessage(const QString &to, const QString &from, const QString &body, QObject *context, Callback<QJsonObject> done);
    // GET …/IncomingPhoneNumbers.json?PhoneNumber=… → the number's PN… sid.
    void findIncomingNumber(const QString &e164, QObject *context, Callback<QString> done);
    // POST …/IncomingPhoneNumbers/{PN}.json with VoiceUrl and VoiceMethod=POST.
    void setVoiceUrl(const QString &numberSid, const QString &voiceUrl, QObject *context, Callback<QJsonObject> done);

    // Requests made and retries taken, for /metrics and tests.
    qint64 requestsSent() const { return m_requests; }
    qint64 retries() const { return m_retries; }

private:
    struct Call;
    void send(QByteArray method, QUrl url, FormFields form, QObject *context, Callback<QJsonObject> done);
    void attempt(std::shared_ptr<Call> call);
    QUrl accountUrl(const QString &path) const;

    RestSettings m_settings;
    QNetworkAccessManager *m_network;
    qint64 m_requests = 0;
    qint64 m_retries = 0;
};

} // namespace callgate::twilio
