#include "content/Logging.h"

Q_LOGGING_CATEGORY(lcContent, "callgate.content", QtInfoMsg)
