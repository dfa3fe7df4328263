#pragma once
// Applies X-Twilio-Signature validation to what QtHttpServer received, with the URL rebuilt from
// PUBLIC_URL (QHttpServerRequest::url() is rebuilt from Host, always http, and would never match
// behind ngrok or a proxy).

#include "twilio/FormBody.h"
#include "twilio/RequestValidator.h"

class QHttpServerRequest;

namespace callgate {

struct Config;

// A webhook (form or JSON body). With validation switched off every request is Valid.
twilio::Verdict checkWebhookSignature(const Config &config, const QHttpServerRequest &request, const FormFields &form);

// A media-stream WebSocket handshake: signed over the wss:// URL (with and without a trailing
// slash, and the https:// spellings as a fallback), with no parameters.
twilio::Verdict checkStreamSignature(const Config &config, const QHttpServerRequest &request);

// The public URL for a request path (PUBLIC_URL's scheme and host, plus the path and raw query).
QString publicRequestUrl(const Config &config, const QHttpServerRequest &request, const QString &scheme = {});

} // namespace callgate
