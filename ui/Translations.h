#pragma once
// The console's language: the setting (ConsoleSettings::language: "de", "es", "en") or else the
// system locale. Installs Callgate's translation (compiled into this library) and Qt's own for
// standard buttons when available. GUI thread, before any window is built.

#include <QString>

class QCoreApplication;

namespace callgate {

// Returns the language in use ("en" when no translation applies).
QString installTranslations(QCoreApplication &app, const QString &language = {});

} // namespace callgate
