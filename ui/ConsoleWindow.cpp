#include "ConsoleWindow.h"

#include "CallsModel.h"
#include "gateway/Gateway.h"
#include "gateway/GatewayShared.h"
#include "operator/OperatorLink.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace callgate {

ConsoleWindow::ConsoleWindow(Gateway &gateway, OperatorLink &link, QWidget *parent) : QMainWindow(parent), m_gateway(gateway)
{
    setWindowTitle(tr("Callgate"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *status = new QFormLayout;
    m_listening = new QLabel(central);
    m_webhook = new QLabel(central);
    m_webhook->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_calls = new QLabel(central);
    m_listening->setAccessibleName(tr("Listening address"));
    m_webhook->setAccessibleName(tr("Webhook URL"));
    m_calls->setAccessibleName(tr("Calls"));
    status->addRow(tr("Listening on:"), m_listening);
    status->addRow(tr("Webhook URL for Twilio:"), m_webhook);
    status->addRow(tr("Calls:"), m_calls);
    layout->addLayout(status);

    auto *tools = new QHBoxLayout;
    m_filter = new QLineEdit(central);
    m_filter->setPlaceholderText(tr("Filter calls (number, state, words)…"));
    m_filter->setAccessibleName(tr("Filter calls"));
    m_filter->setClearButtonEnabled(true);
    auto *reveal = new QCheckBox(tr("Show full numbers"), central);
    reveal->setAccessibleName(tr("Show full caller numbers"));
    tools->addWidget(m_filter, 1);
    tools->addWidget(reveal);
    layout->addLayout(tools);

    m_model = new CallsModel(15000, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CallsModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table = new QTableView(central);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAccessibleName(tr("Live calls"));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 1);
    setCentralWidget(central);
    resize(980, 560);

    connect(&link, &OperatorLink::callsChanged, m_model, &CallsModel::applyChanges);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(reveal, &QCheckBox::toggled, m_model, &CallsModel::setRevealNumbers);
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
