#pragma once
// The logging categories of content/ (filter with QT_LOGGING_RULES, e.g. "callgate.content.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcContent) // callgate.content: prompts fetched from Google Docs and files
