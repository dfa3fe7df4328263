#pragma once
// One OpenAI Realtime session over our WebSocket (OPENAI_API=realtime): connects to
// OPENAI_REALTIME_URL?model=…, with the key as a bearer token (and no OpenAI-Beta header: the GA
// shape), answers session.created with session.update, and hands every server event to its owner
// parsed. Lives on the call's worker thread.

#include "net/WsConnection.h"
#include "openai/AiSession.h"
#include <memory>

namespace callgate::openai {

class RealtimeClient : public AiSession {
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

    void connectToService() override;
    bool isReady() const override { return m_ready; }
    bool overflowed() const override;
    int refusedStatus() const override;
    // session.created's expires_at.
    qint64 expiresAt() const override { return m_expiresAt; }
    void close() override;

    // The history goes as conversation items once the session is configured.
    bool historyAtStart() const override { return false; }
    HistoryBudget historyBudget() const override { return {}; }
    void giveHistory(const QList<HistoryItem> &items) override;

    // input_audio_buffer.append with base64 audio as it came: framed in pieces, no JSON library,
    // no copy but the frame's own.
    void appendAudio(QByteArrayView base64Audio) override;
    // Turn detection keeps running; only its create_response changes (see autoResponseUpdate).
    void setAutoResponses(bool on) override;
    void askReply(const QString &instructions) override { send(responseCreate(instructions)); }
    void cancelReply(QByteArrayView responseId) override { send(responseCancel(responseId)); }
    void truncate(QByteArrayView itemId, qint64 heardMs) override { send(itemTruncate(itemId, heardMs)); }
    void note(const QString &text) override { send(systemMessage(text)); }
    void agentSpeech(QByteArrayView ulaw, double seconds) override { send(agentSpeechMessage(ulaw, seconds)); }
    void functionResult(QByteArrayView callId, const QJsonObject &output) override { send(functionCallOutput(callId, output)); }

    // A client event as it is (tests, and the events above).
    void send(QByteArrayView event);

private:
    void onMessage(QByteArrayView message);

    Options m_options;
    std::unique_ptr<net::WsConnection> m_ws;
    bool m_ready = false;
    bool m_closedReported = false;
    qint64 m_expiresAt = 0;
};

} // namespace callgate::openai
