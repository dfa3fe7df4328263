#pragma once
// The operator's customer API: POST {"phoneNumber": "+1…", "callSid": "CA…"} with a bearer token
// to CUSTOMER_API_URL; a JSON object comes back (name and account fields; 404 = unknown number).
// Down, slow or garbage: the result says so and the call goes on without it.
//
// CustomerApiClient lives on one worker thread (its QNetworkAccessManager does). CustomerPrefetch is
// shared by all workers: the request starts when the number is verified, while the consent message
// plays, and the consent webhook — on whichever worker — picks the answer up or waits for it.

#include "call/CallerInfo.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <mutex>

class QNetworkAccessManager;

namespace callgate {

CustomerInfo parseCustomerReply(int httpStatus, const QByteArray &body);

class CustomerApiClient : public QObject {
    Q_OBJECT
public:
    CustomerApiClient(QUrl url, QString token, int timeoutMs, QObject *parent = nullptr);
    bool enabled() const { return !m_url.isEmpty(); }
    void fetch(const QString &e164, const QString &callSid, std::function<void(CustomerInfo)> done);

private:
    QUrl m_url;
    QString m_token;
    int m_timeoutMs;
    QNetworkAccessManager *m_network;
};

class CustomerPrefetch {
public:
    // Starts the request for a call unless one is already under way or answered.
    void start(CustomerApiClient &client, const QString &callSid, const QString &e164);
    // Calls `done` on `context`'s thread with the answer: at once if it is in, else when it comes,
    // but no later than `waitMs` (then with an error). Starts the request if none was made here.
    void take(CustomerApiClient &client, const QString &callSid, const QString &e164, int waitMs, QObject *context,
              std::function<void(CustomerInfo)> done);

private:
    struct Waiter {
        QPointer<QObject> context;
        std::function<void(CustomerInfo)> done;
    };
    struct Entry {
        bool answered = false;
        CustomerInfo info;
        QList<Waiter> waiters;
        qint64 startedMs = 0;
    };
    void answer(const QString &callSid, CustomerInfo info);
    void dropOld();

    std::mutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace callgate
