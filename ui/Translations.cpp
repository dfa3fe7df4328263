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
    // A language chosen again replaces the one before.
    for (QTranslator *t : app.findChildren<QTranslator *>(QStringLiteral("callgateTranslator"), Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    const auto install = [](QTranslator *t) {
        t->setObjectName(QStringLiteral("callgateTranslator"));
        QCoreApplication::installTranslator(t);
    };
    // English's plural forms first, under any language: a text the chosen language lacks still
    // reads "1 call", not "1 call(s)".
    auto *plurals = new QTranslator(&app);
    if (plurals->load(QStringLiteral(":/i18n/callgate_en.qm")))
        install(plurals);
    else
        delete plurals;
    if (locale.language() == QLocale::English)
        return QStringLiteral("en");
    auto *ours = new QTranslator(&app);
    if (!ours->load(locale, QStringLiteral("callgate"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete ours;
        return QStringLiteral("en");
    }
    install(ours);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        install(qt);
    else
        delete qt;
    return QLocale::languageToCode(locale.language());
}

} // namespace callgate
