#include "Translations.h"

#include "ConsoleSettings.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace callgate {

QString installTranslations(QCoreApplication &app, const QString &language)
{
    const QString wanted = language.isEmpty() ? ConsoleSettings::load().language : language;
    const QLocale locale = wanted.isEmpty() ? QLocale::system() : QLocale(wanted);
    auto *ours = new QTranslator(&app);
    if (!ours->load(locale, QStringLiteral("callgate"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete ours;
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(ours);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return QLocale::languageToCode(locale.language());
}

} // namespace callgate
