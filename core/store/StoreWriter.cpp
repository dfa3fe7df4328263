#include "store/StoreWriter.h"

#include "store/CallStore.h"
#include "store/Logging.h"

#include <QTimer>

namespace callgate::store {

StoreWriter::StoreWriter()
{
    m_thread.setObjectName(QStringLiteral("callgate-store"));
    m_thread.start();
    m_timerContext = new QObject;
    m_timerContext->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_timerContext,
        [this] {
            m_store = new CallStore;
            auto *timer = new QTimer(m_timerContext);
            QObject::connect(timer, &QTimer::timeout, m_timerContext, [this] { drain(); });
            timer->start(200);
        },
        Qt::BlockingQueuedConnection);
}

StoreWriter::~StoreWriter()
{
    QMetaObject::invokeMethod(
        m_timerContext,
        [this] {
            drain();
            delete m_store;
            m_store = nullptr;
            delete m_timerContext;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

Status StoreWriter::open(const QString &database)
{
    Status result = Ok{};
    QMetaObject::invokeMethod(
        m_timerContext, [&] { result = m_store->open(database); }, Qt::BlockingQueuedConnection);
    return result;
}

void StoreWriter::setRetentionDays(int days)
{
    QMetaObject::invokeMethod(
        m_timerContext,
        [this, days] {
            m_retentionDays = days;
            if (days <= 0)
                return;
            purge();
            auto *timer = new QTimer(m_timerContext);
            QObject::connect(timer, &QTimer::timeout, m_timerContext, [this] { purge(); });
            timer->start(6 * 3600 * 1000);
        },
        Qt::BlockingQueuedConnection);
}

Status StoreWriter::openPostgres(const QUrl &url, const QString &schema)
{
    Status result = Ok{};
    QMetaObject::invokeMethod(
        m_timerContext, [&] { result = m_store->openPostgres(url, schema); }, Qt::BlockingQueuedConnection);
    return result;
}

void StoreWriter::setStatusHandler(std::function<void(bool, const QString &)> handler)
{
    QMetaObject::invokeMethod(
        m_timerContext, [&] { m_onStatus = std::move(handler); }, Qt::BlockingQueuedConnection);
}

void StoreWriter::setFiguresHandler(std::function<void(const Figures &)> handler, int intervalMs)
{
    QMetaObject::invokeMethod(
        m_timerContext,
        [&] {
            m_onFigures = std::move(handler);
            if (!m_figuresTimer) {
                m_figuresTimer = new QTimer(m_timerContext);
                QObject::connect(m_figuresTimer, &QTimer::timeout, m_timerContext, [this] { reportFigures(); });
            }
            if (m_onFigures) {
                m_figuresTimer->start(intervalMs);
                reportFigures();
            } else {
                m_figuresTimer->stop();
            }
        },
        Qt::BlockingQueuedConnection);
}

void StoreWriter::reportFigures()
{
    if (!m_onFigures)
        return;
    Figures f;
    if (m_store) {
        if (const auto totals = m_store->totals()) {
            f.calls = totals.value().calls;
            f.consentsAccepted = totals.value().consentsAccepted;
            f.consentsDeclined = totals.value().consentsDeclined;
        }
    }
    f.pending = pendingCount();
    f.writeErrors = m_errors;
    f.dropped = m_dropped;
    f.rejected = m_rejected;
    m_onFigures(f);
}

void StoreWriter::purge()
{
    if (!m_store || m_retentionDays <= 0)
        return;
    const auto purged = m_store->purgeBefore(QDateTime::currentDateTimeUtc().addDays(-m_retentionDays));
    if (!purged)
        qCWarning(lcStore).noquote() << "retention: could not delete old call records:" << purged.error();
    else if (purged.value() > 0)
        qCInfo(lcStore) << "retention: deleted" << purged.value() << "call record(s) older than" << m_retentionDays << "days";
}

void StoreWriter::onCallEvent(const CallEvent &event)
{
    switch (event.kind) {
    case CallEvent::Kind::Started:
    case CallEvent::Kind::Consent:
    case CallEvent::Kind::Escalated:
    case CallEvent::Kind::AgentTookOver:
    case CallEvent::Kind::HandedBack:
    case CallEvent::Kind::Transferred:
    case CallEvent::Kind::RecordingSaved:
    case CallEvent::Kind::TranscriptFinal:
    case CallEvent::Kind::TurnLatency:
    case CallEvent::Kind::BargeIn:
    case CallEvent::Kind::AiReconnected:
    case CallEvent::Kind::Ended: break;
    default: return; // deltas and raw protocol events are for the live console, not the record
    }
    std::lock_guard lock(m_mutex);
    if (m_pending.size() >= kMaxPending) { // the store has fallen far behind: memory stays bounded
        m_pending.erase(m_pending.begin());
        ++m_dropped;
    }
    m_pending.push_back(event);
}

size_t StoreWriter::pendingCount()
{
    std::lock_guard lock(m_mutex);
    return m_pending.size();
}

void StoreWriter::flush()
{
    QMetaObject::invokeMethod(
        m_timerContext, [this] { drain(); }, Qt::BlockingQueuedConnection);
}

void StoreWriter::drain()
{
    std::vector<CallEvent> batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_pending);
    }
    if (batch.empty() || !m_store)
        return;
    Status s = m_store->write(batch);
    if (!s && m_store->reconnect()) {
        ++m_reconnects;
        s = m_store->write(batch); // a dropped server connection: once more on a fresh one
    }
    if (!s && batch.size() > 1 && m_store->lastFailureWasData()) {
        // One bad record must not hold up the rest: write them one by one; those the database
        // refuses for what they hold are poison and are dropped (counted, logged). A failure of
        // the store itself (disk full, I/O, server away) stops this: everything is kept for the
        // next round, so a full disk never turns good records into "poison".
        std::vector<CallEvent> kept;
        size_t poison = 0;
        bool storeFailing = false;
        for (CallEvent &e : batch) {
            if (storeFailing) {
                kept.push_back(std::move(e));
                continue;
            }
            const Status one = m_store->write({e});
            if (one)
                continue;
            if (m_store->lastFailureWasData()) {
                ++poison;
                continue;
            }
            storeFailing = true;
            s = one;
            kept.push_back(std::move(e));
        }
        m_rejected += poison;
        if (poison > 0)
            qCWarning(lcStore) << "dropped" << poison << "call record(s) the database refuses for what they hold";
        batch.swap(kept);
        if (!storeFailing)
            s = Ok{};
    }
    if (s && onCommitted)
        onCommitted(batch);
    if (s && m_failing) {
        m_failing = false;
        qCInfo(lcStore) << "call records are being written again";
        if (m_onStatus)
            m_onStatus(true, QString());
    }
    if (!s) {
        ++m_errors;
        if (!m_failing) {
            m_failing = true;
            if (m_onStatus)
                m_onStatus(false, s.error());
        }
        qCWarning(lcStore).noquote() << s.error() << "- will retry";
        std::lock_guard lock(m_mutex); // keep them for the next round, oldest first
        batch.insert(batch.end(), std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.end()));
        m_pending.swap(batch);
        // Bounded: if the database stays away, the oldest records go rather than the memory.
        if (m_pending.size() > kMaxPending) {
            m_dropped += m_pending.size() - kMaxPending;
            m_pending.erase(m_pending.begin(), m_pending.begin() + qsizetype(m_pending.size() - kMaxPending));
        }
    }
}

} // namespace callgate::store
