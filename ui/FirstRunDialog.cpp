#include "FirstRunDialog.h"

#include "ConsoleSettings.h"
#include "config/Config.h"
#include "config/DotEnv.h"
#include "operator/GatewayList.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace callgate {

namespace {

QLineEdit *secretField(QWidget *parent)
{
    auto *f = new QLineEdit(parent);
    f->setEchoMode(QLineEdit::Password);
    return f;
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    return l;
}

} // namespace

FirstRunDialog::FirstRunDialog(QString envFile, const QString &problem, QWidget *parent) : QDialog(parent), m_envFile(std::move(envFile))
{
    setWindowTitle(tr("Welcome to Callgate"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note(tr("Where are the calls this console shows?"), this));

    m_choices = new QButtonGroup(this);
    const QString labels[] = {tr("Try the demo: simulated callers and a simulated AI, nothing to set up"),
                              tr("Run a gateway on this computer, with my OpenAI and Twilio accounts"),
                              tr("Attach to gateways that run elsewhere (a server, a colleague's desk)")};
    for (int i = 0; i < 3; ++i) {
        auto *b = new QRadioButton(labels[i], this);
        m_choices->addButton(b, i);
        layout->addWidget(b);
    }

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(note(tr("Callers dial in every few seconds and talk with a simulated AI; you can listen, whisper and take their "
                               "calls. Nothing leaves this computer."),
                            m_pages));

    auto *gateway = new QWidget(m_pages);
    auto *gatewayForm = new QFormLayout(gateway);
    m_fields.insert(QStringLiteral("OPENAI_API_KEY"), secretField(gateway));
    m_fields.insert(QStringLiteral("TWILIO_ACCOUNT_SID"), new QLineEdit(gateway));
    m_fields.insert(QStringLiteral("TWILIO_AUTH_TOKEN"), secretField(gateway));
    m_fields.insert(QStringLiteral("PUBLIC_URL"), new QLineEdit(gateway));
    m_fields.value(QStringLiteral("PUBLIC_URL"))->setPlaceholderText(QStringLiteral("https://calls.example.com"));
    gatewayForm->addRow(tr("OpenAI API key"), m_fields.value(QStringLiteral("OPENAI_API_KEY")));
    gatewayForm->addRow(tr("Twilio Account SID"), m_fields.value(QStringLiteral("TWILIO_ACCOUNT_SID")));
    gatewayForm->addRow(tr("Twilio Auth Token"), m_fields.value(QStringLiteral("TWILIO_AUTH_TOKEN")));
    gatewayForm->addRow(tr("Public address"), m_fields.value(QStringLiteral("PUBLIC_URL")));
    gatewayForm->addRow(
        note(tr("Saved to %1 (readable by you alone). Everything else can be changed later in Settings.").arg(m_envFile), gateway));
    m_pages->addWidget(gateway);

    auto *attach = new QWidget(m_pages);
    auto *attachForm = new QFormLayout(attach);
    m_fields.insert(QStringLiteral("name"), new QLineEdit(attach));
    m_fields.insert(QStringLiteral("url"), new QLineEdit(attach));
    m_fields.insert(QStringLiteral("token"), secretField(attach));
    m_fields.value(QStringLiteral("url"))->setPlaceholderText(QStringLiteral("wss://gateway.example.com/operator"));
    m_fields.value(QStringLiteral("token"))->setPlaceholderText(QStringLiteral("cgop_…"));
    attachForm->addRow(tr("Name"), m_fields.value(QStringLiteral("name")));
    attachForm->addRow(tr("Address"), m_fields.value(QStringLiteral("url")));
    attachForm->addRow(tr("Token"), m_fields.value(QStringLiteral("token")));
    attachForm->addRow(note(tr("The gateway's operator prints a token with `callgate add-operator YOUR-NAME`. More gateways can be "
                               "added in Settings → Gateways."),
                            attach));
    m_pages->addWidget(attach);
    layout->addWidget(m_pages);

    if (!problem.isEmpty()) {
        auto *why = note(tr("No gateway can start here yet: %1").arg(problem), this);
        why->setEnabled(false);
        layout->addWidget(why);
    }
    m_error = note(QString(), this);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_choices, &QButtonGroup::idToggled, this, [this](int id, bool on) {
        if (on)
            m_pages->setCurrentIndex(id);
        m_error->hide();
    });
    setChoice(Choice::Demo);
}

FirstRunDialog::Choice FirstRunDialog::choice() const { return Choice(m_choices->checkedId()); }

void FirstRunDialog::setChoice(Choice choice) { m_choices->button(int(choice))->setChecked(true); }

QLineEdit *FirstRunDialog::field(const QString &name) const { return m_fields.value(name); }

Status FirstRunDialog::save()
{
    const auto text = [this](const char *name) { return m_fields.value(QLatin1String(name))->text().trimmed(); };
    ConsoleSettings settings = ConsoleSettings::load();
    switch (choice()) {
    case Choice::Demo: settings.startWith = QStringLiteral("demo"); break;
    case Choice::Gateway: {
        auto env = readDotEnvFile(m_envFile);
        if (!env)
            return Error{env.error()};
        EnvMap values = env.value();
        for (const char *key : {"OPENAI_API_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_URL"})
            if (!text(key).isEmpty())
                values.insert(QLatin1String(key), text(key));
        ConfigSources sources;
        sources.dotEnv = values;
        if (const auto config = Config::resolve(sources, false); !config)
            return Error{config.error()};
        if (const Status written = writeDotEnvFile(m_envFile, values); !written)
            return written;
        settings.startWith = QStringLiteral("gateway");
        break;
    }
    case Choice::Attach: {
        GatewayAddress a{text("name"), QUrl(text("url")), text("token").toUtf8(), {}};
        if (const QString bad = checkGatewayUrl(a.url); !bad.isEmpty())
            return Error{tr("Address: %1").arg(bad)};
        if (a.token.isEmpty())
            return Error{tr("Token: the gateway refuses a console without one")};
        if (a.name.isEmpty())
            a.name = a.url.host();
        auto list = loadGatewayList();
        QList<GatewayAddress> gateways = list ? list.value() : QList<GatewayAddress>{};
        gateways.removeIf([&](const GatewayAddress &g) { return g.name == a.name; });
        gateways.append(a);
        if (const Status saved = saveGatewayList(gateways); !saved)
            return saved;
        settings.startWith = QStringLiteral("attach");
        break;
    }
    }
    settings.save();
    return Ok{};
}

void FirstRunDialog::accept()
{
    const Status saved = save();
    if (!saved) {
        m_error->setText(saved.error());
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace callgate
