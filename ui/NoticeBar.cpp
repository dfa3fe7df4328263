#include "NoticeBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace callgate {

NoticeBar::NoticeBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("noticeBar"));
    setAccessibleName(tr("Messages"));
    m_rows = new QVBoxLayout(this);
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setSpacing(0);
    hide();
}

void NoticeBar::add(const QString &text)
{
    if (text.isEmpty())
        return;
    dismiss(text); // the same message again moves to the top
    auto *row = new QWidget(this);
    row->setObjectName(QStringLiteral("notice"));
    row->setProperty("text", text);
    row->setStyleSheet(QStringLiteral("QWidget#notice { background: #e7f1ff; border-bottom: 1px solid #b6d4fe; }"
                                      " QLabel { color: #052c65; }"));
    row->setAttribute(Qt::WA_StyledBackground);
    auto *line = new QHBoxLayout(row);
    line->setContentsMargins(10, 4, 4, 4);
    auto *label = new QLabel(text, row);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(row);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss this message"));
    close->setAccessibleName(tr("Dismiss this message"));
    line->addWidget(label, 1);
    line->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, [this, text] { dismiss(text); });
    m_rows->insertWidget(0, row);
    while (m_rows->count() > kKept) {
        QLayoutItem *oldest = m_rows->takeAt(m_rows->count() - 1);
        delete oldest->widget();
        delete oldest;
    }
    show();
}

QStringList NoticeBar::texts() const
{
    QStringList out;
    for (int i = 0; i < m_rows->count(); ++i)
        out << m_rows->itemAt(i)->widget()->property("text").toString();
    return out;
}

void NoticeBar::dismiss(const QString &text)
{
    for (int i = 0; i < m_rows->count(); ++i) {
        QWidget *row = m_rows->itemAt(i)->widget();
        if (row->property("text").toString() == text) {
            delete m_rows->takeAt(i);
            row->deleteLater();
            row->hide();
            break;
        }
    }
    setVisible(m_rows->count() > 0);
}

} // namespace callgate
