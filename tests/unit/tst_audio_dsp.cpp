// The sound path's arithmetic: resampling with a real filter (tones keep their pitch, nothing
// folds back), the lock-free rings (wrapping, indices), the call tap (cuts, agent audio), and the
// Ogg Opus reader against the recorder that writes the files.
#include "TestGateway.h"
#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "audio/OggOpusReader.h"
#include "audio/Resampler.h"
#include "audio/SpscRing.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace callgate;
using namespace callgate::audio;

namespace {

std::vector<float> tone(double hz, int rate, int samples, double amplitude = 0.5)
{
    std::vector<float> x(static_cast<size_t>(samples));
    for (int i = 0; i < samples; ++i)
        x[size_t(i)] = float(amplitude * std::sin(2 * M_PI * hz * i / rate));
    return x;
}

// Power of one frequency in a signal (Goertzel), normalised to the signal's length.
double powerAt(const float *x, size_t n, double hz, int rate)
{
    const double w = 2 * M_PI * hz / rate;
    const double coeff = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; ++i) {
        const double s = x[i] + coeff * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / double(n * n);
}

double rms(const float *x, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; ++i)
        sum += double(x[i]) * x[i];
    return std::sqrt(sum / double(n));
}

std::vector<float> resampleInBlocks(Resampler &r, const std::vector<float> &in, size_t block)
{
    std::vector<float> out;
    for (size_t at = 0; at < in.size(); at += block)
        r.process(in.data() + at, std::min(block, in.size() - at), out);
    return out;
}

} // namespace

class TestAudioDsp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void upsamplingKeepsThePitch_data();
    void upsamplingKeepsThePitch();
    void downsamplingRemovesWhatWouldFoldBack();
    void blockSizeDoesNotChangeTheResult();
    void ringWrapsAndCounts();
    void tapCutsTheOtherSideAndCarriesAgentAudio();
    void readerDecodesWhatTheRecorderWrote();
    void readerSeeksToTheSampleAsIfPlayedThrough();
};

void TestAudioDsp::upsamplingKeepsThePitch_data()
{
    QTest::addColumn<int>("rate");
    QTest::newRow("48 kHz") << 48000;
    QTest::newRow("44.1 kHz") << 44100;
    QTest::newRow("16 kHz") << 16000;
}

void TestAudioDsp::upsamplingKeepsThePitch()
{
    QFETCH(int, rate);
    Resampler r(8000, rate);
    const auto in = tone(1000, 8000, 8000); // one second
    const auto out = resampleInBlocks(r, in, 40);
    // One second in is one second out (less the filter's tail still inside it).
    QVERIFY2(std::abs(double(out.size()) - rate) < 2, qPrintable(QString::number(out.size())));
    // Past the filter's start-up, the 1 kHz tone is all there is: its level kept, no images at
    // 8 kHz − 1 kHz or 8 kHz + 1 kHz (what sample repetition would leave).
    const size_t skip = size_t(r.delayOut()) * 2;
    const float *steady = out.data() + skip;
    const size_t n = out.size() - skip;
    QVERIFY2(std::abs(rms(steady, n) - 0.5 / std::sqrt(2.0)) < 0.01, qPrintable(QString::number(rms(steady, n))));
    const double signal = powerAt(steady, n, 1000, rate);
    if (rate > 14000) {
        const double image = std::max(powerAt(steady, n, 7000, rate), powerAt(steady, n, 9000, rate));
        QVERIFY2(10 * std::log10(signal / image) > 60, qPrintable(QString::number(10 * std::log10(signal / image))));
    }
}

void TestAudioDsp::downsamplingRemovesWhatWouldFoldBack()
{
    // A microphone at 48 kHz: speech at 1 kHz passes, a 5 kHz whistle (which would fold to 3 kHz at
    // 8 kHz) is gone.
    Resampler r(48000, 8000);
    const auto speech = tone(1000, 48000, 48000, 0.3);
    const auto whistle = tone(5000, 48000, 48000, 0.3);
    Resampler r2(48000, 8000);
    const auto a = resampleInBlocks(r, speech, 480);
    const auto b = resampleInBlocks(r2, whistle, 480);
    QVERIFY(std::abs(double(a.size()) - 8000) < 2);
    const size_t skip = size_t(r.delayOut()) * 2;
    const double kept = rms(a.data() + skip, a.size() - skip);
    const double folded = rms(b.data() + skip, b.size() - skip);
    QVERIFY2(std::abs(kept - 0.3 / std::sqrt(2.0)) < 0.01, qPrintable(QString::number(kept)));
    QVERIFY2(20 * std::log10(kept / folded) > 55, qPrintable(QString::number(20 * std::log10(kept / folded))));
}

void TestAudioDsp::blockSizeDoesNotChangeTheResult()
{
    const auto in = tone(440, 44100, 4410);
    Resampler one(44100, 8000);
    Resampler many(44100, 8000);
    std::vector<float> whole;
    one.process(in.data(), in.size(), whole);
    const auto pieces = resampleInBlocks(many, in, 37);
    QCOMPARE(pieces.size(), whole.size());
    for (size_t i = 0; i < whole.size(); ++i)
        QVERIFY(std::abs(pieces[i] - whole[i]) < 1e-6f);
}

void TestAudioDsp::ringWrapsAndCounts()
{
    SpscRing<int> ring(5); // rounds up to 8
    QCOMPARE(ring.capacity(), size_t(8));
    int data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    int out[8] = {};
    for (int round = 0; round < 5; ++round) {
        QCOMPARE(ring.write(data, 6), size_t(6));
        QCOMPARE(ring.write(data, 6), size_t(2)); // only what fits
        QCOMPARE(ring.read(out, 3), size_t(3));
        QCOMPARE(out[0], 1);
        QCOMPARE(ring.skip(3), size_t(3));
        QCOMPARE(ring.read(out, 8), size_t(2));
        QCOMPARE(out[0], 1);
        QCOMPARE(out[1], 2);
        QCOMPARE(ring.readable(), size_t(0));
    }
    QCOMPARE(ring.writeIndex(), uint64_t(40));
    ring.write(data, 4);
    ring.skipTo(42);
    QCOMPARE(ring.read(out, 8), size_t(2));
    QCOMPARE(out[0], 3);
}

void TestAudioDsp::tapCutsTheOtherSideAndCarriesAgentAudio()
{
    CallAudioTap tap;
    tap.callerFrame(QByteArray(160, char(0x10)), 123);
    QCOMPARE(tap.caller().readable(), size_t(160));
    CallAudioTap::Arrival a;
    QCOMPARE(tap.arrivals().read(&a, 1), size_t(1));
    QCOMPARE(a.sample, uint64_t(0));
    QCOMPARE(a.ns, int64_t(123));
    tap.otherAudio(QByteArray(800, char(0x20)));
    tap.otherCut(); // a barge-in: all 800 unheard bytes go
    tap.otherAudio(QByteArray(80, char(0x30)));
    tap.other().skipTo(tap.otherCutIndex());
    uint8_t b[1000];
    QCOMPARE(tap.other().read(b, 1000), size_t(80));
    QCOMPARE(b[0], uint8_t(0x30));
    // The supervisor's voice, bounded: a call that stops reading does not grow it.
    int accepted = 0;
    for (int i = 0; i < 100; ++i)
        accepted += tap.agentAudio(QByteArray(160, char(0x40))) ? 1 : 0;
    QCOMPARE(accepted, int(CallAudioTap::kAgentCapacity / 160));
    QCOMPARE(tap.droppedToCall(), uint64_t((100 - accepted) * 160));
    QCOMPARE(tap.takeAgentAudio(b, 160), size_t(160));
    QCOMPARE(b[0], uint8_t(0x40));
}

void TestAudioDsp::readerDecodesWhatTheRecorderWrote()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tone.opus"));
    // Three seconds: a 700 Hz tone on the left, 1300 Hz on the right, at 8 kHz.
    QVERIFY(testing::writeRecording(
                path, 24000, [](int i) { return qint16(8000 * std::sin(2 * M_PI * 700 * i / 8000.0)); },
                [](int i) { return qint16(8000 * std::sin(2 * M_PI * 1300 * i / 8000.0)); })
                .ok());
    OggOpusReader reader;
    const Status opened = reader.open(path, 8000);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(reader.channels(), 2);
    QCOMPARE(reader.totalFrames(), qint64(24000));
    std::vector<float> all;
    while (reader.read(all, 1000) > 0) {
    }
    QCOMPARE(all.size(), size_t(48000));
    std::vector<float> left, right;
    for (size_t i = 8000; i < 24000; ++i) { // past the codec's start
        left.push_back(all[2 * i]);
        right.push_back(all[2 * i + 1]);
    }
    QVERIFY(powerAt(left.data(), left.size(), 700, 8000) > 100 * powerAt(left.data(), left.size(), 1300, 8000));
    QVERIFY(powerAt(right.data(), right.size(), 1300, 8000) > 100 * powerAt(right.data(), right.size(), 700, 8000));
    // Rewind plays it again from the start.
    reader.rewind();
    std::vector<float> again;
    QCOMPARE(reader.read(again, 100), size_t(100));
    QVERIFY(reader.open(dir.filePath(QStringLiteral("missing.opus"))).error().contains(QLatin1String("cannot open")));
}

void TestAudioDsp::readerSeeksToTheSampleAsIfPlayedThrough()
{
    // Twenty seconds, a different tone each second (mono: the caller channel carries it). A seek
    // lands on the sample asked for, and what follows is what a read from the start gives there.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("steps.opus"));
    constexpr int kSeconds = 20;
    const auto steps = [](int i) { return qint16(8000 * std::sin(2 * M_PI * (400 + 150 * (i / 8000)) * i / 8000.0)); };
    QVERIFY(testing::writeRecording(path, 8000 * kSeconds, steps, steps).ok());
    OggOpusReader reader;
    QVERIFY(reader.open(path, 8000).ok());
    std::vector<float> all;
    while (reader.read(all, 4000) > 0) {
    }
    QCOMPARE(all.size(), size_t(2 * 8000 * kSeconds));
    for (const qint64 at : {qint64(8000 * 13 + 2400), qint64(8000 * 2 + 77), qint64(120), qint64(8000 * 19 + 4000), qint64(8000 * 7)}) {
        reader.seek(at);
        QCOMPARE(reader.position(), at);
        std::vector<float> got;
        QCOMPARE(reader.read(got, 800), size_t(800));
        QCOMPARE(reader.position(), at + 800);
        double dot = 0, a2 = 0, b2 = 0;
        for (size_t i = 0; i < 800; ++i) {
            const double a = got[2 * i], b = all[2 * (size_t(at) + i)];
            dot += a * b;
            a2 += a * a;
            b2 += b * b;
        }
        const double similarity = dot / std::sqrt(a2 * b2 + 1e-12);
        QVERIFY2(similarity > 0.95, qPrintable(QStringLiteral("at %1: %2").arg(at).arg(similarity)));
    }
    // Past the end: nothing more to read.
    reader.seek(8000 * kSeconds + 500);
    QCOMPARE(reader.position(), qint64(8000 * kSeconds));
    std::vector<float> none;
    QCOMPARE(reader.read(none, 100), size_t(0));
}

QTEST_GUILESS_MAIN(TestAudioDsp)
#include "tst_audio_dsp.moc"
