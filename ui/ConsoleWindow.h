#pragma once
// The operator console's main window. This first version shows where the gateway listens, the
// webhook URL to give Twilio, and the live and pending call counts. Lives on the GUI thread; it
// reads the gateway's thread-safe counters on a timer and never touches a socket.

#include <QMainWindow>
#include <QTimer>

class QLabel;

namespace callgate {

class Gateway;

class ConsoleWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit ConsoleWindow(Gateway &gateway, QWidget *parent = nullptr);

Q_SIGNALS:
    void closeRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void refresh();

    Gateway &m_gateway;
    QLabel *m_listening = nullptr;
    QLabel *m_webhook = nullptr;
    QLabel *m_calls = nullptr;
    QTimer m_refresh;
};

} // namespace callgate
