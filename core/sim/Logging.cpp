#include "sim/Logging.h"

Q_LOGGING_CATEGORY(lcSim, "callgate.sim", QtInfoMsg)
