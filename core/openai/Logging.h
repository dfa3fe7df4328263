#pragma once
// The logging categories of openai/ (filter with QT_LOGGING_RULES, e.g. "callgate.openai.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcOpenAi) // callgate.openai: OpenAI's Realtime sessions and models
