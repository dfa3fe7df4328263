#include "sim/CustomerApiSim.h"

#include <QJsonDocument>
#include <QTimer>

namespace callgate::sim {

CustomerApiSim::CustomerApiSim(QByteArray token, QObject *parent)
    : QObject(parent),
      m_http(
          [this](const SimRequest &r, SimHttpServer::Respond respond) {
              if (r.url.path() != QLatin1String("/customers/lookup") || r.method != "POST") {
                  respond(SimResponse::json(404, R"({"error":"not found"})"));
                  return;
              }
              if (r.headers.value("authorization") != "Bearer " + m_token) {
                  respond(SimResponse::json(401, R"({"error":"unauthorized"})"));
                  return;
              }
              const QJsonObject body = QJsonDocument::fromJson(r.body).object();
              m_requests.append(body);
              switch (m_mode) {
              case Mode::Down: respond(SimResponse::json(503, R"({"error":"maintenance"})")); return;
              case Mode::Garbage: respond({200, "application/json", "<html>oops</html>", {}}); return;
              case Mode::Slow:
                  QTimer::singleShot(30000, this, [respond] { respond(SimResponse::json(200, R"({"name":"Too Late"})")); });
                  return;
              case Mode::Normal: break;
              }
              const QString number = body.value(QLatin1String("phoneNumber")).toString();
              if (!m_customers.contains(number)) {
                  respond(SimResponse::json(404, R"({"error":"unknown customer"})"));
                  return;
              }
              respond(SimResponse::json(200, QJsonDocument(m_customers.value(number)).toJson(QJsonDocument::Compact)));
          },
          this),
      m_token(std::move(token))
{}

Status CustomerApiSim::listen(quint16 port) { return m_http.listenLocal(port); }

QUrl CustomerApiSim::url() const
{
    QUrl u = m_http.url();
    u.setPath(QStringLiteral("/customers/lookup"));
    return u;
}

} // namespace callgate::sim
