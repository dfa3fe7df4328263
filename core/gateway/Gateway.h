#pragma once
// The whole gateway: shared state plus one worker thread per core, each with its own listener on
// PORT. Lives on the main thread and never touches a socket itself; it starts, drains and stops
// the workers. Used by the headless server, the console and the tests.

#include "config/Config.h"
#include "operator/GatewayStatus.h"
#include "util/Result.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

class QThread;

namespace callgate::audio {
class CallAudioTap;
}
namespace callgate::openai {
class ModelCheck;
struct ModelStatus;
} // namespace callgate::openai

class QSocketNotifier;

namespace callgate {

class GatewayShared;
class GatewayWorker;
struct WorkerServices;
class MediaBridge;
class OperatorFeed;
class OperatorServer;
class PortLock;
class UserFeed;
class UserServer;
class PromptFetcher;

class Gateway : public QObject {
    Q_OBJECT
public:
    explicit Gateway(const Config &config, QObject *parent = nullptr);
    ~Gateway() override;

    // Starts every worker; the error names the setting to fix (e.g. PORT in use).
    Status start();
    quint16 port() const { return m_port; }

    // Stops taking calls: new webhooks hear "busy"; live calls go on. Emits drained() once no call
    // is live, or after DRAIN_TIMEOUT_SECONDS, when the rest are ended politely.
    void beginDrain();
    // During a drain: ends the live calls politely now instead of at the timeout (the console's
    // "End them now").
    void endDrainNow();
    bool isDraining() const;
    void stop();

    GatewayShared &shared() { return *m_shared; }
    // What a console shows of the gateway (any time; cheap).
    GatewayStatus status() const;
    // Keeps the prompts current (Google Docs, files); exists once start() has run.
    PromptFetcher *prompts() { return m_prompts; }

    // Asks OpenAI whether the configured models are still offered and when they shut down; the
    // answer goes to /health, the log and the console, and to `done` if given. start() does this
    // too (and again twice a day) unless it has been done.
    void checkModels(std::function<void(const QList<openai::ModelStatus> &)> done = {});

    // A console's commands on a live call. `by` is the supervisor's name, kept with the call's
    // record. `answer`, when given, is told an empty string when the command was done or why it
    // was refused ("taken by Ana", "the call has ended"); it runs on the thread of the worker that
    // holds the call (or of the last worker to look), so it must post to its own.
    using CommandAnswer = std::function<void(const QString &refusal)>;
    // Takes the call: whichever worker holds it stops its transfer timer and mutes the AI.
    void takeCall(const QByteArray &sessionId, const QString &by = {}, CommandAnswer answer = {});
    // Gives a taken call back to the AI (see CallSupervision::handBack).
    void handBack(const QByteArray &sessionId, const QString &by = {}, CommandAnswer answer = {});
    // An instruction to the AI of a live call (see CallSupervision::whisper).
    void whisper(const QByteArray &sessionId, const QString &text, const QString &by = {}, CommandAnswer answer = {});
    // Ends a live call, or hands it to a number, through the Calls API.
    void hangUpCall(const QByteArray &sessionId, const QString &by = {}, CommandAnswer answer = {});
    void transferCall(const QByteArray &sessionId, const QString &e164, const QString &by = {}, CommandAnswer answer = {});
    // The caller asked for a person (in the app): the call waits for a supervisor as when the AI
    // escalates it.
    void askForAgent(const QByteArray &sessionId, const QString &why, CommandAnswer answer = {});
    // A console's audio for a live call: listening, and the supervisor's voice during a takeover.
    void attachAudio(const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap);
    // Remote consoles attached over /operator now.
    int remoteConsoles() const;

Q_SIGNALS:
    void drained();

private:
    struct ThreadStopper {
        void operator()(QThread *t) const;
    };
    void checkDrained();
    void endLiveCalls();
    // What each worker gets: every part of it only what that part uses.
    WorkerServices workerServices();
    // Runs `command` on the call's worker and tells `answer` what came of it.
    void onCall(const QByteArray &sessionId, std::function<QString(MediaBridge &)> command, CommandAnswer answer);
    // The thread of remote consoles, made once, before the first workers.
    void startOperatorServer();
    // With a PostgreSQL DATABASE_URL, joins the cluster on it (see store::SharedLedger).
    Status openLedger();
    // With USER_APP: the app's accounts in the call database, and the thread of its connections.
    Status startUserApp();

    std::unique_ptr<OperatorFeed> m_operatorFeed; // outlives m_shared (its recorder publishes to it)
    std::unique_ptr<UserFeed> m_userFeed;         // the same
    std::unique_ptr<GatewayShared> m_shared;
    std::unique_ptr<PortLock> m_portLock; // held while this gateway listens on its port
    // The lock's side of --join-port: siblings joining the holder, and a joined worker taking
    // the lock over once the holder is gone.
    void watchPortLock();
    bool portHasSibling();
    QSocketNotifier *m_lockNotifier = nullptr;
    QSocketNotifier *m_joinNotifier = nullptr;
    QTimer m_lockTakeover;
    std::vector<std::unique_ptr<QThread, ThreadStopper>> m_threads;
    std::vector<GatewayWorker *> m_workers; // each deleted on its own thread when it finishes
    std::unique_ptr<QThread, ThreadStopper> m_operatorThread;
    OperatorServer *m_operator = nullptr; // lives on m_operatorThread, deleted there
    std::unique_ptr<QThread, ThreadStopper> m_userThread;
    UserServer *m_user = nullptr; // lives on m_userThread, deleted there
    mutable std::mutex m_statusMutex;
    GatewayStatus m_statusCopy; // for the operator thread; refreshed every second
    quint16 m_port = 0;
    PromptFetcher *m_prompts = nullptr;         // child
    openai::ModelCheck *m_modelCheck = nullptr; // child
    bool m_modelsChecked = false;
    QTimer m_modelRecheck;
    QTimer m_sweep;
    QTimer m_drainPoll;
    QTimer m_drainDeadline;
    bool m_forcedEnd = false;
};

} // namespace callgate
