#include "QueuePanel.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace callgate {

QueuePanel::QueuePanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("queuePanel"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);
    for (const char *key : {"waiting", "longestWait", "byAi", "byPerson", "transferred", "abandoned", "serviceLevel"})
        addTile(QLatin1String(key));
    row->addStretch(1);
    retranslate();
    setWaiting(0, 0);
    set(QStringLiteral("byAi"), QStringLiteral("–"));
    set(QStringLiteral("byPerson"), QStringLiteral("–"));
    set(QStringLiteral("transferred"), QStringLiteral("–"));
    set(QStringLiteral("abandoned"), QStringLiteral("–"));
    set(QStringLiteral("serviceLevel"), QStringLiteral("–"));
}

void QueuePanel::retranslate()
{
    setAccessibleName(tr("Queue"));
    const auto say = [this](const QString &key, const QString &caption, const QString &help) {
        Tile &t = m_tiles[key];
        if (key != QLatin1String("serviceLevel") || t.caption->text().isEmpty())
            t.caption->setText(caption);
        t.help = help;
        t.value->parentWidget()->setToolTip(help);
    };
    say(QStringLiteral("waiting"), tr("waiting now"), tr("Callers waiting for a person now"));
    say(QStringLiteral("longestWait"), tr("longest wait"), tr("How long the caller who has waited longest has waited"));
    say(QStringLiteral("byAi"), tr("by the AI today"), tr("Calls today the AI handled alone"));
    say(QStringLiteral("byPerson"), tr("by a person"), tr("Calls today a supervisor took"));
    say(QStringLiteral("transferred"), tr("transferred"), tr("Calls today handed to another number"));
    say(QStringLiteral("abandoned"), tr("abandoned"),
        tr("Callers today who asked for a person and were never answered by one: they hung up, or no one was free"));
    say(QStringLiteral("serviceLevel"), tr("service level"), QString());
    if (m_serviceLevelSeconds > 0)
        setDay(m_day, m_serviceLevelSeconds);
}

void QueuePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && !m_tiles.isEmpty())
        retranslate();
    QWidget::changeEvent(event);
}

void QueuePanel::addTile(const QString &key)
{
    auto *frame = new QFrame(this);
    frame->setObjectName(key);
    frame->setFrameShape(QFrame::StyledPanel);
    auto *box = new QVBoxLayout(frame);
    box->setContentsMargins(8, 2, 8, 2);
    box->setSpacing(0);
    Tile t;
    t.value = new QLabel(frame);
    QFont big = t.value->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    t.value->setFont(big);
    t.caption = new QLabel(frame);
    box->addWidget(t.value);
    box->addWidget(t.caption);
    static_cast<QHBoxLayout *>(layout())->addWidget(frame);
    m_tiles.insert(key, t);
}

void QueuePanel::set(const QString &key, const QString &value, const QString &tip)
{
    Tile &t = m_tiles[key];
    t.value->setText(value);
    const QString help = tip.isEmpty() ? t.help : tip;
    t.value->parentWidget()->setToolTip(help);
    t.value->parentWidget()->setAccessibleName(t.caption->text() + QStringLiteral(": ") + value);
    t.value->parentWidget()->setAccessibleDescription(help);
}

void QueuePanel::setWaiting(int count, qint64 longestWaitSeconds)
{
    set(QStringLiteral("waiting"), QString::number(count));
    set(QStringLiteral("longestWait"),
        count == 0 ? QStringLiteral("–")
                   : QStringLiteral("%1:%2").arg(longestWaitSeconds / 60).arg(longestWaitSeconds % 60, 2, 10, QLatin1Char('0')));
    // Someone waiting stands out, as their row does.
    m_tiles[QStringLiteral("waiting")].value->parentWidget()->setStyleSheet(
        count > 0 ? QStringLiteral("QFrame#waiting { background: #ffe8a3; }") : QString());
}

void QueuePanel::setDay(const store::QueueFigures &f, int serviceLevelSeconds)
{
    m_day = f;
    m_serviceLevelSeconds = serviceLevelSeconds;
    set(QStringLiteral("byAi"), QString::number(f.byAi));
    set(QStringLiteral("byPerson"), QString::number(f.byPerson));
    set(QStringLiteral("transferred"), QString::number(f.transferred));
    set(QStringLiteral("abandoned"), QString::number(f.abandoned));
    m_tiles[QStringLiteral("serviceLevel")].caption->setText(tr("answered in %1 s").arg(serviceLevelSeconds));
    if (f.askedForPerson == 0) {
        set(QStringLiteral("serviceLevel"), QStringLiteral("–"), tr("No caller has asked for a person today"));
        return;
    }
    set(QStringLiteral("serviceLevel"), tr("%1 %").arg(qRound(100.0 * f.answeredInTime / f.askedForPerson)),
        tr("%1 of %2 callers who asked for a person today were taken within %3 s")
            .arg(f.answeredInTime)
            .arg(f.askedForPerson)
            .arg(serviceLevelSeconds));
}

void QueuePanel::setDayUnavailable(const QString &why)
{
    for (const QString &key : {QStringLiteral("byAi"), QStringLiteral("byPerson"), QStringLiteral("transferred"),
                               QStringLiteral("abandoned"), QStringLiteral("serviceLevel")})
        set(key, QStringLiteral("?"), tr("The call records cannot be read: %1").arg(why));
}

QString QueuePanel::figure(const QString &key) const { return m_tiles.value(key).value ? m_tiles.value(key).value->text() : QString(); }
QString QueuePanel::caption(const QString &key) const
{
    return m_tiles.value(key).caption ? m_tiles.value(key).caption->text() : QString();
}

} // namespace callgate
