#pragma once
// The logging categories of store/ (filter with QT_LOGGING_RULES, e.g. "callgate.store.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStore) // callgate.store: call records: writes, retention, the database link
