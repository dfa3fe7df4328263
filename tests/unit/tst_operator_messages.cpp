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
    const auto take = decode(encodeTakeCall("sess9"));
    QVERIFY(take.ok());
    QCOMPARE(int(take.value().type), int(Message::Type::TakeCall));
    QCOMPARE(take.value().sessionId, QByteArray("sess9"));
    const auto whisper = decode(encodeWhisper("sess9", QStringLiteral("Offer the 10 % discount")));
    QVERIFY(whisper.ok());
    QCOMPARE(int(whisper.value().type), int(Message::Type::Whisper));
    QCOMPARE(whisper.value().text, QStringLiteral("Offer the 10 % discount"));
    QVERIFY(!decode(encodeWhisper("sess9", QStringLiteral("  "))).ok());
    const auto said =
        decode(encodeTranscript({{"s", "w1", Speaker::Whisper, QStringLiteral("be brief"), QDateTime::currentDateTimeUtc(), true}}));
    QCOMPARE(int(said.value().transcript[0].speaker), int(Speaker::Whisper));
    const auto back = decode(encodeHandBack("sess9"));
    QVERIFY(back.ok());
    QCOMPARE(back.value().type, Message::Type::HandBack);
    QCOMPARE(back.value().sessionId, QByteArray("sess9"));
    const auto agent =
        decode(encodeTranscript({{"s", "a1", Speaker::Agent, QStringLiteral("[2.0 s of speech]"), QDateTime::currentDateTimeUtc(), true}}));
    QCOMPARE(int(agent.value().transcript[0].speaker), int(Speaker::Agent));
}

void TestOperatorMessages::strangersAreRefused()
{
    QVERIFY(!decode("not json").ok());
    QVERIFY(!decode("[1,2]").ok());
    QVERIFY(decode("{\"type\":\"dropTables\"}").error().contains(QLatin1String("unknown operator message type")));
    QVERIFY(!decode("{\"type\":\"takeCall\"}").ok());
    QVERIFY(decode("{\"type\":\"handBack\"}").error().contains(QLatin1String("handBack without a sessionId")));
}

QTEST_GUILESS_MAIN(TestOperatorMessages)
#include "tst_operator_messages.moc"
