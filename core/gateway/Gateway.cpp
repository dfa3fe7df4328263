#include "gateway/Gateway.h"

#include "audio/CallAudioTap.h"
#include "content/PromptFetcher.h"
#include "gateway/GatewayShared.h"
#include "gateway/GatewayWorker.h"
#include "gateway/HoldPlayer.h"
#include "gateway/Logging.h"
#include "gateway/MediaBridge.h"
#include "gateway/OperatorServer.h"
#include "gateway/PortLock.h"
#include "gateway/StatusRoutes.h"
#include "gateway/UserServer.h"
#include "net/Tls.h"
#include "openai/Logging.h"
#include "openai/ModelStatus.h"
#include "operator/OperatorMessages.h"
#include "util/PhoneMask.h"

#include <QSocketNotifier>
#include <QThread>

namespace callgate {

void Gateway::ThreadStopper::operator()(QThread *t) const
{
    t->quit();
    t->wait();
    delete t;
}

Gateway::Gateway(const Config &config, QObject *parent)
    : QObject(parent), m_operatorFeed(std::make_unique<OperatorFeed>()), m_userFeed(std::make_unique<UserFeed>()),
      m_shared(std::make_unique<GatewayShared>(config)), m_portLock(std::make_unique<PortLock>())
{
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, [this] {
        const int expired = m_shared->sessions.sweepExpired();
        for (int i = 0; i < expired; ++i)
            m_shared->metrics.callEnded(CallOutcome::Expired);
        if (expired)
            qCInfo(lcSession) << expired << "pending session(s) expired without a media stream";
        const GatewayStatus now = status();
        std::lock_guard lock(m_statusMutex);
        m_statusCopy = now;
    });
    m_modelRecheck.setInterval(12 * 3600 * 1000);
    connect(&m_modelRecheck, &QTimer::timeout, this, [this] { checkModels(); });
    m_drainPoll.setInterval(100);
    connect(&m_drainPoll, &QTimer::timeout, this, &Gateway::checkDrained);
    m_drainDeadline.setSingleShot(true);
    connect(&m_drainDeadline, &QTimer::timeout, this, [this] {
        qCInfo(lcGateway) << "drain timeout reached; ending" << m_shared->sessions.activeCount() << "live call(s)";
        endLiveCalls();
    });
}

void Gateway::endLiveCalls()
{
    m_forcedEnd = true;
    for (GatewayWorker *w : m_workers)
        QMetaObject::invokeMethod(w, &GatewayWorker::endAllCalls, Qt::QueuedConnection);
    // Give the polite goodbyes a moment to leave, then report drained regardless.
    QTimer::singleShot(2000, this, [this] {
        if (m_drainPoll.isActive()) {
            m_drainPoll.stop();
            Q_EMIT drained();
        }
    });
}

void Gateway::endDrainNow()
{
    if (!m_drainDeadline.isActive())
        return; // not draining, or the timeout already ended the calls
    m_drainDeadline.stop();
    qCInfo(lcGateway) << "ending" << m_shared->sessions.activeCount() << "live call(s) now, before the drain timeout";
    endLiveCalls();
}

Gateway::~Gateway()
{
    stop();
    m_operatorThread.reset(); // quit + wait; the server is deleted on its thread
    m_operator = nullptr;
    m_userFeed->attach(nullptr);
    if (m_user)
        QMetaObject::invokeMethod(m_user, &UserServer::shutdown, Qt::BlockingQueuedConnection);
    m_userThread.reset();
    m_user = nullptr;
}

Status Gateway::start()
{
    const Config &c = m_shared->config;
    // Before any listener exists: a second gateway on this port would join the first one's
    // listeners silently (see PortLock).
    if (c.port != 0 && m_workers.empty() && !m_portLock->held() && !m_portLock->joined()) {
        const Status locked = m_portLock->take(c.port);
        if (!locked && !c.joinPort)
            return locked;
        if (!locked) {
            // Deliberately another worker of the instance on this port: the two must share their
            // sessions, or streams would land where their session is not.
            if (!store::postgresTarget(c.database))
                return Error{QStringLiteral("--join-port needs a PostgreSQL DATABASE_URL shared with the gateway already on port %1 "
                                            "(its workers share call sessions through it)")
                                 .arg(c.port)};
            const Result<qint64> holder = m_portLock->join(c.port);
            if (!holder)
                return Error{holder.error()};
            qCInfo(lcGateway).noquote() << "joining the gateway on port" << c.port << "(pid" << holder.value()
                                        << ") as another worker of the same instance";
        } else if (c.joinPort) {
            qCInfo(lcGateway) << "no gateway was on port" << c.port << "to join; this one holds it";
        }
    }
    if (!c.extraCaCerts.isEmpty() && m_workers.empty()) {
        if (const Status trusted = net::trustCaCertificates(c.extraCaCerts); !trusted) {
            m_portLock->release();
            return Error{QStringLiteral("setting EXTRA_CA_CERTS: ") + trusted.error()};
        }
    }
    if (!m_prompts) {
        PromptFetcherSettings ps;
        for (int k = 0; k < kPromptKinds; ++k) {
            ps.sources[size_t(k)] = parsePromptSource(c.prompts[k]).value(); // validated by Config
            ps.defaults[size_t(k)] = m_shared->callerText.defaults[k];
        }
        ps.docsBaseUrl = c.googleDocsBaseUrl;
        ps.cacheDir = c.promptCacheDir;
        ps.refreshSeconds = c.promptRefreshSeconds;
        m_prompts = new PromptFetcher(m_shared->prompts, ps, this);
        m_prompts->start();
    }
    if (m_workers.empty()) {
        auto clip = loadHoldAudio(c.holdAudio);
        if (!clip)
            return Error{QStringLiteral("setting HOLD_AUDIO: ") + clip.error()};
        m_shared->holdClip = clip.value();
        auto cue = loadCallerClip(c.reconnectCue, CallerClip::ReconnectCue);
        if (!cue)
            return Error{QStringLiteral("setting RECONNECT_CUE: ") + cue.error()};
        m_shared->reconnectCue = cue.value();
    }
    if (!m_shared->ledger) {
        if (const Status opened = openLedger(); !opened) {
            m_portLock->release();
            return opened;
        }
    }
    startOperatorServer();
    if (c.userApp && !m_user) {
        if (const Status started = startUserApp(); !started) {
            m_portLock->release();
            return started;
        }
    }
    quint16 port = c.port;
    for (int i = 0; i < c.workerThreads; ++i) {
        std::unique_ptr<QThread, ThreadStopper> thread(new QThread);
        thread->setObjectName(QStringLiteral("callgate-worker-%1").arg(i));
        auto *worker = new GatewayWorker(workerServices(), i);
        worker->moveToThread(thread.get());
        connect(thread.get(), &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        Result<quint16> started = Error{};
        QMetaObject::invokeMethod(
            worker, [&] { started = worker->start(port); }, Qt::BlockingQueuedConnection);
        m_threads.push_back(std::move(thread));
        m_workers.push_back(worker);
        if (!started) {
            stop();
            return Error{started.error()};
        }
        port = started.value(); // later workers share the port the first one got
    }
    m_port = port;
    if (!m_portLock->held() && !m_portLock->joined()) // a port the kernel chose: no one else can have been on it
        (void)m_portLock->take(port);
    watchPortLock();
    {
        std::lock_guard lock(m_statusMutex);
        m_statusCopy = status();
    }
    m_shared->metrics.workerCount.store(qMin(c.workerThreads, int(Metrics::kMaxWorkers)));
    m_sweep.start();
    if (!m_modelsChecked)
        checkModels();
    m_modelRecheck.start();
    qCInfo(lcGateway) << "gateway listening on" << c.bindAddress << "port" << m_port << "with" << c.workerThreads << "worker thread(s)";
    return Ok{};
}

Status Gateway::openLedger()
{
    const Config &c = m_shared->config;
    const auto target = store::postgresTarget(c.database);
    if (!target)
        return Ok{}; // SQLite: a gateway on its own
    if (!*target)
        return Error{QStringLiteral("setting DATABASE_URL: ") + target->error()};
    auto ledger = std::make_unique<store::SharedLedger>(c.instanceName);
    if (const Status opened = ledger->open(target->value()); !opened)
        return Error{QStringLiteral("the cluster's database: ") + opened.error()};
    m_shared->ledger = std::move(ledger);
    qCInfo(lcGateway).noquote() << "instance" << c.instanceName
                                << "shares flow tokens and call sessions with every gateway on this PostgreSQL schema";
    return Ok{};
}

Status Gateway::startUserApp()
{
    GatewayShared &g = *m_shared;
    auto accounts = std::make_unique<store::AppAccounts>();
    if (const Status opened = accounts->open(g.config.database); !opened)
        return Error{QStringLiteral("the app's accounts (setting DATABASE_URL): ") + opened.error()};
    g.appAccounts = std::move(accounts);
    UserServices services{g.config, g.metrics, g.lookups, g.prompts, *g.appAccounts, {}};
    services.askForAgent = [this](const QByteArray &sessionId, std::function<void(const QString &)> answer) {
        QMetaObject::invokeMethod(
            this, [this, sessionId, answer] { askForAgent(sessionId, QStringLiteral("caller asked in the app"), answer); },
            Qt::QueuedConnection);
    };
    m_userThread.reset(new QThread);
    m_userThread->setObjectName(QStringLiteral("callgate-user"));
    m_user = new UserServer(std::move(services));
    m_user->moveToThread(m_userThread.get());
    connect(m_userThread.get(), &QThread::finished, m_user, &QObject::deleteLater);
    m_userThread->start();
    QMetaObject::invokeMethod(m_user, &UserServer::start, Qt::BlockingQueuedConnection);
    m_userFeed->attach(m_user);
    g.addObserver(m_userFeed.get());
    qCInfo(lcGateway).noquote() << "the caller's app is at" << g.config.publicUrlFor(u"/app") << "(sign-in codes by SMS from"
                                << maskPhone(g.config.smsFrom) + QLatin1Char(')');
    return Ok{};
}

void Gateway::askForAgent(const QByteArray &sessionId, const QString &why, CommandAnswer answer)
{
    onCall(
        sessionId,
        [why](MediaBridge &c) {
            c.supervision().escalate(why);
            return QString();
        },
        std::move(answer));
}

void Gateway::watchPortLock()
{
    if (m_portLock->held()) {
        if (!m_lockNotifier) {
            m_lockNotifier = new QSocketNotifier(m_portLock->descriptor(), QSocketNotifier::Read, this);
            connect(m_lockNotifier, &QSocketNotifier::activated, this, [this] { m_portLock->acceptSibling(); });
        }
        return;
    }
    if (!m_portLock->joined())
        return;
    // Joined: the lock is taken over the moment the holder has gone (its end of the connection
    // closes), so that no third gateway can start on the port unasked; and checked twice a second
    // in case the lock was not free at that moment yet.
    const auto takeOver = [this] {
        if (!m_portLock->joined() || m_portLock->holderAlive())
            return;
        if (m_portLock->take(m_port)) {
            delete m_joinNotifier;
            m_joinNotifier = nullptr;
            m_portLock->leave();
            m_lockTakeover.stop();
            qCInfo(lcGateway) << "the gateway this one joined on port" << m_port << "has gone; this one holds the port now";
            watchPortLock();
        }
    };
    m_joinNotifier = new QSocketNotifier(m_portLock->joinDescriptor(), QSocketNotifier::Read, this);
    connect(m_joinNotifier, &QSocketNotifier::activated, this, takeOver);
    m_lockTakeover.setInterval(500);
    connect(&m_lockTakeover, &QTimer::timeout, this, takeOver);
    m_lockTakeover.start();
}

bool Gateway::portHasSibling()
{
    return (m_portLock->held() && m_portLock->siblings() > 0) || (m_portLock->joined() && m_portLock->holderAlive());
}

void Gateway::startOperatorServer()
{
    if (m_operator)
        return;
    GatewayShared &g = *m_shared;
    OperatorServices services{*m_operatorFeed,
                              g.metrics,
                              g.consoles,
                              g.events,
                              [this] {
                                  std::lock_guard lock(m_statusMutex);
                                  return m_statusCopy;
                              },
                              {},
                              {}};
    // Commands and taps go through this (main) thread, which knows the workers.
    services.act = [this](const operatorlink::Command &command, const QString &by, CommandAnswer answer) {
        QMetaObject::invokeMethod(
            this,
            [this, command, by, answer] {
                using T = operatorlink::Command::Type;
                switch (command.type) {
                case T::Take: takeCall(command.sessionId, by, answer); break;
                case T::HandBack: handBack(command.sessionId, by, answer); break;
                case T::Whisper: whisper(command.sessionId, command.text, by, answer); break;
                case T::HangUp: hangUpCall(command.sessionId, by, answer); break;
                case T::Transfer: transferCall(command.sessionId, command.text, by, answer); break;
                default:
                    if (answer)
                        answer(QStringLiteral("not a command for the call"));
                }
            },
            Qt::QueuedConnection);
    };
    services.attachAudio = [this](const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap) {
        QMetaObject::invokeMethod(
            this, [this, sessionId, tap] { attachAudio(sessionId, tap); }, Qt::QueuedConnection);
    };
    m_operatorThread.reset(new QThread);
    m_operatorThread->setObjectName(QStringLiteral("callgate-operator"));
    m_operator = new OperatorServer(std::move(services));
    m_operator->moveToThread(m_operatorThread.get());
    connect(m_operatorThread.get(), &QThread::finished, m_operator, &QObject::deleteLater);
    m_operatorThread->start();
    QMetaObject::invokeMethod(m_operator, &OperatorServer::start, Qt::BlockingQueuedConnection);
    g.addObserver(m_operatorFeed.get());
    if (const QString problem = g.operators.problem(); !problem.isEmpty() || g.operators.count() == 0)
        qCInfo(lcGateway).noquote() << "no remote console can attach yet (" << (problem.isEmpty() ? g.operators.path() : problem)
                                    << "): `callgate add-operator NAME` makes an account";
    else
        qCInfo(lcGateway).noquote() << g.operators.count() << "operator account(s) may attach consoles at /operator";
}

int Gateway::remoteConsoles() const { return m_shared->metrics.operatorConsoles.load(std::memory_order_relaxed); }

void Gateway::checkModels(std::function<void(const QList<openai::ModelStatus> &)> done)
{
    using State = openai::ModelStatus::State;
    const Config &c = m_shared->config;
    if (!m_modelCheck)
        m_modelCheck =
            new openai::ModelCheck(c.openAiApi == QLatin1String("live") ? c.openAiLiveUrl : c.openAiRealtimeUrl, c.openAiApiKey, this);
    m_modelsChecked = true;
    QList<QPair<QString, QString>> asked;
    for (const openai::ModelStatus &m : m_shared->health.modelStatus())
        asked.append({m.setting, m.model});
    m_modelCheck->check(asked, [this, done = std::move(done)](QList<openai::ModelStatus> models) {
        const QList<openai::ModelStatus> before = m_shared->health.modelStatus();
        for (qsizetype i = 0; i < models.size(); ++i) {
            const openai::ModelStatus &m = models[i];
            const bool changed = i >= before.size() || before[i].state != m.state;
            switch (m.state) {
            case State::Current:
                if (changed)
                    qCInfo(lcOpenAi).noquote() << m.setting << m.model << "is offered by OpenAI; no shutdown date is announced";
                break;
            case State::ShuttingDown: qCWarning(lcOpenAi).noquote() << m.warning(); break;
            case State::Gone:
            case State::KeyRefused: qCCritical(lcOpenAi).noquote() << m.warning(); break;
            case State::Unknown:
                if (changed || before[i].detail != m.detail)
                    qCWarning(lcOpenAi).noquote() << m.warning();
                break;
            case State::Unchecked: break;
            }
        }
        m_shared->health.setModelStatus(models);
        if (done)
            done(models);
    });
}

WorkerServices Gateway::workerServices()
{
    GatewayShared &g = *m_shared;
    FlowServices flow{g.config,    g.metrics,    g.sessions,       g.draining,   g.prompts, g.lookups,
                      g.customers, g.flowSigner, g.usedFlowTokens, g.callerText, g.events,  g.ledger.get()};
    flow.appAccounts = g.appAccounts.get();
    FrontServices front{g.config,
                        g.metrics,
                        g.sessions,
                        flow,
                        [&g] { return handleHealth(g); },
                        [&g](const QHttpServerRequest &request) { return handleMetrics(g, request); },
                        nullptr,
                        nullptr,
                        {},
                        {},
                        {}};
    front.operators = &g.operators;
    front.operatorThrottle = &g.operatorThrottle;
    front.operatorAccepted = [server = m_operator](qintptr fd, const QByteArray &key, const OperatorAccount &account) {
        server->adopt(fd, key, account);
    };
    if (m_user) {
        front.userAdmit = [server = m_user](const QByteArray &address) { return server->admit(address); };
        front.userAccepted = [server = m_user](qintptr fd, const QByteArray &key, const QByteArray &address) {
            server->adopt(fd, key, address);
        };
    }
    const CallServices calls{g.config, g.metrics,    g.sessions, g.prompts,  g.callerText,  g.events,
                             g.health, g.recorder(), g.consoles, g.holdClip, g.reconnectCue};
    return WorkerServices{std::move(front), calls};
}

GatewayStatus Gateway::status() const
{
    GatewayStatus s;
    s.port = m_port;
    s.liveCalls = m_shared->sessions.activeCount();
    const OpenAiConnectionStatus ai = m_shared->health.openAiStatus();
    s.openAi = ai.result;
    s.openAiDetail = ai.detail;
    s.warnings = m_shared->warnings();
    s.draining = m_shared->draining.load();
    return s;
}

void Gateway::onCall(const QByteArray &sessionId, std::function<QString(MediaBridge &)> command, CommandAnswer answer)
{
    // The call lives on one worker; each looks for it on its own thread. The last to miss says the
    // call has ended.
    auto misses = std::make_shared<std::atomic<int>>(int(m_workers.size()));
    if (m_workers.empty() && answer)
        answer(QStringLiteral("the call has ended"));
    for (GatewayWorker *w : m_workers)
        QMetaObject::invokeMethod(
            w,
            [w, sessionId, command, answer, misses] {
                QString refusal;
                if (w->withCall(sessionId, [&](MediaBridge &c) { refusal = command(c); })) {
                    if (answer)
                        answer(refusal);
                } else if (misses->fetch_sub(1) == 1 && answer) {
                    answer(QStringLiteral("the call has ended"));
                }
            },
            Qt::QueuedConnection);
}

void Gateway::takeCall(const QByteArray &sessionId, const QString &by, CommandAnswer answer)
{
    onCall(
        sessionId, [by](MediaBridge &c) { return c.supervision().agentTookOver(by); }, std::move(answer));
}

void Gateway::handBack(const QByteArray &sessionId, const QString &by, CommandAnswer answer)
{
    onCall(
        sessionId, [by](MediaBridge &c) { return c.supervision().handBack(by); }, std::move(answer));
}

void Gateway::attachAudio(const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap)
{
    // If no worker has the call, it has ended, and the console is told.
    onCall(
        sessionId,
        [tap](MediaBridge &c) {
            c.attachTap(tap);
            return QString();
        },
        [tap](const QString &refusal) {
            if (!refusal.isEmpty())
                tap->markCallEnded();
        });
}

void Gateway::whisper(const QByteArray &sessionId, const QString &text, const QString &by, CommandAnswer answer)
{
    onCall(
        sessionId, [text, by](MediaBridge &c) { return c.supervision().whisper(text, by); }, std::move(answer));
}

void Gateway::hangUpCall(const QByteArray &sessionId, const QString &by, CommandAnswer answer)
{
    onCall(
        sessionId, [by](MediaBridge &c) { return c.supervision().hangUp(by); }, std::move(answer));
}

void Gateway::transferCall(const QByteArray &sessionId, const QString &e164, const QString &by, CommandAnswer answer)
{
    onCall(
        sessionId, [e164, by](MediaBridge &c) { return c.supervision().transfer(e164, by); }, std::move(answer));
}

void Gateway::beginDrain()
{
    if (m_shared->draining.exchange(true))
        return;
    qCInfo(lcGateway) << "draining:" << m_shared->sessions.activeCount() << "live call(s), up to" << m_shared->config.drainTimeoutSeconds
                      << "s";
    if (portHasSibling()) {
        // Another worker of this instance shares the port: new connections go to it alone.
        for (GatewayWorker *w : m_workers)
            QMetaObject::invokeMethod(w, &GatewayWorker::stopListening, Qt::BlockingQueuedConnection);
        qCInfo(lcGateway) << "stopped listening: the other worker on port" << m_port << "takes the new calls";
    }
    m_drainDeadline.start(m_shared->config.drainTimeoutSeconds * 1000);
    m_drainPoll.start();
    checkDrained();
}

bool Gateway::isDraining() const { return m_shared->draining.load(); }

void Gateway::checkDrained()
{
    if (!m_drainPoll.isActive() || m_shared->sessions.activeCount() > 0)
        return;
    m_drainPoll.stop();
    m_drainDeadline.stop();
    qCInfo(lcGateway) << "drained: no live calls";
    Q_EMIT drained();
}

void Gateway::stop()
{
    m_sweep.stop();
    m_modelRecheck.stop();
    // The ledger first: its last answer is delivered while the workers it answers still exist.
    if (m_shared->ledger)
        m_shared->ledger->stop();
    if (m_shared->appAccounts)
        m_shared->appAccounts->stop();
    for (GatewayWorker *w : m_workers)
        QMetaObject::invokeMethod(w, &GatewayWorker::shutdown, Qt::BlockingQueuedConnection);
    m_workers.clear();
    m_threads.clear(); // quit + wait; each worker is deleted on its thread as it finishes
    m_shared->ledger.reset();
    m_lockTakeover.stop();
    delete m_lockNotifier;
    m_lockNotifier = nullptr;
    delete m_joinNotifier;
    m_joinNotifier = nullptr;
    m_portLock->release();
    m_portLock->leave();
}

} // namespace callgate
