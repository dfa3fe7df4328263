#pragma once
// The local API of an ngrok agent (GET /api/tunnels) on 127.0.0.1, answering with the tunnels it
// is given in ngrok's JSON shape, for tests of the console's public-URL discovery. Lives on the
// thread that created it.

#include "sim/SimHttpServer.h"

namespace callgate::sim {

class NgrokApiSim : public QObject {
    Q_OBJECT
public:
    struct Tunnel {
        QString publicUrl; // https://abcd.ngrok.app
        QString addr;      // http://localhost:5050
    };
    explicit NgrokApiSim(QObject *parent = nullptr);
    Status listen(quint16 port = 0);
    QUrl url() const { return m_http.url(); }
    void setTunnels(QList<Tunnel> tunnels) { m_tunnels = std::move(tunnels); }

private:
    SimHttpServer m_http;
    QList<Tunnel> m_tunnels;
};

} // namespace callgate::sim
