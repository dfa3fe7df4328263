#include "gateway/Logging.h"

Q_LOGGING_CATEGORY(lcGateway, "callgate.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "callgate.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBridge, "callgate.bridge", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "callgate.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUser, "callgate.user", QtInfoMsg)
