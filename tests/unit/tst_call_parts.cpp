// The plain parts of a call, alone: the AI's responses as the bridge tracks them (one at a time, a
// wanted one asked for at the end of the active one, only a generating one cancelled) and the
// supervisor's voice cut into turns for the AI's context.

#include "audio/G711.h"
#include "gateway/AgentTurns.h"
#include "gateway/ResponseTracker.h"

#include <QTest>

#include <cmath>

using namespace callgate;

namespace {

QByteArray frame(double amplitude, int index = 0)
{
    QByteArray f(160, Qt::Uninitialized);
    for (int i = 0; i < 160; ++i)
        f[i] = char(audio::linearToUlaw(int16_t(amplitude * std::sin(2 * M_PI * 440 * (index * 160 + i) / 8000.0))));
    return f;
}

} // namespace

class TestCallParts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneResponseAtATime();
    void onlyAGeneratingResponseIsCancelled();
    void agentTurnsStartLoudAndEndQuiet();
    void aLongTurnIsCutAndAFlushTakesTheRest();
};

void TestCallParts::oneResponseAtATime()
{
    ResponseTracker r;
    QVERIFY(!r.active());
    QVERIFY(r.want(QStringLiteral("greet")));        // send now
    QVERIFY(r.active());                             // pending until created
    QVERIFY(!r.want(QStringLiteral("say goodbye"))); // waits
    QVERIFY(!r.want(QStringLiteral("say hello")));   // the last wish wins
    r.created("resp_1");
    QCOMPARE(r.done(), std::optional<QString>(QStringLiteral("say hello")));
    QVERIFY(!r.active());
    QVERIFY(r.want(QString()));
    r.created("resp_2");
    r.forgetWanted();
    QVERIFY(!r.want(QStringLiteral("later")));
    r.forgetWanted();
    QCOMPARE(r.done(), std::nullopt);
}

void TestCallParts::onlyAGeneratingResponseIsCancelled()
{
    ResponseTracker r;
    QVERIFY(r.cancelGenerating().isEmpty()); // nothing active
    QVERIFY(r.want(QString()));
    QVERIFY(r.cancelGenerating().isEmpty()); // pending: no id to cancel yet
    r.created("resp_1");
    QCOMPARE(r.cancelGenerating(), QByteArray("resp_1"));
    QVERIFY(r.isCancelled("resp_1"));
    QVERIFY(!r.isCancelled("resp_2"));
    (void)r.done();
    QVERIFY(r.want(QString()));
    r.created("resp_2");
    r.audioDone("resp_other"); // another response's end says nothing of this one
    r.audioDone("resp_2");     // all its audio has come: nothing left to cancel
    QVERIFY(r.cancelGenerating().isEmpty());
    QVERIFY(!r.isCancelled("resp_2"));
    // Only the last few cancelled ids are kept.
    for (int i = 0; i < 20; ++i) {
        (void)r.done();
        QVERIFY(r.want(QString()));
        r.created("many_" + QByteArray::number(i));
        QVERIFY(!r.cancelGenerating().isEmpty());
    }
    QVERIFY(r.isCancelled("many_19"));
    QVERIFY(!r.isCancelled("resp_1"));
}

void TestCallParts::agentTurnsStartLoudAndEndQuiet()
{
    AgentTurns turns;
    int i = 0;
    for (; i < 30; ++i) // quiet: nothing yet (the last 200 ms are kept as the turn's start)
        QVERIFY(!turns.frame(frame(0, i)));
    for (int k = 0; k < 50; ++k, ++i) // one second of speech
        QVERIFY(!turns.frame(frame(8000, i)));
    std::optional<QByteArray> turn;
    int quiet = 0;
    while (!turn && quiet < 100) {
        turn = turns.frame(frame(0, i++));
        ++quiet;
    }
    QVERIFY(turn);
    QCOMPARE(quiet, 40); // 800 ms of quiet ends the turn
    // 200 ms before + 1 s of speech + 200 ms of the quiet tail (the rest trimmed).
    QCOMPARE(turn->size(), qsizetype((10 + 50 + 10) * 160));
    QVERIFY(!turns.flush()); // nothing under way
}

void TestCallParts::aLongTurnIsCutAndAFlushTakesTheRest()
{
    AgentTurns turns;
    std::optional<QByteArray> turn;
    int frames = 0;
    while (!turn && frames < 3000)
        turn = turns.frame(frame(8000, frames++));
    QVERIFY(turn);
    QCOMPARE(frames, 1500); // 30 s at most
    QCOMPARE(turn->size(), qsizetype(1500 * 160));
    for (int k = 0; k < 25; ++k)
        QVERIFY(!turns.frame(frame(8000, frames++)));
    const auto rest = turns.flush(); // handed back mid-sentence
    QVERIFY(rest);
    QCOMPARE(rest->size(), qsizetype(25 * 160));
}

QTEST_GUILESS_MAIN(TestCallParts)
#include "tst_call_parts.moc"
