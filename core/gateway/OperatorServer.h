#pragma once
// Remote consoles on GET /operator (docs/operator-protocol.md). HttpFront checks the token; the
// accepted descriptor comes here, to a thread of its own ("callgate-operator"), so no console —
// however slow its network — costs a call's worker anything but the events it publishes anyway.
// The calls are collected by one OperatorLink (the same coalescing the in-process console has);
// each update is encoded once and sent to every console. Commands go to the call's worker and are
// answered with success or a reason. A listened call's two sides go out as Opus, paced at real
// time; a supervisor's microphone comes back the same way and reaches the call as μ-law. A console
// that cannot keep up loses audio, never slows a call; one whose queue passes the WebSocket's cap
// is dropped and reconnects to a fresh snapshot.

#include "call/CallEvents.h"
#include "call/CallSummary.h"
#include "operator/OperatorAccounts.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace callgate {

class CallObservers;
class Metrics;
class OperatorLink;
struct GatewayStatus;
namespace audio {
class CallAudioTap;
}
namespace operatorlink {
struct Command;
}

// What the workers publish to for the remote consoles: passes events to the server's link while
// there is one. Owned by the Gateway and outliving everything that publishes (the recorder's
// thread reports a saved recording after the server is gone); raw protocol events only while a
// console watches a call (CallObservers' demand).
class OperatorFeed : public CallObserver {
public:
    void onCallEvent(const CallEvent &event) override;
    bool wantsProtocolEvents() const override { return false; }
    void attach(OperatorLink *link);
    // Calls watched by remote consoles (+1 / -1): raw protocol events pass only while there are
    // some — the in-process console may want them when no remote one does. Also asks the workers
    // to build them.
    void changeWatches(CallObservers &events, int delta);

private:
    std::mutex m_mutex;
    OperatorLink *m_link = nullptr;
    std::atomic<int> m_watches{0};
};

struct OperatorServices {
    OperatorFeed &feed;
    Metrics &metrics;
    std::atomic<int> &consoles;            // supervisors able to take a call (the agent wait counts on them)
    CallObservers &events;                 // for the raw protocol events, built only while a console watches
    std::function<GatewayStatus()> status; // any thread
    // Runs a command on the call's worker; `answer` gets the refusal (empty: done) on that thread.
    std::function<void(const operatorlink::Command &command, const QString &by, std::function<void(const QString &)> answer)> act;
    std::function<void(const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap)> attachAudio;
};

class OperatorServer : public QObject {
    Q_OBJECT
public:
    explicit OperatorServer(OperatorServices services);
    ~OperatorServer() override;

    // On its own thread, before the workers start: makes the link that collects the calls and
    // attaches it to the feed.
    void start();
    // Any thread: a connected descriptor (ours to close) whose /operator upgrade was accepted.
    // Attached consoles are counted in Metrics::operatorConsoles.
    void adopt(qintptr fd, const QByteArray &clientKey, const OperatorAccount &account);
    // On its own thread: closes every console.
    void shutdown();
    // How long a console that had a call may be gone before the call goes back to the AI.
    static constexpr int kHolderGraceMs = 15000;
    QHash<QString, quint64> m_lastDrop; // a holder's name → their latest drop
    quint64 m_drops = 0;

private:
    struct Console;
    struct Listen;

    void onAdopted(qintptr fd, const QByteArray &clientKey, const OperatorAccount &account);
    void onText(Console &console, QByteArrayView message);
    void onBinary(Console &console, QByteArrayView message);
    void onCommand(Console &console, const operatorlink::Command &command);
    void reply(quint64 consoleId, qint64 commandId, const QString &refusal);
    void listen(Console &console, const QByteArray &sessionId, bool on);
    void watch(Console &console, const QByteArray &sessionId, bool on);
    void broadcast(const QByteArray &json);
    void pumpAudio();
    void pumpListen(Console &console, Listen &listen, int64_t nowNs);
    void drop(quint64 consoleId);
    void holderLeft(const QString &name);
    bool nameConnected(const QString &name) const;

    const OperatorServices m_services;
    std::unique_ptr<OperatorLink> m_link;
    std::unordered_map<quint64, std::unique_ptr<Console>> m_consoles;
    QHash<QByteArray, QList<TranscriptLine>> m_history; // each live call's recent lines, for a console that attaches
    quint64 m_nextId = 1;
    int m_listens = 0;
    bool m_stopping = false;
    QTimer *m_audioPump = nullptr; // child, made on the server's thread
};

} // namespace callgate
