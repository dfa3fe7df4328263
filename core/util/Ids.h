#pragma once
// Unguessable identifiers: 128 bits from the system's CSPRNG, base64url without padding.

#include <QByteArray>

namespace callgate {

QByteArray newSessionId();

} // namespace callgate
