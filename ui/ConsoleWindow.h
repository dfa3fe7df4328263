#pragma once
// The operator console's main window: where the gateway listens and the webhook URL to give
// Twilio, and the live calls table fed by the operator link. Lives on the GUI thread; it sees calls
// only through OperatorLink's queued signals and never touches a socket.

#include <QMainWindow>
#include <QTimer>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace callgate {

class CallsModel;
class Gateway;
class OperatorLink;

class ConsoleWindow : public QMainWindow {
    Q_OBJECT
public:
    ConsoleWindow(Gateway &gateway, OperatorLink &link, QWidget *parent = nullptr);

    CallsModel *callsModel() const { return m_model; }

Q_SIGNALS:
    void closeRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void refresh();

    Gateway &m_gateway;
    CallsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_listening = nullptr;
    QLabel *m_webhook = nullptr;
    QLabel *m_calls = nullptr;
    QTimer m_refresh;
};

} // namespace callgate
