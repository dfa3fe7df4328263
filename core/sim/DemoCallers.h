#pragma once
// A steady stream of simulated callers for the demo and the soak test: a new call every few
// seconds (up to a limit at once), each following one of a few scripts — a mobile caller with a
// question, a landline caller who keys in a mobile number, a conversation with an interruption, a
// caller who asks for a person. Lives on its own thread (see
// SimThread).

#include "sim/TwilioCaller.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace callgate::sim {

class TwilioRestSim;

struct DemoCallerOptions {
    TwilioRestSim *rest = nullptr; // where Calls updates reach the callers; its Lookup table is filled
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

    struct Script {
        QString lineType;         // what Lookup says about the caller ID
        QStringList gatherDigits; // keys at the prompts (a landline caller keys a mobile number)
        QList<CallerStep> steps;  // on the stream
    };
    static QList<Script> scripts();

private:
    void placeCall();

    DemoCallerOptions m_options;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    std::vector<std::unique_ptr<TwilioCaller>> m_callers;
    int m_placed = 0;
};

} // namespace callgate::sim
