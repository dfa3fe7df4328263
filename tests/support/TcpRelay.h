#pragma once
// A TCP relay on 127.0.0.1 for tests that need a network link they can break or slow down: each
// accepted connection is forwarded to the target; cut() drops every connection at once (both ends
// see a reset, as when a route goes away); setDelay() holds every chunk each way for a delay
// with jitter (in order, as TCP delivers), for a WAN where the kernel offers no netem. Main thread.

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <QTcpServer>
#include <QTcpSocket>
#include <algorithm>
#include <deque>
#include <memory>

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
                const auto pipe = [this](QTcpSocket *from, QTcpSocket *to) {
                    auto queue = std::make_shared<Held>();
                    queue->timer.setTimerType(Qt::PreciseTimer);
                    queue->timer.setSingleShot(true);
                    connect(&queue->timer, &QTimer::timeout, to, [queue, to] { release(*queue, to); });
                    connect(from, &QTcpSocket::readyRead, to, [this, from, to, queue] {
                        if (to->state() != QAbstractSocket::ConnectedState)
                            return;
                        if (m_delayMs <= 0) {
                            to->write(from->readAll());
                            return;
                        }
                        const int jitter = m_jitterMs > 0 ? QRandomGenerator::global()->bounded(-m_jitterMs, m_jitterMs + 1) : 0;
                        const qint64 at = std::max(queue->last, QDeadlineTimer::current().deadline() + std::max(0, m_delayMs + jitter));
                        queue->last = at;
                        queue->chunks.push_back({at, from->readAll()});
                        if (!queue->timer.isActive())
                            queue->timer.start(
                                int(std::max<qint64>(0, queue->chunks.front().first - QDeadlineTimer::current().deadline())));
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
    // Every chunk waits delayMs ± jitterMs (uniform) before it goes on; order is kept.
    void setDelay(int delayMs, int jitterMs)
    {
        m_delayMs = delayMs;
        m_jitterMs = jitterMs;
    }
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
    struct Held {
        std::deque<QPair<qint64, QByteArray>> chunks; // (release time in ms, bytes)
        qint64 last = 0;
        QTimer timer;
    };
    static void release(Held &held, QTcpSocket *to)
    {
        const qint64 now = QDeadlineTimer::current().deadline();
        while (!held.chunks.empty() && held.chunks.front().first <= now) {
            to->write(held.chunks.front().second);
            held.chunks.pop_front();
        }
        if (!held.chunks.empty())
            held.timer.start(int(held.chunks.front().first - now));
    }

    quint16 m_target;
    int m_delayMs = 0;
    int m_jitterMs = 0;
    QTcpServer m_server;
    QList<QPair<QPointer<QTcpSocket>, QPointer<QTcpSocket>>> m_pairs;
    int m_accepted = 0;
};

} // namespace testing
