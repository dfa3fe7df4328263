#include "sim/Demo.h"

#include "sim/DemoCallers.h"
#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "util/Log.h"

#include <QRandomGenerator>

namespace callgate::sim {

struct Demo::Threads {
    std::unique_ptr<SimThread<RealtimeSimServer>> ai;
    std::unique_ptr<SimThread<DemoCallers>> callers;
};

Demo::Demo() : m_threads(std::make_unique<Threads>()) {}

Demo::~Demo()
{
    m_threads->callers.reset(); // callers first: they hang up before the AI goes
    m_threads->ai.reset();
}

Status Demo::prepare(Config &config)
{
    QString error;
    m_threads->ai = std::make_unique<SimThread<RealtimeSimServer>>(
        [&error] {
            RealtimeSimOptions options = RealtimeSimServer::defaultOptions();
            options.responseDelayMs = 450; // roughly what the real service takes to start answering
            auto s = std::make_unique<RealtimeSimServer>(options);
            const Status st = s->listen();
            if (!st)
                error = st.error();
            return s;
        },
        QStringLiteral("demo-ai"));
    if (!error.isEmpty())
        return Error{error};
    config.openAiRealtimeUrl = m_threads->ai->run([this] { return m_threads->ai->object().url(); });
    if (config.openAiApiKey.isEmpty())
        config.openAiApiKey = QStringLiteral("demo-key");
    if (config.twilioAuthToken.isEmpty()) {
        // Signatures stay checked in the demo: the simulated Twilio signs with this token.
        config.twilioAuthToken = QString::number(QRandomGenerator::system()->generate64(), 36);
    }
    qCInfo(lcSim).noquote() << "demo: simulated OpenAI Realtime at" << config.openAiRealtimeUrl.toString();
    return Ok{};
}

void Demo::startCallers(const Config &config, quint16 port, int intervalMs, int maxConcurrent)
{
    DemoCallerOptions o;
    o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    o.publicUrl = config.publicUrl.toString();
    o.authToken = config.twilioAuthToken.toUtf8();
    o.intervalMs = intervalMs;
    o.maxConcurrent = maxConcurrent;
    m_threads->callers = std::make_unique<SimThread<DemoCallers>>(
        [o] {
            auto c = std::make_unique<DemoCallers>(o);
            c->start();
            return c;
        },
        QStringLiteral("demo-callers"));
    qCInfo(lcSim) << "demo: a simulated caller every" << intervalMs / 1000.0 << "s, up to" << maxConcurrent << "at once";
}

} // namespace callgate::sim
