#include "operator/GatewayList.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace callgate {

QString gatewayListPath()
{
    if (qEnvironmentVariableIsSet("CALLGATE_GATEWAYS_FILE"))
        return qEnvironmentVariable("CALLGATE_GATEWAYS_FILE");
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)).filePath(QStringLiteral("Callgate/gateways.json"));
}

QString checkGatewayUrl(const QUrl &url)
{
    if (!url.isValid() || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")))
        return QStringLiteral("an address starts with wss:// (or ws:// on this machine or a trusted network)");
    if (url.host().isEmpty())
        return QStringLiteral("the address names no host");
    return {};
}

Result<QList<GatewayAddress>> loadGatewayList(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return QList<GatewayAddress>{};
    if (!f.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, f.errorString())};
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (!doc.isObject())
        return Error{QStringLiteral("%1 is not a gateway list: %2").arg(path, parseError.errorString())};
    QList<GatewayAddress> out;
    const QJsonArray list = doc.object().value(QLatin1String("gateways")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        GatewayAddress a;
        a.name = o.value(QLatin1String("name")).toString().trimmed();
        a.url = QUrl(o.value(QLatin1String("url")).toString().trimmed());
        a.token = o.value(QLatin1String("token")).toString().trimmed().toUtf8();
        a.caFile = o.value(QLatin1String("caFile")).toString();
        if (a.name.isEmpty())
            a.name = a.url.host();
        if (const QString bad = checkGatewayUrl(a.url); !bad.isEmpty())
            return Error{QStringLiteral("%1: gateway %2: %3").arg(path).arg(i + 1).arg(bad)};
        out.append(a);
    }
    return out;
}

Status saveGatewayList(const QList<GatewayAddress> &gateways, const QString &path)
{
    QJsonArray list;
    for (const GatewayAddress &a : gateways) {
        QJsonObject o{{QStringLiteral("name"), a.name},
                      {QStringLiteral("url"), a.url.toString()},
                      {QStringLiteral("token"), QString::fromUtf8(a.token)}};
        if (!a.caFile.isEmpty())
            o.insert(QStringLiteral("caFile"), a.caFile);
        list.append(o);
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // tokens
    out.write(QJsonDocument(QJsonObject{{QStringLiteral("gateways"), list}}).toJson());
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
    return Ok{};
}

} // namespace callgate
