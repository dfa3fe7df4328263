#include "ClosingDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace callgate {

ClosingDialog::ClosingDialog(int timeoutSeconds, QWidget *parent) : QDialog(parent), m_timeoutSeconds(qMax(timeoutSeconds, 0))
{
    setWindowTitle(tr("Closing Callgate"));
    setObjectName(QStringLiteral("closingDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("New callers hear that the line is busy. The calls still live may finish; "
                                "when the time is up they are ended politely."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("closingState"));
    m_state->setAccessibleName(tr("Calls still live"));
    layout->addWidget(m_state);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, qMax(m_timeoutSeconds * 1000, 1));
    m_progress->setTextVisible(false);
    m_progress->setAccessibleName(tr("Time left before the calls are ended"));
    layout->addWidget(m_progress);
    auto *buttons = new QDialogButtonBox(this);
    m_endNow = buttons->addButton(tr("End the calls now"), QDialogButtonBox::DestructiveRole);
    connect(m_endNow, &QPushButton::clicked, this, [this] {
        m_endingNow = true;
        m_endNow->setEnabled(false);
        update();
        Q_EMIT endNowRequested();
    });
    layout->addWidget(buttons);
    m_since.start();
    connect(&m_tick, &QTimer::timeout, this, &ClosingDialog::update);
    m_tick.start(250);
    setMinimumWidth(420);
    update();
}

void ClosingDialog::setRemaining(int calls)
{
    m_remaining = calls;
    update();
}

void ClosingDialog::update()
{
    const qint64 left = qMax<qint64>(0, qint64(m_timeoutSeconds) * 1000 - m_since.elapsed());
    m_progress->setValue(int(m_progress->maximum() - qMin<qint64>(left, m_progress->maximum())));
    const QString clock = QStringLiteral("%1:%2").arg(left / 60000).arg((left / 1000) % 60, 2, 10, QLatin1Char('0'));
    if (m_remaining == 0)
        m_state->setText(tr("No call is live any more: closing."));
    else if (m_endingNow || left == 0)
        m_state->setText(tr("Ending %n call(s)…", nullptr, m_remaining));
    else
        m_state->setText(tr("%n call(s) still live — the rest are ended in %1", nullptr, m_remaining).arg(clock));
}

} // namespace callgate
