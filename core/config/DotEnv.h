#pragma once
// Reads and writes `.env` files: KEY=VALUE lines, `#` comments, optional `export `, single quotes
// (literal) and double quotes (with \n, \" and \\ escapes).

#include "util/Result.h"

#include <QHash>
#include <QString>

namespace callgate {

using EnvMap = QHash<QString, QString>;

// Parses text; a malformed line is an error naming its line number (values are never echoed,
// since a .env holds secrets).
Result<EnvMap> parseDotEnv(const QString &text);

// Reads a file; a missing file is an empty map, an unreadable one an error.
Result<EnvMap> readDotEnvFile(const QString &path);

// Writes the map atomically (temp file, then rename) with owner-only permissions.
Status writeDotEnvFile(const QString &path, const EnvMap &values);

} // namespace callgate
