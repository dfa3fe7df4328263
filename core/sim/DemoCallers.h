#pragma once
// A steady stream of simulated callers for the demo and the soak test: a new call every few
// seconds (up to a limit at once), each following one of a few scripts — a short question, a
// conversation with an interruption, a caller who says goodbye. Lives on its own thread (see
// SimThread).

#include "sim/TwilioCaller.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace callgate::sim {

struct DemoCallerOptions {
    QUrl gatewayUrl;
    QString publicUrl;
    QByteArray authToken;
    int intervalMs = 3000;
    int maxConcurrent = 6;
    int maxCalls = 0; // 0: no limit
};

class DemoCallers : public QObject {
    Q_OBJECT
public:
    explicit DemoCallers(DemoCallerOptions options);
    ~DemoCallers() override;
    void start();
    int placed() const { return m_placed; }
    int live() const { return int(m_callers.size()); }

    static QList<QList<CallerStep>> scripts();

private:
    void placeCall();

    DemoCallerOptions m_options;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    std::vector<std::unique_ptr<TwilioCaller>> m_callers;
    int m_placed = 0;
};

} // namespace callgate::sim
