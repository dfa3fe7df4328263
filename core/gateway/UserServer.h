#pragma once
// The caller's companion app on GET /user (docs/user-protocol.md): a caller signs in with a code
// sent by SMS to their mobile, gives or withdraws consent to being answered by the assistant and
// recorded (it then counts on the phone: their calls skip the keypad question), and follows their
// call live — in the caller flow, with the assistant, waiting for a person, with a supervisor,
// ended — and may ask for a person from the app.
//
// A thread of its own ("callgate-user"), like the remote consoles: HttpFront admits an upgrade
// (bounded connections per address and in all) and hands the descriptor here. Codes and their
// limits are AppLogin's; consents and signed-in sessions are in the call database (AppAccounts),
// so a token resumes on any instance of a cluster. Calls are followed through UserFeed: the events
// that change a call's state come here, and each signed-in connection of that number is told.
// Nothing logged names a code, a token or a whole number.

#include "call/CallEvents.h"
#include "gateway/AppCalls.h"
#include "gateway/AppLogin.h"

#include <QHash>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

class QTimer;

namespace callgate {

class LookupCache;
class Metrics;
class PromptLibrary;
class UserServer;
struct Config;
namespace store {
class AppAccounts;
struct AppConsent;
} // namespace store
namespace twilio {
class RestClient;
}
namespace net {
class WsConnection;
}

// What the workers publish to for the app: the events that change a call's state, passed to the
// server's thread while there is one.
class UserFeed : public CallObserver {
public:
    void onCallEvent(const CallEvent &event) override;
    void attach(UserServer *server);

private:
    std::mutex m_mutex;
    UserServer *m_server = nullptr;
};

struct UserServices {
    const Config &config;
    Metrics &metrics;
    LookupCache &lookups;
    const PromptLibrary &prompts;
    store::AppAccounts &accounts;
    // Asks the call of that session to wait for a person (on the main thread); `answer` gets the
    // refusal (empty: done) on the call's worker thread.
    std::function<void(const QByteArray &sessionId, std::function<void(const QString &)> answer)> askForAgent;
};

class UserServer : public QObject {
    Q_OBJECT
public:
    explicit UserServer(UserServices services);
    ~UserServer() override;

    // On its own thread, before the workers start.
    void start();
    // Any thread: may another connection from `address` be opened now? Counts it if so (released
    // when it closes or signs in). Refusals say why, for the 429/503.
    QString admit(const QByteArray &address);
    // Any thread: a connected descriptor (ours to close) whose /user upgrade was admitted; -1 gives
    // the admission back.
    void adopt(qintptr fd, const QByteArray &clientKey, const QByteArray &address);
    // On its own thread: closes every connection.
    void shutdown();
    // Any thread (UserFeed).
    void onCallEvent(const CallEvent &event);

    // The limits (public for the tests and the docs).
    static constexpr int kMaxPendingPerAddress = 5;  // connections not signed in, per address
    static constexpr int kMaxPending = 2000;         // … in all
    static constexpr int kMaxSignedIn = 20000;       // signed-in connections in all
    static constexpr int kMaxPerNumber = 5;          // signed-in connections per number
    static constexpr int kSignInDeadlineMs = 600000; // a connection not signed in by then is closed
    static constexpr int kMaxMessageBytes = 2048;
    static constexpr int kMessagesPerSecond = 2; // sustained; bursts of kMessageBurst
    static constexpr int kMessageBurst = 8;
    static constexpr int kSessionDays = 30; // how long a token resumes

private:
    struct Client;

    void onAdopted(qintptr fd, const QByteArray &clientKey, const QByteArray &address);
    void onText(Client &client, QByteArrayView message);
    void login(Client &client, const QJsonObject &message);
    void verify(Client &client, const QJsonObject &message);
    void resume(Client &client, const QJsonObject &message);
    void consent(Client &client, const QJsonObject &message);
    void askAgent(Client &client);
    void signOut(Client &client);
    void signedIn(quint64 clientId, const QString &phone, const QByteArray &token, const QByteArray &tokenHash);
    void sendError(Client &client, const char *reason, qint64 retryAfterMs = 0);
    void send(Client &client, const QJsonObject &message);
    void sendCallState(Client &client, const AppCall &call);
    void release(Client &client); // gives back its place among the connections not signed in
    void releaseAddress(const QByteArray &address);
    void drop(quint64 clientId);
    void sweep();
    void track(const CallEvent &event);
    Client *find(quint64 id);

    const UserServices m_services;
    std::unique_ptr<twilio::RestClient> m_rest; // Lookup and Messages, on this thread
    AppLogin m_login;
    std::unordered_map<quint64, std::unique_ptr<Client>> m_clients;
    AppCalls m_calls; // the calls followed
    quint64 m_nextId = 1;
    QTimer *m_sweep = nullptr;
    bool m_stopping = false;
    std::mutex m_admitMutex; // the counts below, from the workers' threads
    QHash<QByteArray, int> m_pendingByAddress;
    int m_pending = 0;
    int m_signedIn = 0; // this thread
};

} // namespace callgate
