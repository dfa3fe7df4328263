#pragma once
// What the console shows while it closes with calls still live: how many are left, how long until
// the gateway ends the rest politely (DRAIN_TIMEOUT_SECONDS), and a button that ends them now.
// A drain cannot be undone (the gateway already turns new callers away), so the dialog has no
// Cancel; closing it only hides it. GUI thread only.

#include <QDialog>
#include <QElapsedTimer>
#include <QTimer>

class QLabel;
class QProgressBar;
class QPushButton;

namespace callgate {

class ClosingDialog : public QDialog {
    Q_OBJECT
public:
    ClosingDialog(int timeoutSeconds, QWidget *parent = nullptr);

    // The calls still live (the console's count).
    void setRemaining(int calls);
    QLabel *stateLabel() const { return m_state; }
    QPushButton *endNowButton() const { return m_endNow; }

Q_SIGNALS:
    void endNowRequested();

private:
    void update();

    const int m_timeoutSeconds;
    int m_remaining = 0;
    bool m_endingNow = false;
    QElapsedTimer m_since;
    QTimer m_tick;
    QLabel *m_state = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_endNow = nullptr;
};

} // namespace callgate
