#pragma once
// One worker thread's share of the gateway: a listener on the shared port (SO_REUSEPORT), the
// HTTP front, and every call whose media stream this thread accepted. A call never leaves the
// thread that accepted it. Created on the main thread, then moved to its own thread; all its
// slots run there.

#include "gateway/CallServices.h"
#include "gateway/HttpFront.h"
#include "gateway/HttpGuard.h"
#include "util/Result.h"

#include <QObject>

#include <functional>
#include <memory>
#include <unordered_map>

namespace callgate {

class ReusePortServer;
class MediaBridge;
struct SessionInfo;
namespace net {
class Transport;
}
namespace store {
class SharedLedger;
}
namespace openai {
class Transcriber;
}

// What a worker takes from its gateway: what its HTTP side needs and what its calls need.
struct WorkerServices {
    FrontServices front;
    CallServices calls;
};

class GatewayWorker : public QObject {
    Q_OBJECT
public:
    GatewayWorker(WorkerServices services, int index);
    ~GatewayWorker() override;

    // Run on the worker thread (queued/blocking invoke). Opens the listener; port 0 picks one.
    Result<quint16> start(quint16 port);
    // Runs `f` on the call of that session, if it lives on this worker.
    bool withCall(const QByteArray &sessionId, const std::function<void(MediaBridge &)> &f);
    // Ends every call on this worker politely (drain deadline reached).
    void endAllCalls();
    // Stops accepting connections (another worker of the instance shares the port); the calls and
    // connections it has go on.
    void stopListening();
    // Closes the listener and every socket; the thread may quit afterwards.
    void shutdown();

    int liveCalls() const { return int(m_calls.size()); }

private:
    void onStreamAccepted(qintptr fd, const QByteArray &clientKey, const QByteArray &sessionId);
    // In a cluster: claims the session in the shared ledger, then starts the call or refuses.
    void claimShared(store::SharedLedger &ledger, std::unique_ptr<net::Transport> transport, const QByteArray &clientKey,
                     const QByteArray &sessionId);
    void startCall(std::unique_ptr<net::Transport> transport, const QByteArray &clientKey, SessionInfo info);
    void onCallFinished(MediaBridge *call);
    openai::Transcriber *transcriber();

    const WorkerServices m_services;
    const int m_index;
    HttpLimits m_limits;
    std::unique_ptr<HttpFront> m_http;
    std::unique_ptr<openai::Transcriber> m_transcriber; // made on first use, on this worker's thread
    ReusePortServer *m_listener = nullptr;              // owned by m_http
    std::unordered_map<MediaBridge *, std::unique_ptr<MediaBridge>> m_calls;
};

} // namespace callgate
