#include "ConsoleWindow.h"

#include "gateway/Gateway.h"
#include "gateway/GatewayShared.h"

#include <QCloseEvent>
#include <QFormLayout>
#include <QLabel>

namespace callgate {

ConsoleWindow::ConsoleWindow(Gateway &gateway, QWidget *parent) : QMainWindow(parent), m_gateway(gateway)
{
    setWindowTitle(tr("Callgate"));
    auto *central = new QWidget(this);
    auto *form = new QFormLayout(central);
    m_listening = new QLabel(central);
    m_webhook = new QLabel(central);
    m_webhook->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_calls = new QLabel(central);
    m_listening->setAccessibleName(tr("Listening address"));
    m_webhook->setAccessibleName(tr("Webhook URL"));
    m_calls->setAccessibleName(tr("Calls"));
    form->addRow(tr("Listening on:"), m_listening);
    form->addRow(tr("Webhook URL for Twilio:"), m_webhook);
    form->addRow(tr("Calls:"), m_calls);
    setCentralWidget(central);
    resize(640, 200);
    connect(&m_refresh, &QTimer::timeout, this, &ConsoleWindow::refresh);
    m_refresh.start(500);
    refresh();
}

void ConsoleWindow::refresh()
{
    GatewayShared &shared = m_gateway.shared();
    m_listening->setText(QStringLiteral("%1:%2").arg(shared.config.bindAddress).arg(m_gateway.port()));
    m_webhook->setText(shared.config.publicUrlFor(u"/incoming-call"));
    m_calls->setText(tr("%1 live, %2 waiting for their stream")
                         .arg(shared.sessions.activeCount())
                         .arg(shared.sessions.pendingCount()));
}

void ConsoleWindow::closeEvent(QCloseEvent *event)
{
    if (m_gateway.isDraining()) {
        event->accept();
        return;
    }
    event->ignore();
    hide();
    Q_EMIT closeRequested();
}

} // namespace callgate
