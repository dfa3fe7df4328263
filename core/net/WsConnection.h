#pragma once
// A WebSocket (RFC 6455) connection of our own over a Transport (a raw descriptor, plain or TLS,
// on the thread's epoll reactor, or a Qt socket): client or server role, text/binary messages,
// fragmentation, ping/pong keep-alive, close handshake and a cap on message size. Between
// messages it keeps only an unfinished frame (reads and outgoing frames use per-thread buffers).
// It hands each message to its owner as a view into its read buffer, so a media
// frame costs no allocation and no UTF-16 round trip (QWebSocket decodes every text frame into a
// QString and allocates a frame object per message; at 20,000 messages a second that is the
// budget). Lives on the thread that created it; not thread-safe.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>

class QTcpSocket;

namespace callgate::net {

class Transport;

struct WsOptions {
    qint64 maxMessageBytes = 1 << 20; // larger messages close the connection with 1009
    int pingIntervalMs = 0;           // 0: no pings
    int idleTimeoutMs = 0;            // nothing received for this long (pings included): close. 0: never
    int handshakeTimeoutMs = 10000;   // client role
    // What may wait to be sent to a peer that does not read (the kernel's buffer is full): past
    // this the connection is dropped (closed() with 1006, overflowed() true) instead of growing.
    qint64 maxQueuedBytes = 4 << 20;
};

class WsConnection : public QObject {
    Q_OBJECT
public:
    enum class Role { Server, Client };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // Server role over a connection whose handshake has been completed (see
    // acceptKeyFor/serverHandshakeResponse). Takes ownership.
    WsConnection(std::unique_ptr<Transport> transport, const WsOptions &options);
    // Either role over a connection whose handshake is done (the fuzz targets drive both).
    WsConnection(std::unique_ptr<Transport> transport, const WsOptions &options, Role role);
    WsConnection(std::unique_ptr<QTcpSocket> socket, const WsOptions &options);
    // Client role; call open() next.
    explicit WsConnection(const WsOptions &options);
    ~WsConnection() override;

    // Client role: connects (ws:// or wss://), sends the upgrade with extra headers, checks the
    // answer. Emits connected() or failed().
    void open(const QUrl &url, const Headers &extraHeaders = {});

    bool isOpen() const { return m_state == State::Open; }
    void sendText(QByteArrayView utf8);
    // One text message made of several pieces, framed without joining them first.
    void sendText(std::initializer_list<QByteArrayView> pieces);
    void sendBinary(QByteArrayView bytes);
    void ping(QByteArrayView payload = {});
    // Starts the close handshake; closed() follows once the peer answers or a second passes.
    void close(quint16 code = 1000, QByteArrayView reason = {});
    void abort();
    // Stops reading (so pings go unanswered) and pinging, as a peer that hangs does: the
    // simulators' way to stall (their sockets are Qt's, which signal new data once; a reactor
    // descriptor would keep reporting it). The connection ends when the other side gives up on it.
    void stall();

    // Handlers. The view passed to onMessage is valid only during the call.
    std::function<void(QByteArrayView message, bool isText)> onMessage;

    QByteArray peerAddress() const;
    quint64 messagesSent() const { return m_messagesOut; }
    // Bytes waiting to be sent (the peer or the network is slow).
    qint64 queuedBytes() const;
    // True when the connection was dropped because the peer stopped reading (maxQueuedBytes).
    bool overflowed() const { return m_overflowed; }
    // Client role: the HTTP status of a handshake the server refused (401, 403, 429, 503, …); 0
    // when it was accepted or never answered.
    int handshakeStatus() const { return m_handshakeStatus; }

    // Sec-WebSocket-Accept for a client's Sec-WebSocket-Key.
    static QByteArray acceptKeyFor(QByteArrayView clientKey);
    // The 101 answer a server writes before wrapping the socket.
    static QByteArray serverHandshakeResponse(QByteArrayView clientKey);

Q_SIGNALS:
    void connected();
    void failed(const QString &reason);
    // Emitted once, however the connection ended; code 1006 when it was not closed cleanly.
    void closed(quint16 code, const QString &reason);

private:
    enum class State { Connecting, Handshaking, Open, Closing, Closed };

    void attach();
    void onReadyRead();
    void onDisconnected(const QString &reason);
    bool readHandshakeResponse();
    void parseFrames();
    bool handleFrame(int opcode, bool fin, char *payload, qint64 length);
    void sendFrame(int opcode, QByteArrayView payload);
    void sendFrame(int opcode, std::initializer_list<QByteArrayView> pieces);
    void failProtocol(quint16 code, const char *why);
    void finish(quint16 code, const QString &reason);
    void onPingTimer();

    Role m_role;
    WsOptions m_options;
    std::unique_ptr<Transport> m_socket;
    State m_state = State::Connecting;
    QByteArray m_in;
    qsizetype m_inPos = 0;
    QByteArray m_fragments; // a fragmented message being assembled
    int m_fragmentOpcode = 0;
    QByteArray m_clientKey; // client role: the key we sent
    QTimer m_timer;         // handshake, ping and close deadlines
    qint64 m_lastReceiveMs = 0;
    bool m_finished = false;
    bool m_reading = false; // inside onReadyRead's read loop
    bool m_overflowed = false;
    bool m_stalled = false;
    int m_handshakeStatus = 0;
    std::optional<QString> m_lostWhileReading; // the transport closed during a read
    quint16 m_closeCode = 1006;
    QString m_closeReason;
    quint64 m_messagesOut = 0;
};

} // namespace callgate::net
