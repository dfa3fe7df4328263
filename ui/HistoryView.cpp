#include "HistoryView.h"

#include "CallWords.h"
#include "HeadingWidths.h"
#include "TranscriptModel.h"

#include "call/CallOutcome.h"
#include "util/PhoneMask.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace callgate {

void HistoryView::ThreadStopper::operator()(QThread *t) const
{
    t->quit();
    t->wait();
    delete t;
}

template <typename F>
void HistoryView::onReader(F f)
{
    QMetaObject::invokeMethod(m_readerContext, std::move(f), Qt::QueuedConnection);
}

HistoryView::HistoryView(const QString &database, QWidget *parent) : QWidget(parent), m_thread(new QThread)
{
    m_thread->setObjectName(QStringLiteral("callgate-history"));
    m_readerContext = new QObject;
    m_readerContext->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_readerContext, &QObject::deleteLater);
    m_thread->start();
    onReader([this, database] {
        m_store = std::make_unique<store::CallStore>();
        if (const Status s = m_store->open(database); !s)
            m_openError = s.error();
    });

    auto *layout = new QVBoxLayout(this);
    auto *filters = new QHBoxLayout;
    m_number = new QLineEdit(this);
    // Today's calls at first: what a supervisor looks back on during a shift.
    m_from = new QDateEdit(QDate::currentDate(), this);
    m_from->setCalendarPopup(true);
    m_to = new QDateEdit(QDate::currentDate(), this);
    m_to->setCalendarPopup(true);
    m_outcome = new QComboBox(this);
    m_outcome->addItem(QString(), QString());
    for (int i = 0; i < int(CallOutcome::Count); ++i)
        m_outcome->addItem(QString(), QLatin1String(callOutcomeName(CallOutcome(i))));
    auto *go = new QPushButton(this);
    m_searchButton = go;
    m_fromLabel = new QLabel(this);
    m_toLabel = new QLabel(this);
    filters->addWidget(m_number, 2);
    filters->addWidget(m_fromLabel);
    filters->addWidget(m_from);
    filters->addWidget(m_toLabel);
    filters->addWidget(m_to);
    filters->addWidget(m_outcome);
    filters->addWidget(go);
    layout->addLayout(filters);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_model = new QStandardItemModel(0, 7, this);
    m_table = new QTableView(split);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    auto *lower = new QSplitter(Qt::Horizontal, split);
    m_transcript = new QPlainTextEdit(lower);
    m_transcript->setReadOnly(true);
    // A supervisor's disposition and notes on the selected call.
    auto *notesBox = new QWidget(lower);
    auto *notesLayout = new QVBoxLayout(notesBox);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    auto *dispositionLabel = new QLabel(notesBox);
    m_dispositionLabel = dispositionLabel;
    m_disposition = new QComboBox(notesBox);
    m_disposition->addItem(QString(), QString());
    for (const auto &[code, words] : CallWords::dispositions())
        m_disposition->addItem(words, code);
    dispositionLabel->setBuddy(m_disposition);
    auto *notesLabel = new QLabel(notesBox);
    m_notesLabel = notesLabel;
    m_notes = new QPlainTextEdit(notesBox);
    m_notes->setTabChangesFocus(true);
    notesLabel->setBuddy(m_notes);
    m_saveNotes = new QPushButton(notesBox);
    m_saveNotes->setShortcut(QKeySequence::Save);
    m_noted = new QLabel(notesBox);
    m_noted->setWordWrap(true);
    notesLayout->addWidget(dispositionLabel);
    notesLayout->addWidget(m_disposition);
    notesLayout->addWidget(notesLabel);
    notesLayout->addWidget(m_notes, 1);
    notesLayout->addWidget(m_noted);
    notesLayout->addWidget(m_saveNotes, 0, Qt::AlignRight);
    lower->addWidget(m_transcript);
    lower->addWidget(notesBox);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    split->addWidget(m_table);
    split->addWidget(lower);
    layout->addWidget(split, 1);
    m_status = new QLabel(this);
    m_play = new QPushButton(this);
    m_play->setEnabled(false);
    m_bottom = new QHBoxLayout;
    m_bottom->addWidget(m_status);
    m_bottom->addStretch(1);
    m_bottom->addWidget(m_play);
    layout->addLayout(m_bottom);
    for (QWidget *w : std::initializer_list<QWidget *>{m_disposition, m_notes, m_saveNotes})
        w->setEnabled(false);
    connect(m_play, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentIndex().row();
        if (row < 0 || row >= m_calls.size())
            return;
        const store::CallRecord &c = m_calls.at(row);
        Q_EMIT playRequested(c.recordingPath,
                             tr("the call of %1").arg(c.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    });
    connect(m_saveNotes, &QPushButton::clicked, this, &HistoryView::saveNotes);

    connect(go, &QPushButton::clicked, this, &HistoryView::search);
    connect(m_number, &QLineEdit::returnPressed, this, &HistoryView::search);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showCall(current.row()); });
    retranslate();
}

void HistoryView::retranslate()
{
    m_number->setPlaceholderText(tr("Number (any part)"));
    m_number->setAccessibleName(tr("Search by number"));
    m_from->setAccessibleName(tr("From date"));
    m_to->setAccessibleName(tr("To date"));
    m_fromLabel->setText(tr("from"));
    m_toLabel->setText(tr("to"));
    m_outcome->setAccessibleName(tr("Outcome"));
    m_outcome->setItemText(0, tr("Any outcome"));
    for (int i = 1; i < m_outcome->count(); ++i)
        m_outcome->setItemText(i, CallWords::outcome(m_outcome->itemData(i).toString()));
    m_searchButton->setText(tr("&Search"));
    m_searchButton->setAccessibleName(tr("Search call history"));
    m_model->setHorizontalHeaderLabels(
        {tr("Started"), tr("Caller"), tr("Verified mobile"), tr("Customer"), tr("Outcome"), tr("Handled by"), tr("Disposition")});
    m_table->setAccessibleName(tr("Past calls"));
    fitHeadings(m_table->horizontalHeader());
    m_transcript->setAccessibleName(tr("Transcript of the selected past call"));
    m_dispositionLabel->setText(tr("&Disposition"));
    m_disposition->setAccessibleName(tr("Disposition of the selected call"));
    m_disposition->setItemText(0, tr("(none)"));
    for (int i = 1; i < m_disposition->count(); ++i)
        m_disposition->setItemText(i, CallWords::disposition(m_disposition->itemData(i).toString()));
    m_notesLabel->setText(tr("N&otes"));
    m_notes->setAccessibleName(tr("Notes on the selected call"));
    m_notes->setPlaceholderText(tr("What was agreed, what follows…"));
    m_saveNotes->setText(tr("Sa&ve notes"));
    m_saveNotes->setToolTip(tr("Keep the disposition and notes with the call's record (Ctrl+S)"));
    m_play->setText(tr("&Play recording"));
    m_play->setToolTip(tr("Play the selected call's recording: caller on the left, the AI or agent on the right"));
    if (!m_calls.isEmpty())
        showResults(m_calls); // outcomes and handling in the new words
}

void HistoryView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_searchButton)
        retranslate();
    QWidget::changeEvent(event);
}

void HistoryView::readQueueFigures(const QDateTime &since, int serviceLevelSeconds, std::function<void(Result<store::QueueFigures>)> done)
{
    onReader([this, since, serviceLevelSeconds, done = std::move(done)]() mutable {
        Result<store::QueueFigures> f =
            m_store ? m_store->queueFigures(since, serviceLevelSeconds) : Result<store::QueueFigures>(Error{m_openError});
        QMetaObject::invokeMethod(
            this, [f = std::move(f), done = std::move(done)]() mutable { done(std::move(f)); }, Qt::QueuedConnection);
    });
}

void HistoryView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    search(); // calls that ended since it was last looked at
}

void HistoryView::addPlaybackControls(QWidget *controls)
{
    delete m_bottom->takeAt(1); // the stretch: the controls take the room
    m_bottom->addWidget(controls, 1);
}

HistoryView::~HistoryView()
{
    QMetaObject::invokeMethod(
        m_readerContext, [this] { m_store.reset(); }, Qt::BlockingQueuedConnection);
}

void HistoryView::search()
{
    store::CallStore::Search s;
    s.number = m_number->text();
    s.from = m_from->date().startOfDay(Qt::UTC);
    s.to = m_to->date().addDays(1).startOfDay(Qt::UTC);
    s.outcome = m_outcome->currentData().toString();
    m_status->setText(tr("Searching…"));
    onReader([this, s] {
        const QList<store::CallRecord> calls = m_store ? m_store->search(s) : QList<store::CallRecord>();
        const QString error = m_openError;
        QMetaObject::invokeMethod(
            this,
            [this, calls, error] {
                showResults(calls);
                if (!error.isEmpty())
                    m_status->setText(tr("Cannot read the call records: %1").arg(error));
            },
            Qt::QueuedConnection);
    });
}

QList<QStandardItem *> HistoryView::rowFor(const store::CallRecord &c) const
{
    QString noted = CallWords::disposition(c.disposition);
    if (!c.notes.isEmpty())
        noted = noted.isEmpty() ? c.notes.section(QLatin1Char('\n'), 0, 0)
                                : noted + QStringLiteral(" — ") + c.notes.section(QLatin1Char('\n'), 0, 0);
    return {new QStandardItem(c.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
            new QStandardItem(m_reveal ? c.caller : maskPhone(c.caller)),
            new QStandardItem(m_reveal ? c.verifiedNumber : maskPhone(c.verifiedNumber)),
            new QStandardItem(c.customerName),
            new QStandardItem(CallWords::outcome(c.outcome, c.agent)),
            new QStandardItem(CallWords::handledBy(c.handledBy, c.agent, c.transferredTo, m_known)),
            new QStandardItem(noted)};
}

void HistoryView::showResults(const QList<store::CallRecord> &calls)
{
    // The selected call stays selected across a refresh.
    const int row = m_table->currentIndex().row();
    const qint64 selected = row >= 0 && row < m_calls.size() ? m_calls.at(row).id : 0;
    m_calls = calls;
    m_model->removeRows(0, m_model->rowCount());
    int again = -1;
    for (const store::CallRecord &c : calls) {
        if (c.id == selected)
            again = m_model->rowCount();
        m_model->appendRow(rowFor(c));
    }
    if (again >= 0) {
        m_table->selectRow(again);
    } else {
        m_transcript->clear();
        m_play->setEnabled(false);
        for (QWidget *w : std::initializer_list<QWidget *>{m_disposition, m_notes, m_saveNotes})
            w->setEnabled(false);
        m_noted->clear();
    }
    m_status->setText(tr("%n call(s)", nullptr, int(calls.size())));
    Q_EMIT searched(int(calls.size()));
}

void HistoryView::showCall(int row)
{
    if (row < 0 || row >= m_calls.size())
        return;
    const store::CallRecord &call = m_calls.at(row);
    const qint64 id = call.id;
    const QString recording = call.recordingPath;
    // Notes once the call has ended; a live one is the Live page's.
    const bool ended = !call.outcome.isEmpty();
    for (QWidget *w : std::initializer_list<QWidget *>{m_disposition, m_notes, m_saveNotes})
        w->setEnabled(ended);
    m_disposition->setCurrentIndex(qMax(0, m_disposition->findData(call.disposition)));
    m_notes->setPlainText(call.notes);
    m_noted->setText(call.notedBy.isEmpty() && !call.notedAt.isValid()
                         ? (ended ? QString() : tr("Notes can be added once the call has ended."))
                         : tr("Noted by %1 at %2")
                               .arg(call.notedBy.isEmpty() ? tr("a supervisor") : call.notedBy,
                                    call.notedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    m_play->setEnabled(!recording.isEmpty() && QFileInfo::exists(recording));
    m_play->setToolTip(recording.isEmpty() ? tr("This call was not recorded") : recording);
    onReader([this, id] {
        const QList<store::TurnRecord> turns = m_store ? m_store->transcript(id) : QList<store::TurnRecord>();
        QMetaObject::invokeMethod(
            this,
            [this, turns] {
                QString text;
                for (const store::TurnRecord &t : turns) {
                    const QString who = TranscriptModel::speakerLabel(speakerFromName(t.speaker));
                    text += QStringLiteral("%1  %2: %3\n")
                                .arg(t.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                                     t.by.isEmpty() ? who : tr("%1 (%2)").arg(who, t.by), t.text);
                }
                m_transcript->setPlainText(text.isEmpty() ? tr("(no transcript)") : text);
                Q_EMIT transcriptShown();
            },
            Qt::QueuedConnection);
    });
}

void HistoryView::saveNotes()
{
    const int row = m_table->currentIndex().row();
    if (row < 0 || row >= m_calls.size())
        return;
    const qint64 id = m_calls.at(row).id;
    const QString disposition = m_disposition->currentData().toString();
    const QString notes = m_notes->toPlainText().trimmed();
    const QString by = m_supervisor;
    m_saveNotes->setEnabled(false);
    onReader([this, id, disposition, notes, by] {
        const Status saved = m_store ? m_store->setNotes(id, disposition, notes, by) : Status(Error{m_openError});
        QMetaObject::invokeMethod(
            this,
            [this, id, disposition, notes, by, saved] {
                m_saveNotes->setEnabled(true);
                if (!saved) {
                    m_noted->setText(tr("The notes were not kept: %1").arg(saved.error()));
                    Q_EMIT notesSaved(false);
                    return;
                }
                for (int r = 0; r < m_calls.size(); ++r) {
                    store::CallRecord &c = m_calls[r];
                    if (c.id != id)
                        continue;
                    c.disposition = disposition;
                    c.notes = notes;
                    c.notedBy = by;
                    c.notedAt = QDateTime::currentDateTimeUtc();
                    m_model->item(r, 6)->setText(rowFor(c).value(6)->text());
                    if (r == m_table->currentIndex().row())
                        m_noted->setText(tr("Noted by %1 at %2")
                                             .arg(by.isEmpty() ? tr("a supervisor") : by,
                                                  c.notedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
                }
                Q_EMIT notesSaved(true);
            },
            Qt::QueuedConnection);
    });
}

void HistoryView::setRevealNumbers(bool reveal)
{
    m_reveal = reveal;
    showResults(m_calls);
}

int HistoryView::resultCount() const { return m_model->rowCount(); }

QString HistoryView::transcriptText() const { return m_transcript->toPlainText(); }

} // namespace callgate
