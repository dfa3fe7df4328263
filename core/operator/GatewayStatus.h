#pragma once
// What a console shows of the gateway itself, beside its calls: where it listens, how many calls it
// carries, how the last OpenAI connection went, what the operator must be warned of, and whether it
// is draining. Filled by the gateway, carried by the operator link.

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace callgate {

struct GatewayStatus {
    quint16 port = 0;
    int liveCalls = 0;
    QString openAi = QStringLiteral("never"); // last connection: never | ok | failed
    QString openAiDetail;
    QStringList warnings; // a model being shut down, signature checks off, …
    bool draining = false;

    bool operator==(const GatewayStatus &) const = default;
};

} // namespace callgate

Q_DECLARE_METATYPE(callgate::GatewayStatus)
