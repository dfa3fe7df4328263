#include "sim/RealtimeSim.h"

#include "sim/RealtimeSimSession.h"
#include "util/Log.h"

#include <QUrlQuery>

namespace callgate::sim {

RealtimeSimOptions RealtimeSimServer::defaultOptions()
{
    RealtimeSimOptions o;
    o.replies = {
        {QStringLiteral("caller_order"), {QStringLiteral("assistant_order"), {}, {}}},
        {QStringLiteral("caller_number"), {QStringLiteral("assistant_status"), {}, {}}},
        {QStringLiteral("caller_more"), {QStringLiteral("assistant_more"), {}, {}}},
        {QStringLiteral("caller_bye"), {QString(), QStringLiteral("end_call"), QStringLiteral("assistant_bye")}},
        {QStringLiteral("caller_agent"), {QString(), QStringLiteral("escalate_to_agent"), QString()}},
    };
    // The gateway asks for the live-agent message in its own response.create.
    o.instructionClips = {{QStringLiteral("member of our team"), QStringLiteral("assistant_agent")}};
    return o;
}

RealtimeSimServer::RealtimeSimServer(RealtimeSimOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_server(net::WsOptions{16 << 20, 0, 0, 10000})
{
    m_server.check = [this](const UpgradeRequest &r) -> QByteArray {
        const QByteArray auth = r.header("authorization");
        if (!auth.startsWith("Bearer ") || auth.size() <= 7)
            return "401 Unauthorized";
        if (!m_options.requiredKey.isEmpty() && auth.mid(7) != m_options.requiredKey)
            return "401 Unauthorized";
        const QUrl url = QUrl::fromEncoded("http://sim" + r.target);
        if (!url.path().endsWith(QLatin1String("/realtime")))
            return "404 Not Found";
        if (QUrlQuery(url).queryItemValue(QStringLiteral("model")).isEmpty())
            return "400 Bad Request";
        return {};
    };
    m_server.onConnection = [this](std::unique_ptr<net::WsConnection> ws, const UpgradeRequest &r) {
        ++m_record.sessions;
        const bool beta = !r.header("openai-beta").isEmpty();
        auto *raw = ws.get();
        m_sessions.push_back(std::make_unique<RealtimeSimSession>(*this, std::move(ws)));
        if (beta) {
            // What the service does since the beta shape was retired.
            raw->sendText(R"({"type":"error","event_id":"event_beta","error":{"type":"invalid_request_error","code":"beta_api_shape_disabled","message":"The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.","param":null,"event_id":null}})");
            raw->close(4000, "beta_api_shape_disabled");
        }
        // Forget sessions whose socket has gone.
        std::erase_if(m_sessions, [](const auto &s) { return !s->isOpen(); });
    };
}

RealtimeSimServer::~RealtimeSimServer() = default;

Status RealtimeSimServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listenOn(address, port);
}

QUrl RealtimeSimServer::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/realtime").arg(m_server.serverPort()));
}

int RealtimeSimServer::liveSessions() const
{
    int n = 0;
    for (const auto &s : m_sessions)
        n += s->isOpen() ? 1 : 0;
    return n;
}

} // namespace callgate::sim
