#pragma once
// What a supervisor changes without editing files: the public URL, where the prompts come from,
// the caller's language and voices, the keys, and how numbers are shown. Gateway settings, keys
// included, are written to the `.env` file the gateway reads (owner-only, atomically; other lines
// kept); they take effect at the next start. Only the console's own preferences (how numbers are
// shown, its language, the headset) go to ConsoleSettings (QSettings) — a key never does. GUI thread.

#include "config/DotEnv.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace callgate {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // The settings the dialog edits, by name; secrets are shown as password fields.
    static QStringList editedSettings();

    SettingsDialog(QString envFile, QWidget *parent = nullptr);

    // Loads the .env file and the display preference into the fields.
    Status load();
    // Validates and writes; the error names the setting to fix. Nothing is written on error.
    Status save();

    QLineEdit *field(const QString &setting) const { return m_fields.value(setting); }
    QCheckBox *revealNumbers() const { return m_reveal; }
    QComboBox *consoleLanguage() const { return m_uiLanguage; }
    QComboBox *outputDevice() const { return m_output; }
    QComboBox *inputDevice() const { return m_input; }

private:
    QString m_envFile;
    QHash<QString, QLineEdit *> m_fields;
    QComboBox *m_language = nullptr;
    QComboBox *m_uiLanguage = nullptr;
    QCheckBox *m_reveal = nullptr;
    QComboBox *m_output = nullptr;
    QComboBox *m_input = nullptr;
    QCheckBox *m_split = nullptr;
    QCheckBox *m_pushToTalk = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace callgate
