#pragma once
// What a console sees of the gateway: call events from the worker threads, coalesced into a few
// updates a second (not one per audio frame) and delivered on the thread this object lives on
// (the GUI thread) as queued signals carrying small value types. In-process today; the same
// messages will travel over a WebSocket to a remote console.

#include "call/CallEvents.h"
#include "call/CallSummary.h"
#include "operator/GatewayStatus.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace callgate {
class RemoteGateway;
namespace audio {
class CallAudioTap;
}

class OperatorLink : public QObject, public CallObserver {
    Q_OBJECT
public:
    explicit OperatorLink(int intervalMs = 250, QObject *parent = nullptr);

    // CallObserver: any thread; only records under a mutex.
    void onCallEvent(const CallEvent &event) override;
    // The console's event log wants the raw protocol events.
    bool wantsProtocolEvents() const override { return true; }
    // Where the gateway's own status comes from (asked on this object's thread at each update;
    // statusChanged when it differs).
    void setStatusSource(std::function<GatewayStatus()> source);
    // This process's gateway's status, with the attached gateways' calls and warnings added.
    GatewayStatus status() const;
    // The calls live now, as the next update will leave them (any thread).
    QList<CallSummary> snapshot() const;
    // One live call as it stands (any thread).
    std::optional<CallSummary> call(const QByteArray &sessionId) const;
    // What came of a command (empty: done); a refusal is passed on as commandRefused.
    void answered(const QByteArray &sessionId, const QString &refusal);

    // Who is at this console (a supervisor's name): each command carries it, and the call's record
    // keeps who took, handed back, transferred or hung up.
    void setSupervisor(const QString &name) { m_supervisor = name; }
    const QString &supervisor() const { return m_supervisor; }
    // The name this console acts under on the call's gateway: the account's on a remote one.
    QString actingAs(const QByteArray &sessionId) const;
    // Commands from the console (GUI thread). The gateway side connects to the signals below.
    // A remote call's commands carry the account the gateway knows this console by instead.
    void takeCall(const QByteArray &sessionId);
    void whisper(const QByteArray &sessionId, const QString &text);
    void hangUp(const QByteArray &sessionId);
    void transfer(const QByteArray &sessionId, const QString &e164);
    void handBack(const QByteArray &sessionId);
    // The console's audio for a call: the tap is shared with this process's gateway, or fed by
    // the remote one's link.
    void attachAudio(const QByteArray &sessionId, std::shared_ptr<audio::CallAudioTap> tap);

    // A gateway attached over the operator protocol (started here; owned by the caller, and
    // outliving this link's use of it). Its link state changes come out as gatewaysChanged.
    void addGateway(RemoteGateway *gateway);
    const QList<RemoteGateway *> &gateways() const { return m_gateways; }
    // Whether a gateway runs in this process (its status is the base of status()).
    bool hasLocalGateway() const { return bool(m_statusSource); }

Q_SIGNALS:
    // Calls that changed since the last update (whole summaries; apply by sessionId).
    void callsChanged(const QList<callgate::CallSummary> &calls);
    // Transcript lines since the last update, in order: growing ones (final = false) carry their
    // whole text so far; each item appears at most once per update.
    void transcriptAppended(const QList<callgate::TranscriptLine> &lines);
    // Raw protocol events since the last update (bounded per update).
    void protocolAppended(const QList<callgate::ProtocolLine> &lines);
    void statusChanged(const callgate::GatewayStatus &status);
    // A command of this console was refused, and why ("taken by Ana").
    void commandRefused(const QByteArray &sessionId, const QString &reason);
    // An attached gateway's link went down, came up or is retrying (see gateways()).
    void gatewaysChanged();

    void takeCallRequested(const QByteArray &sessionId, const QString &by);
    void whisperRequested(const QByteArray &sessionId, const QString &text, const QString &by);
    void hangUpRequested(const QByteArray &sessionId, const QString &by);
    void transferRequested(const QByteArray &sessionId, const QString &e164, const QString &by);
    void handBackRequested(const QByteArray &sessionId, const QString &by);
    void audioRequested(const QByteArray &sessionId, std::shared_ptr<callgate::audio::CallAudioTap> tap);

private:
    void publish();
    RemoteGateway *remoteFor(const QByteArray &sessionId) const;

    QTimer m_timer;
    QString m_supervisor;
    mutable std::mutex m_mutex;
    QHash<QByteArray, CallSummary> m_calls; // live calls and recently ended ones
    // Calls that have ended (the newest kEndedKept): what they report afterwards (the recording
    // saved, a late transcript) never makes them live again.
    static constexpr qsizetype kEndedKept = 4096;
    QSet<QByteArray> m_ended;
    QList<QByteArray> m_endedOrder;
    QList<QByteArray> m_dirty;
    QList<TranscriptLine> m_lines;
    QHash<QByteArray, QPair<QByteArray, QString>> m_growing; // item id → (session, text so far)
    QList<ProtocolLine> m_protocol;
    int m_protocolDropped = 0;
    int m_publishes = 0;
    std::function<GatewayStatus()> m_statusSource;
    GatewayStatus m_status;
    QList<RemoteGateway *> m_gateways;
};

} // namespace callgate
