#pragma once
// Twilio's REST API as protocols/twilio-webhooks-and-rest.md describes it, on 127.0.0.1:
//   Lookup v2      GET  /v2/PhoneNumbers/{number}?Fields=line_type_intelligence
//   Calls          POST /2010-04-01/Accounts/{AC}/Calls/{CA}.json (Twiml | Url | Status)
//   Messages       POST /2010-04-01/Accounts/{AC}/Messages.json
//   Numbers        GET  /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json?PhoneNumber=…
//                  POST /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers/{PN}.json (VoiceUrl, …)
// HTTP Basic auth with the account SID and auth token (401 with error 20003 otherwise); errors as
// Twilio's JSON {code, message, more_info, status}. Lookup answers from a table of numbers and line
// types. A Calls update reaches the simulated caller (TwilioCaller) that registered the CallSid, as
// Twilio would: the stream stops and the new TwiML runs, or the call completes. Failures can be
// injected per path. Serves the tests, the demo and the load generator. Lives on the thread that
// created it; callers may live on other threads.

#include "sim/SimHttpServer.h"

#include <QJsonObject>
#include <QMutex>
#include <QPointer>

namespace callgate::sim {

class TwilioCaller;

struct TwilioRestSimOptions {
    QString accountSid = QStringLiteral("AC0123456789abcdef0123456789abcdef");
    QString authToken;
    QHash<QString, QString> lineTypes;                    // E.164 → mobile, landline, fixedVoip, nonFixedVoip, …
    QString defaultLineType = QStringLiteral("landline"); // valid numbers not in the table
    QHash<QString, int> lineTypeErrors;                   // E.164 → line_type_intelligence.error_code (e.g. 60601)
    int lookupDelayMs = 0;
    QHash<QString, QString> incomingNumbers; // E.164 → voice URL, the account's numbers
    // The demo: log each SMS as the phone that receives it would show it (the app's sign-in code).
    bool showMessages = false;
};

struct TwilioRestSimRecord {
    struct CallUpdate {
        QString callSid;
        QString twiml;
        QString url;
        QString status;
    };
    struct Message {
        QString to, from, body;
    };
    int lookups = 0;
    QList<CallUpdate> callUpdates;
    QList<Message> messages;
    QList<QPair<QString, QString>> voiceUrlUpdates; // (number, url)
    int unauthorized = 0;
    int injectedFailures = 0;
};

class TwilioRestSim : public QObject {
    Q_OBJECT
public:
    explicit TwilioRestSim(TwilioRestSimOptions options, QObject *parent = nullptr);

    Status listen(quint16 port = 0);
    QUrl url() const { return m_http.url(); }

    // The next `count` requests whose path contains `pathPart` get `status` (e.g. 503, 429) with
    // Twilio's error JSON. count < 0: until cleared.
    void failRequests(const QString &pathPart, int status, int count = -1);
    void clearFailures();
    void setLineType(const QString &e164, const QString &type);
    // Line Type Intelligence cannot answer for this number: its error_code, the rest null.
    void setLineTypeError(const QString &e164, int errorCode);
    void setLookupDelayMs(int ms);

    // Simulated callers register their CallSid so Calls updates reach them.
    void registerCall(const QString &callSid, TwilioCaller *caller);
    void unregisterCall(const QString &callSid);

    TwilioRestSimRecord record() const;
    // The number the latest SMS went to; empty before the first.
    QString lastMessageRecipient() const;
    QHash<QString, QString> incomingNumbers() const;

private:
    void handle(const SimRequest &request, SimHttpServer::Respond respond);
    SimResponse lookup(const QString &number, bool lineType);
    SimResponse updateCall(const QString &callSid, const QList<QPair<QString, QString>> &form);
    SimResponse sendMessage(const QList<QPair<QString, QString>> &form);
    SimResponse listNumbers(const QUrl &url);
    SimResponse updateNumber(const QString &sid, const QList<QPair<QString, QString>> &form);

    mutable QMutex m_mutex;
    TwilioRestSimOptions m_options;
    SimHttpServer m_http;
    TwilioRestSimRecord m_record;
    struct Failure {
        QString pathPart;
        int status;
        int remaining;
    };
    QList<Failure> m_failures;
    QHash<QString, QPointer<TwilioCaller>> m_calls;
};

// Twilio's error body: {"code":…, "message":…, "more_info":…, "status":…}.
QByteArray twilioErrorJson(int code, const QString &message, int status);

} // namespace callgate::sim
