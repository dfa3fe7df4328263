#include "TranscriptView.h"

#include <QScrollBar>

namespace callgate {

TranscriptView::TranscriptView(QWidget *parent) : QListView(parent)
{
    setWordWrap(true);
    setUniformItemSizes(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // The reader's own scrolling decides whether we follow.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_following = value >= verticalScrollBar()->maximum(); });
}

void TranscriptView::setModel(QAbstractItemModel *m)
{
    QListView::setModel(m);
    connect(m, &QAbstractItemModel::rowsAboutToBeInserted, this, &TranscriptView::aboutToGrow);
    connect(m, &QAbstractItemModel::rowsInserted, this, &TranscriptView::grew);
    connect(m, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_following)
            scrollToBottom();
    });
    connect(m, &QAbstractItemModel::modelReset, this, [this] {
        m_following = true;
        scrollToBottom();
    });
}

void TranscriptView::aboutToGrow() { m_wasAtEnd = m_following; }

void TranscriptView::grew()
{
    if (m_wasAtEnd) {
        scrollToBottom();
        m_following = true;
    }
}

} // namespace callgate
