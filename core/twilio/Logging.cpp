#include "twilio/Logging.h"

Q_LOGGING_CATEGORY(lcTwilio, "callgate.twilio", QtInfoMsg)
