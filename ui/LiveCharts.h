#pragma once
// A small picture of the gateway at work, painted with QPainter: live calls (and those waiting for
// an agent) over the last ten minutes, and how quickly the assistant answered (turn latency)
// as a histogram. Fed from the operator link's coalesced updates; GUI thread only.

#include "call/CallSummary.h"

#include <QHash>
#include <QWidget>

#include <array>
#include <deque>

namespace callgate {

class LiveCharts : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSeconds = 600;
    static constexpr std::array<int, 7> kBucketsMs = {250, 500, 750, 1000, 1500, 2000, 3000}; // upper bounds; then "more"

    explicit LiveCharts(QWidget *parent = nullptr);

    // Once a second: how many calls are live and how many wait for an agent.
    void sample(int live, int waiting);
    // As often as the console refreshes: the counts the title says "now" (the same the status bar
    // shows; the curve keeps its one sample a second).
    void setNow(int live, int waiting);
    QPair<int, int> now() const { return m_now; }
    // From each update of the calls: every new turn latency counts once.
    void observe(const QList<callgate::CallSummary> &calls);
    void addLatency(double ms);

    const std::deque<QPair<int, int>> &samples() const { return m_samples; }
    const std::array<int, kBucketsMs.size() + 1> &latencyCounts() const { return m_latency; }
    double latencyPercentile(double p) const;

    QSize sizeHint() const override { return {600, 130}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void describe();
    std::deque<QPair<int, int>> m_samples; // (live, waiting), oldest first
    QPair<int, int> m_now{0, 0};
    std::array<int, kBucketsMs.size() + 1> m_latency{};
    std::vector<double> m_recent;         // the last latencies, for percentiles
    QHash<QByteArray, double> m_lastSeen; // per call: the latency already counted
};

} // namespace callgate
