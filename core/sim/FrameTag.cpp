#include "sim/FrameTag.h"

namespace callgate::sim {

QByteArray taggedFrame(FrameTag tag, qsizetype size)
{
    QByteArray out(qMax<qsizetype>(size, 16), char(0xFF));
    const uint64_t v = (uint64_t(tag.stream) << 32) | tag.sequence;
    for (int i = 0; i < 16; ++i)
        out[i] = char(0xF0 | ((v >> (60 - 4 * i)) & 0xF));
    return out;
}

std::optional<FrameTag> readTag(QByteArrayView ulaw)
{
    if (ulaw.size() < 16)
        return std::nullopt;
    uint64_t v = 0;
    for (int i = 0; i < 16; ++i) {
        const auto b = uint8_t(ulaw[i]);
        if ((b & 0xF0) != 0xF0)
            return std::nullopt;
        v = (v << 4) | (b & 0xF);
    }
    return FrameTag{uint32_t(v >> 32), uint32_t(v & 0xFFFFFFFFu)};
}

} // namespace callgate::sim
