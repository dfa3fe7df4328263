// The reactor's transports: what one wake-up of a socket makes us write leaves in one send per
// socket, and nothing written that way is lost when the connection is aborted, closed or dropped
// right after. Real non-blocking socket pairs on this thread's reactor; the sends are counted as
// /metrics counts them (net::ioStats()).

#include "gateway/Metrics.h"
#include "net/IoStats.h"
#include "net/Transport.h"

#include <QTest>

#include <cerrno>
#include <functional>
#include <sys/socket.h>
#include <unistd.h>

using namespace callgate;

namespace {

struct Pair {
    int ours = -1;   // adopted by a transport
    int theirs = -1; // the test's end, read and written directly
    Pair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            ours = fds[0];
            theirs = fds[1];
        }
    }
    ~Pair()
    {
        if (theirs >= 0)
            ::close(theirs);
    }
    // Everything readable within `ms`, and whether the other end closed.
    QByteArray drain(int ms, bool *closed = nullptr) const
    {
        QByteArray got;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            char buffer[4096];
            const ssize_t n = ::recv(theirs, buffer, sizeof buffer, 0);
            if (n > 0) {
                got.append(buffer, n);
                continue;
            }
            if (n == 0) {
                if (closed)
                    *closed = true;
                break;
            }
            QTest::qWait(5);
        }
        return got;
    }
};

// Runs `work` inside the reader's handler, as a wake-up of its socket does (after reading it dry).
void whenReadable(net::Transport &reader, std::function<void()> work)
{
    reader.onReadable = [&reader, work = std::move(work)] {
        char buffer[64];
        while (reader.read(buffer, sizeof buffer) > 0) {
        }
        work();
    };
}

// Makes the adopted end of `pair` readable: its handler runs on the next turn of the event loop.
bool wakeUp(const Pair &pair) { return ::send(pair.theirs, "x", 1, 0) == 1; }

} // namespace

class TestReactor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writesMadeInOneHandlerLeaveInOneSend();
    void writesOutsideAHandlerLeaveAtOnce();
    void abortSendsWhatWasWrittenFirst();
    void closeAfterWritingSendsFirst();
    void droppingTheTransportKeepsWhatWasWritten();
    void eachSocketGetsOneSend();
    void metricsCountTheCalls();
};

void TestReactor::writesMadeInOneHandlerLeaveInOneSend()
{
    Pair in, out;
    auto reader = net::adoptDescriptor(in.ours);
    auto writer = net::adoptDescriptor(out.ours);
    quint64 sendsInHandler = 0;
    whenReadable(*reader, [&] {
        const quint64 before = net::ioStats().sends;
        writer->write("media;", 6);
        writer->write("mark;", 5);
        writer->write("more", 4);
        sendsInHandler = net::ioStats().sends - before;
        QCOMPARE(writer->queuedBytes(), 15); // waiting for the handler's end
    });
    const quint64 before = net::ioStats().sends;
    QVERIFY(wakeUp(in));
    QCOMPARE(out.drain(500), QByteArray("media;mark;more"));
    QCOMPARE(sendsInHandler, 0u);
    QCOMPARE(net::ioStats().sends - before, 1u);
    QCOMPARE(writer->queuedBytes(), 0);
}

void TestReactor::writesOutsideAHandlerLeaveAtOnce()
{
    Pair out;
    auto writer = net::adoptDescriptor(out.ours);
    const quint64 before = net::ioStats().sends;
    writer->write("a", 1);
    QCOMPARE(net::ioStats().sends - before, 1u); // a timer's write is not held back
    writer->write("b", 1);
    QCOMPARE(net::ioStats().sends - before, 2u);
    QCOMPARE(out.drain(200), QByteArray("ab"));
}

void TestReactor::abortSendsWhatWasWrittenFirst()
{
    Pair in, out;
    auto reader = net::adoptDescriptor(in.ours);
    auto writer = net::adoptDescriptor(out.ours);
    whenReadable(*reader, [&] {
        writer->write("last words", 10);
        writer->abort();
        writer.reset(); // an owner that drops an aborted transport at once
    });
    QVERIFY(wakeUp(in));
    bool closed = false;
    QCOMPARE(out.drain(1000, &closed), QByteArray("last words"));
    QVERIFY(closed);
}

void TestReactor::closeAfterWritingSendsFirst()
{
    Pair in, out;
    auto reader = net::adoptDescriptor(in.ours);
    auto writer = net::adoptDescriptor(out.ours);
    QString why;
    writer->onClosed = [&](const QString &reason) { why = reason; };
    whenReadable(*reader, [&] {
        writer->write("goodbye", 7);
        writer->closeGracefully();
    });
    QVERIFY(wakeUp(in));
    bool closed = false;
    QCOMPARE(out.drain(1000, &closed), QByteArray("goodbye"));
    QVERIFY(closed);
    QTRY_COMPARE(why, QStringLiteral("closed"));
}

void TestReactor::droppingTheTransportKeepsWhatWasWritten()
{
    Pair in, out;
    auto reader = net::adoptDescriptor(in.ours);
    auto writer = net::adoptDescriptor(out.ours);
    whenReadable(*reader, [&] {
        writer->write("still sent", 10);
        writer.reset(); // the owner goes in the same handler: the reactor must not flush a freed transport
    });
    QVERIFY(wakeUp(in));
    bool closed = false;
    QCOMPARE(out.drain(1000, &closed), QByteArray("still sent"));
    QVERIFY(closed);
    QVERIFY(!writer);
}

void TestReactor::eachSocketGetsOneSend()
{
    Pair in, a, b;
    auto reader = net::adoptDescriptor(in.ours);
    auto toA = net::adoptDescriptor(a.ours);
    auto toB = net::adoptDescriptor(b.ours);
    whenReadable(*reader, [&] {
        for (int i = 0; i < 5; ++i) {
            toA->write("A", 1);
            toB->write("B", 1);
        }
    });
    const quint64 before = net::ioStats().sends;
    QVERIFY(wakeUp(in));
    QCOMPARE(a.drain(300), QByteArray("AAAAA"));
    QCOMPARE(b.drain(300), QByteArray("BBBBB"));
    QCOMPARE(net::ioStats().sends - before, 2u);
}

void TestReactor::metricsCountTheCalls()
{
    Pair in;
    auto reader = net::adoptDescriptor(in.ours);
    int reads = 0;
    reader->onReadable = [&] {
        char buffer[64];
        while (reader->read(buffer, sizeof buffer) > 0)
            ++reads;
    };
    const net::IoStats before = net::ioStats();
    QVERIFY(wakeUp(in));
    QTRY_COMPARE(reads, 1);
    const net::IoStats after = net::ioStats();
    QCOMPARE(after.receives - before.receives, 2u); // the byte, then "nothing more"
    QVERIFY(after.epollWaits > before.epollWaits);
    const QByteArray text = Metrics().prometheusText({});
    QVERIFY(text.contains(QByteArray("callgate_socket_calls_total{call=\"recv\"} " + QByteArray::number(quint64(after.receives)) + '\n')));
    QVERIFY(text.contains("callgate_socket_calls_total{call=\"send\"} "));
    QVERIFY(text.contains("callgate_socket_calls_total{call=\"epoll_wait\"} "));
}

QTEST_GUILESS_MAIN(TestReactor)
#include "tst_reactor.moc"
