#pragma once
// Where a supervisor sends a call: the numbers the gateway knows by name (LIVE_AGENT_NUMBER,
// TRANSFER_NUMBERS) or one typed in. A number that is not a phone number in E.164 form is said to
// be so right under it, and the dialog stays open with what was typed, so a waiting caller is
// not lost while the supervisor fixes a digit. GUI thread only.

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;

namespace callgate {

class TransferDialog : public QDialog {
    Q_OBJECT
public:
    // `known`: (name, E.164) pairs, offered first.
    TransferDialog(const QString &caller, const QList<QPair<QString, QString>> &known, QWidget *parent = nullptr);

    // The number chosen, in E.164 form (after accept()).
    QString number() const { return m_number; }
    QComboBox *numberField() const { return m_field; }
    QLabel *problemLabel() const { return m_problem; }

    void accept() override;

private:
    QComboBox *m_field = nullptr;
    QLabel *m_problem = nullptr;
    QString m_number;
};

} // namespace callgate
