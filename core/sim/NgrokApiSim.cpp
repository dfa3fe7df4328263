#include "sim/NgrokApiSim.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace callgate::sim {

NgrokApiSim::NgrokApiSim(QObject *parent)
    : QObject(parent),
      m_http(
          [this](const SimRequest &r, SimHttpServer::Respond respond) {
              if (r.url.path() != QLatin1String("/api/tunnels")) {
                  respond(SimResponse::json(404, "{\"error_code\":100,\"status_code\":404,\"msg\":\"not found\"}"));
                  return;
              }
              QJsonArray tunnels;
              int i = 0;
              for (const Tunnel &t : m_tunnels) {
                  const bool https = t.publicUrl.startsWith(QLatin1String("https"));
                  tunnels.append(QJsonObject{
                      {QStringLiteral("name"), QStringLiteral("command_line%1").arg(i++)},
                      {QStringLiteral("uri"), QStringLiteral("/api/tunnels/command_line")},
                      {QStringLiteral("public_url"), t.publicUrl},
                      {QStringLiteral("proto"), https ? QStringLiteral("https") : QStringLiteral("http")},
                      {QStringLiteral("config"), QJsonObject{{QStringLiteral("addr"), t.addr}, {QStringLiteral("inspect"), true}}},
                      {QStringLiteral("metrics"), QJsonObject{}}});
              }
              respond(SimResponse::json(
                  200,
                  QJsonDocument(QJsonObject{{QStringLiteral("tunnels"), tunnels}, {QStringLiteral("uri"), QStringLiteral("/api/tunnels")}})
                      .toJson(QJsonDocument::Compact)));
          },
          this)
{}

Status NgrokApiSim::listen(quint16 port) { return m_http.listenLocal(port); }

} // namespace callgate::sim
