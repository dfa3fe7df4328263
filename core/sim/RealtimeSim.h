#pragma once
// A simulated OpenAI Realtime service speaking the GA protocol (protocols/openai-realtime.md) at
// /v1/realtime, and GPT-Live (protocols/openai-live.md) at /v1/live/sessions (LiveSimSession):
// session.created/updated, server VAD driven by the energy of the appended μ-law, transcription of
// what it recognises, responses streamed as μ-law audio with transcript deltas faster than real
// time, function calls when its script says so, and an `error` for any client event that does not
// match the published schema (or names a session field the schema does not know). Next to the
// socket it answers GET /v1/models/{model} from its model catalogue. It fails as the service does,
// when told (RealtimeFault, a refused handshake, a session time limit, late transcripts), at once or
// at random intervals. Tests, the demo and the benchmark run it on 127.0.0.1. Lives on the thread
// that created it.

#include "sim/WsServer.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace callgate::sim {

class SimSession;

// The models OpenAI offers, with their shutdown dates (ISO date, empty: none announced), as of
// 2026-12-01. A model past its date, or not listed, is gone: the models endpoint answers 404 and a
// session for it is refused.
QMap<QString, QString> defaultModelCatalogue();

// How the real service fails (protocols/openai-realtime.md §5–6, and what deployments see).
enum class RealtimeFault {
    Abort,          // the connection drops: no close frame
    Close1011,      // closes with 1011 (internal error)
    Stall,          // stops reading and sending: pings go unanswered
    ServerError,    // an error event of type server_error
    InvalidRequest, // an error event of type invalid_request_error (the session goes on)
    RateLimited,    // the next response fails: response.done failed, rate_limit_exceeded
    QuotaExceeded,  // error insufficient_quota, then the session closes
    SessionExpired, // error session_expired, then close 1001, as at the time limit
    UnknownEvent,   // an event type no client knows yet
};
const char *realtimeFaultName(RealtimeFault f);
// Faults that end the session (the client must open a new one).
bool endsSession(RealtimeFault f);

struct RealtimeSimOptions {
    QMap<QString, QString> models = defaultModelCatalogue();
    // PEM files: serve wss:// (and the model list over https://) with this certificate and key, as
    // the real service does; empty: plain ws://.
    QString tlsCertificate;
    QString tlsKey;
    double speedFactor = 4.0;     // how much faster than real time responses stream
    double liveSpeedFactor = 1.0; // … on the GPT-Live face (observed: about real time, openai-live.md §7)
    // GPT-Live stops talking once the caller has spoken this long over it; shorter sounds (an
    // "mm-hm") it talks through. 0: as soon as speech is heard.
    int liveYieldAfterMs = 0;
    int deltaMs = 100;         // audio per response.output_audio.delta
    double vadRms = 600;       // linear RMS above which a 20 ms window counts as speech
    int responseDelayMs = 0;   // "thinking" time before a reply to the caller starts
    int firstAudioDelayMs = 0; // between response.created and the response's first audio
    QByteArray requiredKey;    // empty: any non-empty bearer key
    // A session's time limit (the service's is 60 minutes): expires_at says it, and at that time
    // the session gets session_expired and is closed 1001.
    qint64 sessionLifetimeMs = 3600 * 1000;
    // The caller's transcript arrives this long after the reply to that turn has ended (0: before
    // the reply, as usual). The real transcription is asynchronous and can come late.
    int lateTranscriptMs = 0;
    // POST /v1/audio/transcriptions answers with this HTTP status (200: the words of the clip the
    // audio is, "" for anything else; else an error object, as the service fails).
    int transcriptionStatus = 200;
    // Chaos: every chaosIntervalMs (0: never) one open session, chosen at random, gets one of
    // chaosFaults (the demo and the load generator use this).
    int chaosIntervalMs = 0;
    QList<RealtimeFault> chaosFaults;
    // Reply to a recognised caller clip: an assistant clip and/or a function to call.
    struct Reply {
        QString clip;
        QString function; // e.g. "end_call"
        QString thenClip; // what to say in the response after the function output
    };
    QHash<QString, Reply> replies; // caller clip name → reply
    Reply unknownReply{QStringLiteral("assistant_more"), {}, {}};
    QString greetingClip = QStringLiteral("assistant_greeting");
    // A response.create whose instructions contain the text says the clip (the gateway's own
    // messages, such as the live-agent message).
    QList<QPair<QString, QString>> instructionClips;
    // Benchmark hooks: audio of each response (instead of the clip) and every appended chunk.
    std::function<QByteArray(const QString &clip)> responseAudio;
    std::function<void(QByteArrayView ulaw)> onAppendAudio;
    std::function<void(QByteArrayView ulaw)> onDeltaSent;
    std::function<void(QByteArrayView responseAudio)> onResponseCancelled; // the whole audio it had
};

// What the simulator saw, for tests.
struct RealtimeSimRecord {
    struct Truncation {
        QByteArray itemId;
        qint64 audioEndMs = 0;
        qint64 generatedMs = 0; // audio of that item generated so far
        qint64 callerTag = -1;  // the stream tag of the caller's frames (FrameTag), if tagged
    };
    int sessions = 0;
    int appends = 0;
    qint64 appendedBytes = 0;
    QList<QByteArray> clientEventTypes;
    QList<Truncation> truncations;
    QList<QJsonObject> createdItems; // conversation.item.create items
    QStringList errorsSent;          // error.message of every error event
    int invalidUtf8Closes = 0;       // sessions closed (1007) for a text frame that was not UTF-8
    QStringList modelsAsked;         // ids asked of the models endpoint, in order
    struct Transcription {
        QString model;
        QString language;
        double seconds = 0;
        QString text; // what was answered (empty on an error)
    };
    QList<Transcription> transcriptions; // POST /v1/audio/transcriptions, in order
    QStringList sessionModels;           // ?model= of every session opened
    int responsesCreated = 0;
    int responsesCancelled = 0;  // Live: replies the model stopped because the caller talked over them
    QList<RealtimeFault> faults; // every fault injected, in order
    int handshakesRefused = 0;
    QJsonObject lastSession; // effective session after the last session.update (Live: session.start)
    // GPT-Live: the session of every session.start accepted, and every *.append in order
    // (type without "session." and ".append", e.g. "commentary", and its content).
    QList<QJsonObject> liveStarts;
    QList<QPair<QString, QString>> liveAppends;
    QList<QPair<qint64, QString>> transcriptsSent; // (ms since the epoch, text) of every final transcript sent
    // The model's context as the simulator keeps it: every item in order — the caller's committed
    // turns (with what was recognised in them), items the client created (their text, and what
    // was recognised in any audio they carried), and the assistant's replies.
    struct Item {
        QByteArray id;
        QString role; // user | system | assistant
        QString text; // input_text / transcript / recognised audio, joined
        qint64 audioMs = 0;
        bool fromClient = false; // conversation.item.create
    };
    QList<Item> conversation;
    // For each response: how many conversation items it had as context, and its instructions.
    struct ResponseStart {
        int contextItems = 0;
        QString instructions;
    };
    QList<ResponseStart> responses;
};

class RealtimeSimServer : public QObject {
    Q_OBJECT
public:
    explicit RealtimeSimServer(RealtimeSimOptions options = defaultOptions(), QObject *parent = nullptr);
    ~RealtimeSimServer() override;

    static RealtimeSimOptions defaultOptions();

    Status listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QUrl url() const;     // ws://127.0.0.1:<port>/v1/realtime (wss:// with TLS)
    QUrl liveUrl() const; // ws://127.0.0.1:<port>/v1/live/sessions (GPT-Live)
    // Whether `model` is offered today (listed, and before its shutdown date).
    bool offers(const QString &model) const;
    const RealtimeSimRecord &record() const { return m_record; }
    RealtimeSimRecord &record() { return m_record; }
    int liveSessions() const;
    // Fault injection: into the newest open session (false: none is open), or a random one.
    bool inject(RealtimeFault fault);
    struct Injected {
        qint64 callerTag = -1;   // the FrameTag stream of the session's caller, if its frames are tagged
        bool midReply = false;   // a response was streaming
        qint64 responseTag = -1; // … and the FrameTag stream of its audio, if tagged
    };
    std::optional<Injected> injectIntoRandomSession(RealtimeFault fault);
    // The next `count` WebSocket handshakes (-1: all) are answered with this HTTP status, as the
    // service answers a revoked key (401), a project without access (403) or overload (429, 503).
    void refuseHandshakes(int status, int count = -1);

private:
    friend class SimSession;
    friend class RealtimeSimSession;
    friend class LiveSimSession;
    QByteArray answerModels(const UpgradeRequest &request);
    QByteArray answerTranscription(const UpgradeRequest &request);

    RealtimeSimOptions m_options;
    WsServer m_server;
    RealtimeSimRecord m_record;
    std::vector<std::unique_ptr<SimSession>> m_sessions;
    std::vector<std::unique_ptr<net::WsConnection>> m_closing; // refused sessions, until closed
    int m_refuseStatus = 0;
    int m_refuseCount = 0;
    QTimer *m_chaos = nullptr;
};

} // namespace callgate::sim
