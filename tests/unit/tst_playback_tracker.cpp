// What the caller has heard, from marks: the model behind an exact barge-in.

#include "gateway/PlaybackTracker.h"

#include <QTest>

using namespace callgate;

class TestPlaybackTracker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nothingHeardBeforePlaybackStarts();
    void echoDatesThePlaybackStart();
    void aLateEchoDoesNotPullTheEstimateBack();
    void neverMoreThanWasSent();
    void marksEveryIntervalAndAtTheEnd();
    void clearEndsTheItemAndIgnoresFlushedEchoes();
    void learnedDelayCarriesToTheNextItem();
};

void TestPlaybackTracker::nothingHeardBeforePlaybackStarts()
{
    PlaybackTracker t(4000, 100);
    t.audioSent("item1", 8000, 1000); // 1 s of audio at t=1000
    QCOMPARE(t.heardMs(1050), 0);     // the 100 ms initial delay has not passed
    QCOMPARE(t.heardMs(1300), 200);
    QVERIFY(t.audioPending(1300));
}

void TestPlaybackTracker::echoDatesThePlaybackStart()
{
    PlaybackTracker t(4000, 100);
    t.audioSent("item1", 4000, 0);
    const QByteArray m1 = t.nextMark(0);
    QCOMPARE(m1, QByteArray("m1"));
    t.audioSent("item1", 4000, 5);
    // The first 500 ms played from t=120 to t=620.
    t.markEchoed(m1, 620);
    QCOMPARE(t.heardMs(620), 500);
    QCOMPARE(t.heardMs(820), 700);
    QCOMPARE(t.learnedDelayMs(), 120);
}

void TestPlaybackTracker::aLateEchoDoesNotPullTheEstimateBack()
{
    PlaybackTracker t(1000, 100);
    t.audioSent("a", 1000, 0);
    const QByteArray m1 = t.nextMark(0);
    t.audioSent("a", 1000, 1);
    const QByteArray m2 = t.nextMark(1);
    t.audioSent("a", 6000, 2);
    t.markEchoed(m1, 245); // 125 ms played: started at 120
    t.markEchoed(m2, 400); // should have come at 370: processed 30 ms late
    QCOMPARE(t.heardMs(400), 280);
}

void TestPlaybackTracker::neverMoreThanWasSent()
{
    PlaybackTracker t(4000, 0);
    t.audioSent("a", 800, 0);
    QCOMPARE(t.heardMs(100000), 100);
    QVERIFY(!t.audioPending(100000) || t.heardBytes(100000) == 800);
}

void TestPlaybackTracker::marksEveryIntervalAndAtTheEnd()
{
    PlaybackTracker t(4000, 100);
    t.audioSent("a", 3000, 0);
    QVERIFY(t.nextMark(0).isEmpty());
    t.audioSent("a", 1000, 1);
    QCOMPARE(t.nextMark(1), QByteArray("m1"));
    t.audioSent("a", 500, 2);
    QVERIFY(t.nextMark(2).isEmpty());
    QCOMPARE(t.nextMark(2, true), QByteArray("m2"));
    QVERIFY(t.nextMark(2, true).isEmpty()); // nothing new since
}

void TestPlaybackTracker::clearEndsTheItemAndIgnoresFlushedEchoes()
{
    PlaybackTracker t(4000, 100);
    t.audioSent("a", 16000, 0);
    const QByteArray m1 = t.nextMark(0);
    t.markEchoed("m0", 10); // unknown: ignored
    QCOMPARE(t.heardMs(600), 500);
    t.cleared(600);
    QVERIFY(!t.audioPending(600));
    t.markEchoed(m1, 601); // flushed by the clear: must not count as played
    QVERIFY(!t.audioPending(700));
    QVERIFY(t.currentItem().isEmpty());
}

void TestPlaybackTracker::learnedDelayCarriesToTheNextItem()
{
    PlaybackTracker t(800, 100);
    t.audioSent("a", 800, 0);
    t.markEchoed(t.nextMark(0), 340); // 100 ms played: started at 240
    QCOMPARE(t.learnedDelayMs(), 240);
    t.audioSent("b", 8000, 1000);
    QCOMPARE(t.heardMs(1240), 0);
    QCOMPARE(t.heardMs(1340), 100);
}

QTEST_GUILESS_MAIN(TestPlaybackTracker)
#include "tst_playback_tracker.moc"
