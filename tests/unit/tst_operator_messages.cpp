// The operator link's messages survive the trip through JSON that a remote console will take:
// every field of a call summary, transcript and event lines, the take-call command; anything else
// is refused with a reason.

#include "operator/OperatorMessages.h"

#include <QTest>

using namespace callgate;
using namespace callgate::operatorlink;

class TestOperatorMessages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void callSummariesRoundTrip();
    void linesAndCommandsRoundTrip();
    void strangersAreRefused();
    void snapshotCarriesWhoAndTheState();
    void audioHeadersRoundTripAndRefuseScraps();
};

void TestOperatorMessages::callSummariesRoundTrip()
{
    const QDateTime t = QDateTime::fromString(QStringLiteral("2026-11-25T10:00:00.123Z"), Qt::ISODateWithMs);
    CallSummary c;
    c.sessionId = "sess1";
    c.callSid = QStringLiteral("CA1");
    c.caller = QStringLiteral("+14155550123");
    c.phase = CallPhase::WaitingForAgent;
    c.startedAt = t;
    c.waitingSince = t.addSecs(20);
    c.lastLatencyMs = 451.5;
    c.bargeIns = 2;
    c.lastLine = QStringLiteral("Caller: \"quoted\" and ünïcode");
    c.escalation = QStringLiteral("caller pressed 0");
    c.updatedAt = t.addSecs(5);
    c.verification = {QStringLiteral("+14155550177"), QStringLiteral("mobile"),       QStringLiteral("keypad"),
                      QStringLiteral("es"),           QStringLiteral("0123456789ab"), t,
                      QStringLiteral("keypad")};
    c.customer = {true, QStringLiteral("Dana Whitfield"), {{QStringLiteral("plan"), QStringLiteral("Gold")}}, {}};
    CallSummary ended;
    ended.sessionId = "sess2";
    ended.phase = CallPhase::Ended;
    ended.endedAt = t;
    ended.outcome = QStringLiteral("transferred");
    ended.removed = true;
    const auto m = decode(encodeCalls({c, ended}));
    QVERIFY2(m.ok(), qPrintable(m.error()));
    QCOMPARE(int(m.value().type), int(Message::Type::Calls));
    QCOMPARE(m.value().calls.size(), 2);
    const CallSummary &b = m.value().calls[0];
    QCOMPARE(b.sessionId, c.sessionId);
    QCOMPARE(b.callSid, c.callSid);
    QCOMPARE(b.caller, c.caller);
    QCOMPARE(int(b.phase), int(c.phase));
    QCOMPARE(b.startedAt, c.startedAt);
    QCOMPARE(b.waitingSince, c.waitingSince);
    QVERIFY(!b.endedAt.isValid());
    QCOMPARE(b.lastLatencyMs, c.lastLatencyMs);
    QCOMPARE(b.bargeIns, 2);
    QCOMPARE(b.lastLine, c.lastLine);
    QCOMPARE(b.escalation, c.escalation);
    QCOMPARE(b.updatedAt, c.updatedAt);
    QCOMPARE(b.verification.number, c.verification.number);
    QCOMPARE(b.verification.consentAt, t);
    QCOMPARE(b.verification.source, QStringLiteral("keypad"));
    QCOMPARE(b.customer.name, c.customer.name);
    QCOMPARE(b.customer.fields, c.customer.fields);
    QVERIFY(b.customer.found);
    QCOMPARE(m.value().calls[1].outcome, QStringLiteral("transferred"));
    QVERIFY(m.value().calls[1].removed);
    QCOMPARE(m.value().calls[1].lastLatencyMs, -1.0);
}

void TestOperatorMessages::linesAndCommandsRoundTrip()
{
    const QDateTime t = QDateTime::currentDateTimeUtc();
    const auto tr = decode(encodeTranscript({{"s", "item_1", Speaker::Assistant, QStringLiteral("Hello"), t, false}}));
    QVERIFY(tr.ok());
    QCOMPARE(tr.value().transcript.size(), 1);
    QCOMPARE(tr.value().transcript[0].itemId, QByteArray("item_1"));
    QCOMPARE(int(tr.value().transcript[0].speaker), int(Speaker::Assistant));
    QVERIFY(!tr.value().transcript[0].final);
    const auto ev = decode(encodeEvents({{"s", t, QStringLiteral("response.created")}}));
    QVERIFY(ev.ok());
    QCOMPARE(ev.value().events[0].text, QStringLiteral("response.created"));
    const auto take = decode(encodeCommand({Command::Type::Take, 7, "sess9", {}, true}));
    QVERIFY(take.ok());
    QCOMPARE(int(take.value().type), int(Message::Type::Command));
    QCOMPARE(int(take.value().command.type), int(Command::Type::Take));
    QCOMPARE(take.value().command.id, 7);
    QCOMPARE(take.value().command.sessionId, QByteArray("sess9"));
    const auto whisper = decode(encodeCommand({Command::Type::Whisper, 8, "sess9", QStringLiteral("Offer the 10 % discount"), true}));
    QVERIFY(whisper.ok());
    QCOMPARE(int(whisper.value().command.type), int(Command::Type::Whisper));
    QCOMPARE(whisper.value().command.text, QStringLiteral("Offer the 10 % discount"));
    QVERIFY(!decode(encodeCommand({Command::Type::Whisper, 9, "sess9", QStringLiteral("  "), true})).ok());
    const auto said =
        decode(encodeTranscript({{"s", "w1", Speaker::Whisper, QStringLiteral("be brief"), QDateTime::currentDateTimeUtc(), true}}));
    QCOMPARE(int(said.value().transcript[0].speaker), int(Speaker::Whisper));
    const auto to = decode(encodeCommand({Command::Type::Transfer, 10, "sess9", QStringLiteral("+15550100"), true}));
    QCOMPARE(to.value().command.text, QStringLiteral("+15550100"));
    const auto off = decode(encodeCommand({Command::Type::Listen, 11, "sess9", {}, false}));
    QCOMPARE(int(off.value().command.type), int(Command::Type::Listen));
    QVERIFY(!off.value().command.on);
    const auto refused = decode(encodeReply(12, QStringLiteral("taken by Ana")));
    QCOMPARE(int(refused.value().type), int(Message::Type::Reply));
    QCOMPARE(refused.value().replyTo, 12);
    QCOMPARE(refused.value().refusal, QStringLiteral("taken by Ana"));
    QVERIFY(decode(encodeReply(13, {})).value().refusal.isEmpty());
    const auto agent =
        decode(encodeTranscript({{"s", "a1", Speaker::Agent, QStringLiteral("[2.0 s of speech]"), QDateTime::currentDateTimeUtc(), true}}));
    QCOMPARE(int(agent.value().transcript[0].speaker), int(Speaker::Agent));
}

void TestOperatorMessages::strangersAreRefused()
{
    QVERIFY(!decode("not json").ok());
    QVERIFY(!decode("[1,2]").ok());
    QVERIFY(decode("{\"type\":\"dropTables\"}").error().contains(QLatin1String("unknown operator message type")));
    QVERIFY(!decode("{\"type\":\"take\"}").ok());
    QVERIFY(decode("{\"type\":\"handBack\"}").error().contains(QLatin1String("handBack without a sessionId")));
    QVERIFY(decode("{\"type\":\"transfer\",\"sessionId\":\"s\"}").error().contains(QLatin1String("without a number")));
    QVERIFY(decode("{\"type\":\"snapshot\",\"protocol\":2}").error().contains(QLatin1String("protocol 2")));
}

void TestOperatorMessages::snapshotCarriesWhoAndTheState()
{
    GatewayStatus status;
    status.port = 5050;
    status.liveCalls = 1;
    status.warnings = {QStringLiteral("model retiring")};
    CallSummary c;
    c.sessionId = "s1";
    c.agent = QStringLiteral("Ana");
    const auto m = decode(encodeSnapshot(QStringLiteral("Lee"), QStringLiteral("viewer"), status, {c}));
    QVERIFY(m.ok());
    QCOMPARE(int(m.value().type), int(Message::Type::Snapshot));
    QCOMPARE(m.value().you, QStringLiteral("Lee"));
    QCOMPARE(m.value().role, QStringLiteral("viewer"));
    QCOMPARE(m.value().status, status);
    QCOMPARE(m.value().calls.size(), 1);
    QCOMPARE(m.value().calls[0].agent, QStringLiteral("Ana"));
    QCOMPARE(decode(encodeStatus(status)).value().status, status);
}

void TestOperatorMessages::audioHeadersRoundTripAndRefuseScraps()
{
    const QByteArray opus("\x48\x01\x02\x03", 4);
    const QByteArray m = encodeAudio({Channel::Heard, 1234567890123LL, 0xfffffffe, "sess-1"}, opus);
    const auto d = decodeAudio(m);
    QVERIFY(d.ok());
    QCOMPARE(int(d.value().first.channel), int(Channel::Heard));
    QCOMPARE(d.value().first.stampNs, 1234567890123LL);
    QCOMPARE(d.value().first.sequence, 0xfffffffeU);
    QCOMPARE(d.value().first.sessionId, QByteArray("sess-1"));
    QCOMPARE(m.sliced(d.value().second), opus);
    QVERIFY(!decodeAudio(m.left(20)).ok());            // no packet
    QVERIFY(!decodeAudio(QByteArray(3, '\x01')).ok()); // too short
    QByteArray wrong = m;
    wrong[1] = 7;
    QVERIFY(!decodeAudio(wrong).ok());
    wrong = m;
    wrong[0] = 2;
    QVERIFY(!decodeAudio(wrong).ok());
}

QTEST_GUILESS_MAIN(TestOperatorMessages)
#include "tst_operator_messages.moc"
