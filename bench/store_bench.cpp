// Call-record store under load: two threads (as the two workers would) publish transcript turns
// for many live calls as fast as the store takes them (never more than 20,000 queued), or at a
// fixed rate, for D seconds. Prints one JSON line:
// sustained turns per second committed, and the added latency from publish to commit (p50, p99,
// max), which is bounded below by the 200 ms batching interval.
//
//   store_bench [--seconds 10] [--calls 200] [--rate 0 (= as fast as possible; else turns/s)]
//               [--database PATH-OR-postgres://URL]

#include "store/StoreWriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

using namespace callgate;

namespace {
int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("seconds"), QStringLiteral("How long to publish."), QStringLiteral("s"), QStringLiteral("10")},
                  {QStringLiteral("calls"), QStringLiteral("Live calls the turns belong to."), QStringLiteral("n"), QStringLiteral("200")},
                  {QStringLiteral("rate"), QStringLiteral("Turns per second to publish (0: as fast as possible)."), QStringLiteral("n"),
                   QStringLiteral("0")},
                  {QStringLiteral("database"), QStringLiteral("SQLite path or postgres:// URL (default: a temporary SQLite file)."),
                   QStringLiteral("db")}});
    p.process(app);
    const int seconds = p.value(QStringLiteral("seconds")).toInt();
    const int calls = p.value(QStringLiteral("calls")).toInt();
    const double rate = p.value(QStringLiteral("rate")).toDouble();
    QTemporaryDir dir;
    const QString database =
        p.isSet(QStringLiteral("database")) ? p.value(QStringLiteral("database")) : dir.filePath(QStringLiteral("bench.sqlite"));

    store::StoreWriter writer;
    if (const Status s = writer.open(database); !s) {
        std::fprintf(stderr, "store_bench: %s\n", qPrintable(s.error()));
        return 2;
    }
    std::mutex latencyMutex;
    std::vector<float> latencyMs;
    std::atomic<int64_t> committed{0};
    writer.onCommitted = [&](const std::vector<CallEvent> &batch) {
        const int64_t t = nowNs();
        std::lock_guard lock(latencyMutex);
        for (const CallEvent &e : batch) {
            if (e.kind == CallEvent::Kind::TranscriptFinal) {
                latencyMs.push_back(float(double(t - e.valueMs) / 1e6)); // valueMs carries the publish time here
                ++committed;
            }
        }
    };
    // Open every call first (session ids unique to this run: a shared database keeps history).
    const QByteArray run = "bench-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch(), 36) + '-';
    for (int c = 0; c < calls; ++c) {
        CallEvent e;
        e.kind = CallEvent::Kind::Started;
        e.sessionId = run + QByteArray::number(c);
        e.callSid = QStringLiteral("CA%1").arg(c, 32, 10, QLatin1Char('0'));
        e.caller = QStringLiteral("+1415555%1").arg(1000 + c);
        e.at = QDateTime::currentDateTimeUtc();
        writer.onCallEvent(e);
    }
    writer.flush();
    {
        std::lock_guard lock(latencyMutex);
        latencyMs.clear();
        committed = 0;
    }

    const int64_t start = nowNs();
    const int64_t end = start + int64_t(seconds) * 1'000'000'000;
    std::atomic<int64_t> published{0};
    auto producer = [&](int id) {
        const QString text = QStringLiteral("Thank you. Your order shipped yesterday and should arrive tomorrow before noon.");
        int64_t n = 0;
        while (nowNs() < end) {
            if (rate > 0) {
                const int64_t due = start + int64_t(double(published.load() + 1) / rate * 1e9);
                if (nowNs() < due) {
                    std::this_thread::sleep_for(std::chrono::microseconds(200));
                    continue;
                }
            }
            CallEvent e;
            e.kind = CallEvent::Kind::TranscriptFinal;
            e.sessionId = run + QByteArray::number(int((n * 2 + id) % calls));
            e.speaker = n % 2 ? Speaker::Caller : Speaker::Assistant;
            e.text = text;
            e.at = QDateTime::currentDateTimeUtc();
            e.valueMs = double(nowNs());
            writer.onCallEvent(e);
            ++published;
            ++n;
            // Closed loop: never run more than a couple of batches ahead of the store.
            if (rate <= 0 && n % 256 == 0) {
                while (writer.pendingCount() > 20000 && nowNs() < end)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
    };
    std::thread a(producer, 0), b(producer, 1);
    a.join();
    b.join();
    writer.flush();
    const double elapsed = double(nowNs() - start) / 1e9;
    std::sort(latencyMs.begin(), latencyMs.end());
    const auto pct = [&](double q) {
        return latencyMs.empty() ? 0.0 : double(latencyMs[std::min(latencyMs.size() - 1, size_t(q * double(latencyMs.size())))]);
    };
    const QJsonObject out{{QStringLiteral("database"),
                           database.startsWith(QLatin1String("postgres")) ? QStringLiteral("postgresql") : QStringLiteral("sqlite")},
                          {QStringLiteral("published"), double(published.load())},
                          {QStringLiteral("committed"), double(committed.load())},
                          {QStringLiteral("turnsPerSecond"), double(committed.load()) / elapsed},
                          {QStringLiteral("publishToCommitMs"),
                           QJsonObject{{QStringLiteral("p50"), pct(0.5)},
                                       {QStringLiteral("p99"), pct(0.99)},
                                       {QStringLiteral("max"), latencyMs.empty() ? 0.0 : double(latencyMs.back())}}},
                          {QStringLiteral("writeErrors"), double(writer.writeErrors())}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
