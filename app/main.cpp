// callgate: one program, two faces. With --headless it is a QCoreApplication that never loads a
// GUI plugin; otherwise the console window runs with the gateway on background threads.

#include "AddOperatorCommand.h"
#include "CommandLine.h"
#include "SignalHandler.h"

#include "ConsoleSettings.h"
#include "ConsoleWindow.h"
#include "DemoLog.h"
#include "ExportCommand.h"
#include "FirstRunDialog.h"
#include "NoticeBar.h"
#include "PointNumberCommand.h"
#include "Translations.h"
#include "config/Logging.h"
#include "gateway/Gateway.h"
#include "gateway/GatewayShared.h"
#include "gateway/LocalConsole.h"
#include "operator/GatewayList.h"
#include "operator/OperatorLink.h"
#include "sim/Demo.h"
#include "store/StoreWriter.h"
#include "util/Log.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

#include <sys/resource.h>

using namespace callgate;

// The process itself: signals, the clean stop.
Q_LOGGING_CATEGORY(lcApp, "callgate.app", QtInfoMsg)

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Callgate"));
    QCoreApplication::setApplicationName(QStringLiteral("callgate"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CALLGATE_VERSION));
}

// Wires SIGTERM/SIGINT to a drain, and the drain to a clean exit with status 0.
void wireShutdown(Gateway &gateway, SignalHandler &signals)
{
    QObject::connect(&signals, &SignalHandler::terminationRequested, &gateway, [&gateway](int sig, int count) {
        if (count > 1) {
            qCWarning(lcApp) << "second signal" << sig << "- stopping now";
            gateway.stop();
            QCoreApplication::exit(1);
            return;
        }
        qCInfo(lcApp).noquote() << QStringLiteral("signal %1 received: no new calls; live calls may go on for up to %2 s."
                                                  " A second Ctrl+C (or signal) stops at once.")
                                       .arg(sig)
                                       .arg(gateway.shared().config.drainTimeoutSeconds);
        gateway.beginDrain();
    });
    QObject::connect(&gateway, &Gateway::drained, &gateway, [&gateway] {
        gateway.stop();
        qCInfo(lcApp) << "stopped cleanly";
        QCoreApplication::exit(0);
    });
}

// Each call holds two sockets (Twilio, OpenAI) and perhaps a recording, webhooks hold more while
// they wait for Lookup; the usual soft limit of 1024 descriptors is far below what
// MAX_CONCURRENT_CALLS allows. Raise the soft limit to the hard one and say if that is still short.
void raiseDescriptorLimit(int maxCalls)
{
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return;
    const rlim_t before = lim.rlim_cur;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &lim) != 0)
            lim.rlim_cur = before;
    }
    const rlim_t needed = rlim_t(maxCalls) * 4 + 256;
    if (lim.rlim_cur < needed)
        qCWarning(lcConfig).noquote() << QStringLiteral("only %1 file descriptors allowed; MAX_CONCURRENT_CALLS=%2 needs about %3"
                                                        " (raise LimitNOFILE or ulimit -n)")
                                             .arg(lim.rlim_cur)
                                             .arg(maxCalls)
                                             .arg(needed);
    else if (lim.rlim_cur != before)
        qCDebug(lcConfig) << "file descriptor limit raised from" << before << "to" << lim.rlim_cur;
}

// The gateways Settings lists, attached to the window (a list that cannot be read is said so).
void attachListedGateways(ConsoleWindow &window)
{
    const auto listed = loadGatewayList();
    if (!listed) {
        window.notices()->add(listed.error());
        return;
    }
    if (!listed.value().isEmpty())
        window.attachGateways(listed.value());
}

// A console with no gateway in this process: the gateways in Settings, over the operator link.
int runConsole(const LaunchOptions &options)
{
    log::install(log::Format::Text);
    OperatorLink link;
    ConsoleWindow window(options.config, link);
    window.setEnvFile(options.envFile);
    attachListedGateways(window);
    // Nothing here to drain: the calls go on at their gateways. A call this console held has been
    // handed back by the window; a moment for that to leave.
    QObject::connect(&window, &ConsoleWindow::closeRequested, &window, [] { QTimer::singleShot(300, qApp, &QCoreApplication::quit); });
    SignalHandler signals;
    QObject::connect(&signals, &SignalHandler::terminationRequested, &window, [&window] { window.close(); });
    window.show();
    return QCoreApplication::exec();
}

int runGateway(const LaunchOptions &options, bool withWindow)
{
    log::install(options.config.logFormat == Config::LogFormat::Json ? log::Format::Json : log::Format::Text);
    Config config = options.config;
    sim::Demo demo;
    DemoLog demoLog;
    if (options.demo) {
        const Status prepared = demo.prepare(config, int(options.demoAiFaultSeconds * 1000));
        if (!prepared) {
            std::fprintf(stderr, "callgate: %s\n", qPrintable(prepared.error()));
            return 2;
        }
    }
    for (const QString &line : config.describe())
        qCInfo(lcConfig).noquote() << line;
    raiseDescriptorLimit(config.maxConcurrentCalls);
    if (!config.signatureValidation)
        qCWarning(lcConfig) << "Twilio signature validation is OFF: anyone who finds this URL can place calls";

    // Call records: opened (and migrated) before any call can arrive.
    store::StoreWriter records;
    if (const Status opened = records.open(config.database); !opened) {
        std::fprintf(stderr, "callgate: %s (setting DATABASE_URL)\n", qPrintable(opened.error()));
        return 2;
    }
    records.setRetentionDays(config.retentionDays);

    OperatorLink link; // the console's view of the calls (GUI thread); outlives the gateway's workers
    Gateway gateway(config);
    GatewayShared &shared = gateway.shared();
    records.setStatusHandler([&shared](bool ok, const QString &detail) { shared.health.setStoreStatus(ok, detail); });
    records.setFiguresHandler(
        [&shared](const store::StoreWriter::Figures &f) {
            Metrics &m = shared.metrics;
            m.store.calls.store(f.calls);
            m.store.consentsAccepted.store(f.consentsAccepted);
            m.store.consentsDeclined.store(f.consentsDeclined);
            m.store.pending.store(f.pending);
            m.store.writeErrors.store(f.writeErrors);
            m.store.dropped.store(f.dropped);
        },
        2000);
    gateway.shared().addObserver(&records);
    if (withWindow) {
        gateway.shared().addObserver(&link);
        gateway.shared().consoles.fetch_add(1); // a supervisor can take calls
    }
    if (options.demo)
        gateway.shared().addObserver(&demoLog);
    // A model OpenAI no longer offers (or a key it refuses) stops the start here, not at the first
    // call. No answer in time only warns: OpenAI being unreachable now says nothing of later.
    {
        bool answered = false;
        QEventLoop wait;
        QList<openai::ModelStatus> models;
        gateway.checkModels([&](const QList<openai::ModelStatus> &m) {
            models = m;
            answered = true;
            wait.quit();
        });
        if (!answered)
            wait.exec();
        for (const openai::ModelStatus &m : models) {
            if (!m.fatalError().isEmpty()) {
                std::fprintf(stderr, "callgate: %s\n", qPrintable(m.fatalError()));
                return 2;
            }
        }
    }
    const Status started = gateway.start();
    if (!started) {
        std::fprintf(stderr, "callgate: %s\n", qPrintable(started.error()));
        return 2;
    }
    if (options.demo)
        demo.startCallers(config, gateway.port());
    SignalHandler signals;
    wireShutdown(gateway, signals);

    std::unique_ptr<ConsoleWindow> window;
    if (withWindow) {
        link.setStatusSource([&gateway] { return gateway.status(); });
        window = std::make_unique<ConsoleWindow>(config, link);
        window->setEnvFile(options.envFile.isEmpty() ? QDir::current().filePath(QStringLiteral(".env")) : options.envFile);
        QObject::connect(window.get(), &ConsoleWindow::closeRequested, &gateway, &Gateway::beginDrain);
        QObject::connect(window.get(), &ConsoleWindow::endCallsNowRequested, &gateway, &Gateway::endDrainNow);
        connectLocalConsole(link, gateway);
        attachListedGateways(*window);
        window->show();
    }
    const int rc = QCoreApplication::exec();
    records.setStatusHandler(nullptr); // the gateway goes first
    records.setFiguresHandler(nullptr);
    return rc;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 1 && std::strcmp(argv[1], "point-number") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runPointNumber(app.arguments());
    }
    if (argc > 1 && std::strcmp(argv[1], "add-operator") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runAddOperator(app.arguments());
    }
    if (argc > 1 && std::strcmp(argv[1], "export") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runExport(app.arguments());
    }
    if (wantsHeadless(argc, argv)) {
        // Qt's own Unix dispatcher is lighter than GLib's for a server with no GUI to integrate.
        if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
            qputenv("QT_NO_GLIB", "1");
        QCoreApplication app(argc, argv);
        setIdentity();
        int exitCode = 0;
        const auto options = parseCommandLine(app.arguments(), &exitCode);
        if (!options)
            return exitCode;
        return runGateway(*options, false);
    }
    QApplication app(argc, argv);
    setIdentity();
    installTranslations(app);
    // Flags first; then what the console was told to start with; then a gateway if the keys are
    // there; else the first-run question (a window, not a line on stderr nobody sees).
    for (;;) {
        int exitCode = 0;
        QStringList arguments = app.arguments();
        const QString startWith = ConsoleSettings::load().startWith;
        if (startWith == QLatin1String("demo") && !arguments.contains(QStringLiteral("--attach")))
            arguments << QStringLiteral("--demo");
        const auto options = parseCommandLine(arguments, &exitCode, true);
        if (!options)
            return exitCode;
        if (options->attach || (startWith == QLatin1String("attach") && !options->demo))
            return runConsole(*options);
        if (options->demo || options->configProblem.isEmpty())
            return runGateway(*options, true);
        FirstRunDialog ask(options->envFile, options->configProblem);
        if (ask.exec() != QDialog::Accepted)
            return 0;
    }
}
