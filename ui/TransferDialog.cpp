#include "TransferDialog.h"

#include "twilio/PhoneNumber.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace callgate {

TransferDialog::TransferDialog(const QString &caller, const QList<QPair<QString, QString>> &known, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Transfer %1").arg(caller));
    auto *layout = new QVBoxLayout(this);
    auto *ask = new QLabel(tr("Transfer %1 to:").arg(caller), this);
    layout->addWidget(ask);
    m_field = new QComboBox(this);
    m_field->setEditable(true);
    m_field->setInsertPolicy(QComboBox::NoInsert);
    for (const auto &[name, number] : known)
        m_field->addItem(tr("%1 — %2").arg(name, number), number);
    m_field->setCurrentIndex(known.isEmpty() ? -1 : 0);
    m_field->lineEdit()->setPlaceholderText(tr("A number in E.164 form, e.g. +14155550100"));
    m_field->setAccessibleName(tr("Number to transfer the caller to"));
    ask->setBuddy(m_field);
    layout->addWidget(m_field);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_problem->hide();
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Transfer"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &TransferDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &TransferDialog::reject);
    layout->addWidget(buttons);
    connect(m_field, &QComboBox::editTextChanged, m_problem, &QLabel::hide);
}

void TransferDialog::accept()
{
    // A number picked from the list is its data; one typed in (or edited) is what was typed.
    const int picked = m_field->findText(m_field->currentText());
    const QString typed = picked >= 0 ? m_field->itemData(picked).toString() : m_field->currentText().trimmed();
    const auto e164 = twilio::formatPhoneNumber(typed);
    if (!e164 || !typed.startsWith(QLatin1Char('+'))) {
        m_problem->setText(typed.isEmpty() ? tr("Type a number, or pick one from the list.")
                                           : tr("“%1” is not a phone number in E.164 form: a + and the country code, then the number, "
                                                "e.g. +14155550100.")
                                                 .arg(typed));
        m_problem->show();
        m_field->setFocus();
        return; // open, with what was typed
    }
    m_number = e164.value();
    QDialog::accept();
}

} // namespace callgate
