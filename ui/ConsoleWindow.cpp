#include "ConsoleWindow.h"

#include "AudioPanel.h"
#include "CallDetails.h"
#include "CallsModel.h"
#include "CallsProxy.h"
#include "ClosingDialog.h"
#include "ConsoleSettings.h"
#include "EventLogModel.h"
#include "HeadingWidths.h"
#include "HistoryView.h"
#include "LiveCharts.h"
#include "NoticeBar.h"
#include "PlaybackBar.h"
#include "QueuePanel.h"
#include "SettingsDialog.h"
#include "TranscriptModel.h"
#include "TranscriptView.h"
#include "TransferDialog.h"
#include "Translations.h"
#include "config/TwilioRestSettings.h"
#include "operator/GatewayList.h"
#include "operator/NgrokDiscovery.h"
#include "operator/OperatorLink.h"
#include "operator/RemoteGateway.h"
#include "twilio/PhoneNumber.h"
#include "twilio/RestClient.h"
#include "util/PhoneMask.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace callgate {

ConsoleWindow::ConsoleWindow(const Config &config, OperatorLink &link, QWidget *parent)
    : QMainWindow(parent), m_config(config), m_status(link.status()), m_link(link)
{
    m_model = new CallsModel(15000, this);
    m_model->setAgentWait(m_config.agentWaitSeconds, !m_config.liveAgentNumber.isEmpty());
    m_transcript = new TranscriptModel(this);
    m_events = new EventLogModel(this);
    m_audio = new AudioPanel(link, this);
    connect(m_audio, &AudioPanel::message, this, [this](const QString &text, int ms) { statusBar()->showMessage(text, ms); });
    m_link.setSupervisor(ConsoleSettings::load().supervisor());
    buildActions();

    m_pages = new QTabWidget(this);
    m_pages->addTab(buildLivePage(), QString());
    m_history = new HistoryView(m_config.database, m_pages);
    m_history->setSupervisor(m_link.supervisor());
    m_history->setKnownNumbers(knownNumbers());
    m_pages->addTab(m_history, QString());
    connect(m_history, &HistoryView::playRequested, m_audio, &AudioPanel::play);
    m_playback = new PlaybackBar(m_audio->engine(), m_history);
    m_history->addPlaybackControls(m_playback);
    // What the operator must act on before it hurts (a model OpenAI is taking away, signature
    // checks off): a banner above the pages, not a status-bar message that the next one replaces.
    m_warnings = new QLabel(this);
    m_warnings->setObjectName(QStringLiteral("warningBanner"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setStyleSheet(QStringLiteral("QLabel#warningBanner { background: #fff3cd; color: #664d03; border: 1px solid #e0c060;"
                                             " padding: 6px 10px; }"));
    m_warnings->hide();
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_warnings);
    m_notices = new NoticeBar(central);
    connect(m_audio, &AudioPanel::notice, m_notices, &NoticeBar::add);
    centralLayout->addWidget(m_notices);
    centralLayout->addWidget(m_pages, 1);
    setCentralWidget(central);
    m_reveal->setChecked(ConsoleSettings::load().revealNumbers);

    m_listening = new QLabel(this);
    m_public = new QLabel(this);
    m_public->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_calls = new QLabel(this);
    m_calls->setObjectName(QStringLiteral("callCounts"));
    m_openAi = new QLabel(this);
    statusBar()->addWidget(m_listening);
    statusBar()->addWidget(m_public, 1);
    statusBar()->addPermanentWidget(m_calls);
    statusBar()->addPermanentWidget(m_openAi);
    // Roomy where the screen allows, never larger than it (a 1024×700 laptop included).
    resize(screen() ? QSize(1180, 760).boundedTo(screen()->availableGeometry().size()) : QSize(1180, 760));

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(style()->standardIcon(QStyle::SP_MessageBoxInformation), this);
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
    }
    m_ngrok = new NgrokDiscovery(m_config.ngrokApiUrl, this);
    // No public address configured (a developer's machine): look for a running ngrok agent at once.
    const QString host = m_config.publicUrl.host();
    if (link.hasLocalGateway() && !m_config.demo && (host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost")))
        QTimer::singleShot(0, this, &ConsoleWindow::findNgrok);

    connect(&link, &OperatorLink::statusChanged, this, [this](const GatewayStatus &status) {
        m_status = status;
        refresh();
    });
    connect(&link, &OperatorLink::callsChanged, m_model, &CallsModel::applyChanges);
    connect(&link, &OperatorLink::transcriptAppended, m_transcript, &TranscriptModel::append);
    connect(&link, &OperatorLink::protocolAppended, m_events, &EventLogModel::append);
    connect(&link, &OperatorLink::callsChanged, m_charts, &LiveCharts::observe);
    connect(&link, &OperatorLink::callsChanged, this, [this] {
        // Something to look at from the first call on: the first row until the supervisor picks one.
        if (selectedSession().isEmpty() && m_proxy->rowCount() > 0)
            m_table->selectRow(0);
        onSelectionChanged();
    });
    connect(m_model, &CallsModel::agentNeeded, this, &ConsoleWindow::onAgentNeeded);
    connect(&link, &OperatorLink::gatewaysChanged, this, &ConsoleWindow::onGatewaysChanged);
    connect(&link, &OperatorLink::commandRefused, this, &ConsoleWindow::onCommandRefused);
    connect(m_model, &CallsModel::callRemoved, m_transcript, &TranscriptModel::forget);
    connect(m_model, &CallsModel::callRemoved, m_events, &EventLogModel::forget);
    connect(&m_refresh, &QTimer::timeout, this, &ConsoleWindow::refresh);
    m_refresh.start(500);
    retranslate();
    onSelectionChanged();
}

ConsoleWindow::~ConsoleWindow() = default;

void ConsoleWindow::buildActions()
{
    m_callsBar = addToolBar(QString());
    m_callsBar->setObjectName(QStringLiteral("callsToolBar"));
    m_takeCall = m_callsBar->addAction(QString());
    m_takeCall->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(m_takeCall, &QAction::triggered, this, [this] {
        const QByteArray session = selectedSession();
        if (session.isEmpty())
            return;
        m_link.takeCall(session);
        m_audio->tookCall(session, callerName(session));
        m_proxy->setPinned(session); // theirs: on top, marked, whatever the filter
        selectCall(session);
        onSelectionChanged();
    });
    m_hangUp = m_callsBar->addAction(QString());
    m_hangUp->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    connect(m_hangUp, &QAction::triggered, this, [this] {
        const QByteArray session = actionTarget();
        if (session.isEmpty())
            return;
        const QString who = callerName(session);
        if (!confirm(tr("Hang up on %1?").arg(who), tr("The caller is disconnected at once."), tr("Hang up")))
            return;
        m_link.hangUp(session);
        statusBar()->showMessage(tr("Hanging up on %1").arg(who), 5000);
    });
    m_transfer = m_callsBar->addAction(QString());
    m_transfer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    connect(m_transfer, &QAction::triggered, this, [this] {
        const QByteArray session = actionTarget();
        if (session.isEmpty())
            return;
        TransferDialog dialog(callerName(session), knownNumbers(), this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        const QString e164 = dialog.number();
        m_link.transfer(session, e164);
        statusBar()->showMessage(tr("Transferring the call to %1").arg(maskPhone(e164)), 8000);
    });
    m_reveal = m_callsBar->addAction(QString());
    m_reveal->setCheckable(true);
    m_reveal->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_reveal, &QAction::toggled, this, [this](bool on) {
        m_model->setRevealNumbers(on);
        m_history->setRevealNumbers(on);
        onSelectionChanged();
    });
    m_callsBar->addSeparator();
    // Set-up, done once per machine: behind one button, so the toolbar fits in every language.
    m_setupMenu = new QMenu(this);
    m_copyUrl = m_setupMenu->addAction(QString());
    m_copyUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyUrl, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(webhookUrl());
        statusBar()->showMessage(tr("Copied %1").arg(webhookUrl()), 5000);
    });
    m_pointNumber = m_setupMenu->addAction(QString());
    m_pointNumber->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(m_pointNumber, &QAction::triggered, this, &ConsoleWindow::pointNumber);
    m_findNgrok = m_setupMenu->addAction(QString());
    m_findNgrok->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(m_findNgrok, &QAction::triggered, this, &ConsoleWindow::findNgrok);
    m_setupButton = new QToolButton(this);
    m_setupButton->setMenu(m_setupMenu);
    m_setupButton->setPopupMode(QToolButton::InstantPopup);
    m_setupButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_callsBar->addWidget(m_setupButton);
    addActions(m_setupMenu->actions()); // their shortcuts work with the menu closed
    m_settings = m_callsBar->addAction(QString());
    // Ctrl+, everywhere: the platform's Preferences key is empty on many Linux desktops.
    QList<QKeySequence> keys{QKeySequence(Qt::CTRL | Qt::Key_Comma)};
    if (!QKeySequence(QKeySequence::Preferences).isEmpty() && QKeySequence(QKeySequence::Preferences) != keys.first())
        keys.append(QKeySequence(QKeySequence::Preferences));
    m_settings->setShortcuts(keys);
    connect(m_settings, &QAction::triggered, this, &ConsoleWindow::openSettings);
    // The headset's own row: listening, and what a supervisor who took a call needs.
    addToolBarBreak();
    m_headsetBar = addToolBar(QString());
    m_headsetBar->setObjectName(QStringLiteral("headsetToolBar"));
    m_headsetBar->addActions(m_audio->actions());
    m_whisperAction = new QAction(this);
    m_whisperAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    connect(m_whisperAction, &QAction::triggered, this, [this] {
        m_pages->setCurrentIndex(0);
        m_whisper->setFocus();
    });
    addAction(m_whisperAction);
    m_findAction = new QAction(this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_pages->setCurrentIndex(0);
        m_filter->setFocus();
        m_filter->selectAll();
    });
    addAction(m_findAction);
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &ConsoleWindow::close);
    addAction(m_quitAction);
}

void ConsoleWindow::retranslate()
{
    m_callsBar->setWindowTitle(tr("Calls"));
    m_headsetBar->setWindowTitle(tr("Headset"));
    m_takeCall->setText(tr("&Take call"));
    m_takeCall->setToolTip(tr("Take the selected call with your headset: the AI stops, no transfer happens (Ctrl+T)"));
    m_hangUp->setText(tr("&Hang up"));
    m_hangUp->setToolTip(tr("End the call you hold, or else the selected one, through Twilio (Ctrl+Shift+H)"));
    m_transfer->setText(tr("T&ransfer to a number…"));
    m_reveal->setText(tr("Show full &numbers"));
    m_copyUrl->setText(tr("&Copy webhook URL"));
    m_pointNumber->setText(tr("&Point my Twilio number here…"));
    m_findNgrok->setText(tr("Find ngrok &address"));
    m_setupButton->setText(tr("Set-&up"));
    m_setupButton->setToolTip(tr("The webhook URL, pointing your Twilio number here, finding an ngrok address"));
    m_settings->setText(tr("&Settings…"));
    m_settings->setToolTip(tr("Settings (Ctrl+,)"));
    m_whisperAction->setText(tr("Whisper to the AI"));
    m_findAction->setText(tr("Filter calls"));
    m_quitAction->setText(tr("Quit"));
    m_pages->setAccessibleName(tr("Pages"));
    m_pages->setTabText(0, tr("&Live calls"));
    m_pages->setTabText(1, tr("&History"));
    m_warnings->setAccessibleName(tr("Warnings"));
    m_listening->setAccessibleName(tr("Listening address"));
    m_public->setAccessibleName(tr("Webhook URL for Twilio"));
    m_calls->setAccessibleName(tr("Calls"));
    m_openAi->setAccessibleName(tr("OpenAI status"));
    if (m_tray)
        m_tray->setToolTip(tr("Callgate"));
    m_filter->setPlaceholderText(tr("Filter calls (number, customer, state, words)…  Ctrl+F"));
    m_filter->setAccessibleName(tr("Filter calls"));
    m_callTabs->setAccessibleName(tr("Selected call"));
    m_callTabs->setTabText(0, tr("Transcript"));
    m_callTabs->setTabText(1, tr("Details"));
    m_callTabs->setTabText(2, tr("Events"));
    m_transcriptView->setAccessibleName(tr("Live transcript of the selected call"));
    m_whisper->setPlaceholderText(tr("Whisper to the AI — the caller does not hear it (Ctrl+W, Enter sends)"));
    m_whisper->setAccessibleName(tr("Whisper an instruction to the AI"));
    m_details->setAccessibleName(tr("Details of the selected call"));
    m_eventFilterField->setPlaceholderText(tr("Filter events, e.g. response. or error"));
    m_eventFilterField->setAccessibleName(tr("Filter protocol events"));
    m_eventList->setAccessibleName(tr("Protocol events of the selected call"));
    m_model->retranslate();
    fitHeadings(m_table->horizontalHeader());
    refresh();
    onSelectionChanged();
}

void ConsoleWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_callsBar)
        retranslate();
    QMainWindow::changeEvent(event);
}

QWidget *ConsoleWindow::buildLivePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_filter = new QLineEdit(page);
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_queue = new QueuePanel(page);
    layout->addWidget(m_queue);
    m_charts = new LiveCharts(page);
    m_charts->setFixedHeight(120);
    layout->addWidget(m_charts);
    m_audio->setParent(page);
    layout->addWidget(m_audio);

    auto *split = new QSplitter(Qt::Vertical, page);
    m_proxy = new CallsProxy(this);
    m_proxy->setSourceModel(m_model);
    m_table = new QTableView(split);
    m_table->setModel(m_proxy); // in a fixed order (CallsProxy): rows do not move under the pointer
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAccessibleName(tr("Live calls"));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->moveSection(CallsModel::Gateway, 0); // where the call is, first
    m_table->setColumnHidden(CallsModel::Gateway, true);              // until a remote gateway is attached
    m_table->verticalHeader()->hide();
    split->addWidget(m_table);

    auto *call = new QTabWidget(split);
    m_callTabs = call;
    m_transcriptView = new TranscriptView(call);
    m_transcriptView->setModel(m_transcript);
    auto *transcriptPage = new QWidget(call);
    auto *transcriptLayout = new QVBoxLayout(transcriptPage);
    transcriptLayout->setContentsMargins(0, 0, 0, 0);
    transcriptLayout->addWidget(m_transcriptView, 1);
    m_whisper = new QLineEdit(transcriptPage);
    transcriptLayout->addWidget(m_whisper);
    connect(m_whisper, &QLineEdit::returnPressed, this, [this] {
        const QByteArray session = selectedSession();
        const QString text = m_whisper->text().trimmed();
        if (session.isEmpty() || text.isEmpty())
            return;
        m_link.whisper(session, text);
        m_whisper->clear();
        statusBar()->showMessage(tr("Whispered to the AI"), 4000);
    });
    m_transcriptView->setParent(transcriptPage);
    call->addTab(transcriptPage, QString());
    m_details = new QTextBrowser(call);
    call->addTab(m_details, QString());
    auto *eventsPage = new QWidget(call);
    auto *eventsLayout = new QVBoxLayout(eventsPage);
    auto *eventFilter = new QLineEdit(eventsPage);
    m_eventFilterField = eventFilter;
    eventFilter->setClearButtonEnabled(true);
    m_eventFilter = new QSortFilterProxyModel(this);
    m_eventFilter->setSourceModel(m_events);
    m_eventFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    auto *eventList = new QListView(eventsPage);
    m_eventList = eventList;
    eventList->setModel(m_eventFilter);
    eventList->setUniformItemSizes(true);
    eventsLayout->addWidget(eventFilter);
    eventsLayout->addWidget(eventList, 1);
    call->addTab(eventsPage, QString());
    split->addWidget(call);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(eventFilter, &QLineEdit::textChanged, m_eventFilter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ConsoleWindow::onSelectionChanged);
    return page;
}

QList<QPair<QString, QString>> ConsoleWindow::knownNumbers() const
{
    QList<QPair<QString, QString>> known;
    if (!m_config.liveAgentNumber.isEmpty())
        known.append({tr("Live agent line"), m_config.liveAgentNumber});
    known.append(m_config.transferNumbers);
    return known;
}

QByteArray ConsoleWindow::actionTarget() const
{
    const QByteArray held = m_audio->talkingOn();
    if (!held.isEmpty() && !m_model->summary(held).sessionId.isEmpty())
        return held;
    return selectedSession();
}

QString ConsoleWindow::callerName(const QByteArray &sessionId) const
{
    const CallSummary call = m_model->summary(sessionId);
    const QString number = m_reveal->isChecked() ? call.caller : maskPhone(call.caller);
    return call.customer.found ? tr("%1 (%2)").arg(call.customer.name, number) : number;
}

bool ConsoleWindow::confirm(const QString &question, const QString &detail, const QString &yes)
{
    QMessageBox box(QMessageBox::Question, tr("Callgate"), question, QMessageBox::Cancel, this);
    box.setInformativeText(detail);
    QPushButton *go = box.addButton(yes, QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == go;
}

QByteArray ConsoleWindow::selectedSession() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QByteArray() : rows.first().data(CallsModel::SessionIdRole).toByteArray();
}

void ConsoleWindow::selectCall(const QByteArray &sessionId)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(CallsModel::SessionIdRole).toByteArray() == sessionId) {
            m_table->selectRow(r);
            return;
        }
    }
}

void ConsoleWindow::onSelectionChanged()
{
    const QByteArray session = selectedSession();
    m_transcript->setSession(session);
    m_events->setSession(session);
    const CallSummary call = m_model->summary(session);
    m_details->setHtml(callDetailsHtml(call, m_reveal->isChecked()));
    const bool live = !session.isEmpty() && call.phase != CallPhase::Ended && call.phase != CallPhase::InCallerFlow;
    m_takeCall->setEnabled(live && call.phase != CallPhase::AgentConnected && m_audio->talkingOn().isEmpty());
    // Hang up and Transfer act on the call the supervisor holds, if any, else on the selection.
    const CallSummary target = m_model->summary(actionTarget());
    const bool targetLive = !target.sessionId.isEmpty() && target.phase != CallPhase::Ended && target.phase != CallPhase::InCallerFlow;
    m_hangUp->setEnabled(targetLive);
    m_transfer->setEnabled(targetLive);
    m_audio->setSelectedCall(session, live, call.customer.found ? call.customer.name : maskPhone(call.caller));
}

void ConsoleWindow::onAgentNeeded(const QByteArray &sessionId)
{
    ++m_alerts;
    const CallSummary call = m_model->summary(sessionId);
    const QString who = call.customer.found ? call.customer.name : maskPhone(call.caller);
    QApplication::beep();
    if (m_tray)
        m_tray->showMessage(tr("A caller waits for an agent"), tr("%1 — %2").arg(who, call.escalation), QSystemTrayIcon::Warning, 10000);
    statusBar()->showMessage(tr("%1 waits for an agent: select the call and press Ctrl+T to take it").arg(who), 15000);
    if (selectedSession().isEmpty())
        selectCall(sessionId);
    QApplication::alert(this);
    Q_EMIT agentAlert(sessionId);
}

void ConsoleWindow::attachGateways(const QList<GatewayAddress> &gateways)
{
    // Those no longer listed (or changed) go, their calls with them; the others stay attached.
    QList<GatewayAddress> toStart = gateways;
    for (RemoteGateway *g : this->gateways()) {
        const GatewayAddress &a = g->address();
        const auto same = std::find_if(toStart.begin(), toStart.end(), [&](const GatewayAddress &b) {
            return a.name == b.name && a.url == b.url && a.token == b.token && a.caFile == b.caFile;
        });
        if (same != toStart.end()) {
            toStart.erase(same);
            continue;
        }
        g->stop();
        g->forget();
        m_gatewayStates.remove(g);
        m_gatewaysSeenUp.remove(g);
        delete g;
    }
    for (const GatewayAddress &a : std::as_const(toStart)) {
        auto *g = new RemoteGateway(a, this);
        m_link.addGateway(g);
        g->start();
    }
    m_table->setColumnHidden(CallsModel::Gateway, m_link.gateways().isEmpty());
    refresh();
}

QList<RemoteGateway *> ConsoleWindow::gateways() const { return m_link.gateways(); }

void ConsoleWindow::onGatewaysChanged()
{
    for (RemoteGateway *g : m_link.gateways()) {
        const int now = int(g->state());
        const int before = m_gatewayStates.value(g, -1);
        if (before == now)
            continue;
        m_gatewayStates.insert(g, now);
        const QString &name = g->address().name;
        const bool wasUp = before == int(RemoteGateway::State::Up);
        // A gateway never reached is in the banner above the pages (OperatorLink::status); losing
        // one that was up is news, kept until read.
        if (g->state() == RemoteGateway::State::Down && wasUp)
            m_notices->add(
                tr("Lost the link to gateway %1: %2. Retrying by itself; its calls show as they were last seen.").arg(name, g->problem()));
        else if (g->state() == RemoteGateway::State::Up && m_gatewaysSeenUp.contains(g))
            statusBar()->showMessage(tr("Gateway %1 is attached again").arg(name), 8000);
        if (g->state() == RemoteGateway::State::Up)
            m_gatewaysSeenUp.insert(g);
    }
    refresh();
}

void ConsoleWindow::onCommandRefused(const QByteArray &sessionId, const QString &reason)
{
    m_notices->add(tr("%1: %2").arg(callerName(sessionId), reason));
    // Asked to take a call someone else has: the headset listens on, the microphone closes.
    if (m_audio->talkingOn() == sessionId && m_model->summary(sessionId).agent != m_link.actingAs(sessionId))
        m_audio->lostCall(sessionId);
}

QString ConsoleWindow::webhookUrl() const
{
    return (m_ngrokUrl.isEmpty() ? m_config.publicUrl.toString() : m_ngrokUrl) + QStringLiteral("/incoming-call");
}

void ConsoleWindow::refresh()
{
    QStringList links;
    for (const RemoteGateway *g : m_link.gateways()) {
        switch (g->state()) {
        case RemoteGateway::State::Up: links << tr("%1 ✓").arg(g->address().name); break;
        case RemoteGateway::State::Connecting: links << tr("%1: connecting").arg(g->address().name); break;
        case RemoteGateway::State::Down:
            links << tr("%1: retrying in %2 s").arg(g->address().name).arg((g->retryInMs() + 999) / 1000);
            break;
        }
    }
    if (m_link.hasLocalGateway()) {
        m_listening->setText(tr("Listening on %1:%2").arg(m_config.bindAddress).arg(m_status.port));
        m_public->setText(links.isEmpty() ? tr("Webhook: %1").arg(webhookUrl())
                                          : tr("Webhook: %1 · gateways: %2").arg(webhookUrl(), links.join(QStringLiteral(", "))));
    } else {
        m_listening->setText(links.isEmpty() ? tr("No gateway attached: add one in Settings → Gateways")
                                             : tr("Gateways: %1").arg(links.join(QStringLiteral(", "))));
        m_public->clear();
    }
    m_proxy->setPinned(m_audio->talkingOn()); // handed back, or the call ended: no longer theirs
    // Every count on screen comes from the calls table, so they agree.
    const int waiting = m_model->waitingCount();
    const int live = m_model->liveCount();
    if (++m_ticks % 2 == 0) // every second
        m_charts->sample(live, waiting);
    m_charts->setNow(live, waiting);
    const QDateTime longest = m_model->longestWaitingSince();
    m_queue->setWaiting(waiting, longest.isValid() ? qMax<qint64>(0, longest.secsTo(QDateTime::currentDateTimeUtc())) : 0);
    if (m_ticks % 10 == 1) // every 5 s
        refreshQueue();
    const int inFlow = m_model->inCallerFlowCount();
    m_calls->setText(inFlow > 0 ? tr("%1 live, %2 waiting for an agent, %3 in the caller flow").arg(live).arg(waiting).arg(inFlow)
                                : tr("%1 live, %2 waiting for an agent").arg(live).arg(waiting));
    const bool onLive = m_config.openAiApi == QLatin1String("live");
    // The model is this process's gateway's; attached gateways say only how OpenAI answers them.
    m_openAi->setText(m_link.hasLocalGateway()
                          ? tr("OpenAI: %1 · %2").arg(m_status.openAi, onLive ? m_config.openAiLiveModel : m_config.openAiModel)
                          : tr("OpenAI: %1").arg(m_status.openAi));
    m_openAi->setToolTip(m_status.openAiDetail);
    QStringList lines;
    for (const QString &w : m_status.warnings)
        lines.append(QStringLiteral("⚠ ") + w);
    const QString text = lines.join(QLatin1Char('\n'));
    if (m_warnings->text() != text)
        m_warnings->setText(text);
    m_warnings->setVisible(!lines.isEmpty());
    if (m_closingDialog)
        m_closingDialog->setRemaining(m_model->localCount());
    setWindowTitle(waiting > 0 ? tr("Callgate — %n waiting for an agent", nullptr, waiting) : tr("Callgate"));
}

void ConsoleWindow::refreshQueue()
{
    if (m_queueReading) {
        m_queueAgain = true;
        return;
    }
    m_queueReading = true;
    const ConsoleSettings settings = ConsoleSettings::load();
    const int target = settings.serviceLevelSeconds;
    const QDateTime today = QDate::currentDate().startOfDay(); // the supervisor's day, in local time
    m_history->readQueueFigures(today.toUTC(), target, [this, target](Result<store::QueueFigures> f) {
        m_queueReading = false;
        if (f)
            m_queue->setDay(f.value(), target);
        else
            m_queue->setDayUnavailable(f.error());
        if (std::exchange(m_queueAgain, false))
            refreshQueue();
    });
}

void ConsoleWindow::pointNumber()
{
    bool ok = false;
    const QString number =
        QInputDialog::getText(this, tr("Point my Twilio number here"),
                              tr("Your Twilio number (E.164, e.g. +18005550100); its calls will come to\n%1").arg(webhookUrl()),
                              QLineEdit::Normal, QString(), &ok);
    if (!ok || number.isEmpty())
        return;
    const QString e164 = twilio::callerIdToE164(number.trimmed());
    if (e164.isEmpty()) {
        m_notices->add(tr("%1 is not a number in E.164 form").arg(number));
        return;
    }
    if (!m_rest)
        m_rest = new twilio::RestClient(twilioRestSettings(m_config), this);
    const QString url = webhookUrl();
    statusBar()->showMessage(tr("Asking Twilio…"));
    m_rest->findIncomingNumber(e164, this, [this, url, e164](Result<QString> sid) {
        if (!sid) {
            statusBar()->clearMessage();
            m_notices->add(sid.error());
            return;
        }
        m_rest->setVoiceUrl(sid.value(), url, this, [this, url, e164](Result<QJsonObject> done) {
            statusBar()->clearMessage();
            m_notices->add(done ? tr("%1 now sends its calls to %2").arg(maskPhone(e164), url) : done.error());
        });
    });
}

void ConsoleWindow::findNgrok()
{
    statusBar()->showMessage(tr("Asking the ngrok agent…"));
    m_ngrok->discover(m_status.port, [this](Result<QUrl> found) {
        statusBar()->clearMessage();
        if (!found) {
            m_notices->add(found.error());
            return;
        }
        m_ngrokUrl = found.value().toString();
        refresh();
        const QString configured = m_config.publicUrl.toString();
        m_notices->add(
            m_ngrokUrl == configured
                ? tr("ngrok forwards %1 here").arg(m_ngrokUrl)
                : tr("ngrok forwards %1 here; Twilio signs with that address, so set PUBLIC_URL=%1 and restart").arg(m_ngrokUrl));
    });
}

void ConsoleWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_envFile, this, &m_config);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const Status loaded = dialog->load(); !loaded)
        m_notices->add(loaded.error());
    // The console's language at once: every window retranslates on the LanguageChange event.
    connect(dialog, &SettingsDialog::languageChosen, this,
            [](const QString &language) { installTranslations(*QCoreApplication::instance(), language); });
    connect(dialog, &QDialog::accepted, this, [this, demo = dialog->isDemo()] {
        m_audio->loadSettings();
        const ConsoleSettings settings = ConsoleSettings::load();
        m_link.setSupervisor(settings.supervisor());
        m_history->setSupervisor(settings.supervisor());
        if (const auto listed = loadGatewayList(); listed)
            attachGateways(listed.value());
        refreshQueue();
        statusBar()->showMessage(demo ? tr("Console settings saved; the demo's gateway settings are its own")
                                      : tr("Settings saved to %1; gateway settings take effect at the next start").arg(m_envFile),
                                 10000);
    });
    dialog->open();
}

void ConsoleWindow::closeEvent(QCloseEvent *event)
{
    event->ignore(); // the program ends when the gateway has drained, not when the window closes
    // Calls on attached gateways go on without this console (one it holds goes back to the AI).
    const int live = m_model->localCount();
    if (m_closing) {
        // Closing again while calls finish: offer to end them now.
        if (live > 0
            && confirm(tr("End the %n live call(s) now?", nullptr, live), tr("Each caller hears a goodbye and is disconnected."),
                       tr("End them now")))
            Q_EMIT endCallsNowRequested();
        return;
    }
    if (live == 0) {
        m_closing = true;
        m_audio->releaseAll();
        hide();
        Q_EMIT closeRequested();
        return;
    }
    const bool holding = !m_audio->talkingOn().isEmpty();
    const int waiting = m_model->waitingCount();
    QStringList detail;
    if (holding)
        detail << tr("You hold a call: it goes back to the AI.");
    if (waiting > 0)
        detail << tr("%n caller(s) wait for an agent.", nullptr, waiting);
    detail << tr("New callers hear that the line is busy; the live calls may go on for up to %n second(s), then they are ended.", nullptr,
                 m_config.drainTimeoutSeconds);
    if (!m_status.draining
        && !confirm(tr("Close Callgate with %n live call(s)?", nullptr, live), detail.join(QLatin1Char(' ')), tr("Close after the calls")))
        return;
    m_closing = true;
    m_audio->releaseAll();
    Q_EMIT closeRequested();
    // The window stays: the supervisor still sees the calls (and a new escalation) while they end.
    m_closingDialog = new ClosingDialog(m_config.drainTimeoutSeconds, this);
    connect(m_closingDialog, &ClosingDialog::endNowRequested, this, &ConsoleWindow::endCallsNowRequested);
    m_closingDialog->setRemaining(live);
    m_closingDialog->show();
}

} // namespace callgate
