// The plain parts of a call, alone: the AI's responses as the bridge tracks them (one at a time, a
// wanted one asked for at the end of the active one, only a generating one cancelled) and the
// supervisor's voice cut into turns for the AI's context, the hold clip read from a WAV file, a long
// prompt cut to what the Realtime API takes, and pending sessions swept when no stream comes.

#include "audio/G711.h"
#include "gateway/AgentTurns.h"
#include "gateway/CallInstructions.h"
#include "gateway/HoldPlayer.h"
#include "gateway/ResponseTracker.h"
#include "gateway/SessionRegistry.h"

#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

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

QByteArray wav(int format, int channels, int rate, int bits, const QByteArray &data)
{
    QByteArray fmt(16, '\0');
    qToLittleEndian<quint16>(quint16(format), fmt.data());
    qToLittleEndian<quint16>(quint16(channels), fmt.data() + 2);
    qToLittleEndian<quint32>(quint32(rate), fmt.data() + 4);
    qToLittleEndian<quint32>(quint32(rate * channels * bits / 8), fmt.data() + 8);
    qToLittleEndian<quint16>(quint16(channels * bits / 8), fmt.data() + 12);
    qToLittleEndian<quint16>(quint16(bits), fmt.data() + 14);
    const auto chunk = [](const char *id, const QByteArray &body) -> QByteArray {
        QByteArray c(id, 4);
        c.resize(8);
        qToLittleEndian<quint32>(quint32(body.size()), c.data() + 4);
        return c + body + (body.size() % 2 ? QByteArray(1, '\0') : QByteArray());
    };
    const QByteArray body = QByteArray("WAVE") + chunk("fmt ", fmt) + chunk("LIST", QByteArray("INFOjunk")) + chunk("data", data);
    QByteArray riff("RIFF", 4);
    riff.resize(8);
    qToLittleEndian<quint32>(quint32(body.size()), riff.data() + 4);
    return QByteArray(riff + body);
}

} // namespace

class TestCallParts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneResponseAtATime();
    void onlyAGeneratingResponseIsCancelled();
    void agentTurnsStartLoudAndEndQuiet();
    void aLongTurnIsCutAndAFlushTakesTheRest();
    void holdAudioComesFromAWavOrTheBuiltInChime();
    void aLongPromptIsCutToWhatTheApiTakes();
    void pendingSessionsThatNeverStreamAreSwept();
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

void TestCallParts::holdAudioComesFromAWavOrTheBuiltInChime()
{
    const auto builtIn = loadHoldAudio(QString());
    QVERIFY2(builtIn.ok(), qPrintable(builtIn.error()));
    QCOMPARE(builtIn.value().size(), qsizetype(4 * 8000)); // four seconds of μ-law
    QTemporaryDir dir;
    const auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    };
    // 16-bit PCM is encoded as μ-law; μ-law passes as it is.
    QByteArray pcm(2 * 8000, '\0');
    for (int i = 0; i < 8000; ++i)
        qToLittleEndian<qint16>(qint16(8000 * std::sin(2 * M_PI * 440 * i / 8000.0)), pcm.data() + 2 * i);
    write(QStringLiteral("pcm.wav"), wav(1, 1, 8000, 16, pcm));
    const auto fromPcm = loadHoldAudio(dir.filePath(QStringLiteral("pcm.wav")));
    QVERIFY2(fromPcm.ok(), qPrintable(fromPcm.error()));
    QCOMPARE(fromPcm.value().size(), qsizetype(8000));
    QCOMPARE(uint8_t(fromPcm.value()[100]), audio::linearToUlaw(qFromLittleEndian<qint16>(pcm.constData() + 200)));
    write(QStringLiteral("ulaw.wav"), wav(7, 1, 8000, 8, builtIn.value()));
    QCOMPARE(loadHoldAudio(dir.filePath(QStringLiteral("ulaw.wav"))).value(), builtIn.value());
    // What it cannot play says why, naming the file.
    write(QStringLiteral("cd.wav"), wav(1, 2, 44100, 16, QByteArray(44100 * 4, '\0')));
    const auto cd = loadHoldAudio(dir.filePath(QStringLiteral("cd.wav")));
    QVERIFY(!cd.ok());
    QVERIFY2(cd.error().contains(QLatin1String("cd.wav")) && cd.error().contains(QLatin1String("8 kHz mono")), qPrintable(cd.error()));
    write(QStringLiteral("song.mp3"), QByteArray("ID3\x04\0\0\0\0\0\0not a wave at all"));
    QVERIFY(loadHoldAudio(dir.filePath(QStringLiteral("song.mp3"))).error().contains(QLatin1String("not a WAV file")));
    write(QStringLiteral("cut.wav"), wav(1, 1, 8000, 16, pcm).left(200));
    QVERIFY(loadHoldAudio(dir.filePath(QStringLiteral("cut.wav"))).error().contains(QLatin1String("cut-off")));
    QVERIFY(loadHoldAudio(dir.filePath(QStringLiteral("missing.wav"))).error().contains(QLatin1String("cannot read")));
}

void TestCallParts::aLongPromptIsCutToWhatTheApiTakes()
{
    // 40,000 characters of sentences: the session takes 16,000, the rest go as system messages of
    // at most 4,000 before the greeting, cut at sentence ends, nothing lost or reordered.
    QString prompt;
    for (int i = 0; prompt.size() < 40000; ++i)
        prompt += QStringLiteral("Rule %1: answer the caller politely and briefly. ").arg(i);
    SessionInfo session;
    session.verification.number = QStringLiteral("+14155554567");
    session.verification.source = QStringLiteral("caller-id");
    session.customer.found = true;
    session.customer.name = QStringLiteral("Dana Whitfield");
    session.customer.fields = {{QStringLiteral("plan"), QStringLiteral("gold")}};
    const CallInstructions told = callInstructions(prompt, session);
    QVERIFY(told.session.size() <= 16000);
    QVERIFY(told.session.size() > 15000);
    QVERIFY(!told.beforeGreeting.isEmpty());
    QString joined = told.session;
    for (const QString &piece : told.beforeGreeting) {
        QVERIFY(piece.size() <= 4000);
        QVERIFY2(piece.endsWith(QLatin1Char('.')), qPrintable(piece.right(40))); // at a sentence's end
        joined += QLatin1Char(' ') + piece;
    }
    QCOMPARE(joined.simplified(),
             QString(prompt.trimmed()
                     + QStringLiteral("\n\nAbout this call: The caller's mobile number (ending in 4567) was "
                                      "verified by caller ID. The caller is Dana Whitfield, a known "
                                      "customer. Their account: plan: gold."))
                 .simplified());
    // A short prompt is all session; the greeting names a known caller.
    const CallInstructions shortOne = callInstructions(QStringLiteral("Be kind."), SessionInfo{});
    QCOMPARE(shortOne.session, QStringLiteral("Be kind."));
    QVERIFY(shortOne.beforeGreeting.isEmpty());
    QVERIFY(greetingInstruction(QStringLiteral("Hello!"), session).contains(QLatin1String("greet them by name")));
    QVERIFY(!greetingInstruction(QStringLiteral("Hello!"), SessionInfo{}).contains(QLatin1String("by name")));
}

void TestCallParts::pendingSessionsThatNeverStreamAreSwept()
{
    SessionRegistry sessions(10, 1);
    const auto a = sessions.createPending(QStringLiteral("CA1"), QStringLiteral("+1"), QStringLiteral("+2"));
    const auto b = sessions.createPending(QStringLiteral("CA2"), QStringLiteral("+1"), QStringLiteral("+2"));
    QVERIFY(a.ok() && b.ok());
    QVERIFY(sessions.claim(b.value().id)); // b's stream came
    QCOMPARE(sessions.sweepExpired(), 0);  // a is not due yet
    QCOMPARE(sessions.pendingCount(), 1);
    QTest::qWait(1100);
    QCOMPARE(sessions.sweepExpired(), 1); // a never streamed: gone, and its slot free
    QCOMPARE(sessions.pendingCount(), 0);
    QCOMPARE(sessions.activeCount(), 1); // an active call is never swept
    SessionRegistry::ClaimError why{};
    QVERIFY(!sessions.claim(a.value().id, &why));
    QCOMPARE(why, SessionRegistry::ClaimError::Unknown);
    QCOMPARE(sessions.sweepExpired(), 0);
}

QTEST_GUILESS_MAIN(TestCallParts)
#include "tst_call_parts.moc"
