#pragma once
// Past calls from the call records: today's at once, or searched by number, dates and outcome, in
// plain words (how each ended, who handled it, where a transfer went); the selected call's
// transcript, and a supervisor's disposition and notes on it once it has ended (kept with the
// record, and in `callgate export`). The database is read and written on a thread of this view's
// own (its own connection), so the GUI never waits on the disk or the network. GUI thread.

#include "store/CallStore.h"

#include <QThread>
#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QDateEdit;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStandardItem;
class QStandardItemModel;
class QTableView;

namespace callgate {

class HistoryView : public QWidget {
    Q_OBJECT
public:
    explicit HistoryView(const QString &database, QWidget *parent = nullptr);
    ~HistoryView() override;

    void search();
    // Today's queue figures (CallStore::queueFigures), read on this view's thread; `done` runs on
    // the GUI thread.
    void readQueueFigures(const QDateTime &since, int serviceLevelSeconds, std::function<void(Result<store::QueueFigures>)> done);
    // The console's supervisor (kept as who wrote the notes) and the numbers it knows by name.
    void setSupervisor(const QString &name) { m_supervisor = name; }
    void setKnownNumbers(const QList<QPair<QString, QString>> &known) { m_known = known; }
    // The selected call's disposition and notes, and saving them.
    QComboBox *dispositionField() const { return m_disposition; }
    QPlainTextEdit *notesField() const { return m_notes; }
    QPushButton *saveNotesButton() const { return m_saveNotes; }
    QTableView *table() const { return m_table; }
    // Recording controls (PlaybackBar), placed beside "Play recording".
    void addPlaybackControls(QWidget *controls);
    void setRevealNumbers(bool reveal);
    int resultCount() const;
    QString transcriptText() const;

Q_SIGNALS:
    void searched(int results);
    void notesSaved(bool ok);
    void transcriptShown();
    // The supervisor wants to hear a past call's recording.
    void playRequested(const QString &path, const QString &title);

private:
    void showResults(const QList<store::CallRecord> &calls);
    void showCall(int row);
    void saveNotes();
    void retranslate();
    QList<QStandardItem *> rowFor(const store::CallRecord &c) const;

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
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
    QPushButton *m_searchButton = nullptr;
    QLabel *m_fromLabel = nullptr;
    QLabel *m_toLabel = nullptr;
    QLabel *m_dispositionLabel = nullptr;
    QLabel *m_notesLabel = nullptr;
    QHBoxLayout *m_bottom = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    QPlainTextEdit *m_transcript = nullptr;
    QComboBox *m_disposition = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QPushButton *m_saveNotes = nullptr;
    QLabel *m_noted = nullptr;
    QString m_supervisor;
    QList<QPair<QString, QString>> m_known;
    QList<store::CallRecord> m_calls;
    bool m_reveal = false;
};

} // namespace callgate
