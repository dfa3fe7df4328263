#pragma once
// A simulated Twilio call: posts the signed voice webhook, follows the TwiML it gets back (Say,
// Pause, Gather with scripted digits, Redirect, Hangup, Dial, Connect/Stream), opens the media
// stream with a signed handshake and speaks like Twilio does: connected, start with the custom
// parameters, a 20 ms μ-law frame every 20 ms in real time (silence between the caller's clips),
// and stop. It plays what it receives at real time after a network delay, echoes marks when the
// audio before them has played, and on `clear` drops the queue and echoes every pending mark at
// once. It records what happened so tests can check the gateway against the protocol. Lives on
// the thread that created it.

#include "net/WsConnection.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <functional>
#include <memory>

namespace callgate::sim {

class TwilioRestSim;

struct CallerStep {
    enum class Kind {
        Say,           // speak `clip`
        WaitAssistant, // wait until the assistant has spoken and fallen silent, then `gapMs`
        BargeIn,       // once `afterMs` of the assistant's current reply has played, speak `clip`
        SendDigit,     // a DTMF key on the stream
        HangUp,        // send stop and close the stream
        Pause,         // stay silent for `gapMs`
    };
    Kind kind;
    QString clip;
    int gapMs = 400;
    int afterMs = 0;
    QByteArray digit;

    static CallerStep say(const QString &clip) { return {Kind::Say, clip, 0, 0, {}}; }
    static CallerStep waitAssistant(int gapMs = 400) { return {Kind::WaitAssistant, {}, gapMs, 0, {}}; }
    static CallerStep bargeIn(int afterMs, const QString &clip) { return {Kind::BargeIn, clip, 0, afterMs, {}}; }
    static CallerStep sendDigit(const QByteArray &digit) { return {Kind::SendDigit, {}, 0, 0, digit}; }
    static CallerStep hangUp() { return {Kind::HangUp, {}, 0, 0, {}}; }
    static CallerStep pause(int ms) { return {Kind::Pause, {}, ms, 0, {}}; }
};

struct CallerOptions {
    QUrl gatewayUrl;   // http://127.0.0.1:<port>, where requests really go
    QString publicUrl; // the PUBLIC_URL the gateway signs against
    QByteArray authToken;
    QString from = QStringLiteral("+14155550123");
    QString to = QStringLiteral("+18005550100");
    QString callSid; // empty: a random CA… sid
    QList<CallerStep> script;
    // Keys pressed at successive <Gather> prompts; an empty string is silence. The default
    // accepts the consent prompt a mobile caller meets first.
    QStringList gatherDigits = {QStringLiteral("1")};
    int playbackDelayMs = 120; // network + jitter buffer before Twilio plays what it got
    double sayMsPerChar = 0;   // how long <Say> text takes (0: no wait)
    int maxCallMs = 120000;
    // Benchmark hooks: rewrites each frame the caller sends (index, the clip or silence it would
    // send), and sees every media payload received (decoded).
    std::function<QByteArray(qint64 index, const QByteArray &frame)> frameSource;
    std::function<void(QByteArrayView ulaw)> onAudio;
    std::function<void()> onClear;
    // Twilio's REST API simulator: the call registers its CallSid there, so a Calls update (new
    // TwiML, hang-up) reaches it as it would a real call.
    TwilioRestSim *rest = nullptr;
};

struct CallerRecord {
    QList<QByteArray> twiml;
    QStringList verbs; // "Say", "Gather", "Connect", … in the order followed
    QHash<QString, QString> streamParameters;
    bool streamOpened = false;
    QByteArray streamRefusal; // handshake failure reason, if any
    qint64 framesSent = 0;
    qint64 mediaReceived = 0;
    qint64 audioBytesReceived = 0;
    QByteArray audioReceived; // everything received (capped at 2 MB)
    int marksReceived = 0;
    int marksEchoed = 0;
    int clears = 0;
    QList<qint64> heardAtClearMs; // of the reply that was playing when each clear came
    // For each barge-in: how much of the assistant the caller still heard after they began to talk
    // over it (until a clear, or until what was queued had played out).
    QList<qint64> talkOverMs;
    QList<QByteArray> sentEvents;     // event names the caller sent
    QString endedBy;                  // "caller hung up", "twiml hangup", "dialled …", …
    bool gatewayClosedStream = false; // the gateway, not the caller, ended the stream
    QStringList protocolErrors;       // anything the gateway sent that Twilio would reject
    QStringList webhooks;             // paths of every webhook requested, in order ("/incoming-call", …)
    QStringList answeredBy;           // the X-Callgate-Instance that answered each of them (behind a balancer)
    QString streamUrl;                // the <Stream url> it was told to open
    QStringList said;                 // every <Say> text, in order
    QString restUpdate;               // "twiml", "url" or "status=completed" when the Calls API changed the call
    bool finished = false;
};

class TwilioCaller : public QObject {
    Q_OBJECT
public:
    TwilioCaller(CallerOptions options, QNetworkAccessManager &network, QObject *parent = nullptr);
    ~TwilioCaller() override;

    void start();
    // Ends the call as a caller hanging up: stop, then close.
    void hangUp();
    // What Twilio does on a Calls update (POST /Calls/{CA}.json): stop the stream and run the new
    // TwiML, fetch it from the URL, or end the call. Called by TwilioRestSim on this thread.
    void applyRestUpdate(const QString &twiml, const QString &url, const QString &status);
    // Sends any text on the stream, as a misbehaving peer would (tests of bad input).
    void sendRaw(const QByteArray &text);
    // A binary WebSocket message, which Twilio never sends (for tests of what a hostile peer does).
    void sendRawBinary(const QByteArray &bytes);
    const CallerRecord &record() const { return m_record; }
    const QString &from() const { return m_options.from; }
    QByteArray streamSid() const { return m_streamSid; }

Q_SIGNALS:
    void finished();

private:
    struct Verb {
        QString name;
        QHash<QString, QString> attributes;
        QString text;
        QList<Verb> children;
    };
    void post(const QString &publicUrl, QList<QPair<QString, QString>> extra);
    void onTwiml(const QByteArray &xml, const QString &documentUrl);
    void runNextVerb();
    void openStream(const Verb &stream);
    void onStreamMessage(QByteArrayView message);
    void onStreamClosed();
    void sendEvent(const QByteArray &json);
    void tick();
    void advanceScript();
    void scheduleMarkEchoes();
    qint64 playedBytes(qint64 nowMs) const;
    void finish(const QString &how);
    void leaveStream();
    QUrl localUrl(const QString &publicUrl) const;
    qint64 now() const { return m_clock.elapsed(); }

    CallerOptions m_options;
    QNetworkAccessManager &m_network;
    CallerRecord m_record;
    QElapsedTimer m_clock;
    std::deque<Verb> m_verbs;
    QString m_documentUrl;
    int m_gatherIndex = 0;
    QString m_afterStreamAction;

    std::unique_ptr<net::WsConnection> m_ws;
    QByteArray m_streamSid;
    QTimer m_frameTimer;
    QTimer m_markTimer;
    QTimer m_deadline;
    qint64 m_streamStartMs = 0;
    qint64 m_framesDue = 0;
    qint64 m_sequence = 0;

    // The caller's side of the script.
    int m_step = 0;
    bool m_stepStarted = false;
    bool m_hungUp = false;
    bool m_leftStream = false; // the Calls API took the call away from the stream
    const QByteArray *m_speaking = nullptr;
    qint64 m_speakPos = 0;
    qint64 m_waitSinceMs = -1;
    qint64 m_audioAtStepStart = 0;

    // Playback of what the gateway sent.
    struct Chunk {
        qint64 startMs;
        qint64 bytes;
        qint64 before; // bytes received before this chunk
    };
    std::deque<Chunk> m_playQueue;
    qint64 m_playEndMs = 0;
    qint64 m_playedDone = 0;    // bytes of chunks fully played and dropped from the queue
    qint64 m_segmentStart = 0;  // bytes received before the reply now playing
    qint64 m_talkOverFrom = -1; // bytes played when the caller began to talk over the assistant
    struct PendingMark {
        QByteArray name;
        qint64 dueMs;
    };
    std::deque<PendingMark> m_marks;
};

} // namespace callgate::sim
