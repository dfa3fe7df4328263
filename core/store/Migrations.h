#pragma once
// The call-record schema as a list of forward-only migrations. Each version is applied once, in
// order, inside a transaction, and recorded in schema_version; start-up runs whatever is missing.

#include "util/Result.h"

#include <QStringList>

class QSqlDatabase;

namespace callgate::store {

enum class Dialect { Sqlite, Postgres };

struct Migration {
    int version;
    const char *description;
    QStringList statements;
};

QList<Migration> migrations(Dialect dialect);
int latestSchemaVersion();

// Brings `db` to the latest version (or to `upTo`, for tests of upgrades from an older version);
// the error names the version that failed and why.
Status migrate(QSqlDatabase &db, Dialect dialect, int upTo = 0);
// The version `db` is at (0 for an empty database).
int schemaVersion(QSqlDatabase &db);

} // namespace callgate::store
