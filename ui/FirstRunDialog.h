#pragma once
// What the console asks when it starts with nothing to run: no keys for a gateway here, no
// gateways to attach to, no choice made before. Three answers, each with what it needs:
//   the demo (simulated callers and AI, nothing to set up);
//   a gateway on this computer (the OpenAI key, Twilio's account and the public address, written
//     to the .env file the gateway reads);
//   a console attached to gateways elsewhere (a name, the wss:// address, the account's token,
//     saved to the gateway list).
// The choice is remembered (ConsoleSettings::startWith). GUI thread.

#include "util/Result.h"

#include <QDialog>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QRadioButton;
class QStackedWidget;

namespace callgate {

class FirstRunDialog : public QDialog {
    Q_OBJECT
public:
    enum class Choice { Demo = 0, Gateway = 1, Attach = 2 };

    // `problem`: why no gateway can start as things stand (shown small, for whoever expected one).
    FirstRunDialog(QString envFile, const QString &problem, QWidget *parent = nullptr);

    Choice choice() const;
    void setChoice(Choice choice);
    // Checks and writes what the choice needs, and remembers the choice; the error names the field.
    Status save();

    QLineEdit *field(const QString &name) const;

    void accept() override;

private:
    QString m_envFile;
    QButtonGroup *m_choices = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_error = nullptr;
    QHash<QString, QLineEdit *> m_fields;
};

} // namespace callgate
