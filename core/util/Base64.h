#pragma once
// Checks on base64 text that crosses the gateway without being decoded (caller audio to OpenAI,
// AI audio to Twilio): whatever is pasted into an outgoing JSON string must be base64 and nothing
// else. Pure functions; any thread.

#include <QByteArrayView>

namespace callgate {

// True when every byte is in the base64 alphabet (safe to paste into a JSON string).
bool isBase64Text(QByteArrayView text);
// True for well-formed padded base64 of at least one byte: the alphabet, a length that is a
// multiple of 4, '=' only as the last one or two characters. What Twilio sends and OpenAI takes.
bool isBase64Payload(QByteArrayView text);
// The bytes a padded base64 payload decodes to, without decoding it.
qint64 base64DecodedSize(QByteArrayView payload);

} // namespace callgate
