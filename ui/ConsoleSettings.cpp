#include "ConsoleSettings.h"

#include <QSettings>

namespace callgate {
namespace {

const QString kRevealNumbers = QStringLiteral("console/revealNumbers");
const QString kLanguage = QStringLiteral("console/language");
const QString kOutput = QStringLiteral("audio/output");
const QString kInput = QStringLiteral("audio/input");
const QString kSplit = QStringLiteral("audio/split");
const QString kPushToTalk = QStringLiteral("audio/pushToTalk");
const QString kSupervisor = QStringLiteral("console/supervisorName");
const QString kServiceLevel = QStringLiteral("console/serviceLevelSeconds");
const QString kStartWith = QStringLiteral("console/startWith");

} // namespace

ConsoleSettings ConsoleSettings::load()
{
    const QSettings s;
    ConsoleSettings c;
    c.revealNumbers = s.value(kRevealNumbers, false).toBool();
    c.language = s.value(kLanguage).toString();
    c.outputDevice = s.value(kOutput).toString();
    c.inputDevice = s.value(kInput).toString();
    c.splitListening = s.value(kSplit, false).toBool();
    c.pushToTalk = s.value(kPushToTalk, false).toBool();
    c.supervisorName = s.value(kSupervisor).toString();
    c.serviceLevelSeconds = qBound(1, s.value(kServiceLevel, 20).toInt(), 3600);
    c.startWith = s.value(kStartWith).toString();
    return c;
}

void ConsoleSettings::save() const
{
    QSettings s;
    s.setValue(kRevealNumbers, revealNumbers);
    s.setValue(kLanguage, language);
    s.setValue(kOutput, outputDevice);
    s.setValue(kInput, inputDevice);
    s.setValue(kSplit, splitListening);
    s.setValue(kPushToTalk, pushToTalk);
    s.setValue(kSupervisor, supervisorName);
    s.setValue(kServiceLevel, serviceLevelSeconds);
    s.setValue(kStartWith, startWith);
}

QString ConsoleSettings::supervisor() const
{
    if (!supervisorName.trimmed().isEmpty())
        return supervisorName.trimmed();
    const QString login = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    return login.isEmpty() ? QStringLiteral("supervisor") : login;
}

void ConsoleSettings::reset()
{
    QSettings s;
    s.remove(QStringLiteral("console"));
    s.remove(QStringLiteral("audio"));
}

} // namespace callgate
