#pragma once
// A bare WebSocket client for the simulators' own tests: what it receives, parsed, in order.

#include "net/WsConnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace testing {

struct SimClient {
    callgate::net::WsConnection ws{callgate::net::WsOptions{}};
    QList<QJsonObject> events;

    SimClient()
    {
        ws.onMessage = [this](QByteArrayView m, bool) { events.append(QJsonDocument::fromJson(m.toByteArray()).object()); };
    }
    QStringList types() const
    {
        QStringList t;
        for (const QJsonObject &e : events)
            t << e.value(QLatin1String("type")).toString();
        return t;
    }
    // The events of one type, in order.
    QList<QJsonObject> of(const char *type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events) {
            if (e.value(QLatin1String("type")).toString() == QLatin1String(type))
                out << e;
        }
        return out;
    }
};

} // namespace testing
