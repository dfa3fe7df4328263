// Remote consoles on /operator, over loopback against a real gateway: a missing or wrong token is
// refused with 401 before the upgrade (and counted, and throttled by address); every console gets
// a snapshot first and then the same updates; a viewer cannot take a call; one supervisor has a
// call at a time and the others are told who; the call's events say who did what; listening
// brings the caller's audio as Opus (found again by correlation); a supervisor's microphone
// reaches the caller as μ-law.

#include "AudioMatch.h"
#include "OperatorClient.h"
#include "RawHttp.h"
#include "TestGateway.h"

#include "audio/G711.h"
#include "gateway/GatewayShared.h"
#include "operator/OperatorAccounts.h"
#include "sim/ClipLibrary.h"
#include "sim/RealtimeSim.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;
using T = operatorlink::Command::Type;

class TestOperatorLink : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void strangersGet401AndAreThrottled();
    void consolesShareTheCallsAndOneHasEachCall();
    void listeningAndTalkingOverTheLink();
    void holderWhoLeavesHasTheGraceThenTheAiTakesOver();

private:
    QByteArray startCall(const QString &callSid, std::unique_ptr<TwilioCaller> &call, std::function<QByteArray(qint64)> frames = {});

    QTemporaryDir m_dir;
    std::unique_ptr<RealtimeSimServer> m_ai;
    EventLog m_log;
    std::unique_ptr<Gateway> m_gateway;
    QNetworkAccessManager m_network;
    QByteArray m_ana, m_lee, m_vic;
};

void TestOperatorLink::initTestCase()
{
    m_ai = std::make_unique<RealtimeSimServer>();
    QVERIFY(m_ai->listen().ok());
    Config c = aimedAt(testConfig(), *m_ai, false);
    c.operatorAccountsFile = m_dir.filePath(QStringLiteral("operators"));
    m_ana = OperatorAccounts::add(c.operatorAccountsFile, QStringLiteral("Ana"), OperatorAccount::Role::Supervisor).value();
    m_lee = OperatorAccounts::add(c.operatorAccountsFile, QStringLiteral("Lee"), OperatorAccount::Role::Supervisor).value();
    m_vic = OperatorAccounts::add(c.operatorAccountsFile, QStringLiteral("Vic"), OperatorAccount::Role::Viewer).value();
    m_gateway = startGateway(c);
    m_gateway->shared().addObserver(&m_log);
}

void TestOperatorLink::cleanupTestCase() { m_gateway.reset(); }

QByteArray TestOperatorLink::startCall(const QString &callSid, std::unique_ptr<TwilioCaller> &call,
                                       std::function<QByteArray(qint64)> frames)
{
    CallerOptions o = callerFor(*m_gateway);
    o.callSid = callSid;
    o.rest = &twilioRest();
    o.script = {CallerStep::waitAssistant(100), CallerStep::waitAssistant(600000)};
    if (frames)
        o.frameSource = [frames](qint64 index, const QByteArray &) { return frames(index); };
    call = std::make_unique<TwilioCaller>(o, m_network);
    call->start();
    if (!QTest::qWaitFor([&] { return !m_log.of(callSid, CallEvent::Kind::Started).isEmpty(); }, 10000))
        return {};
    return m_log.of(callSid, CallEvent::Kind::Started)[0].sessionId;
}

void TestOperatorLink::strangersGet401AndAreThrottled()
{
    const quint16 port = m_gateway->port();
    const auto upgrade = [](const QByteArray &authorization) -> QByteArray {
        QByteArray r = "GET /operator HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                       "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        if (!authorization.isEmpty())
            r += "Authorization: " + authorization + "\r\n";
        r += "\r\n";
        return r;
    };
    const RawResponse none = rawExchange(port, upgrade({}));
    QCOMPARE(none.status, 401);
    QVERIFY(none.header("WWW-Authenticate").startsWith("Bearer"));
    QCOMPARE(rawExchange(port, upgrade("Bearer cgop_not-a-token")).status, 401);
    QCOMPARE(rawExchange(port, upgrade("Basic " + m_ana.toBase64())).status, 401);
    QCOMPARE(rawExchange(port, upgrade("Bearer")).status, 401);
    // A real console with a wrong token hears 401 too.
    OperatorClient wrong;
    wrong.open(port, m_ana + "x");
    QTRY_VERIFY(wrong.closed);
    QCOMPARE(wrong.ws.handshakeStatus(), 401);
    // Five failures from one address in a minute: the sixth attempt, with the right token, is not
    // even checked.
    const RawResponse throttled = rawExchange(port, upgrade("Bearer " + m_ana));
    QCOMPARE(throttled.status, 429);
    QVERIFY(throttled.header("Retry-After").toInt() > 0);
    const QByteArray metrics = rawExchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").body;
    QVERIFY(metrics.contains("callgate_rejected_requests_total{reason=\"operator_unauthorized\"} 5"));
    QVERIFY(metrics.contains("callgate_rejected_requests_total{reason=\"operator_throttled\"} 1"));
    QVERIFY(!metrics.contains(m_ana));
    // A plain GET is told what the endpoint is.
    QCOMPARE(rawExchange(port, "GET /operator HTTP/1.1\r\nHost: x\r\n\r\n").status, 426);
    // The throttle is by address: a console behind a proxy on this host is judged by the address
    // the proxy names, so another client is not locked out by this one.
    OperatorClient other;
    other.ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(port)),
                  {{"Authorization", "Bearer " + m_vic}, {"X-Real-IP", "192.0.2.7"}});
    QTRY_COMPARE(other.of("snapshot").size(), 1);
}

void TestOperatorLink::consolesShareTheCallsAndOneHasEachCall()
{
    const quint16 port = m_gateway->port();
    // X-Real-IP keeps these clear of the previous test's throttle on 127.0.0.1.
    const auto attach = [port](OperatorClient &c, const QByteArray &token) {
        c.ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(port)),
                  {{"Authorization", "Bearer " + token}, {"X-Real-IP", "192.0.2.10"}});
    };
    std::unique_ptr<TwilioCaller> call;
    const QByteArray session = startCall(QStringLiteral("CA%1").arg(3101, 32, 10, QLatin1Char('0')), call);
    QVERIFY(!session.isEmpty());
    OperatorClient ana, lee, vic;
    attach(ana, m_ana);
    attach(lee, m_lee);
    attach(vic, m_vic);
    // The first message is the snapshot, with the live call and who the gateway knows us as.
    for (OperatorClient *c : {&ana, &lee, &vic}) {
        QTRY_VERIFY_WITH_TIMEOUT(!c->decoded.isEmpty(), 3000);
        QCOMPARE(int(c->decoded.first().type), int(operatorlink::Message::Type::Snapshot));
        QVERIFY(c->call(session).has_value());
    }
    QCOMPARE(ana.decoded.first().you, QStringLiteral("Ana"));
    QCOMPARE(vic.decoded.first().role, QStringLiteral("viewer"));
    QTRY_COMPARE(m_gateway->remoteConsoles(), 3);

    // A call that starts now reaches all of them within a second.
    std::unique_ptr<TwilioCaller> second;
    QElapsedTimer seen;
    const QByteArray session2 = startCall(QStringLiteral("CA%1").arg(3102, 32, 10, QLatin1Char('0')), second);
    seen.start();
    QTRY_VERIFY_WITH_TIMEOUT(ana.call(session2) && lee.call(session2) && vic.call(session2), 1000);
    qInfo("a new call reached three consoles in %lld ms", seen.elapsed());

    // A viewer watches and listens only.
    QVERIFY(vic.command(T::Take, session).contains(QLatin1String("watch and listen only")));
    QVERIFY(vic.command(T::Whisper, session, QStringLiteral("hi")).contains(QLatin1String("watch and listen only")));
    QCOMPARE(vic.command(T::Listen, session), QString());
    // One supervisor has the call; the other is told who, and everyone sees it.
    QCOMPARE(ana.command(T::Take, session), QString());
    QCOMPARE(lee.command(T::Take, session), QStringLiteral("taken by Ana"));
    QCOMPARE(lee.command(T::HangUp, session), QStringLiteral("taken by Ana"));
    QCOMPARE(lee.command(T::Transfer, session, QStringLiteral("+14155550100")), QStringLiteral("taken by Ana"));
    QCOMPARE(lee.command(T::HandBack, session), QStringLiteral("taken by Ana"));
    QCOMPARE(lee.command(T::Talk, session), QStringLiteral("taken by Ana"));
    QTRY_COMPARE(lee.call(session)->agent, QStringLiteral("Ana"));
    QTRY_COMPARE(vic.call(session)->agent, QStringLiteral("Ana"));
    // Whispers come from anyone who may act.
    QCOMPARE(lee.command(T::Whisper, session, QStringLiteral("Offer the 10 % discount.")), QString());
    // …and the call keeps who gave it.
    const auto whispers = [this] {
        QList<CallEvent> out;
        for (const CallEvent &e : m_log.of(QStringLiteral("CA%1").arg(3101, 32, 10, QLatin1Char('0')), CallEvent::Kind::TranscriptFinal))
            if (e.speaker == Speaker::Whisper)
                out.append(e);
        return out;
    };
    QTRY_COMPARE(whispers().size(), 1);
    QCOMPARE(whispers().constFirst().by, QStringLiteral("Lee"));
    QCOMPARE(ana.command(T::HandBack, session), QString());
    QTRY_VERIFY(lee.call(session)->agent.isEmpty());
    QCOMPARE(lee.command(T::Take, session), QString());
    QCOMPARE(lee.command(T::HangUp, session), QString());
    QTRY_VERIFY(ana.call(session) && ana.call(session)->phase == CallPhase::Ended);
    QCOMPARE(ana.call(session)->outcome, QStringLiteral("hung_up"));
    // The call's events say who did what.
    const QString sid = QStringLiteral("CA%1").arg(3101, 32, 10, QLatin1Char('0'));
    QCOMPARE(m_log.of(sid, CallEvent::Kind::AgentTookOver).size(), 2);
    QCOMPARE(m_log.of(sid, CallEvent::Kind::AgentTookOver)[0].by, QStringLiteral("Ana"));
    QCOMPARE(m_log.of(sid, CallEvent::Kind::HandedBack)[0].by, QStringLiteral("Ana"));
    QCOMPARE(m_log.of(sid, CallEvent::Kind::AgentTookOver)[1].by, QStringLiteral("Lee"));
    QTRY_COMPARE(m_log.of(sid, CallEvent::Kind::Ended).size(), 1);
    QCOMPARE(m_log.of(sid, CallEvent::Kind::Ended)[0].by, QStringLiteral("Lee"));
    // Commands on a call that is over are answered so.
    QCOMPARE(ana.command(T::Take, session), QStringLiteral("no live call %1").arg(QString::fromLatin1(session)));
    // Nonsense is refused and counted, and the console stays.
    ana.ws.sendText("{\"type\":\"dropTables\"}");
    ana.ws.sendText("not json");
    QTRY_COMPARE(ana.of("reply").last().value(QLatin1String("ok")).toBool(true), false);
    QVERIFY(ana.ws.isOpen());
    second->hangUp();
}

void TestOperatorLink::listeningAndTalkingOverTheLink()
{
    const Clip *words = ClipLibrary::instance().find(QStringLiteral("caller_order"));
    QVERIFY(words);
    // The caller says the clip over and over.
    const auto frames = [words](qint64 index) {
        const qsizetype at = (index * 160) % (words->ulaw.size() / 160 * 160);
        return words->ulaw.mid(at, 160);
    };
    std::unique_ptr<TwilioCaller> call;
    const QString sid = QStringLiteral("CA%1").arg(3103, 32, 10, QLatin1Char('0'));
    const QByteArray session = startCall(sid, call, frames);
    QVERIFY(!session.isEmpty());
    OperatorClient ana;
    ana.ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(m_gateway->port())),
                {{"Authorization", "Bearer " + m_ana}, {"X-Real-IP", "192.0.2.11"}});
    QTRY_VERIFY(!ana.decoded.isEmpty());
    QCOMPARE(ana.command(T::Listen, session), QString());
    QTRY_VERIFY_WITH_TIMEOUT(ana.audio[0].size() >= 8000 * 3, 6000); // three seconds of the caller
    // Frames in order, none missing.
    const std::vector<quint32> &seq = ana.sequences[0];
    for (size_t i = 1; i < seq.size(); ++i)
        QCOMPARE(seq[i], seq[i - 1] + 1);
    // The caller's own words, found again after Opus: five stretches of 200 ms from the clip.
    std::vector<float> heard;
    for (int16_t v : ana.audio[0])
        heard.push_back(v / 32768.0f);
    heard = lowPass(heard);
    QStringList figures;
    int found = 0;
    for (const double at : {0.2, 0.35, 0.5, 0.65, 0.8}) {
        const double c = bestCorrelation(heard, clipProbe(words->ulaw, at));
        found += c > 0.6 ? 1 : 0;
        figures << QString::number(c, 'f', 2);
    }
    qInfo("the caller's words over the link: correlations %s", qPrintable(figures.join(QLatin1Char(' '))));
    QVERIFY2(found >= 4, qPrintable(figures.join(QLatin1Char(' '))));
    // Each caller frame carries when it reached the gateway.
    QVERIFY(!ana.callerStamps.empty() && ana.callerStamps.back() > 0);

    // Talking needs the call; then a 1 kHz tone from the console's microphone reaches the caller.
    QCOMPARE(ana.command(T::Talk, session), QStringLiteral("take the call first"));
    QCOMPARE(ana.command(T::Take, session), QString());
    QCOMPARE(ana.command(T::Talk, session), QString());
    const qint64 before = call->record().audioReceived.size();
    audio::VoiceEncoder mic;
    quint32 n = 0;
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    connect(&pace, &QTimer::timeout, &pace, [&] {
        int16_t pcm[audio::kVoiceFrameSamples];
        for (int i = 0; i < audio::kVoiceFrameSamples; ++i)
            pcm[i] = int16_t(8000 * std::sin(2 * M_PI * 1000.0 * (n * 160 + i) / 8000.0));
        ana.ws.sendBinary(operatorlink::encodeAudio({operatorlink::Channel::Microphone, 0, n++, session}, mic.encode(pcm)));
    });
    pace.start(20);
    QTRY_VERIFY_WITH_TIMEOUT(call->record().audioReceived.size() - before >= 8000, 5000);
    pace.stop();
    const QByteArray got = call->record().audioReceived.mid(before + 1600, 4800);
    const double tone = powerAt(got, 1000), off = powerAt(got, 1700);
    qInfo("1 kHz at the caller: %.4f (1.7 kHz: %.6f)", tone, off);
    QVERIFY(tone > 100 * off && tone > 1e-3);
    QCOMPARE(ana.command(T::HandBack, session), QString());
    call->hangUp();
}

void TestOperatorLink::holderWhoLeavesHasTheGraceThenTheAiTakesOver()
{
    std::unique_ptr<TwilioCaller> call;
    const QString sid = QStringLiteral("CA%1").arg(3104, 32, 10, QLatin1Char('0'));
    const QByteArray session = startCall(sid, call);
    QVERIFY(!session.isEmpty());
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/operator").arg(m_gateway->port()));
    const net::WsConnection::Headers ana{{"Authorization", "Bearer " + m_ana}, {"X-Real-IP", "192.0.2.12"}};
    auto first = std::make_unique<OperatorClient>();
    first->ws.open(url, ana);
    QTRY_VERIFY(!first->decoded.isEmpty());
    QCOMPARE(first->command(T::Take, session), QString());
    // Her console drops (a network failure, no close) and is back within the grace: still hers.
    first->ws.abort();
    first.reset();
    QTest::qWait(1000);
    OperatorClient back;
    back.ws.open(url, ana);
    QTRY_VERIFY(!back.decoded.isEmpty());
    QCOMPARE(back.call(session)->agent, QStringLiteral("Ana"));
    QCOMPARE(back.command(T::Talk, session), QString()); // her microphone goes on
    // Gone for good: after the grace (15 s from the drop) the AI has the caller again.
    QElapsedTimer gone;
    gone.start();
    back.ws.abort();
    QTRY_VERIFY_WITH_TIMEOUT(m_log.of(sid, CallEvent::Kind::HandedBack).size() == 1, 20000);
    qInfo("handed back to the AI %lld ms after the holder's console dropped", gone.elapsed());
    QVERIFY(gone.elapsed() >= 14500); // the grace counts from the last drop, not the first
    QCOMPARE(m_log.of(sid, CallEvent::Kind::HandedBack)[0].by, QStringLiteral("Ana"));
    QVERIFY(call->record().streamOpened && !call->record().finished);
    call->hangUp();
}

QTEST_GUILESS_MAIN(TestOperatorLink)
#include "tst_operator_link.moc"
