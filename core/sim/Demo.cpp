#include "sim/Demo.h"

#include "sim/CustomerApiSim.h"
#include "sim/DemoCallers.h"
#include "sim/Logging.h"
#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioRestSim.h"

#include <QRandomGenerator>

namespace callgate::sim {

struct Demo::Threads {
    std::unique_ptr<SimThread<RealtimeSimServer>> ai;
    std::unique_ptr<SimThread<TwilioRestSim>> twilio;
    std::unique_ptr<SimThread<CustomerApiSim>> customers;
    TwilioRestSim *twilioSim = nullptr; // thread-safe to call
    std::unique_ptr<SimThread<DemoCallers>> callers;
};

Demo::Demo() : m_threads(std::make_unique<Threads>()) {}

Demo::~Demo()
{
    m_threads->callers.reset(); // callers first: they hang up before the AI goes
    m_threads->ai.reset();
    m_threads->customers.reset();
    m_threads->twilio.reset();
}

Status Demo::prepare(Config &config, int aiFaultEveryMs)
{
    QString error;
    m_threads->ai = std::make_unique<SimThread<RealtimeSimServer>>(
        [&error, aiFaultEveryMs] {
            RealtimeSimOptions options = RealtimeSimServer::defaultOptions();
            options.responseDelayMs = 450; // roughly what the real service takes to start answering
            options.chaosIntervalMs = aiFaultEveryMs;
            options.chaosFaults = {RealtimeFault::Abort, RealtimeFault::Close1011, RealtimeFault::ServerError};
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
    config.openAiLiveUrl = m_threads->ai->run([this] { return m_threads->ai->object().liveUrl(); });
    if (config.openAiApiKey.isEmpty())
        config.openAiApiKey = QStringLiteral("demo-key");
    if (config.twilioAuthToken.isEmpty()) {
        // Signatures stay checked in the demo: the simulated Twilio signs with this token.
        config.twilioAuthToken = QString::number(QRandomGenerator::system()->generate64(), 36);
    }
    if (config.openAiApi == QLatin1String("live"))
        qCInfo(lcSim).noquote() << "demo: simulated OpenAI GPT-Live at" << config.openAiLiveUrl.toString() << "model"
                                << config.openAiLiveModel;
    else
        qCInfo(lcSim).noquote() << "demo: simulated OpenAI Realtime at" << config.openAiRealtimeUrl.toString() << "model"
                                << config.openAiModel;

    // Twilio's REST API (Lookup, Calls, Messages, numbers) and a customer API, simulated too.
    if (config.twilioAccountSid.isEmpty())
        config.twilioAccountSid = QStringLiteral("AC0123456789abcdef0123456789abcdef");
    TwilioRestSimOptions rest;
    rest.accountSid = config.twilioAccountSid;
    rest.authToken = config.twilioAuthToken;
    rest.defaultLineType = QStringLiteral("mobile");
    rest.showMessages = true;
    rest.incomingNumbers.insert(QStringLiteral("+18005550100"), config.publicUrlFor(u"/incoming-call"));
    m_threads->twilio = std::make_unique<SimThread<TwilioRestSim>>(
        [&error, rest] {
            auto s = std::make_unique<TwilioRestSim>(rest);
            if (const Status st = s->listen(); !st)
                error = st.error();
            return s;
        },
        QStringLiteral("demo-twilio"));
    if (!error.isEmpty())
        return Error{error};
    m_threads->twilioSim = m_threads->twilio->run([this] { return &m_threads->twilio->object(); });
    config.twilioApiBaseUrl = m_threads->twilioSim->url();
    // The caller's app, with its codes going to the simulated phones (and shown in the log).
    config.userApp = true;
    if (config.smsFrom.isEmpty())
        config.smsFrom = QStringLiteral("+18005550100");
    config.twilioLookupBaseUrl = m_threads->twilioSim->url();

    const QByteArray customerToken = "demo-customer-token";
    m_threads->customers = std::make_unique<SimThread<CustomerApiSim>>(
        [&error, customerToken] {
            auto s = std::make_unique<CustomerApiSim>(customerToken);
            s->setCustomer(QStringLiteral("+14155550142"),
                           {{QStringLiteral("name"), QStringLiteral("Dana Whitfield")},
                            {QStringLiteral("plan"), QStringLiteral("Gold")},
                            {QStringLiteral("openOrders"), 1},
                            {QStringLiteral("customerSince"), QStringLiteral("2019")}});
            if (const Status st = s->listen(); !st)
                error = st.error();
            return s;
        },
        QStringLiteral("demo-customers"));
    if (!error.isEmpty())
        return Error{error};
    config.customerApiUrl = m_threads->customers->run([this] { return m_threads->customers->object().url(); });
    config.customerApiToken = QString::fromLatin1(customerToken);
    qCInfo(lcSim).noquote() << "demo: simulated Twilio REST API at" << config.twilioApiBaseUrl.toString() << "and customer API at"
                            << config.customerApiUrl.toString();
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
    o.rest = m_threads->twilioSim;
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
