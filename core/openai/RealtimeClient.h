#pragma once
// One OpenAI Realtime session over our WebSocket: connects to OPENAI_REALTIME_URL?model=…, with
// the key as a bearer token (and no OpenAI-Beta header: the GA shape), answers session.created
// with session.update, and hands every server event to its owner parsed. Lives on the call's
// worker thread.

#include "net/WsConnection.h"
#include "openai/RealtimeEvents.h"

#include <QObject>

#include <functional>
#include <memory>

namespace callgate::openai {

class RealtimeClient : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl url; // without query; ?model= is added
        QString apiKey;
        SessionSettings session;
        // A ping this often; a service that answers nothing (not even a pong) for two intervals
        // and a half is taken for gone and the socket closed (1001).
        int pingIntervalMs = 2000;
    };
    explicit RealtimeClient(Options options, QObject *parent = nullptr);

    void connectToService();
    bool isReady() const { return m_ready; }
    // True when the connection was dropped because the service stopped reading what we sent.
    bool overflowed() const;
    // The HTTP status of a refused handshake (401, 403, 429, …), else 0.
    int refusedStatus() const;
    // When the service ends this session (session.created's expires_at, Unix seconds); 0 unknown.
    qint64 expiresAt() const { return m_expiresAt; }
    void send(QByteArrayView event);
    void close();
    // The AI's own replies on or off (see autoResponseUpdate); the session otherwise unchanged.
    // Also what a session opened later starts with.
    void setAutoResponses(bool on);

    // input_audio_buffer.append with base64 audio as it came (it must be JSON-safe): framed in
    // pieces, no JSON library, no copy but the frame's own.
    void appendAudio(QByteArrayView base64Audio);
    std::function<void(const ServerEvent &)> onEvent;         // every other server event, parsed
    std::function<void(const AudioDeltaView &)> onAudioDelta; // response.output_audio.delta
    std::function<void()> onReady;                            // session.updated received
    std::function<void(const QString &reason)> onClosed;

private:
    void onMessage(QByteArrayView message);

    Options m_options;
    std::unique_ptr<net::WsConnection> m_ws;
    bool m_ready = false;
    bool m_closedReported = false;
    qint64 m_expiresAt = 0;
};

} // namespace callgate::openai
