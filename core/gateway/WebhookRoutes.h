#pragma once
// Twilio voice webhooks. Handlers run on the worker thread that received the request and only
// touch thread-safe shared state.

#include "gateway/HttpResponse.h"

class QHttpServerRequest;

namespace callgate {

class GatewayShared;

// POST /incoming-call: checks the signature, opens a pending session, answers TwiML that connects
// a media stream to wss://PUBLIC_HOST/media-stream/<session id>.
HttpResponse handleIncomingCall(GatewayShared &shared, const QHttpServerRequest &request);

// TwiML that tells the caller the line is busy and hangs up (capacity reached, or shutting down).
QByteArray busyTwiml();

} // namespace callgate
