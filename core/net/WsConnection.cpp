#include "net/WsConnection.h"

#include "net/Transport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QTcpSocket>

#include <cstring>
#include <random>

namespace callgate::net {
namespace {

constexpr QByteArrayView kGuid("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
constexpr int kOpContinuation = 0x0, kOpText = 0x1, kOpBinary = 0x2, kOpClose = 0x8, kOpPing = 0x9, kOpPong = 0xA;

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

// Per thread, not per connection: a call holds two connections and a gateway thousands, so what
// each keeps between messages is what its resident memory is made of. Reads land here and only
// the bytes that arrived are copied into the connection's buffer; frames are built here.
constexpr qint64 kReadChunk = 16384;
thread_local char t_readChunk[kReadChunk];
thread_local QByteArray t_frame;
// Buffers grown past this by a large message are given back once it has been handled.
constexpr qsizetype kKeepCapacity = 4096;

// Client frames are masked with a key from a generator seeded from the system's, one per thread.
quint32 nextMaskKey()
{
    thread_local std::mt19937 rng(QRandomGenerator::system()->generate());
    return quint32(rng());
}

void applyMask(char *data, qint64 n, const unsigned char key[4])
{
    quint64 wide;
    unsigned char k8[8];
    for (int i = 0; i < 8; ++i)
        k8[i] = key[i & 3];
    std::memcpy(&wide, k8, 8);
    qint64 i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 v;
        std::memcpy(&v, data + i, 8);
        v ^= wide;
        std::memcpy(data + i, &v, 8);
    }
    for (; i < n; ++i)
        data[i] = char(data[i] ^ key[i & 3]);
}

} // namespace

QByteArray WsConnection::acceptKeyFor(QByteArrayView clientKey)
{
    QByteArray material = clientKey.toByteArray();
    material.append(kGuid.data(), kGuid.size());
    return QCryptographicHash::hash(material, QCryptographicHash::Sha1).toBase64();
}

QByteArray WsConnection::serverHandshakeResponse(QByteArrayView clientKey)
{
    QByteArray out("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ");
    out.append(acceptKeyFor(clientKey));
    out.append("\r\n\r\n");
    return out;
}

WsConnection::WsConnection(std::unique_ptr<Transport> transport, const WsOptions &options)
    : WsConnection(std::move(transport), options, Role::Server)
{}

WsConnection::WsConnection(std::unique_ptr<Transport> transport, const WsOptions &options, Role role)
    : m_role(role), m_options(options), m_socket(std::move(transport)), m_state(State::Open)
{
    attach();
    m_lastReceiveMs = nowMs();
    if (m_options.pingIntervalMs > 0)
        m_timer.start(m_options.pingIntervalMs);
    // Bytes may already be waiting (a Qt socket that read past the handshake).
    QMetaObject::invokeMethod(this, &WsConnection::onReadyRead, Qt::QueuedConnection);
}

WsConnection::WsConnection(std::unique_ptr<QTcpSocket> socket, const WsOptions &options)
    : WsConnection(adoptQtSocket(std::move(socket)), options)
{}

WsConnection::WsConnection(const WsOptions &options) : m_role(Role::Client), m_options(options) {}

WsConnection::~WsConnection()
{
    if (!m_socket)
        return;
    // The transport lets what is still queued (the last frames, the close frame) leave.
    m_socket->onReadable = nullptr;
    m_socket->onConnected = nullptr;
    m_socket->onClosed = nullptr;
}

void WsConnection::attach()
{
    m_socket->onReadable = [this] { onReadyRead(); };
    m_socket->onClosed = [this](const QString &reason) { onDisconnected(reason); };
    m_timer.setSingleShot(false);
    connect(&m_timer, &QTimer::timeout, this, &WsConnection::onPingTimer, Qt::UniqueConnection);
}

void WsConnection::open(const QUrl &url, const Headers &extraHeaders)
{
    Q_ASSERT(m_role == Role::Client && !m_socket);
    const bool tls = url.scheme() == QLatin1String("wss");

    QByteArray keyBytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(keyBytes.data()), 4);
    m_clientKey = keyBytes.toBase64();
    const int port = url.port(tls ? 443 : 80);
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (url.port() > 0)
        host += ':' + QByteArray::number(port);
    QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + m_clientKey + "\r\n";
    for (const auto &h : extraHeaders)
        request += h.first + ": " + h.second + "\r\n";
    request += "\r\n";

    m_state = State::Connecting;
    m_socket = connectTo(url.host(), quint16(port), tls);
    attach();
    m_timer.setSingleShot(true);
    m_timer.start(m_options.handshakeTimeoutMs);
    m_socket->onConnected = [this, request] {
        m_state = State::Handshaking;
        m_socket->write(request.constData(), request.size());
    };
}

bool WsConnection::readHandshakeResponse()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n", m_inPos);
    if (end < 0) {
        if (m_in.size() > 16384)
            finish(1006, QStringLiteral("handshake response too large"));
        return false;
    }
    const QByteArray head = m_in.mid(m_inPos, end - m_inPos);
    m_inPos = end + 4;
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
    if (status.value(1) != "101") {
        m_handshakeStatus = status.value(1).toInt();
        finish(1006, QStringLiteral("server answered %1 instead of 101").arg(QString::fromLatin1(lines.value(0).trimmed())));
        return false;
    }
    QByteArray accept;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "sec-websocket-accept")
            accept = line.mid(colon + 1).trimmed();
    }
    if (accept != acceptKeyFor(m_clientKey)) {
        finish(1006, QStringLiteral("bad Sec-WebSocket-Accept in the handshake"));
        return false;
    }
    m_state = State::Open;
    m_lastReceiveMs = nowMs();
    m_timer.stop();
    m_timer.setSingleShot(false);
    if (m_options.pingIntervalMs > 0)
        m_timer.start(m_options.pingIntervalMs);
    Q_EMIT connected();
    return true;
}

void WsConnection::onReadyRead()
{
    if (!m_socket || m_reading || m_stalled)
        return;
    // A chunk at a time: read, parse, drop what was parsed, until the transport has no more. The
    // buffer then never holds more than a chunk and one unfinished frame, however fast the peer
    // sends, and pings are answered as they come. Only the bytes that arrived are added to the
    // buffer; a transport that reports the end of the connection from inside read() is answered
    // after the loop. Between messages the buffer holds at most an unfinished frame.
    qint64 got = 0;
    m_reading = true;
    do {
        got = m_socket->read(t_readChunk, kReadChunk);
        if (got <= 0)
            break;
        m_in.append(t_readChunk, got);
        m_lastReceiveMs = nowMs();
        if (m_state == State::Handshaking)
            readHandshakeResponse();
        if (m_state == State::Open || m_state == State::Closing)
            parseFrames();
        if (m_inPos > 0) {
            if (m_inPos >= m_in.size())
                m_in.resize(0);
            else
                m_in.remove(0, m_inPos);
            m_inPos = 0;
        }
    } while (got == kReadChunk && m_socket && !m_finished);
    if (m_in.isEmpty() && m_in.capacity() > kKeepCapacity)
        m_in = QByteArray();
    m_reading = false;
    if (m_lostWhileReading)
        onDisconnected(*std::exchange(m_lostWhileReading, std::nullopt));
}

void WsConnection::parseFrames()
{
    while (!m_finished && (m_state == State::Open || m_state == State::Closing)) {
        const qint64 avail = m_in.size() - m_inPos;
        if (avail < 2)
            return;
        auto *p = reinterpret_cast<unsigned char *>(m_in.data() + m_inPos);
        const bool fin = p[0] & 0x80;
        const int opcode = p[0] & 0x0f;
        const bool masked = p[1] & 0x80;
        qint64 length = p[1] & 0x7f;
        qint64 header = 2;
        if ((p[0] & 0x70) != 0)
            return failProtocol(1002, "reserved bits set");
        if (masked != (m_role == Role::Server))
            return failProtocol(1002, masked ? "server frames must not be masked" : "client frames must be masked");
        if (length == 126) {
            if (avail < 4)
                return;
            length = (qint64(p[2]) << 8) | p[3];
            header = 4;
        } else if (length == 127) {
            if (avail < 10)
                return;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | p[2 + i];
            header = 10;
            if (length < 0)
                return failProtocol(1009, "frame too large");
        }
        if (opcode >= 0x8 && (length > 125 || !fin))
            return failProtocol(1002, "bad control frame");
        if (length + (opcode == kOpContinuation ? m_fragments.size() : 0) > m_options.maxMessageBytes)
            return failProtocol(1009, "message too large");
        const qint64 maskAt = header;
        if (masked)
            header += 4;
        if (avail < header + length)
            return;
        char *payload = m_in.data() + m_inPos + header;
        if (masked)
            applyMask(payload, length, p + maskAt);
        m_inPos += header + length;
        if (!handleFrame(opcode, fin, payload, length))
            return;
    }
}

bool WsConnection::handleFrame(int opcode, bool fin, char *payload, qint64 length)
{
    switch (opcode) {
    case kOpText:
    case kOpBinary:
        if (m_fragmentOpcode != 0) {
            failProtocol(1002, "new message inside a fragmented one");
            return false;
        }
        if (fin) {
            if (onMessage && m_state == State::Open)
                onMessage(QByteArrayView(payload, length), opcode == kOpText);
        } else {
            m_fragmentOpcode = opcode;
            m_fragments = QByteArray(payload, length);
        }
        return !m_finished;
    case kOpContinuation:
        if (m_fragmentOpcode == 0) {
            failProtocol(1002, "continuation without a message");
            return false;
        }
        m_fragments.append(payload, length);
        if (fin) {
            const QByteArray whole = std::exchange(m_fragments, QByteArray());
            const int op = std::exchange(m_fragmentOpcode, 0);
            if (onMessage && m_state == State::Open)
                onMessage(whole, op == kOpText);
        }
        return !m_finished;
    case kOpPing: sendFrame(kOpPong, QByteArrayView(payload, length)); return true;
    case kOpPong: return true;
    case kOpClose: {
        quint16 code = 1005;
        QString reason;
        if (length >= 2) {
            code = quint16((quint8(payload[0]) << 8) | quint8(payload[1]));
            reason = QString::fromUtf8(payload + 2, length - 2);
        }
        m_closeCode = code;
        m_closeReason = reason;
        if (m_state == State::Open) {
            m_state = State::Closing;
            QByteArray echo(2, Qt::Uninitialized);
            echo[0] = char(code >> 8);
            echo[1] = char(code & 0xff);
            sendFrame(kOpClose, code == 1005 ? QByteArrayView() : QByteArrayView(echo));
        }
        // The server closes the TCP connection first (RFC 6455 §7.1.1).
        if (m_role == Role::Server)
            m_socket->closeGracefully();
        else
            QTimer::singleShot(1000, this, [this] {
                if (m_socket)
                    m_socket->abort();
                finish(m_closeCode, m_closeReason);
            });
        return false;
    }
    default: failProtocol(1002, "unknown opcode"); return false;
    }
}

void WsConnection::sendFrame(int opcode, QByteArrayView payload) { sendFrame(opcode, {payload}); }

void WsConnection::sendFrame(int opcode, std::initializer_list<QByteArrayView> pieces)
{
    if (!m_socket || m_state == State::Closed || !m_socket->isConnected())
        return;
    qint64 n = 0;
    for (QByteArrayView p : pieces)
        n += p.size();
    QByteArray &out = t_frame;
    out.resize(0);
    out.append(char(0x80 | opcode));
    const char maskBit = m_role == Role::Client ? char(0x80) : char(0);
    if (n < 126) {
        out.append(char(maskBit | char(n)));
    } else if (n < 65536) {
        out.append(char(maskBit | 126));
        out.append(char(n >> 8));
        out.append(char(n & 0xff));
    } else {
        out.append(char(maskBit | 127));
        for (int i = 7; i >= 0; --i)
            out.append(char((n >> (8 * i)) & 0xff));
    }
    unsigned char key[4];
    if (m_role == Role::Client) {
        const quint32 k = nextMaskKey();
        std::memcpy(key, &k, 4);
        out.append(reinterpret_cast<const char *>(key), 4);
    }
    const qsizetype at = out.size();
    for (QByteArrayView p : pieces)
        out.append(p.data(), p.size());
    if (m_role == Role::Client)
        applyMask(out.data() + at, n, key);
    m_socket->write(out.constData(), out.size());
    if (out.capacity() > 4 * kKeepCapacity)
        out = QByteArray();
    if (m_socket && m_socket->queuedBytes() > m_options.maxQueuedBytes && !m_finished) {
        // The peer has stopped reading (or reads far slower than we must send): dropping it is
        // the only bound on what it can make us hold. No close frame: it could not be sent.
        m_overflowed = true;
        m_state = State::Closing;
        m_closeCode = 1006;
        m_closeReason = QStringLiteral("peer is not reading (%1 bytes queued)").arg(m_socket->queuedBytes());
        m_socket->abort();
        // Reported on the next turn: the sender may be in the middle of its own work.
        QTimer::singleShot(0, this, [this] { finish(m_closeCode, m_closeReason); });
    }
}

void WsConnection::sendText(QByteArrayView utf8)
{
    if (m_state != State::Open)
        return;
    ++m_messagesOut;
    sendFrame(kOpText, utf8);
}

void WsConnection::sendText(std::initializer_list<QByteArrayView> pieces)
{
    if (m_state != State::Open)
        return;
    ++m_messagesOut;
    sendFrame(kOpText, pieces);
}

void WsConnection::sendBinary(QByteArrayView bytes)
{
    if (m_state != State::Open)
        return;
    ++m_messagesOut;
    sendFrame(kOpBinary, bytes);
}

void WsConnection::ping(QByteArrayView payload)
{
    if (m_state == State::Open)
        sendFrame(kOpPing, payload.first(qMin<qsizetype>(payload.size(), 125)));
}

void WsConnection::close(quint16 code, QByteArrayView reason)
{
    if (m_state != State::Open) {
        if (m_state == State::Connecting || m_state == State::Handshaking)
            finish(code, QString::fromUtf8(reason));
        return;
    }
    QByteArray payload(2, Qt::Uninitialized);
    payload[0] = char(code >> 8);
    payload[1] = char(code & 0xff);
    payload.append(reason.first(qMin<qsizetype>(reason.size(), 123)));
    sendFrame(kOpClose, payload);
    m_state = State::Closing;
    m_closeCode = code;
    m_closeReason = QString::fromUtf8(reason);
    m_timer.stop();
    m_timer.setSingleShot(true);
    m_timer.start(1000); // the peer has a second to answer
}

void WsConnection::stall()
{
    m_stalled = true;
    m_timer.stop();
}

void WsConnection::abort()
{
    if (m_socket)
        m_socket->abort();
    finish(1006, QStringLiteral("aborted"));
}

void WsConnection::failProtocol(quint16 code, const char *why)
{
    const QString reason = QString::fromLatin1(why);
    if (m_state == State::Open) {
        QByteArray payload(2, Qt::Uninitialized);
        payload[0] = char(code >> 8);
        payload[1] = char(code & 0xff);
        payload.append(why);
        sendFrame(kOpClose, payload);
    }
    m_closeCode = code;
    m_closeReason = reason;
    if (m_socket)
        m_socket->closeGracefully();
    finish(code, reason);
}

void WsConnection::onPingTimer()
{
    switch (m_state) {
    case State::Connecting:
    case State::Handshaking:
        if (m_socket)
            m_socket->abort();
        finish(1006, QStringLiteral("no WebSocket handshake within %1 ms").arg(m_options.handshakeTimeoutMs));
        return;
    case State::Closing:
        if (m_socket)
            m_socket->abort();
        finish(m_closeCode, m_closeReason);
        return;
    case State::Open:
        if (m_options.idleTimeoutMs > 0 && nowMs() - m_lastReceiveMs > m_options.idleTimeoutMs) {
            failProtocol(1001, "peer silent past the idle timeout");
            return;
        }
        ping();
        return;
    case State::Closed: return;
    }
}

void WsConnection::onDisconnected(const QString &reason)
{
    if (m_reading) {
        m_lostWhileReading = reason; // onReadyRead finishes with what it read, then comes back here
        return;
    }
    if (m_state == State::Open && m_in.size() > m_inPos)
        parseFrames(); // what arrived before the close still counts
    finish(m_state == State::Closing ? m_closeCode : quint16(1006), m_state == State::Closing ? m_closeReason : reason);
}

void WsConnection::finish(quint16 code, const QString &reason)
{
    if (m_finished)
        return;
    const State was = m_state;
    m_finished = true;
    m_state = State::Closed;
    m_timer.stop();
    if (was == State::Connecting || was == State::Handshaking)
        Q_EMIT failed(reason);
    Q_EMIT closed(code, reason);
}

qint64 WsConnection::queuedBytes() const { return m_socket ? m_socket->queuedBytes() : 0; }

QByteArray WsConnection::peerAddress() const { return m_socket ? m_socket->peerAddress() : QByteArray(); }

} // namespace callgate::net
