#pragma once
// Implementation of JsonScan.h (a template, so the visitor inlines).

namespace callgate::json::detail {

struct Cursor {
    const char *p;
    const char *end;
    int depth = 0;

    void skipSpace()
    {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
    }
    // At an opening quote: moves past the closing one; out = contents.
    bool string(QByteArrayView &out, bool &escaped)
    {
        ++p;
        const char *start = p;
        escaped = false;
        // Fast path, taken by base64 payloads and ids: find the quote with memchr, then check the
        // span in one branch-free pass for escapes and control characters.
        if (const auto *quote = static_cast<const char *>(memchr(p, '"', size_t(end - p)))) {
            // Eight bytes at a time: flags any byte below 0x20 or equal to a backslash.
            constexpr quint64 kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
            quint64 flags = 0;
            const char *r = p;
            for (; r + 8 <= quote; r += 8) {
                quint64 x;
                memcpy(&x, r, 8);
                const quint64 y = x ^ (kOnes * '\\');
                flags |= ((x - kOnes * 0x20) & ~x & kHighs) | ((y - kOnes) & ~y & kHighs);
            }
            bool plain = flags == 0;
            for (; r < quote; ++r) {
                const auto c = static_cast<unsigned char>(*r);
                plain &= (c >= 0x20) & (c != '\\');
            }
            if (plain) {
                out = QByteArrayView(start, quote - start);
                p = quote + 1;
                return true;
            }
        }
        while (p < end) {
            const unsigned char c = static_cast<unsigned char>(*p);
            if (c == '"') {
                out = QByteArrayView(start, p - start);
                ++p;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\') {
                escaped = true;
                ++p;
                if (p >= end)
                    return false;
                const char e = *p;
                if (e == 'u') {
                    for (int i = 1; i <= 4; ++i) {
                        if (p + i >= end || !isxdigit(static_cast<unsigned char>(p[i])))
                            return false;
                    }
                    p += 4;
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    return false;
                }
            }
            ++p;
        }
        return false;
    }
    bool number()
    {
        if (p < end && *p == '-')
            ++p;
        if (p >= end)
            return false;
        if (*p == '0') {
            ++p;
        } else if (*p >= '1' && *p <= '9') {
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        } else {
            return false;
        }
        if (p < end && *p == '.') {
            ++p;
            if (p >= end || *p < '0' || *p > '9')
                return false;
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            ++p;
            if (p < end && (*p == '+' || *p == '-'))
                ++p;
            if (p >= end || *p < '0' || *p > '9')
                return false;
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        }
        return true;
    }
    bool literal(const char *word, int n)
    {
        if (end - p < n || memcmp(p, word, size_t(n)) != 0)
            return false;
        p += n;
        return true;
    }
};

template <typename Visitor>
bool value(Cursor &c, QByteArrayView parent, QByteArrayView key, int level, Visitor &visit);

// At '{': walks the members; level 0 = top, 1 = nested (reported), deeper = validated only.
template <typename Visitor>
bool object(Cursor &c, QByteArrayView self, int level, Visitor &visit)
{
    if (++c.depth > 64)
        return false;
    ++c.p;
    c.skipSpace();
    if (c.p < c.end && *c.p == '}') {
        ++c.p;
        --c.depth;
        return true;
    }
    while (c.p < c.end) {
        c.skipSpace();
        if (c.p >= c.end || *c.p != '"')
            return false;
        QByteArrayView key;
        bool escaped = false;
        if (!c.string(key, escaped))
            return false;
        c.skipSpace();
        if (c.p >= c.end || *c.p != ':')
            return false;
        ++c.p;
        c.skipSpace();
        if (!value(c, level == 0 ? QByteArrayView() : self, key, level, visit))
            return false;
        c.skipSpace();
        if (c.p < c.end && *c.p == ',') {
            ++c.p;
            continue;
        }
        if (c.p < c.end && *c.p == '}') {
            ++c.p;
            --c.depth;
            return true;
        }
        return false;
    }
    return false;
}

template <typename Visitor>
bool array(Cursor &c, Visitor &visit)
{
    if (++c.depth > 64)
        return false;
    ++c.p;
    c.skipSpace();
    if (c.p < c.end && *c.p == ']') {
        ++c.p;
        --c.depth;
        return true;
    }
    while (c.p < c.end) {
        c.skipSpace();
        if (!value(c, {}, {}, 3, visit))
            return false;
        c.skipSpace();
        if (c.p < c.end && *c.p == ',') {
            ++c.p;
            continue;
        }
        if (c.p < c.end && *c.p == ']') {
            ++c.p;
            --c.depth;
            return true;
        }
        return false;
    }
    return false;
}

// `level` is the level of the object holding this member (0 top, 1 nested, 2+ not reported).
template <typename Visitor>
bool value(Cursor &c, QByteArrayView parent, QByteArrayView key, int level, Visitor &visit)
{
    if (c.p >= c.end)
        return false;
    const char *start = c.p;
    Member m{parent, key, {}, Member::Type::Null, false};
    switch (*c.p) {
    case '"':
        m.type = Member::Type::String;
        if (!c.string(m.value, m.escaped))
            return false;
        break;
    case '{':
        m.type = Member::Type::Object;
        if (!object(c, key, level + 1, visit))
            return false;
        m.value = QByteArrayView(start, c.p - start);
        break;
    case '[':
        m.type = Member::Type::Array;
        if (!array(c, visit))
            return false;
        m.value = QByteArrayView(start, c.p - start);
        break;
    case 't':
        m.type = Member::Type::True;
        if (!c.literal("true", 4))
            return false;
        break;
    case 'f':
        m.type = Member::Type::False;
        if (!c.literal("false", 5))
            return false;
        break;
    case 'n':
        m.type = Member::Type::Null;
        if (!c.literal("null", 4))
            return false;
        break;
    default:
        m.type = Member::Type::Number;
        if (!c.number())
            return false;
        m.value = QByteArrayView(start, c.p - start);
        break;
    }
    if (level <= 1 && !key.isNull())
        visit(m);
    return true;
}

} // namespace callgate::json::detail

namespace callgate::json {

template <typename Visitor>
bool scanObject(QByteArrayView text, Visitor &&visit)
{
    // One pass: the visitor only collects views; callers act on them only if this returns true,
    // so a malformed message is never half-acted on.
    detail::Cursor c{text.data(), text.data() + text.size()};
    c.skipSpace();
    if (c.p >= c.end || *c.p != '{' || !detail::object(c, {}, 0, visit))
        return false;
    c.skipSpace();
    return c.p == c.end;
}

inline qint64 toInteger(const Member &m)
{
    if (m.type != Member::Type::Number && m.type != Member::Type::String)
        return -1;
    if (m.value.isEmpty() || m.value.size() > 18)
        return -1;
    qint64 n = 0;
    for (char ch : m.value) {
        if (ch < '0' || ch > '9')
            return -1;
        n = n * 10 + (ch - '0');
    }
    return n;
}

} // namespace callgate::json
