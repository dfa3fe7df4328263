#pragma once
// What a supervisor changes without editing files, on five pages by purpose: the connection to
// Twilio and OpenAI, what callers hear, agents and records, the console itself, and the headset.
// Each setting has a plain label; its help (with the setting's name, for whoever edits the file)
// is a tooltip that wraps. Gateway settings, keys included, are written to the `.env` file the
// gateway reads (owner-only, atomically; other lines kept) and take effect at the next start; in
// demo mode they show the demo's own values and are not written anywhere. Only the console's own
// preferences (who sits here, its language — applied at once —, how numbers show, the service
// level, the headset) go to ConsoleSettings (QSettings): a key never does. The Gateways page edits
// the gateway list (GatewayList, a file of its own: it holds tokens). GUI thread.

#include "config/Config.h"
#include "config/DotEnv.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace callgate {

struct GatewayAddress;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // The .env settings the dialog edits, by name.
    static QStringList editedSettings();

    // `running`: the settings the gateway runs with (shown in demo mode, where nothing is written).
    SettingsDialog(QString envFile, QWidget *parent = nullptr, const Config *running = nullptr);

    // Loads the .env file (or the demo's values) and the console's preferences into the fields.
    Status load();
    // Validates and writes; the error names the setting to fix. Nothing is written on error.
    Status save();

    QLineEdit *field(const QString &setting) const { return m_fields.value(setting); }
    QCheckBox *checkBox(const QString &setting) const { return m_checks.value(setting); }
    QSpinBox *spinBox(const QString &setting) const { return m_spins.value(setting); }
    QCheckBox *revealNumbers() const { return m_reveal; }
    QComboBox *consoleLanguage() const { return m_uiLanguage; }
    QComboBox *outputDevice() const { return m_output; }
    QComboBox *inputDevice() const { return m_input; }
    QLineEdit *supervisorName() const { return m_name; }
    QTabWidget *pages() const { return m_pages; }
    QTableWidget *gatewayTable() const { return m_gateways; }
    void addGatewayRow(const GatewayAddress &gateway);
    // The Gateways page as entered; the error names the row to fix.
    Result<QList<GatewayAddress>> gatewaysEntered() const;
    bool isDemo() const { return m_demo; }

Q_SIGNALS:
    // The console's language was changed and saved: the caller installs it.
    void languageChosen(const QString &language);

private:
    void addSetting(QFormLayout *form, const QString &key, const QString &label);
    QString demoValue(const QString &key) const;

    QString m_envFile;
    bool m_demo = false;
    Config m_running;
    QTabWidget *m_pages = nullptr;
    QHash<QString, QLineEdit *> m_fields;
    QHash<QString, QCheckBox *> m_checks;
    QHash<QString, QSpinBox *> m_spins;
    QHash<QString, QComboBox *> m_choices;
    QComboBox *m_uiLanguage = nullptr;
    QLineEdit *m_name = nullptr;
    QSpinBox *m_serviceLevel = nullptr;
    QCheckBox *m_reveal = nullptr;
    QComboBox *m_output = nullptr;
    QComboBox *m_input = nullptr;
    QCheckBox *m_split = nullptr;
    QCheckBox *m_pushToTalk = nullptr;
    QTableWidget *m_gateways = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace callgate
