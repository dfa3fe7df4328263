// How responsive the console stays under load: the real gateway in this process, the demo's
// simulated callers (through Lookup, consent and the AI, with barge-ins, escalations, hang-ups) kept
// at N live calls, and the console window (offscreen unless a display is given) fed by the operator
// link. A 16 ms timer on the GUI thread measures how late the event loop runs it: stalls. Then a
// transcript of 10,000 turns is scrolled end to end and each step's paint is timed. Prints one JSON
// line.
//
//   console_bench [--calls 300] [--seconds 30]     (QT_QPA_PLATFORM=offscreen by default)

#include "CallsModel.h"
#include "ConsoleWindow.h"
#include "TranscriptModel.h"
#include "TranscriptView.h"
#include "config/Config.h"
#include "gateway/Gateway.h"
#include "gateway/GatewayShared.h"
#include "gateway/LocalConsole.h"
#include "operator/OperatorLink.h"
#include "sim/Demo.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace callgate;

namespace {

QJsonObject summary(std::vector<double> v)
{
    if (v.empty())
        return {};
    std::sort(v.begin(), v.end());
    const auto at = [&](double p) { return v[std::min(v.size() - 1, size_t(p * double(v.size())))]; };
    return {{QStringLiteral("n"), double(v.size())},
            {QStringLiteral("p50Ms"), at(0.5)},
            {QStringLiteral("p99Ms"), at(0.99)},
            {QStringLiteral("maxMs"), v.back()}};
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES",
            qEnvironmentVariable("QT_LOGGING_RULES", QStringLiteral("callgate.*.info=false;callgate.*.warning=false")).toUtf8());
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("calls"), QStringLiteral("Live calls to hold."), QStringLiteral("n"), QStringLiteral("300")},
                  {QStringLiteral("seconds"), QStringLiteral("Seconds to measure once the calls are up."), QStringLiteral("s"),
                   QStringLiteral("30")}});
    p.process(app);
    const int calls = p.value(QStringLiteral("calls")).toInt();
    const int seconds = p.value(QStringLiteral("seconds")).toInt();

    QTemporaryDir dir;
    ConfigSources sources;
    sources.commandLine = {{QStringLiteral("PORT"), QStringLiteral("1")},
                           {QStringLiteral("BIND_ADDRESS"), QStringLiteral("127.0.0.1")},
                           {QStringLiteral("MAX_CONCURRENT_CALLS"), QString::number(calls * 2 + 20)},
                           {QStringLiteral("AGENT_WAIT_SECONDS"), QStringLiteral("3600")},
                           {QStringLiteral("DATABASE_URL"), dir.filePath(QStringLiteral("calls.sqlite"))},
                           {QStringLiteral("PROMPT_CACHE_DIR"), dir.filePath(QStringLiteral("prompts"))}};
    auto resolved = Config::resolve(sources, true);
    if (!resolved) {
        std::fprintf(stderr, "console_bench: %s\n", qPrintable(resolved.error()));
        return 2;
    }
    Config config = resolved.value();
    config.port = 0;
    sim::Demo demo;
    if (const Status s = demo.prepare(config); !s) {
        std::fprintf(stderr, "console_bench: %s\n", qPrintable(s.error()));
        return 2;
    }
    OperatorLink link;
    Gateway gateway(config);
    gateway.shared().addObserver(&link);
    gateway.shared().consoles.fetch_add(1);
    if (const Status s = gateway.start(); !s) {
        std::fprintf(stderr, "console_bench: %s\n", qPrintable(s.error()));
        return 2;
    }
    link.setStatusSource([&gateway] { return gateway.status(); });
    ConsoleWindow window(config, link);
    connectLocalConsole(link, gateway);
    window.show();
    demo.startCallers(config, gateway.port(), 25, calls);

    // The probe: a 16 ms timer; how late each tick comes is how long the GUI thread was busy.
    std::vector<double> stalls;
    bool measuring = false;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (measuring)
            stalls.push_back(std::max(0.0, double(now - last) / 1e6 - 16.0));
        last = now;
    });
    probe.start(16);
    int peakLive = 0, minLive = 1 << 30;
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, [&] {
        const int live = window.callsModel()->liveCount();
        if (measuring) {
            peakLive = std::max(peakLive, live);
            minLive = std::min(minLive, live);
        }
    });
    watch.start(500);
    // Ramp up, then measure.
    QElapsedTimer ramp;
    ramp.start();
    while (window.callsModel()->liveCount() < calls * 95 / 100 && ramp.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const qint64 rampMs = ramp.elapsed();
    measuring = true;
    QTimer::singleShot(seconds * 1000, &app, [&] {
        measuring = false;
        QCoreApplication::quit();
    });
    app.exec();

    // A transcript of 10,000 turns, scrolled from top to bottom.
    TranscriptModel model;
    model.setSession("long");
    QList<TranscriptLine> lines;
    for (int i = 0; i < 10000; ++i)
        lines.append({"long", QByteArray("item_") + QByteArray::number(i), i % 2 ? Speaker::Caller : Speaker::Assistant,
                      QStringLiteral("Turn %1: a sentence of about the length people say on the phone, give or take.").arg(i),
                      QDateTime::currentDateTimeUtc(), true});
    TranscriptView view;
    view.resize(900, 500);
    view.setModel(&model);
    view.show();
    QElapsedTimer fill;
    fill.start();
    model.append(lines);
    QCoreApplication::processEvents();
    const double fillMs = double(fill.nsecsElapsed()) / 1e6;
    std::vector<double> steps;
    QScrollBar *bar = view.verticalScrollBar();
    bar->setValue(0);
    QCoreApplication::processEvents();
    const int stepsWanted = 200;
    for (int i = 1; i <= stepsWanted; ++i) {
        QElapsedTimer t;
        t.start();
        bar->setValue(bar->maximum() * i / stepsWanted);
        view.viewport()->repaint();
        steps.push_back(double(t.nsecsElapsed()) / 1e6);
    }

    const QJsonObject out{
        {QStringLiteral("callsTarget"), calls},
        {QStringLiteral("liveCallsWhileMeasuring"), QJsonObject{{QStringLiteral("min"), minLive}, {QStringLiteral("max"), peakLive}}},
        {QStringLiteral("rampSeconds"), double(rampMs) / 1000.0},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("guiStalls"), summary(stalls)},
        {QStringLiteral("transcript10k"),
         QJsonObject{{QStringLiteral("appendMs"), fillMs}, {QStringLiteral("scrollStep"), summary(steps)}}},
        {QStringLiteral("platform"), QGuiApplication::platformName()}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    gateway.stop();
    return 0;
}
