#pragma once
// A console's link to one gateway over the operator protocol (docs/operator-protocol.md): connects
// to its /operator WebSocket with the account's token, turns the gateway's messages into the same
// calls, transcript lines, events and status the in-process link gives, and carries commands and
// audio back. A link that drops is retried by itself (0.5 s, doubling to 30 s); while it is down
// the gateway's calls stay on screen marked unreachable, and on return the fresh snapshot says
// which of them ended meanwhile. Listening and talking survive a reconnect. GUI thread.

#include "call/CallSummary.h"
#include "operator/GatewayStatus.h"
#include "operator/OperatorMessages.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <map>
#include <memory>

namespace callgate {
namespace audio {
class CallAudioTap;
class VoiceDecoder;
class VoiceEncoder;
} // namespace audio
namespace net {
class WsConnection;
}

// One gateway as a console's settings name it.
struct GatewayAddress {
    QString name;     // shown in the calls' Gateway column
    QUrl url;         // ws://host:port/operator, or wss://… through a TLS proxy
    QByteArray token; // the account's (callgate add-operator)
    QString caFile;   // a PEM certificate to trust beside the system's (a private CA); optional
};

class RemoteGateway : public QObject {
    Q_OBJECT
public:
    enum class State { Connecting, Up, Down };

    explicit RemoteGateway(GatewayAddress address, QObject *parent = nullptr);
    ~RemoteGateway() override;

    // Connects, and again after every drop until stop().
    void start();
    void stop();
    // The console lets go of this gateway: its calls leave the table (callsChanged, removed).
    void forget();

    const GatewayAddress &address() const { return m_address; }
    State state() const { return m_state; }
    // Why the link is down (the refusal or network error), for the console's notice.
    const QString &problem() const { return m_problem; }
    // When the next attempt starts, while down.
    int retryInMs() const;
    const GatewayStatus &status() const { return m_status; }
    // Who the gateway knows this console as ("Ana", "supervisor"), once up.
    const QString &you() const { return m_you; }
    const QString &role() const { return m_role; }
    // Whether the call is one of this gateway's (live, or last seen live).
    bool owns(const QByteArray &sessionId) const { return m_calls.contains(sessionId); }

    // Take, hand back, whisper, hang up, transfer: a refusal comes back as refused().
    void command(operatorlink::Command::Type type, const QByteArray &sessionId, const QString &text = {});
    // The call's two sides into the tap (decoded from Opus), and the tap's microphone audio to the
    // call once this console has taken it. Ends when the tap is closed or the call ends.
    void attachAudio(const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap);

    // The link as a network failure would end it (tests, benchmarks): the retry follows.
    void dropLink();
    // Bytes received since the start: audio (binary messages, headers included), and everything.
    quint64 audioBytesIn() const { return m_audioBytesIn; }
    quint64 bytesIn() const { return m_bytesIn; }

Q_SIGNALS:
    void callsChanged(const QList<callgate::CallSummary> &calls);
    void transcriptAppended(const QList<callgate::TranscriptLine> &lines);
    void protocolAppended(const QList<callgate::ProtocolLine> &lines);
    void statusChanged(const callgate::GatewayStatus &status);
    void refused(const QByteArray &sessionId, const QString &reason);
    void stateChanged();

private:
    struct Listen {
        std::shared_ptr<audio::CallAudioTap> tap;
        std::map<int, std::unique_ptr<audio::VoiceDecoder>> decoders; // by channel
        std::map<int, quint32> nextSequence;
        std::unique_ptr<audio::VoiceEncoder> microphone;
        quint32 micSequence = 0;
        bool talking = false; // the gateway accepted `talk` for it
    };

    void connectNow();
    void onConnected();
    void onClosed(const QString &why);
    void onText(QByteArrayView json);
    void onAudio(QByteArrayView message);
    void applyCalls(QList<CallSummary> calls, bool snapshot);
    void applyTranscript(QList<TranscriptLine> lines);
    void onReply(qint64 id, const QString &refusal);
    qint64 send(operatorlink::Command::Type type, const QByteArray &sessionId, const QString &text = {}, bool on = true);
    void pumpAudio();
    void setState(State state, const QString &problem = {});

    GatewayAddress m_address;
    std::unique_ptr<net::WsConnection> m_ws;
    State m_state = State::Down;
    QString m_problem;
    bool m_running = false;
    QTimer m_retry;
    int m_backoffMs = 500;
    QTimer m_audioTimer;
    GatewayStatus m_status;
    QString m_you, m_role;
    QHash<QByteArray, CallSummary> m_calls; // live calls as last seen
    // Final transcript lines already passed on (the snapshot sends each call's recent lines
    // again after a reconnect), newest kSeenLines.
    static constexpr qsizetype kSeenLines = 20000;
    QSet<QByteArray> m_seenLines;
    QList<QByteArray> m_seenOrder;
    struct Pending {
        operatorlink::Command::Type type;
        QByteArray sessionId;
    };
    QHash<qint64, Pending> m_pending;
    qint64 m_nextId = 1;
    QHash<QByteArray, std::shared_ptr<Listen>> m_listens;
    QSet<QByteArray> m_holding; // calls this console took and has not handed back
    quint64 m_audioBytesIn = 0;
    quint64 m_bytesIn = 0;
};

} // namespace callgate
