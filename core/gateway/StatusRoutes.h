#pragma once
// GET /health and GET /metrics.

#include "gateway/HttpResponse.h"

class QHttpServerRequest;

namespace callgate {

class GatewayShared;

HttpResponse handleHealth(const GatewayShared &shared);
// Prometheus text exposition, or JSON with ?format=json.
HttpResponse handleMetrics(const GatewayShared &shared, const QHttpServerRequest &request);

} // namespace callgate
