#pragma once
// A TCP relay on 127.0.0.1 for tests that need a network link they can break: each accepted
// connection is forwarded to the target; cut() drops every connection at once (both ends see a
// reset, as when a route goes away). Main thread.

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace testing {

class TcpRelay : public QObject {
public:
    explicit TcpRelay(quint16 target) : m_target(target)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *in = m_server.nextPendingConnection()) {
                auto *out = new QTcpSocket(this);
                in->setParent(this);
                out->connectToHost(QHostAddress::LocalHost, m_target);
                const auto pipe = [](QTcpSocket *from, QTcpSocket *to) {
                    connect(from, &QTcpSocket::readyRead, to, [from, to] {
                        if (to->state() == QAbstractSocket::ConnectedState)
                            to->write(from->readAll());
                    });
                    connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
                };
                connect(out, &QTcpSocket::connected, in, [in, out] { out->write(in->readAll()); });
                pipe(in, out);
                pipe(out, in);
                m_pairs.append(qMakePair(QPointer<QTcpSocket>(in), QPointer<QTcpSocket>(out)));
                ++m_accepted;
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int accepted() const { return m_accepted; }
    void cut()
    {
        for (auto &[in, out] : m_pairs) {
            if (in)
                in->abort();
            if (out)
                out->abort();
        }
        m_pairs.clear();
    }

private:
    quint16 m_target;
    QTcpServer m_server;
    QList<QPair<QPointer<QTcpSocket>, QPointer<QTcpSocket>>> m_pairs;
    int m_accepted = 0;
};

} // namespace testing
