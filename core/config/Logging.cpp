#include "config/Logging.h"

Q_LOGGING_CATEGORY(lcConfig, "callgate.config", QtInfoMsg)
