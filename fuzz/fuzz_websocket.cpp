// WebSocket framing both ways. Frames from a peer (server role: masked; client role: unmasked),
// delivered in pieces of any size, fragmented, with control frames between, up to the connection's
// end: no read outside the buffer, no message larger than the cap. And what we frame ourselves,
// in either role, parses back to the same message.

#include "FuzzSupport.h"
#include "net/Transport.h"
#include "net/WsConnection.h"

#include <fuzzer/FuzzedDataProvider.h>

namespace {

using callgate::net::Transport;
using callgate::net::WsConnection;

// A transport over memory: reads come from `in` in the sizes the fuzzer chose, writes go to `out`.
class MemoryTransport : public Transport {
public:
    QByteArray in;
    std::vector<qint64> pieces;
    size_t piece = 0;
    qsizetype at = 0;
    QByteArray *out = nullptr;
    bool open = true;

    qint64 read(char *buffer, qint64 max) override
    {
        if (at >= in.size()) {
            if (open) {
                open = false;
                if (onClosed)
                    onClosed(QStringLiteral("end of input")); // as a transport that sees EOF in read()
            }
            return -1;
        }
        qint64 n = piece < pieces.size() ? pieces[piece++] : max;
        n = qBound<qint64>(1, n, qMin<qint64>(max, in.size() - at));
        std::memcpy(buffer, in.constData() + at, size_t(n));
        at += n;
        return n;
    }
    void write(const char *data, qint64 size) override
    {
        if (out)
            out->append(data, size);
    }
    bool isConnected() const override { return open; }
    qint64 queuedBytes() const override { return out ? out->size() : 0; }
    void closeGracefully() override { open = false; }
    void abort() override { open = false; }
    QByteArray peerAddress() const override { return "fuzz"; }
};

void parseFromPeer(FuzzedDataProvider &fdp, WsConnection::Role role)
{
    auto transport = std::make_unique<MemoryTransport>();
    MemoryTransport *t = transport.get();
    QByteArray sent;
    t->out = &sent;
    for (int i = 0; i < 8; ++i)
        t->pieces.push_back(fdp.ConsumeIntegralInRange<qint64>(1, 70000));
    t->in = QByteArray::fromStdString(fdp.ConsumeRemainingBytesAsString());
    callgate::net::WsOptions options;
    options.maxMessageBytes = 4096;
    options.maxQueuedBytes = 1 << 16;
    WsConnection ws(std::move(transport), options, role);
    qint64 largest = 0;
    ws.onMessage = [&](QByteArrayView message, bool) { largest = qMax<qint64>(largest, message.size()); };
    // Drive reads as the reactor would until the input is used up.
    for (int guard = 0; guard < 100000 && t->open; ++guard)
        t->onReadable();
    // What the connection posted for the next turn of the event loop (a close reported later, a
    // dropped peer) runs now, as it would in the gateway; left unprocessed it piles up run after run.
    QCoreApplication::processEvents();
    CALLGATE_FUZZ_CHECK(largest <= options.maxMessageBytes);
}

void roundTrip(FuzzedDataProvider &fdp)
{
    const bool binary = fdp.ConsumeBool();
    const QByteArray message = QByteArray::fromStdString(fdp.ConsumeRemainingBytesAsString());
    for (auto senderRole : {WsConnection::Role::Client, WsConnection::Role::Server}) {
        QByteArray wire;
        auto out = std::make_unique<MemoryTransport>();
        out->out = &wire;
        callgate::net::WsOptions options;
        options.maxMessageBytes = 1 << 20;
        {
            WsConnection sender(std::move(out), options, senderRole);
            if (binary)
                sender.sendBinary(message);
            else
                sender.sendText({QByteArrayView(message).first(message.size() / 2), QByteArrayView(message).sliced(message.size() / 2)});
            sender.ping("p");
        }
        auto in = std::make_unique<MemoryTransport>();
        MemoryTransport *t = in.get();
        t->in = wire;
        QByteArray back;
        int messages = 0;
        const auto receiverRole = senderRole == WsConnection::Role::Client ? WsConnection::Role::Server : WsConnection::Role::Client;
        WsConnection receiver(std::move(in), options, receiverRole);
        receiver.onMessage = [&](QByteArrayView m, bool isText) {
            ++messages;
            back = m.toByteArray();
            CALLGATE_FUZZ_CHECK(isText == !binary);
        };
        for (int guard = 0; guard < 1000 && t->open; ++guard)
            t->onReadable();
        QCoreApplication::processEvents();
        CALLGATE_FUZZ_CHECK(messages == 1);
        CALLGATE_FUZZ_CHECK(back == message);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    callgate::fuzz::ensureApp();
    FuzzedDataProvider fdp(data, size);
    switch (fdp.ConsumeIntegralInRange<int>(0, 2)) {
    case 0: parseFromPeer(fdp, WsConnection::Role::Server); break;
    case 1: parseFromPeer(fdp, WsConnection::Role::Client); break;
    default: roundTrip(fdp); break;
    }
    return 0;
}
