#include "ConsoleLoad.h"

#include "audio/CallAudioTap.h"
#include "call/CallSummary.h"
#include "operator/RemoteGateway.h"

#include <QSet>

using namespace callgate;

ConsoleLoad::ConsoleLoad(const QUrl &url, const QByteArray &token, int consoles)
{
    m_listening.assign(size_t(consoles), false);
    for (int i = 0; i < consoles; ++i) {
        auto link = std::make_unique<RemoteGateway>(GatewayAddress{QStringLiteral("load-%1").arg(i), url, token, {}});
        RemoteGateway *g = link.get();
        // The first live call it hears of, the i-th console listens to (each a different one).
        QObject::connect(g, &RemoteGateway::callsChanged, this, [this, g, i](const QList<CallSummary> &calls) {
            if (m_listening[size_t(i)])
                return;
            int seen = 0;
            for (const CallSummary &c : calls) {
                if (c.phase == CallPhase::InCallerFlow || c.phase == CallPhase::Ended || c.removed || seen++ < i)
                    continue;
                auto tap = std::make_shared<audio::CallAudioTap>();
                g->attachAudio(c.sessionId, tap);
                m_taps.push_back(tap);
                m_listening[size_t(i)] = true;
                return;
            }
        });
        g->start();
        m_links.push_back(std::move(link));
    }
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ConsoleLoad::tick);
    m_timer.start(20);
}

ConsoleLoad::~ConsoleLoad()
{
    for (auto &t : m_taps)
        t->close();
    for (auto &l : m_links)
        l->stop();
}

int ConsoleLoad::attached() const
{
    int n = 0;
    for (const auto &l : m_links)
        n += l->state() == RemoteGateway::State::Up ? 1 : 0;
    return n;
}

quint64 ConsoleLoad::bytesIn() const
{
    quint64 n = 0;
    for (const auto &l : m_links)
        n += l->bytesIn();
    return n;
}

void ConsoleLoad::tick()
{
    // What a mixer takes from the rings each 20 ms (more if they filled up).
    uint8_t scratch[4096];
    for (auto &t : m_taps) {
        while (t->caller().readable() > 0)
            t->caller().read(scratch, sizeof scratch);
        while (t->other().readable() > 0)
            t->other().read(scratch, sizeof scratch);
        audio::CallAudioTap::Arrival a[64];
        while (t->arrivals().readable() > 0)
            t->arrivals().read(a, 64);
    }
}
