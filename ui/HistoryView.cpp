#include "HistoryView.h"

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
    m_number->setPlaceholderText(tr("Number (any part)"));
    m_number->setAccessibleName(tr("Search by number"));
    m_from = new QDateEdit(QDate::currentDate().addDays(-7), this);
    m_from->setCalendarPopup(true);
    m_from->setAccessibleName(tr("From date"));
    m_to = new QDateEdit(QDate::currentDate(), this);
    m_to->setCalendarPopup(true);
    m_to->setAccessibleName(tr("To date"));
    m_outcome = new QComboBox(this);
    m_outcome->setAccessibleName(tr("Outcome"));
    m_outcome->addItem(tr("Any outcome"), QString());
    for (int i = 0; i < int(CallOutcome::Count); ++i)
        m_outcome->addItem(QLatin1String(callOutcomeName(CallOutcome(i))), QLatin1String(callOutcomeName(CallOutcome(i))));
    auto *go = new QPushButton(tr("&Search"), this);
    go->setAccessibleName(tr("Search call history"));
    filters->addWidget(m_number, 2);
    filters->addWidget(new QLabel(tr("from"), this));
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(tr("to"), this));
    filters->addWidget(m_to);
    filters->addWidget(m_outcome);
    filters->addWidget(go);
    layout->addLayout(filters);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_model = new QStandardItemModel(0, 6, this);
    m_model->setHorizontalHeaderLabels(
        {tr("Started"), tr("Caller"), tr("Verified mobile"), tr("Customer"), tr("Outcome"), tr("Handled by")});
    m_table = new QTableView(split);
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Past calls"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_transcript = new QPlainTextEdit(split);
    m_transcript->setReadOnly(true);
    m_transcript->setAccessibleName(tr("Transcript of the selected past call"));
    split->addWidget(m_table);
    split->addWidget(m_transcript);
    layout->addWidget(split, 1);
    m_status = new QLabel(this);
    m_play = new QPushButton(tr("&Play recording"), this);
    m_play->setToolTip(tr("Play the selected call's recording: caller on the left, the AI or agent on the right"));
    m_play->setEnabled(false);
    m_bottom = new QHBoxLayout;
    m_bottom->addWidget(m_status);
    m_bottom->addStretch(1);
    m_bottom->addWidget(m_play);
    layout->addLayout(m_bottom);
    connect(m_play, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentIndex().row();
        if (row < 0 || row >= m_calls.size())
            return;
        const store::CallRecord &c = m_calls.at(row);
        Q_EMIT playRequested(c.recordingPath,
                             tr("the call of %1").arg(c.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    });

    connect(go, &QPushButton::clicked, this, &HistoryView::search);
    connect(m_number, &QLineEdit::returnPressed, this, &HistoryView::search);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showCall(current.row()); });
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

void HistoryView::showResults(const QList<store::CallRecord> &calls)
{
    m_calls = calls;
    m_model->removeRows(0, m_model->rowCount());
    for (const store::CallRecord &c : calls) {
        QList<QStandardItem *> row{new QStandardItem(c.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
                                   new QStandardItem(m_reveal ? c.caller : maskPhone(c.caller)),
                                   new QStandardItem(m_reveal ? c.verifiedNumber : maskPhone(c.verifiedNumber)),
                                   new QStandardItem(c.customerName),
                                   new QStandardItem(c.outcome.isEmpty() ? tr("(live)") : c.outcome),
                                   new QStandardItem(c.handledBy)};
        m_model->appendRow(row);
    }
    m_transcript->clear();
    m_play->setEnabled(false);
    m_status->setText(tr("%n call(s)", nullptr, int(calls.size())));
    Q_EMIT searched(int(calls.size()));
}

void HistoryView::showCall(int row)
{
    if (row < 0 || row >= m_calls.size())
        return;
    const qint64 id = m_calls.at(row).id;
    const QString recording = m_calls.at(row).recordingPath;
    m_play->setEnabled(!recording.isEmpty() && QFileInfo::exists(recording));
    m_play->setToolTip(recording.isEmpty() ? tr("This call was not recorded") : recording);
    onReader([this, id] {
        const QList<store::TurnRecord> turns = m_store ? m_store->transcript(id) : QList<store::TurnRecord>();
        QMetaObject::invokeMethod(
            this,
            [this, turns] {
                QString text;
                for (const store::TurnRecord &t : turns)
                    text += QStringLiteral("%1  %2: %3\n")
                                .arg(t.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                                     TranscriptModel::speakerLabel(speakerFromName(t.speaker)), t.text);
                m_transcript->setPlainText(text.isEmpty() ? tr("(no transcript)") : text);
                Q_EMIT transcriptShown();
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
