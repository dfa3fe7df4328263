#include "store/Logging.h"

Q_LOGGING_CATEGORY(lcStore, "callgate.store", QtInfoMsg)
