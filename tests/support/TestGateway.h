#pragma once
// A real gateway on 127.0.0.1 (port picked by the kernel) with test settings, plus helpers to
// sign requests the way Twilio does.

#include "config/Config.h"
#include "gateway/Gateway.h"
#include "twilio/FormBody.h"

#include <memory>

namespace testing {

inline const QString kPublicUrl = QStringLiteral("https://gw.example.test");
inline const QByteArray kAuthToken = "test-auth-token-0123456789";

// Settings for tests; adjust fields before passing to startGateway.
callgate::Config testConfig();

std::unique_ptr<callgate::Gateway> startGateway(const callgate::Config &config);

// A Twilio-signed POST of a form to `path`.
QByteArray signedFormPost(const QByteArray &path, const callgate::FormFields &form,
                          const QByteArray &token = kAuthToken, const QString &publicUrl = kPublicUrl);

// A Twilio-signed WebSocket upgrade request for `path` (raw bytes, for handshake tests).
QByteArray signedUpgrade(const QByteArray &path, const QByteArray &token = kAuthToken,
                         const QString &publicUrl = kPublicUrl);

// A typical incoming-call form.
callgate::FormFields incomingCallForm(const QString &callSid = QStringLiteral("CA0123456789abcdef0123456789abcdef"),
                                      const QString &from = QStringLiteral("+14155550123"));

} // namespace testing
