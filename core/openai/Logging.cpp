#include "openai/Logging.h"

Q_LOGGING_CATEGORY(lcOpenAi, "callgate.openai", QtInfoMsg)
