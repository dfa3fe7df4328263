#include "util/Base64.h"

#include <array>

namespace callgate {

bool isBase64Text(QByteArrayView text)
{
    static constexpr auto table = [] {
        std::array<bool, 256> t{};
        for (int c = 'A'; c <= 'Z'; ++c)
            t[size_t(c)] = true;
        for (int c = 'a'; c <= 'z'; ++c)
            t[size_t(c)] = true;
        for (int c = '0'; c <= '9'; ++c)
            t[size_t(c)] = true;
        t['+'] = t['/'] = t['='] = true;
        return t;
    }();
    bool ok = true;
    for (char c : text)
        ok &= table[static_cast<unsigned char>(c)];
    return ok;
}

bool isBase64Payload(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return false;
    qsizetype body = text.size();
    if (text.endsWith("=="))
        body -= 2;
    else if (text.endsWith('='))
        body -= 1;
    return isBase64Text(text) && !text.first(body).contains('=');
}

qint64 base64DecodedSize(QByteArrayView payload)
{
    qint64 n = payload.size() / 4 * 3;
    if (payload.endsWith("=="))
        n -= 2;
    else if (payload.endsWith('='))
        n -= 1;
    return n;
}

} // namespace callgate
