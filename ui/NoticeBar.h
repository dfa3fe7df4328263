#pragma once
// Messages that matter, kept until the supervisor has read them: a device that failed, a call that
// cannot be heard, what the ngrok agent or Twilio answered. Each is a line with its own close
// button, newest on top, wrapped rather than cut; the same message again moves up instead of
// repeating; at most four are kept. Passing confirmations stay in the status bar. GUI thread.

#include <QWidget>

class QVBoxLayout;

namespace callgate {

class NoticeBar : public QWidget {
    Q_OBJECT
public:
    explicit NoticeBar(QWidget *parent = nullptr);

    void add(const QString &text);
    QStringList texts() const; // newest first
    void dismiss(const QString &text);

    static constexpr int kKept = 4;

private:
    QVBoxLayout *m_rows = nullptr;
};

} // namespace callgate
