#pragma once
// A customer API of the kind CUSTOMER_API_URL points at, on 127.0.0.1: POST a JSON
// {phoneNumber, callSid} with a bearer token; a known number gets its record, an unknown one 404.
// It can also be down (503), slow, or answer garbage. Lives on the thread that created it.

#include "sim/SimHttpServer.h"

#include <QJsonObject>

namespace callgate::sim {

class CustomerApiSim : public QObject {
    Q_OBJECT
public:
    enum class Mode { Normal, Down, Slow, Garbage };

    explicit CustomerApiSim(QByteArray token, QObject *parent = nullptr);
    Status listen(quint16 port = 0);
    QUrl url() const; // …/customers/lookup

    void setCustomer(const QString &e164, const QJsonObject &record) { m_customers.insert(e164, record); }
    void setMode(Mode mode) { m_mode = mode; }
    QList<QJsonObject> requests() const { return m_requests; }

private:
    SimHttpServer m_http;
    QByteArray m_token;
    Mode m_mode = Mode::Normal;
    QHash<QString, QJsonObject> m_customers;
    QList<QJsonObject> m_requests;
};

} // namespace callgate::sim
