#pragma once
// The operator console's main window. Live calls (a filterable table in a fixed order — the call
// the supervisor holds pinned on top, then callers waiting for an agent, who stand out and raise
// an alert), the selected call's live transcript, details and raw
// event log, the call history from the store, and set-up help: where the gateway listens, the
// webhook URL to give Twilio, an ngrok address, pointing the Twilio number here. Lives on the GUI
// thread; it sees calls and the gateway's status only through OperatorLink's queued signals and
// acts on them only through its commands, never touching a call's socket; the history is read on
// a thread of its own.

#include "config/Config.h"
#include "operator/GatewayStatus.h"

#include <QHash>
#include <QMainWindow>
#include <QSet>
#include <QTimer>

class QAction;
class QLabel;
class QMenu;
class QToolBar;
class QToolButton;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace callgate {

class AudioPanel;
class CallsModel;
class CallsProxy;
class ClosingDialog;
class EventLogModel;
class HistoryView;
class LiveCharts;
class NgrokDiscovery;
class NoticeBar;
class QueuePanel;
class OperatorLink;
class PlaybackBar;
class RemoteGateway;
struct GatewayAddress;
class TranscriptModel;
class TranscriptView;
namespace twilio {
class RestClient;
}

class ConsoleWindow : public QMainWindow {
    Q_OBJECT
public:
    ConsoleWindow(const Config &config, OperatorLink &link, QWidget *parent = nullptr);
    ~ConsoleWindow() override;

    CallsModel *callsModel() const { return m_model; }
    TranscriptModel *transcriptModel() const { return m_transcript; }
    TranscriptView *transcriptView() const { return m_transcriptView; }
    HistoryView *historyView() const { return m_history; }
    PlaybackBar *playbackBar() const { return m_playback; }
    LiveCharts *charts() const { return m_charts; }
    QTableView *callsView() const { return m_table; }
    QAction *takeCallAction() const { return m_takeCall; }
    QAction *hangUpAction() const { return m_hangUp; }
    QAction *transferAction() const { return m_transfer; }
    QLineEdit *filterField() const { return m_filter; }
    AudioPanel *audioPanel() const { return m_audio; }
    QLineEdit *whisperField() const { return m_whisper; }
    NoticeBar *notices() const { return m_notices; }
    QueuePanel *queuePanel() const { return m_queue; }
    // Reads today's queue figures from the call records now (they are read every 5 s anyway).
    void refreshQueue();
    int alertsRaised() const { return m_alerts; }
    QString webhookUrl() const;

    // The .env file the settings dialog writes (the one this process read).
    void setEnvFile(const QString &path) { m_envFile = path; }
    void openSettings();

    // Attaches the console to these gateways over the operator protocol, in place of those it
    // was attached to (Settings' Gateways page calls it again with the list saved there).
    void attachGateways(const QList<GatewayAddress> &gateways);
    QList<RemoteGateway *> gateways() const;

    // Selects the call in the live table (tests, notifications).
    void selectCall(const QByteArray &sessionId);

    // Shown while the console closes with calls live (null otherwise).
    ClosingDialog *closingDialog() const { return m_closingDialog; }

Q_SIGNALS:
    // The supervisor closed the window: the gateway drains (no new calls; the live ones may
    // finish within DRAIN_TIMEOUT_SECONDS).
    void closeRequested();
    // During that drain: end the live calls now.
    void endCallsNowRequested();
    void agentAlert(const QByteArray &sessionId);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    // Every text on the window, again in the language now installed.
    void retranslate();
    QWidget *buildLivePage();
    void refresh();
    void onSelectionChanged();
    void onAgentNeeded(const QByteArray &sessionId);
    void onGatewaysChanged();
    void onCommandRefused(const QByteArray &sessionId, const QString &reason);
    void pointNumber();
    void findNgrok();
    QByteArray selectedSession() const;
    // What Hang up and Transfer act on: the call the supervisor holds, or else the selected one.
    QByteArray actionTarget() const;
    // The caller as the console names them: the customer's name, and the number as shown.
    QString callerName(const QByteArray &sessionId) const;
    // Asks before an action that cannot be undone; true when the supervisor said `yes`.
    bool confirm(const QString &question, const QString &detail, const QString &yes);
    // The numbers the console knows by name: the live-agent line and TRANSFER_NUMBERS.
    QList<QPair<QString, QString>> knownNumbers() const;

    const Config m_config;
    GatewayStatus m_status; // the latest from the link
    bool m_closing = false;
    ClosingDialog *m_closingDialog = nullptr;
    OperatorLink &m_link;
    CallsModel *m_model = nullptr;
    CallsProxy *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QLineEdit *m_whisper = nullptr;
    TranscriptModel *m_transcript = nullptr;
    TranscriptView *m_transcriptView = nullptr;
    QTextBrowser *m_details = nullptr;
    EventLogModel *m_events = nullptr;
    QSortFilterProxyModel *m_eventFilter = nullptr;
    HistoryView *m_history = nullptr;
    PlaybackBar *m_playback = nullptr;
    LiveCharts *m_charts = nullptr;
    QueuePanel *m_queue = nullptr;
    bool m_queueReading = false;
    bool m_queueAgain = false; // asked for while a read was under way
    AudioPanel *m_audio = nullptr;
    // The attached gateways' link state as last announced (a notice at each change).
    QHash<RemoteGateway *, int> m_gatewayStates;
    QSet<RemoteGateway *> m_gatewaysSeenUp;
    int m_ticks = 0;
    QTabWidget *m_pages = nullptr;
    QLabel *m_listening = nullptr;
    QLabel *m_public = nullptr;
    QLabel *m_calls = nullptr;
    QLabel *m_openAi = nullptr;
    QLabel *m_warnings = nullptr;   // banner above the pages
    NoticeBar *m_notices = nullptr; // messages kept until read
    QToolBar *m_callsBar = nullptr;
    QToolBar *m_headsetBar = nullptr;
    QMenu *m_setupMenu = nullptr;
    QToolButton *m_setupButton = nullptr;
    QAction *m_copyUrl = nullptr;
    QAction *m_pointNumber = nullptr;
    QAction *m_findNgrok = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_whisperAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_quitAction = nullptr;
    QTabWidget *m_callTabs = nullptr;
    QLineEdit *m_eventFilterField = nullptr;
    QListView *m_eventList = nullptr;
    QAction *m_takeCall = nullptr;
    QAction *m_hangUp = nullptr;
    QAction *m_transfer = nullptr;
    QAction *m_reveal = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    NgrokDiscovery *m_ngrok = nullptr;
    twilio::RestClient *m_rest = nullptr;
    QString m_ngrokUrl;
    QString m_envFile = QStringLiteral(".env");
    int m_alerts = 0;
    QTimer m_refresh;
};

} // namespace callgate
