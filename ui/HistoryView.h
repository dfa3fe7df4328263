#pragma once
// Past calls from the call records: search by number, dates and outcome; the selected call's
// details and transcript. The database is read on a thread of this view's own (its own connection),
// so the GUI never waits on the disk or the network. GUI thread.

#include "store/CallStore.h"

#include <QThread>
#include <QWidget>

#include <memory>

class QComboBox;
class QDateEdit;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace callgate {

class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(const QString &database, QWidget *parent = nullptr);
    ~HistoryView() override;

    void search();
    // Recording controls (PlaybackBar), placed beside "Play recording".
    void addPlaybackControls(QWidget *controls);
    QPushButton *playButton() const { return m_play; }
    void setRevealNumbers(bool reveal);
    int resultCount() const;
    QString transcriptText() const;

Q_SIGNALS:
    void searched(int results);
    void transcriptShown();
    // The supervisor wants to hear a past call's recording.
    void playRequested(const QString &path, const QString &title);

private:
    void showResults(const QList<store::CallRecord> &calls);
    void showCall(int row);
    template <typename F>
    void onReader(F f);

    struct ThreadStopper {
        void operator()(QThread *t) const;
    };
    std::unique_ptr<QThread, ThreadStopper> m_thread;
    QObject *m_readerContext = nullptr;        // lives on m_thread
    std::unique_ptr<store::CallStore> m_store; // used only on m_thread
    QString m_openError;

    QLineEdit *m_number = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_outcome = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_play = nullptr;
    QHBoxLayout *m_bottom = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    QPlainTextEdit *m_transcript = nullptr;
    QList<store::CallRecord> m_calls;
    bool m_reveal = false;
};

} // namespace callgate
