#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUi, "callgate.ui", QtInfoMsg)
