// The simulated services of a cluster, as a process of its own: OpenAI (Realtime and GPT-Live) and
// Twilio's REST API on fixed ports the gateways' .env files name, and simulated callers dialling
// the cluster's public address (nginx) once it answers /health.
//
//   --callers demo   a caller every two seconds, up to nine at once, following the demo's scripts
//                    (scripts/cluster.sh); runs until stopped.
//   --callers load   call set-ups back to back for --seconds, --concurrency at a time: each caller
//                    rings from a new mobile number, consents, opens the stream, says nothing and
//                    hangs up. Prints one JSON line: calls, failures, calls per second, set-up time
//                    (the first webhook to the caller's hang-up) p50/p99, and its own CPU
//                    (bench/cluster_bench.sh).
//   --callers none   only the services.
//
//   cluster_sim --ai-port 5060 --rest-port 5061 --auth-token T --public-url https://gw.example.com
//               --gateway-url http://127.0.0.1:8080 [--callers demo|load|none] [--concurrency 20] [--seconds 20]

#include "sim/DemoCallers.h"
#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sys/resource.h>
#include <vector>

using namespace callgate;
using namespace callgate::sim;

namespace {

bool waitForHealth(QNetworkAccessManager &network, const QUrl &gateway, int withinMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < withinMs) {
        QNetworkReply *reply = network.get(QNetworkRequest(gateway.resolved(QUrl(QStringLiteral("/health")))));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        if (status == 200)
            return true;
        QEventLoop pause;
        QTimer::singleShot(250, &pause, &QEventLoop::quit);
        pause.exec();
    }
    return false;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

// Call set-ups back to back, `concurrency` at a time, for `seconds`.
class SetupLoad : public QObject {
public:
    SetupLoad(CallerOptions base, int concurrency, int seconds) : m_base(std::move(base)), m_concurrency(concurrency), m_seconds(seconds) {}

    void run()
    {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        m_cpuAtStart =
            double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
        m_clock.start();
        for (int i = 0; i < m_concurrency; ++i)
            startOne();
        QEventLoop loop;
        m_done = [&loop] { loop.quit(); };
        loop.exec();
    }

    QJsonObject figures() const
    {
        return {{QStringLiteral("calls"), m_ok},
                {QStringLiteral("failed"), m_failed},
                {QStringLiteral("seconds"), m_elapsedMs / 1000.0},
                {QStringLiteral("callsPerSecond"), m_ok / (m_elapsedMs / 1000.0)},
                {QStringLiteral("concurrency"), m_concurrency},
                {QStringLiteral("setupMs"),
                 QJsonObject{{QStringLiteral("p50"), percentile(m_setupMs, 0.5)}, {QStringLiteral("p99"), percentile(m_setupMs, 0.99)}}},
                {QStringLiteral("firstFailure"), m_firstFailure},
                {QStringLiteral("driverCpuPercent"), m_cpuPercent}};
    }

private:
    void startOne()
    {
        CallerOptions o = m_base;
        ++m_placed;
        o.from = QStringLiteral("+1415%1").arg(5000000 + m_placed % 4000000, 7, 10, QLatin1Char('0'));
        o.script = {CallerStep::hangUp()};
        auto *raw = new TwilioCaller(o, m_network, this);
        ++m_live;
        const qint64 startedMs = m_clock.elapsed();
        connect(raw, &TwilioCaller::finished, this, [this, raw, startedMs] {
            const CallerRecord &r = raw->record();
            const bool ok = r.streamOpened && r.protocolErrors.isEmpty() && r.endedBy == QLatin1String("caller hung up");
            if (ok) {
                ++m_ok;
                m_setupMs.push_back(double(m_clock.elapsed() - startedMs));
            } else {
                ++m_failed;
                if (m_firstFailure.isEmpty())
                    m_firstFailure = r.endedBy + QLatin1Char(' ') + r.protocolErrors.join(QLatin1Char(' '));
            }
            raw->deleteLater();
            --m_live;
            if (m_clock.elapsed() < m_seconds * 1000LL) {
                startOne();
            } else if (m_live == 0) {
                m_elapsedMs = m_clock.elapsed();
                rusage usage{};
                getrusage(RUSAGE_SELF, &usage);
                const double cpu = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                    + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6 - m_cpuAtStart;
                m_cpuPercent = 100.0 * cpu / (double(m_elapsedMs) / 1000.0);
                m_done();
            }
        });
        raw->start();
    }

    CallerOptions m_base;
    const int m_concurrency;
    const int m_seconds;
    QNetworkAccessManager m_network;
    QElapsedTimer m_clock;
    int m_live = 0;
    double m_cpuAtStart = 0;
    double m_cpuPercent = 0; // the callers' own CPU over the run, in % of one core
    std::vector<double> m_setupMs;
    std::function<void()> m_done;
    qint64 m_elapsedMs = 0;
    int m_placed = 0;
    int m_ok = 0;
    int m_failed = 0;
    QString m_firstFailure;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Simulated OpenAI, Twilio REST and callers for a Callgate cluster."));
    p.addHelpOption();
    const auto opt = [](const char *name, const char *help, const char *value, const char *def = "") {
        return QCommandLineOption(QLatin1String(name), QLatin1String(help), QLatin1String(value), QLatin1String(def));
    };
    p.addOptions({opt("ai-port", "Port of the simulated OpenAI.", "port", "5060"),
                  opt("rest-port", "Port of the simulated Twilio REST API.", "port", "5061"),
                  opt("auth-token", "The Twilio auth token the gateways check signatures with.", "token"),
                  opt("public-url", "The PUBLIC_URL the gateways sign against.", "url"),
                  opt("gateway-url", "Where the callers' requests really go (nginx).", "url"),
                  opt("callers", "demo, load or none.", "mode", "demo"), opt("concurrency", "load: calls set up at once.", "n", "20"),
                  opt("seconds", "load: for how long.", "s", "20")});
    p.process(app);
    const QString mode = p.value(QStringLiteral("callers"));
    if (p.value(QStringLiteral("auth-token")).isEmpty()
        || (mode != QLatin1String("none") && p.value(QStringLiteral("gateway-url")).isEmpty())) {
        std::fprintf(stderr, "cluster_sim: --auth-token and --gateway-url are needed\n");
        return 2;
    }

    QString error;
    const quint16 aiPort = quint16(p.value(QStringLiteral("ai-port")).toUInt());
    SimThread<RealtimeSimServer> ai(
        [&error, aiPort, mode] {
            RealtimeSimOptions o = RealtimeSimServer::defaultOptions();
            if (mode == QLatin1String("demo"))
                o.responseDelayMs = 450; // roughly what the real service takes to start answering
            auto s = std::make_unique<RealtimeSimServer>(o);
            if (const Status st = s->listen(QHostAddress::LocalHost, aiPort); !st)
                error = st.error();
            return s;
        },
        QStringLiteral("sim-ai"));
    TwilioRestSimOptions restOptions;
    restOptions.accountSid = QStringLiteral("AC0123456789abcdef0123456789abcdef");
    restOptions.authToken = p.value(QStringLiteral("auth-token"));
    restOptions.defaultLineType = QStringLiteral("mobile");
    const quint16 restPort = quint16(p.value(QStringLiteral("rest-port")).toUInt());
    SimThread<TwilioRestSim> rest(
        [&error, restOptions, restPort] {
            auto s = std::make_unique<TwilioRestSim>(restOptions);
            if (const Status st = s->listen(restPort); !st)
                error = st.error();
            return s;
        },
        QStringLiteral("sim-twilio"));
    if (!error.isEmpty()) {
        std::fprintf(stderr, "cluster_sim: %s\n", qPrintable(error));
        return 2;
    }
    TwilioRestSim *restSim = rest.run([&rest] { return &rest.object(); });
    std::fprintf(stderr, "cluster_sim: simulated OpenAI at %s, Twilio REST at %s\n",
                 qPrintable(ai.run([&ai] { return ai.object().url().toString(); })), qPrintable(restSim->url().toString()));
    if (mode == QLatin1String("none"))
        return app.exec();

    const QUrl gateway(p.value(QStringLiteral("gateway-url")));
    QNetworkAccessManager network;
    if (!waitForHealth(network, gateway, 60000)) {
        std::fprintf(stderr, "cluster_sim: %s/health did not answer 200 within a minute\n", qPrintable(gateway.toString()));
        return 1;
    }
    if (mode == QLatin1String("demo")) {
        DemoCallerOptions o;
        o.rest = restSim;
        o.gatewayUrl = gateway;
        o.publicUrl = p.value(QStringLiteral("public-url"));
        o.authToken = p.value(QStringLiteral("auth-token")).toUtf8();
        o.intervalMs = 2000;
        o.maxConcurrent = 9;
        DemoCallers callers(o);
        callers.start();
        std::fprintf(stderr, "cluster_sim: a caller every 2 s through %s\n", qPrintable(gateway.toString()));
        return app.exec();
    }
    CallerOptions base;
    base.gatewayUrl = gateway;
    base.publicUrl = p.value(QStringLiteral("public-url"));
    base.authToken = p.value(QStringLiteral("auth-token")).toUtf8();
    base.rest = restSim;
    SetupLoad load(base, p.value(QStringLiteral("concurrency")).toInt(), p.value(QStringLiteral("seconds")).toInt());
    load.run();
    std::printf("%s\n", QJsonDocument(load.figures()).toJson(QJsonDocument::Compact).constData());
    return 0;
}
