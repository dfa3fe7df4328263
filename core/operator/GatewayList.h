#pragma once
// The gateways a console attaches to, kept in a file of their own beside the console's settings
// (gateways.json in its configuration folder, readable by the user alone: it holds tokens).
//   {"gateways":[{"name":"east","url":"wss://gw-east.example.com/operator","token":"cgop_…",
//                 "caFile":""}]}

#include "operator/RemoteGateway.h"
#include "util/Result.h"

namespace callgate {

// ~/.config/Callgate/gateways.json, or CALLGATE_GATEWAYS_FILE when set.
QString gatewayListPath();
// Missing file: an empty list. A line that makes no sense is an error naming it.
Result<QList<GatewayAddress>> loadGatewayList(const QString &path = gatewayListPath());
Status saveGatewayList(const QList<GatewayAddress> &gateways, const QString &path = gatewayListPath());
// Why an address cannot be a gateway's (empty: it can): ws:// or wss://, a host, a path.
QString checkGatewayUrl(const QUrl &url);

} // namespace callgate
