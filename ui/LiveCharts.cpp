#include "LiveCharts.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace callgate {
namespace {
constexpr size_t kRecentLatencies = 2000;
}

LiveCharts::LiveCharts(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(110);
    setAccessibleName(tr("Calls over time and answer times"));
    describe();
}

void LiveCharts::sample(int live, int waiting)
{
    m_samples.push_back({live, waiting});
    while (m_samples.size() > size_t(kSeconds))
        m_samples.pop_front();
    update();
}

void LiveCharts::setNow(int live, int waiting)
{
    if (m_now == QPair<int, int>(live, waiting))
        return;
    m_now = {live, waiting};
    update();
}

void LiveCharts::observe(const QList<CallSummary> &calls)
{
    for (const CallSummary &c : calls) {
        if (c.phase == CallPhase::Ended) {
            m_lastSeen.remove(c.sessionId);
            continue;
        }
        if (c.lastLatencyMs < 0)
            continue;
        const auto it = m_lastSeen.find(c.sessionId);
        if (it != m_lastSeen.end() && *it == c.lastLatencyMs)
            continue;
        m_lastSeen.insert(c.sessionId, c.lastLatencyMs);
        addLatency(c.lastLatencyMs);
    }
}

void LiveCharts::addLatency(double ms)
{
    size_t i = 0;
    while (i < kBucketsMs.size() && ms > kBucketsMs[i])
        ++i;
    ++m_latency[i];
    m_recent.push_back(ms);
    if (m_recent.size() > kRecentLatencies)
        m_recent.erase(m_recent.begin(), m_recent.begin() + qsizetype(m_recent.size() - kRecentLatencies));
    describe();
    update();
}

double LiveCharts::latencyPercentile(double p) const
{
    if (m_recent.empty())
        return -1;
    std::vector<double> sorted = m_recent;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())))];
}

void LiveCharts::describe()
{
    // What the picture shows, in words, for screen readers and tooltips.
    const int live = m_samples.empty() ? 0 : m_samples.back().first;
    const QString text = m_recent.empty() ? tr("%1 live calls; no answer times yet").arg(live)
                                          : tr("%1 live calls; answer time p50 %2 ms, p95 %3 ms over the last %4 answers")
                                                .arg(live)
                                                .arg(qRound(latencyPercentile(50)))
                                                .arg(qRound(latencyPercentile(95)))
                                                .arg(m_recent.size());
    setAccessibleDescription(text);
    setToolTip(text);
}

void LiveCharts::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QRect all = rect().adjusted(4, 4, -4, -4);
    const int gap = 16;
    const QRect left(all.left(), all.top(), all.width() * 3 / 5 - gap / 2, all.height());
    const QRect right(left.right() + gap, all.top(), all.right() - left.right() - gap, all.height());
    const QColor ink = pal.color(QPalette::WindowText);
    const QFontMetrics fm(font());
    const int titleH = fm.height() + 2;

    // Calls over time.
    p.setPen(ink);
    const auto [live, waiting] = m_now;
    p.drawText(left.topLeft() + QPoint(0, fm.ascent()), tr("Live calls, last 10 min: %1 now, %2 waiting").arg(live).arg(waiting));
    const QRect plot = left.adjusted(0, titleH, 0, 0);
    p.setPen(pal.color(QPalette::Mid));
    p.drawRect(plot.adjusted(0, 0, -1, -1));
    int peak = 1;
    for (const auto &[l, w] : m_samples)
        peak = std::max(peak, l);
    const auto pointAt = [&](size_t i, int v) {
        const double x = plot.left() + double(plot.width()) * double(kSeconds - m_samples.size() + i) / double(kSeconds - 1);
        const double y = plot.bottom() - double(plot.height() - 4) * double(v) / double(peak);
        return QPointF(x, y);
    };
    if (m_samples.size() >= 2) {
        QPainterPath area;
        area.moveTo(pointAt(0, 0));
        for (size_t i = 0; i < m_samples.size(); ++i)
            area.lineTo(pointAt(i, m_samples[i].first));
        area.lineTo(pointAt(m_samples.size() - 1, 0));
        area.closeSubpath();
        p.fillPath(area, QColor(0x1f, 0x5f, 0xa8, 90));
        QPainterPath waitLine;
        waitLine.moveTo(pointAt(0, m_samples[0].second));
        for (size_t i = 1; i < m_samples.size(); ++i)
            waitLine.lineTo(pointAt(i, m_samples[i].second));
        p.setPen(QPen(QColor(0xe0, 0x8a, 0x00), 2));
        p.drawPath(waitLine);
    }
    p.setPen(ink);
    p.drawText(plot.adjusted(4, 2, -4, -2), Qt::AlignTop | Qt::AlignRight, QString::number(peak));

    // Answer times.
    p.drawText(right.topLeft() + QPoint(0, fm.ascent()),
               m_recent.empty() ? tr("Answer time (seconds)") : tr("Answer time (seconds), p50 %1 ms").arg(qRound(latencyPercentile(50))));
    const QRect bars = right.adjusted(0, titleH, 0, -fm.height());
    const int most = std::max(1, *std::max_element(m_latency.begin(), m_latency.end()));
    const int n = int(m_latency.size());
    const double w = double(bars.width()) / n;
    for (int i = 0; i < n; ++i) {
        const double h = double(bars.height() - 2) * m_latency[size_t(i)] / most;
        const QRectF bar(bars.left() + i * w + 2, bars.bottom() - h, w - 4, h);
        p.fillRect(bar, i < 3 ? QColor(0x3a, 0x8f, 0x4f) : i < 5 ? QColor(0xe0, 0x8a, 0x00) : QColor(0xc0, 0x39, 0x2b));
        const QString label = i < int(kBucketsMs.size()) ? QString::number(kBucketsMs[size_t(i)] / 1000.0, 'g', 2) : QStringLiteral(">");
        p.setPen(ink);
        p.drawText(QRectF(bars.left() + i * w, bars.bottom() + 1, w, fm.height()), Qt::AlignHCenter | Qt::AlignTop, label);
    }
}

} // namespace callgate
