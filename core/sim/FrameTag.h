#pragma once
// Tags that ride inside quiet μ-law audio: 16 bytes from 0xF0…0xFF (each carrying 4 bits, all near
// silence so no VAD fires) encode a 32-bit stream id and a 32-bit sequence number. The load
// generator and the tests use them to find lost, duplicated or reordered frames and to time each
// frame's way through the gateway.

#include <QByteArray>

#include <cstdint>
#include <optional>

namespace callgate::sim {

struct FrameTag {
    uint32_t stream = 0;
    uint32_t sequence = 0;
};

// A `size`-byte μ-law frame of near-silence that starts with the tag.
QByteArray taggedFrame(FrameTag tag, qsizetype size = 160);
std::optional<FrameTag> readTag(QByteArrayView ulaw);

} // namespace callgate::sim
