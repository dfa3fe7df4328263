#pragma once
// SIGTERM/SIGINT → a queued Qt signal. The Unix handler only write()s the signal number to a
// socketpair (async-signal-safe); a QSocketNotifier on the main thread turns it into
// terminationRequested(). Create one, on the main thread, after the application object.

#include <QObject>

class QSocketNotifier;

namespace callgate {

class SignalHandler : public QObject {
    Q_OBJECT
public:
    explicit SignalHandler(QObject *parent = nullptr);
    ~SignalHandler() override;

Q_SIGNALS:
    // count: 1 for the first signal (drain), 2+ for repeats (stop now).
    void terminationRequested(int signalNumber, int count);

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
    int m_count = 0;
};

} // namespace callgate
