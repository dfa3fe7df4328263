#pragma once
// Numbers from a peer's JSON arrive as doubles; turning one that is out of range (2e45, NaN) into
// an integer is undefined behaviour, so it becomes the fallback instead. Any thread.

#include <QtGlobal>

#include <cmath>

namespace callgate {

// The whole number `v` (truncated), or `fallback` when it is not finite or not within ±2^53.
inline qint64 wholeNumber(double v, qint64 fallback = -1)
{
    constexpr double kLimit = 9007199254740992.0; // 2^53: every integer up to here is exact
    if (!std::isfinite(v) || v > kLimit || v < -kLimit)
        return fallback;
    return qint64(v);
}

} // namespace callgate
