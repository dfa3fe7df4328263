#pragma once
// Equality of secrets (signatures, token hashes) without an early exit: how long it takes says
// nothing of how much matched.

#include <QByteArrayView>

namespace callgate {

inline bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace callgate
