#include "SettingsDialog.h"

#include "ConsoleSettings.h"
#include "audio/AudioEngine.h"
#include "config/Config.h"
#include "config/SettingsSpec.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace callgate {

QStringList SettingsDialog::editedSettings()
{
    return {QStringLiteral("PUBLIC_URL"),         QStringLiteral("OPENAI_API_KEY"),    QStringLiteral("OPENAI_VOICE"),
            QStringLiteral("TWILIO_ACCOUNT_SID"), QStringLiteral("TWILIO_AUTH_TOKEN"), QStringLiteral("PROMPT_SYSTEM"),
            QStringLiteral("PROMPT_CONSENT"),     QStringLiteral("PROMPT_LIVE_AGENT"), QStringLiteral("PROMPT_GREETING"),
            QStringLiteral("CALLER_VOICE"),       QStringLiteral("LIVE_AGENT_NUMBER"), QStringLiteral("CUSTOMER_API_URL"),
            QStringLiteral("CUSTOMER_API_TOKEN")};
}

SettingsDialog::SettingsDialog(QString envFile, QWidget *parent) : QDialog(parent), m_envFile(std::move(envFile))
{
    setWindowTitle(tr("Settings"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    for (const QString &key : editedSettings()) {
        const SettingSpec *spec = findSetting(QLatin1StringView(key.toLatin1()));
        auto *edit = new QLineEdit(this);
        edit->setAccessibleName(key);
        edit->setToolTip(spec ? QString::fromUtf8(spec->help) : QString());
        if (spec && spec->type == SettingType::Secret) {
            edit->setEchoMode(QLineEdit::PasswordEchoOnEdit);
            edit->setPlaceholderText(tr("not set"));
        } else if (spec && *spec->defaultValue) {
            edit->setPlaceholderText(QString::fromUtf8(spec->defaultValue));
        }
        m_fields.insert(key, edit);
        form->addRow(key, edit);
    }
    m_language = new QComboBox(this);
    m_language->setAccessibleName(QStringLiteral("CALLER_LANGUAGE"));
    m_language->addItem(tr("English"), QStringLiteral("en"));
    m_language->addItem(tr("Spanish"), QStringLiteral("es"));
    form->addRow(QStringLiteral("CALLER_LANGUAGE"), m_language);
    m_uiLanguage = new QComboBox(this);
    m_uiLanguage->setAccessibleName(tr("Console language"));
    m_uiLanguage->addItem(tr("System language"), QString());
    m_uiLanguage->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_uiLanguage->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_uiLanguage->addItem(QStringLiteral("Español"), QStringLiteral("es"));
    form->addRow(tr("Console language"), m_uiLanguage);
    m_reveal = new QCheckBox(tr("Show full caller numbers when the console opens"), this);
    m_reveal->setAccessibleName(tr("Show full numbers by default"));
    form->addRow(QString(), m_reveal);
    // The headset: devices by name (PortAudio's list now; a device not plugged in is kept and
    // the default used until it is).
    m_output = new QComboBox(this);
    m_output->setAccessibleName(tr("Output device (headset or speakers)"));
    m_input = new QComboBox(this);
    m_input->setAccessibleName(tr("Input device (headset microphone)"));
    m_output->addItem(tr("System default"), QString());
    m_input->addItem(tr("System default"), QString());
    for (const audio::AudioDevice &d : audio::makeDefaultAudioBackend()->devices()) {
        const QString label = QStringLiteral("%1 (%2, %3 Hz)").arg(d.name, d.hostApi).arg(d.defaultRate, 0, 'f', 0);
        if (d.outputs > 0)
            m_output->addItem(label, d.name);
        if (d.inputs > 0)
            m_input->addItem(label, d.name);
    }
    form->addRow(tr("Output device"), m_output);
    form->addRow(tr("Input device"), m_input);
    m_split = new QCheckBox(tr("When listening: caller in the left ear, the AI or agent in the right"), this);
    m_split->setAccessibleName(tr("Split the call left and right"));
    form->addRow(QString(), m_split);
    m_pushToTalk = new QCheckBox(tr("Push to talk: the caller hears you only while you hold Space"), this);
    m_pushToTalk->setAccessibleName(tr("Push to talk"));
    form->addRow(QString(), m_pushToTalk);
    layout->addLayout(form);
    auto *where =
        new QLabel(tr("Written to %1 (readable only by you); gateway settings take effect at the next start.").arg(m_envFile), this);
    where->setWordWrap(true);
    layout->addWidget(where);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #a40000"));
    layout->addWidget(m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        const Status s = save();
        if (s)
            accept();
        else
            m_message->setText(s.error());
    });
}

Status SettingsDialog::load()
{
    auto env = readDotEnvFile(m_envFile);
    if (!env)
        return Error{env.error()};
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        it.value()->setText(env.value().value(it.key()));
    const int lang = m_language->findData(env.value().value(QStringLiteral("CALLER_LANGUAGE"), QStringLiteral("en")));
    m_language->setCurrentIndex(qMax(0, lang));
    const ConsoleSettings c = ConsoleSettings::load();
    m_reveal->setChecked(c.revealNumbers);
    for (auto [box, name] : {std::pair{m_output, c.outputDevice}, std::pair{m_input, c.inputDevice}}) {
        if (!name.isEmpty() && box->findData(name) < 0)
            box->addItem(tr("%1 (not connected)").arg(name), name);
        box->setCurrentIndex(qMax(0, box->findData(name)));
    }
    m_split->setChecked(c.splitListening);
    m_pushToTalk->setChecked(c.pushToTalk);
    m_uiLanguage->setCurrentIndex(qMax(0, m_uiLanguage->findData(c.language)));
    return Ok{};
}

Status SettingsDialog::save()
{
    auto env = readDotEnvFile(m_envFile);
    if (!env)
        return Error{env.error()};
    EnvMap values = env.value(); // keep what the dialog does not edit
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString v = it.value()->text().trimmed();
        if (v.isEmpty())
            values.remove(it.key());
        else
            values.insert(it.key(), v);
    }
    values.insert(QStringLiteral("CALLER_LANGUAGE"), m_language->currentData().toString());
    // Check what was typed the way start-up will (as a demo, so missing keys are not errors here).
    ConfigSources sources;
    sources.dotEnv = values;
    if (const auto checked = Config::resolve(sources, true); !checked)
        return Error{checked.error()};
    if (const Status written = writeDotEnvFile(m_envFile, values); !written)
        return written;
    ConsoleSettings c;
    c.revealNumbers = m_reveal->isChecked();
    c.outputDevice = m_output->currentData().toString();
    c.inputDevice = m_input->currentData().toString();
    c.splitListening = m_split->isChecked();
    c.pushToTalk = m_pushToTalk->isChecked();
    c.language = m_uiLanguage->currentData().toString();
    c.save();
    return Ok{};
}

} // namespace callgate
