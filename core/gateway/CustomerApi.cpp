#include "gateway/CustomerApi.h"

#include "gateway/Logging.h"
#include "util/PhoneMask.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

namespace callgate {
namespace {

constexpr int kMaxFields = 20;
constexpr int kMaxValueChars = 200;
constexpr qint64 kForgetAfterMs = 10 * 60 * 1000;

QString scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString().left(kMaxValueChars);
    case QJsonValue::Double: return QString::number(v.toDouble());
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    default: return {};
    }
}

} // namespace

CustomerInfo parseCustomerReply(int httpStatus, const QByteArray &body)
{
    CustomerInfo info;
    if (httpStatus == 404) {
        info.error = QStringLiteral("the customer API does not know this number");
        return info;
    }
    if (httpStatus < 200 || httpStatus >= 300) {
        info.error = QStringLiteral("the customer API answered HTTP %1").arg(httpStatus);
        return info;
    }
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject()) {
        info.error = QStringLiteral("the customer API answered something that is not a JSON object");
        return info;
    }
    QJsonObject o = doc.object();
    // Some APIs wrap the record: {"customer": {...}}.
    if (o.size() == 1 && o.begin().value().isObject())
        o = o.begin().value().toObject();
    for (const char *key : {"name", "fullName", "full_name", "displayName"}) {
        info.name = o.value(QLatin1String(key)).toString().left(kMaxValueChars).trimmed();
        if (!info.name.isEmpty())
            break;
    }
    if (info.name.isEmpty()) {
        const QString first = o.value(QLatin1String("firstName")).toString();
        const QString last = o.value(QLatin1String("lastName")).toString();
        info.name = QString(first + QLatin1Char(' ') + last).trimmed().left(kMaxValueChars);
    }
    for (auto it = o.begin(); it != o.end() && info.fields.size() < kMaxFields; ++it) {
        const QString key = it.key();
        if (key == QLatin1String("name") || key == QLatin1String("phoneNumber"))
            continue;
        const QString text = scalarText(it.value());
        if (!text.isEmpty())
            info.fields.append({key.left(60), text});
    }
    info.found = !info.name.isEmpty() || !info.fields.isEmpty();
    if (!info.found)
        info.error = QStringLiteral("the customer API returned an empty record");
    return info;
}

CustomerApiClient::CustomerApiClient(QUrl url, QString token, int timeoutMs, QObject *parent)
    : QObject(parent), m_url(std::move(url)), m_token(std::move(token)), m_timeoutMs(timeoutMs), m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(true);
}

void CustomerApiClient::fetch(const QString &e164, const QString &callSid, std::function<void(CustomerInfo)> done)
{
    if (!enabled()) {
        done(CustomerInfo{false, {}, {}, QStringLiteral("no CUSTOMER_API_URL set")});
        return;
    }
    QNetworkRequest request(m_url);
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("phoneNumber"), e164}, {QStringLiteral("callSid"), callSid}})
                                .toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done), callSid, this] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        CustomerInfo info;
        if (status == 0) {
            const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError;
            info.error = timedOut ? QStringLiteral("the customer API did not answer within %1 ms").arg(m_timeoutMs)
                                  : QStringLiteral("cannot reach the customer API: %1").arg(reply->errorString());
        } else {
            info = parseCustomerReply(status, reply->isOpen() ? reply->readAll() : QByteArray());
        }
        if (info.found)
            qCInfo(lcGateway).noquote() << "call" << callSid << "is a known customer:" << info.fields.size() << "account field(s)";
        else if (status == 404)
            qCInfo(lcGateway).noquote() << "call" << callSid << "is not a known customer";
        else if (!info.found)
            qCWarning(lcGateway).noquote() << "call" << callSid << "goes on without customer data:" << info.error;
        done(info);
    });
}

void CustomerPrefetch::start(CustomerApiClient &client, const QString &callSid, const QString &e164)
{
    {
        std::lock_guard lock(m_mutex);
        dropOld();
        if (m_entries.contains(callSid))
            return;
        m_entries.insert(callSid, Entry{false, {}, {}, QDateTime::currentMSecsSinceEpoch()});
    }
    client.fetch(e164, callSid, [this, callSid](CustomerInfo info) { answer(callSid, std::move(info)); });
}

void CustomerPrefetch::take(CustomerApiClient &client, const QString &callSid, const QString &e164, int waitMs, QObject *context,
                            std::function<void(CustomerInfo)> done)
{
    start(client, callSid, e164);
    // Whichever comes first, the answer or the deadline, calls done; the other finds it gone.
    auto once = std::make_shared<std::function<void(CustomerInfo)>>(std::move(done));
    auto deliver = [once](CustomerInfo info) {
        if (*once)
            std::exchange(*once, nullptr)(std::move(info));
    };
    {
        std::lock_guard lock(m_mutex);
        Entry &e = m_entries[callSid];
        if (!e.answered) {
            e.waiters.append(Waiter{context, deliver});
            QTimer::singleShot(waitMs, context, [deliver, waitMs] {
                deliver(CustomerInfo{false, {}, {}, QStringLiteral("the customer API did not answer within %1 ms").arg(waitMs)});
            });
            return;
        }
    }
    const CustomerInfo info = [&] {
        std::lock_guard lock(m_mutex);
        return m_entries.value(callSid).info;
    }();
    deliver(info);
}

void CustomerPrefetch::answer(const QString &callSid, CustomerInfo info)
{
    QList<Waiter> waiters;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_entries.find(callSid);
        if (it == m_entries.end())
            return;
        it->answered = true;
        it->info = info;
        waiters = std::exchange(it->waiters, {});
    }
    for (const Waiter &w : waiters) {
        if (!w.context)
            continue;
        // On the waiter's own thread.
        QMetaObject::invokeMethod(
            w.context, [fn = w.done, info] { fn(info); }, Qt::AutoConnection);
    }
}

void CustomerPrefetch::dropOld()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (now - it->startedMs > kForgetAfterMs && it->waiters.isEmpty())
            it = m_entries.erase(it);
        else
            ++it;
    }
}

} // namespace callgate
