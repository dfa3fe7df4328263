#include "SettingsDialog.h"

#include "ConsoleSettings.h"
#include "audio/AudioEngine.h"
#include "config/SettingsSpec.h"
#include "operator/GatewayList.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace callgate {
namespace {

QPair<int, int> intRange(const SettingSpec &spec)
{
    const QStringList parts = QString::fromLatin1(spec.choices).split(QStringLiteral(".."));
    if (parts.size() != 2)
        return {0, 1000000};
    return {parts[0].toInt(), parts[1].toInt()};
}

QWidget *page(QTabWidget *pages, const QString &title, QFormLayout **form, const QString &intro = {})
{
    auto *w = new QWidget(pages);
    auto *box = new QVBoxLayout(w);
    if (!intro.isEmpty()) {
        auto *text = new QLabel(intro, w);
        text->setWordWrap(true);
        box->addWidget(text);
    }
    *form = new QFormLayout;
    (*form)->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    (*form)->setRowWrapPolicy(QFormLayout::WrapLongRows); // a long label goes above its field
    box->addLayout(*form);
    box->addStretch(1);
    pages->addTab(w, title);
    return w;
}

} // namespace

QStringList SettingsDialog::editedSettings()
{
    return {QStringLiteral("PUBLIC_URL"),         QStringLiteral("OPENAI_API_KEY"),     QStringLiteral("OPENAI_API"),
            QStringLiteral("TWILIO_ACCOUNT_SID"), QStringLiteral("TWILIO_AUTH_TOKEN"),  QStringLiteral("CALLER_LANGUAGE"),
            QStringLiteral("OPENAI_VOICE"),       QStringLiteral("CALLER_VOICE"),       QStringLiteral("PROMPT_SYSTEM"),
            QStringLiteral("PROMPT_GREETING"),    QStringLiteral("PROMPT_CONSENT"),     QStringLiteral("PROMPT_LIVE_AGENT"),
            QStringLiteral("CUSTOMER_API_URL"),   QStringLiteral("CUSTOMER_API_TOKEN"), QStringLiteral("LIVE_AGENT_NUMBER"),
            QStringLiteral("TRANSFER_NUMBERS"),   QStringLiteral("AGENT_WAIT_SECONDS"), QStringLiteral("SMS_SUMMARY"),
            QStringLiteral("SMS_FROM"),           QStringLiteral("RECORD_CALLS"),       QStringLiteral("RECORDINGS_DIR"),
            QStringLiteral("RETENTION_DAYS")};
}

SettingsDialog::SettingsDialog(QString envFile, QWidget *parent, const Config *running)
    : QDialog(parent), m_envFile(std::move(envFile)), m_demo(running && running->demo)
{
    if (running)
        m_running = *running;
    setWindowTitle(tr("Settings"));
    auto *layout = new QVBoxLayout(this);
    if (m_demo) {
        auto *demo = new QLabel(tr("Demo mode: the gateway runs on the demo's own settings (simulated Twilio and OpenAI, no keys), "
                                   "shown here as they are. Start Callgate without --demo to set up your own; these pages then edit "
                                   "%1. Your console settings are saved either way.")
                                    .arg(m_envFile),
                                this);
        demo->setObjectName(QStringLiteral("demoNote"));
        demo->setWordWrap(true);
        demo->setStyleSheet(QStringLiteral("QLabel#demoNote { background: #e7f1ff; color: #052c65; padding: 6px; }"));
        layout->addWidget(demo);
    }
    m_pages = new QTabWidget(this);
    layout->addWidget(m_pages, 1);

    QFormLayout *form = nullptr;
    page(m_pages, tr("Connection"), &form, tr("Where Twilio reaches this gateway, and the keys it uses."));
    addSetting(form, QStringLiteral("PUBLIC_URL"), tr("Public address (https)"));
    addSetting(form, QStringLiteral("OPENAI_API_KEY"), tr("OpenAI API key"));
    addSetting(form, QStringLiteral("OPENAI_API"), tr("OpenAI voice API"));
    addSetting(form, QStringLiteral("TWILIO_ACCOUNT_SID"), tr("Twilio account SID"));
    addSetting(form, QStringLiteral("TWILIO_AUTH_TOKEN"), tr("Twilio auth token"));

    page(m_pages, tr("Callers"), &form, tr("What callers hear, and what the AI knows of them."));
    addSetting(form, QStringLiteral("CALLER_LANGUAGE"), tr("Callers' language"));
    addSetting(form, QStringLiteral("OPENAI_VOICE"), tr("The AI's voice"));
    addSetting(form, QStringLiteral("CALLER_VOICE"), tr("Voice of the gateway's messages"));
    addSetting(form, QStringLiteral("PROMPT_SYSTEM"), tr("Instructions for the AI"));
    addSetting(form, QStringLiteral("PROMPT_GREETING"), tr("The AI's greeting"));
    addSetting(form, QStringLiteral("PROMPT_CONSENT"), tr("Consent message"));
    addSetting(form, QStringLiteral("PROMPT_LIVE_AGENT"), tr("Message when a person takes over"));
    addSetting(form, QStringLiteral("CUSTOMER_API_URL"), tr("Customer lookup address"));
    addSetting(form, QStringLiteral("CUSTOMER_API_TOKEN"), tr("Customer lookup token"));

    page(m_pages, tr("Agents and records"), &form);
    addSetting(form, QStringLiteral("LIVE_AGENT_NUMBER"), tr("Live agent line"));
    addSetting(form, QStringLiteral("TRANSFER_NUMBERS"), tr("Transfer numbers by name"));
    addSetting(form, QStringLiteral("AGENT_WAIT_SECONDS"), tr("Time to take a waiting call"));
    addSetting(form, QStringLiteral("SMS_SUMMARY"), tr("Text callers a summary afterwards"));
    addSetting(form, QStringLiteral("SMS_FROM"), tr("Number the summary comes from"));
    addSetting(form, QStringLiteral("RECORD_CALLS"), tr("Record calls (with the caller's consent)"));
    addSetting(form, QStringLiteral("RECORDINGS_DIR"), tr("Recordings folder"));
    addSetting(form, QStringLiteral("RETENTION_DAYS"), tr("Keep call records for"));

    page(m_pages, tr("Console"), &form, tr("This console's own choices; they take effect at once."));
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(ConsoleSettings{}.supervisor());
    m_name->setAccessibleName(tr("Your name"));
    m_name->setToolTip(tr("<p>Kept with the calls you take, transfer, hang up or write notes on.</p>"));
    form->addRow(tr("Your name"), m_name);
    m_uiLanguage = new QComboBox(this);
    m_uiLanguage->setAccessibleName(tr("Console language"));
    m_uiLanguage->addItem(tr("System language"), QString());
    m_uiLanguage->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_uiLanguage->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_uiLanguage->addItem(QStringLiteral("Español"), QStringLiteral("es"));
    form->addRow(tr("Console language"), m_uiLanguage);
    m_serviceLevel = new QSpinBox(this);
    m_serviceLevel->setRange(1, 3600);
    m_serviceLevel->setSuffix(tr(" s"));
    m_serviceLevel->setAccessibleName(tr("Service level target"));
    m_serviceLevel->setToolTip(tr("<p>The queue panel's service level: the share of callers who asked for a person that a supervisor "
                                  "took within this time.</p>"));
    form->addRow(tr("Service level target"), m_serviceLevel);
    m_reveal = new QCheckBox(tr("Show full caller numbers when the console opens"), this);
    m_reveal->setAccessibleName(tr("Show full numbers by default"));
    form->addRow(QString(), m_reveal);

    page(m_pages, tr("Headset"), &form,
         tr("Devices by the names the sound system gives them; one not plugged in is kept and the "
            "default is used until it is."));
    m_output = new QComboBox(this);
    m_output->setAccessibleName(tr("Output device (headset or speakers)"));
    m_input = new QComboBox(this);
    m_input->setAccessibleName(tr("Input device (headset microphone)"));
    m_output->addItem(tr("System default"), QString());
    m_input->addItem(tr("System default"), QString());
    for (const audio::AudioDevice &d : audio::makeDefaultAudioBackend()->devices()) {
        const QString label = d.description.isEmpty() ? QStringLiteral("%1 (%2)").arg(d.name, d.hostApi)
                                                      : QStringLiteral("%1 (%2)").arg(d.description, d.hostApi);
        if (d.outputs > 0)
            m_output->addItem(label, d.name);
        if (d.inputs > 0)
            m_input->addItem(label, d.name);
    }
    for (QComboBox *box : {m_output, m_input}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(24);
    }
    form->addRow(tr("Output device"), m_output);
    form->addRow(tr("Input device"), m_input);
    m_split = new QCheckBox(tr("When listening: caller in the left ear, the AI or agent in the right"), this);
    m_split->setAccessibleName(tr("Split the call left and right"));
    form->addRow(QString(), m_split);
    m_pushToTalk = new QCheckBox(tr("Push to talk: the caller hears you only while you hold Space"), this);
    m_pushToTalk->setAccessibleName(tr("Push to talk"));
    form->addRow(QString(), m_pushToTalk);

    // The gateways this console attaches to over the network, beside any in this process.
    auto *gatewaysPage = new QWidget(m_pages);
    auto *gatewaysBox = new QVBoxLayout(gatewaysPage);
    auto *gatewaysIntro = new QLabel(tr("Gateways elsewhere whose calls this console shows: a name, the address (wss://…/operator) and "
                                        "the token `callgate add-operator` printed for you. Attached as soon as you save."),
                                     gatewaysPage);
    gatewaysIntro->setWordWrap(true);
    gatewaysBox->addWidget(gatewaysIntro);
    m_gateways = new QTableWidget(0, 4, gatewaysPage);
    m_gateways->setHorizontalHeaderLabels({tr("Name"), tr("Address"), tr("Token"), tr("Trusted certificate (optional)")});
    m_gateways->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_gateways->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_gateways->horizontalHeader()->setMinimumSectionSize(120);
    m_gateways->verticalHeader()->hide();
    m_gateways->setAccessibleName(tr("Gateways"));
    gatewaysBox->addWidget(m_gateways, 1);
    auto *gatewayButtons = new QHBoxLayout;
    auto *addGateway = new QPushButton(tr("Add a gateway"), gatewaysPage);
    auto *removeGateway = new QPushButton(tr("Remove"), gatewaysPage);
    gatewayButtons->addWidget(addGateway);
    gatewayButtons->addWidget(removeGateway);
    gatewayButtons->addStretch(1);
    gatewaysBox->addLayout(gatewayButtons);
    connect(addGateway, &QPushButton::clicked, this, [this] { addGatewayRow({}); });
    connect(removeGateway, &QPushButton::clicked, this, [this] {
        if (m_gateways->currentRow() >= 0)
            m_gateways->removeRow(m_gateways->currentRow());
    });
    m_pages->addTab(gatewaysPage, tr("Gateways"));
    // Every page's title in view, in every language (the tab bar would otherwise scroll).
    m_pages->tabBar()->setUsesScrollButtons(false);
    m_pages->tabBar()->setElideMode(Qt::ElideNone);

    if (!m_demo) {
        auto *where =
            new QLabel(tr("Written to %1 (readable only by you); gateway settings take effect at the next start.").arg(m_envFile), this);
        where->setWordWrap(true);
        layout->addWidget(where);
    }
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

void SettingsDialog::addSetting(QFormLayout *form, const QString &key, const QString &label)
{
    const SettingSpec *spec = findSetting(QLatin1StringView(key.toLatin1()));
    Q_ASSERT(spec);
    // Rich text wraps: the help never runs off the screen. The setting's name is there for whoever
    // edits the .env file by hand.
    const QString tip = QStringLiteral("<p>%1</p><p><i>%2</i></p>").arg(QString::fromUtf8(spec->help).toHtmlEscaped(), key);
    QWidget *field = nullptr;
    switch (spec->type) {
    case SettingType::Bool: {
        auto *check = new QCheckBox(label, this);
        m_checks.insert(key, check);
        field = check;
        form->addRow(QString(), check);
        break;
    }
    case SettingType::Int: {
        auto *spin = new QSpinBox(this);
        const auto [low, high] = intRange(*spec);
        spin->setRange(low, high);
        if (key == QLatin1String("RETENTION_DAYS")) {
            spin->setSuffix(tr(" days"));
            spin->setSpecialValueText(tr("always"));
        } else if (key.endsWith(QLatin1String("_SECONDS"))) {
            spin->setSuffix(tr(" s"));
        }
        m_spins.insert(key, spin);
        field = spin;
        form->addRow(label, spin);
        break;
    }
    case SettingType::Choice: {
        auto *box = new QComboBox(this);
        if (key == QLatin1String("CALLER_LANGUAGE")) {
            box->addItem(tr("English"), QStringLiteral("en"));
            box->addItem(tr("Spanish"), QStringLiteral("es"));
        } else if (key == QLatin1String("OPENAI_API")) {
            box->addItem(tr("Realtime API"), QStringLiteral("realtime"));
            box->addItem(tr("GPT-Live"), QStringLiteral("live"));
        } else {
            for (const QString &c : QString::fromLatin1(spec->choices).split(QLatin1Char('|')))
                box->addItem(c, c);
        }
        m_choices.insert(key, box);
        field = box;
        form->addRow(label, box);
        break;
    }
    default: {
        auto *edit = new QLineEdit(this);
        if (spec->type == SettingType::Secret) {
            edit->setEchoMode(QLineEdit::PasswordEchoOnEdit);
            edit->setPlaceholderText(tr("not set"));
        } else if (*spec->defaultValue) {
            edit->setPlaceholderText(QString::fromUtf8(spec->defaultValue));
        }
        m_fields.insert(key, edit);
        field = edit;
        form->addRow(label, edit);
        break;
    }
    }
    field->setAccessibleName(label);
    field->setToolTip(tip);
    if (QWidget *labelWidget = form->labelForField(field))
        labelWidget->setToolTip(tip);
    field->setEnabled(!m_demo);
}

QString SettingsDialog::demoValue(const QString &key) const
{
    const Config &c = m_running;
    const auto secret = [](const QString &v) { return v.isEmpty() ? QString() : tr("(set)"); };
    if (key == QLatin1String("PUBLIC_URL"))
        return c.publicUrl.toString();
    if (key == QLatin1String("OPENAI_API_KEY"))
        return secret(c.openAiApiKey);
    if (key == QLatin1String("OPENAI_API"))
        return c.openAiApi;
    if (key == QLatin1String("TWILIO_ACCOUNT_SID"))
        return c.twilioAccountSid;
    if (key == QLatin1String("TWILIO_AUTH_TOKEN"))
        return secret(c.twilioAuthToken);
    if (key == QLatin1String("CALLER_LANGUAGE"))
        return c.callerLanguage;
    if (key == QLatin1String("OPENAI_VOICE"))
        return c.openAiVoice;
    if (key == QLatin1String("CALLER_VOICE"))
        return c.callerVoice;
    if (key == QLatin1String("PROMPT_SYSTEM"))
        return c.prompts[0];
    if (key == QLatin1String("PROMPT_CONSENT"))
        return c.prompts[1];
    if (key == QLatin1String("PROMPT_LIVE_AGENT"))
        return c.prompts[2];
    if (key == QLatin1String("PROMPT_GREETING"))
        return c.prompts[3];
    if (key == QLatin1String("CUSTOMER_API_URL"))
        return c.customerApiUrl.toString();
    if (key == QLatin1String("CUSTOMER_API_TOKEN"))
        return secret(c.customerApiToken);
    if (key == QLatin1String("LIVE_AGENT_NUMBER"))
        return c.liveAgentNumber;
    if (key == QLatin1String("TRANSFER_NUMBERS")) {
        QStringList parts;
        for (const auto &[name, number] : c.transferNumbers)
            parts << name + QLatin1Char('=') + number;
        return parts.join(QLatin1Char(';'));
    }
    if (key == QLatin1String("AGENT_WAIT_SECONDS"))
        return QString::number(c.agentWaitSeconds);
    if (key == QLatin1String("SMS_SUMMARY"))
        return c.smsSummary ? QStringLiteral("true") : QStringLiteral("false");
    if (key == QLatin1String("SMS_FROM"))
        return c.smsFrom;
    if (key == QLatin1String("RECORD_CALLS"))
        return c.recordCalls ? QStringLiteral("true") : QStringLiteral("false");
    if (key == QLatin1String("RECORDINGS_DIR"))
        return c.recordingsDir;
    if (key == QLatin1String("RETENTION_DAYS"))
        return QString::number(c.retentionDays);
    return {};
}

void SettingsDialog::addGatewayRow(const GatewayAddress &a)
{
    const int row = m_gateways->rowCount();
    m_gateways->insertRow(row);
    m_gateways->setItem(row, 0, new QTableWidgetItem(a.name));
    m_gateways->setItem(row, 1, new QTableWidgetItem(a.url.toString()));
    auto *token = new QLineEdit(QString::fromUtf8(a.token), m_gateways);
    token->setEchoMode(QLineEdit::Password); // a secret: never on screen
    token->setPlaceholderText(QStringLiteral("cgop_…"));
    m_gateways->setCellWidget(row, 2, token);
    m_gateways->setItem(row, 3, new QTableWidgetItem(a.caFile));
    m_gateways->setCurrentCell(row, 0);
}

Result<QList<GatewayAddress>> SettingsDialog::gatewaysEntered() const
{
    QList<GatewayAddress> out;
    for (int row = 0; row < m_gateways->rowCount(); ++row) {
        const auto text = [&](int column) {
            return m_gateways->item(row, column) ? m_gateways->item(row, column)->text().trimmed() : QString();
        };
        GatewayAddress a{text(0), QUrl(text(1)), static_cast<QLineEdit *>(m_gateways->cellWidget(row, 2))->text().trimmed().toUtf8(),
                         text(3)};
        if (a.name.isEmpty() && text(1).isEmpty() && a.token.isEmpty())
            continue; // an empty row added and left
        if (a.name.isEmpty())
            a.name = a.url.host();
        if (const QString bad = checkGatewayUrl(a.url); !bad.isEmpty())
            return Error{tr("Gateway %1: %2").arg(row + 1).arg(bad)};
        if (a.token.isEmpty())
            return Error{tr("Gateway %1: the token is missing").arg(a.name)};
        out.append(a);
    }
    return out;
}

Status SettingsDialog::load()
{
    EnvMap values;
    if (m_demo) {
        for (const QString &key : editedSettings())
            values.insert(key, demoValue(key));
    } else {
        auto env = readDotEnvFile(m_envFile);
        if (!env)
            return Error{env.error()};
        values = env.value();
    }
    const auto valueOf = [&](const QString &key) {
        const SettingSpec *spec = findSetting(QLatin1StringView(key.toLatin1()));
        return values.value(key, spec ? QString::fromUtf8(spec->defaultValue) : QString());
    };
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        it.value()->setText(values.value(it.key()));
    for (auto it = m_checks.cbegin(); it != m_checks.cend(); ++it) {
        const QString v = valueOf(it.key()).toLower();
        it.value()->setChecked(v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes"));
    }
    for (auto it = m_spins.cbegin(); it != m_spins.cend(); ++it)
        it.value()->setValue(valueOf(it.key()).toInt());
    for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it)
        it.value()->setCurrentIndex(qMax(0, it.value()->findData(valueOf(it.key()))));
    const ConsoleSettings c = ConsoleSettings::load();
    m_name->setText(c.supervisorName);
    m_serviceLevel->setValue(c.serviceLevelSeconds);
    m_reveal->setChecked(c.revealNumbers);
    for (auto [box, name] : {std::pair{m_output, c.outputDevice}, std::pair{m_input, c.inputDevice}}) {
        if (!name.isEmpty() && box->findData(name) < 0)
            box->addItem(tr("%1 (not connected)").arg(name), name);
        box->setCurrentIndex(qMax(0, box->findData(name)));
    }
    m_split->setChecked(c.splitListening);
    m_pushToTalk->setChecked(c.pushToTalk);
    m_uiLanguage->setCurrentIndex(qMax(0, m_uiLanguage->findData(c.language)));
    m_gateways->setRowCount(0);
    const auto listed = loadGatewayList();
    if (!listed)
        return Error{listed.error()};
    for (const GatewayAddress &a : listed.value())
        addGatewayRow(a);
    return Ok{};
}

Status SettingsDialog::save()
{
    const auto gateways = gatewaysEntered();
    if (!gateways)
        return Error{gateways.error()};
    if (!m_demo) {
        auto env = readDotEnvFile(m_envFile);
        if (!env)
            return Error{env.error()};
        EnvMap values = env.value(); // keep what the dialog does not edit
        const auto put = [&values](const QString &key, const QString &value, bool isDefault) {
            // A value left at its default is not written: the file says only what was chosen.
            if (value.isEmpty() || (isDefault && !values.contains(key)))
                values.remove(key);
            else
                values.insert(key, value);
        };
        const auto defaultOf = [](const QString &key) {
            const SettingSpec *spec = findSetting(QLatin1StringView(key.toLatin1()));
            return spec ? QString::fromUtf8(spec->defaultValue) : QString();
        };
        for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
            put(it.key(), it.value()->text().trimmed(), false);
        for (auto it = m_checks.cbegin(); it != m_checks.cend(); ++it) {
            const QString v = it.value()->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
            put(it.key(), v, v == defaultOf(it.key()));
        }
        for (auto it = m_spins.cbegin(); it != m_spins.cend(); ++it) {
            const QString v = QString::number(it.value()->value());
            put(it.key(), v, v == defaultOf(it.key()));
        }
        for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it) {
            const QString v = it.value()->currentData().toString();
            put(it.key(), v, v == defaultOf(it.key()));
        }
        // Check what was typed the way start-up will (as a demo, so missing keys are not errors here).
        ConfigSources sources;
        sources.dotEnv = values;
        if (const auto checked = Config::resolve(sources, true); !checked)
            return Error{checked.error()};
        if (const Status written = writeDotEnvFile(m_envFile, values); !written)
            return written;
    }
    ConsoleSettings c = ConsoleSettings::load();
    const QString languageBefore = c.language;
    c.supervisorName = m_name->text().trimmed();
    c.serviceLevelSeconds = m_serviceLevel->value();
    c.revealNumbers = m_reveal->isChecked();
    c.outputDevice = m_output->currentData().toString();
    c.inputDevice = m_input->currentData().toString();
    c.splitListening = m_split->isChecked();
    c.pushToTalk = m_pushToTalk->isChecked();
    c.language = m_uiLanguage->currentData().toString();
    c.save();
    if (const Status saved = saveGatewayList(gateways.value()); !saved)
        return saved;
    if (c.language != languageBefore)
        Q_EMIT languageChosen(c.language);
    return Ok{};
}

} // namespace callgate
