#pragma once
// Feeds call events to the CallStore on a thread of its own. onCallEvent() is called on worker
// threads: it only appends to a queue under a mutex; the store thread writes what has queued
// every 200 ms in one transaction, so a crash loses at most the last fraction of a second.

#include "call/CallEvents.h"
#include "util/Result.h"

#include <QThread>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace callgate::store {

class CallStore;

class StoreWriter : public CallObserver {
public:
    StoreWriter();
    ~StoreWriter() override; // writes what is queued, then stops the thread

    // Opens (and migrates) the database on the store thread: a SQLite path or a postgres:// URL.
    Status open(const QString &database);
    Status openPostgres(const QUrl &url, const QString &schema);
    // Deletes records older than `days` now and every six hours (0: never).
    void setRetentionDays(int days);
    void onCallEvent(const CallEvent &event) override;
    // Writes what is queued now and waits for it (tests, shutdown).
    void flush();

    // Called on the store thread whenever writing starts failing or recovers. Set (or clear, with
    // nullptr) from any thread; takes effect before this returns.
    void setStatusHandler(std::function<void(bool ok, const QString &detail)> handler);

    // Called on the store thread every few seconds with what the database holds (calls, consents)
    // and the writer's own counters, for /metrics. Set from any thread; nullptr clears it.
    struct Figures {
        qint64 calls = -1; // -1: the database could not be read
        qint64 consentsAccepted = 0;
        qint64 consentsDeclined = 0;
        quint64 pending = 0;
        quint64 writeErrors = 0;
        quint64 dropped = 0;
        quint64 rejected = 0;
    };
    void setFiguresHandler(std::function<void(const Figures &)> handler, int intervalMs = 5000);

    // Benchmarks: called on the store thread after each batch is committed.
    std::function<void(const std::vector<CallEvent> &)> onCommitted;

    quint64 writeErrors() const { return m_errors; }
    quint64 droppedEvents() const { return m_dropped; }
    quint64 reconnects() const { return m_reconnects; }
    quint64 rejectedEvents() const { return m_rejected; }
    size_t pendingCount();

private:
    void drain();
    void purge();
    void reportFigures();
    int m_retentionDays = 0;                               // store thread
    bool m_failing = false;                                // store thread
    std::function<void(bool, const QString &)> m_onStatus; // store thread
    std::function<void(const Figures &)> m_onFigures;      // store thread
    QTimer *m_figuresTimer = nullptr;                      // store thread
    QThread m_thread;
    CallStore *m_store = nullptr; // lives on m_thread
    QObject *m_timerContext = nullptr;
    std::mutex m_mutex;
    std::vector<CallEvent> m_pending;
    std::atomic<quint64> m_errors{0};
    std::atomic<quint64> m_dropped{0};
    std::atomic<quint64> m_reconnects{0};
    std::atomic<quint64> m_rejected{0};
    static constexpr size_t kMaxPending = 100000;
};

} // namespace callgate::store
