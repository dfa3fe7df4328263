#include "LevelMeter.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace callgate {
namespace {

double toFraction(float rms)
{
    if (rms <= 0.001f)
        return 0.0;
    return std::clamp((20.0 * std::log10(double(rms)) + 60.0) / 60.0, 0.0, 1.0);
}

} // namespace

LevelMeter::LevelMeter(const QString &name, QWidget *parent) : QWidget(parent)
{
    setName(name);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void LevelMeter::setName(const QString &name)
{
    m_name = name;
    setAccessibleName(tr("%1 level").arg(name));
    update();
}

void LevelMeter::setLevel(float rms)
{
    m_level = rms;
    m_shown = std::max(rms, m_shown * 0.7f);
    const double db = rms > 0.001f ? 20.0 * std::log10(double(rms)) : -60.0;
    setToolTip(tr("%1: %2 dBFS").arg(m_name).arg(db, 0, 'f', 0));
    update();
}

QSize LevelMeter::sizeHint() const { return {fontMetrics().horizontalAdvance(m_name) + 110, fontMetrics().height() + 6}; }

void LevelMeter::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const int labelWidth = fontMetrics().horizontalAdvance(m_name) + 8;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 0, labelWidth, height()), Qt::AlignVCenter | Qt::AlignLeft, m_name);
    const QRect bar(labelWidth, 3, width() - labelWidth - 1, height() - 7);
    p.fillRect(bar, palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(bar);
    const double f = toFraction(m_shown);
    const int filled = int(f * (bar.width() - 2));
    const QColor colour = f > 57.0 / 60.0 ? QColor(0xc6, 0x28, 0x28)
        : f > 48.0 / 60.0                 ? QColor(0xf9, 0xa8, 0x25)
                                          : QColor(0x2e, 0x7d, 0x32);
    p.fillRect(QRect(bar.left() + 1, bar.top() + 1, filled, bar.height() - 1), colour);
}

} // namespace callgate
