#pragma once
// A validating, allocation-free walk over one JSON object, for the two messages that arrive
// fifty times a second per call (Twilio media, OpenAI audio deltas). It checks the whole text is
// well-formed JSON and reports the members of the top-level object and of objects nested one level
// down, as views into the text. QJsonDocument costs more than the rest of a frame's way together.

#include <QByteArrayView>

#include <cctype>
#include <cstring>

namespace callgate::json {

struct Member {
    QByteArrayView parent; // empty for a top-level member
    QByteArrayView key;    // raw (keys with escapes are reported raw, escapes included)
    QByteArrayView value;  // a string's contents without quotes; else the raw value text
    enum class Type { String, Number, Object, Array, True, False, Null } type;
    bool escaped = false; // a string value that contains backslash escapes (value is raw)
};

// Visitor: any callable `void(const Member &)`, called as members are met. Returns false if the
// text is not one well-formed JSON object (trailing text included); the visitor may have been
// called before the error was found, so collect first and act only on success.
template <typename Visitor>
bool scanObject(QByteArrayView text, Visitor &&visit);

// Unsigned integer from a Number member, or from a String member holding digits ("3"); -1 if not.
qint64 toInteger(const Member &m);

} // namespace callgate::json

#include "util/JsonScanImpl.h"
