// The live-calls table and the operator link that feeds it: changes coalesced off the worker
// threads, rows updated in place, numbers masked until revealed, ended calls removed after a while
// and never brought back by what they report after their end.

#include "CallsModel.h"
#include "TestGateway.h"
#include "gateway/Gateway.h"
#include "gateway/GatewayShared.h"
#include "operator/OperatorLink.h"
#include "sim/RealtimeSim.h"
#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"
#include "util/PhoneMask.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <thread>

using namespace callgate;

namespace {

CallEvent makeEvent(CallEvent::Kind kind, const QByteArray &session, int startedSecondsAgo = 0)
{
    CallEvent e;
    e.kind = kind;
    e.sessionId = session;
    e.callSid = QStringLiteral("CA") + QString::fromLatin1(session);
    e.caller = QStringLiteral("+14155554567");
    e.at = QDateTime::currentDateTimeUtc().addSecs(-startedSecondsAgo);
    return e;
}

QString cell(const QAbstractItemModel &m, int row, int column) { return m.data(m.index(row, column)).toString(); }

} // namespace

class TestCallsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void linkCoalescesEventsFromWorkerThreads();
    void rowsUpdateInPlaceAndNumbersAreMasked();
    void endedCallsGoAfterALinger();
    void showsTheCustomerAndWhoIsWaitingForAnAgent();
    void anEndedCallStaysEnded();
    void aWaitingCallCountsDown();
    void theCountdownEndsWhenTheGatewayTransfers();
};

void TestCallsModel::linkCoalescesEventsFromWorkerThreads()
{
    OperatorLink link(50);
    QSignalSpy changed(&link, &OperatorLink::callsChanged);
    QSignalSpy lines(&link, &OperatorLink::transcriptAppended);
    // Two "workers" report a thousand phase changes for two calls.
    auto worker = [&link](const QByteArray &session) {
        link.onCallEvent(makeEvent(CallEvent::Kind::Started, session));
        for (int i = 0; i < 1000; ++i) {
            CallEvent e = makeEvent(CallEvent::Kind::PhaseChanged, session);
            e.phase = i % 2 ? CallPhase::AssistantSpeaking : CallPhase::Listening;
            link.onCallEvent(e);
        }
        CallEvent said = makeEvent(CallEvent::Kind::TranscriptFinal, session);
        said.text = QStringLiteral("Where is my order?");
        link.onCallEvent(said);
    };
    std::thread a(worker, "a"), b(worker, "b");
    a.join();
    b.join();
    QVERIFY(changed.wait(1000));
    QCOMPARE(changed.size(), 1); // one coalesced update, not two thousand
    const auto calls = changed.first().first().value<QList<CallSummary>>();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.first().lastLine, QStringLiteral("Caller: Where is my order?"));
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().first().value<QList<TranscriptLine>>().size(), 2);
}

void TestCallsModel::showsTheCustomerAndWhoIsWaitingForAnAgent()
{
    OperatorLink link(20);
    CallsModel model;
    connect(&link, &OperatorLink::callsChanged, &model, &CallsModel::applyChanges);
    CallEvent started = makeEvent(CallEvent::Kind::Started, "s1");
    started.verification.number = QStringLiteral("+14155550177");
    started.verification.source = QStringLiteral("keypad");
    started.customer = CustomerInfo{true, QStringLiteral("Dana Whitfield"), {{QStringLiteral("plan"), QStringLiteral("Gold")}}, {}};
    link.onCallEvent(started);
    CallEvent consent = makeEvent(CallEvent::Kind::Consent, {}); // no session yet: not a row
    link.onCallEvent(consent);
    CallEvent escalated = makeEvent(CallEvent::Kind::Escalated, "s1");
    escalated.text = QStringLiteral("caller pressed 0");
    link.onCallEvent(escalated);
    CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, "s1");
    waiting.phase = CallPhase::WaitingForAgent;
    link.onCallEvent(waiting);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, CallsModel::Customer), QStringLiteral("Dana Whitfield"));
    QCOMPARE(model.data(model.index(0, CallsModel::Customer), Qt::ToolTipRole).toString(), QStringLiteral("plan: Gold"));
    QCOMPARE(model.data(model.index(0, CallsModel::Caller), Qt::ToolTipRole).toString(),
             QStringLiteral("Verified mobile +1******0177 (keypad)"));
    QCOMPARE(cell(model, 0, CallsModel::State), QStringLiteral("waiting for agent"));
}

void TestCallsModel::rowsUpdateInPlaceAndNumbersAreMasked()
{
    CallsModel model;
    CallSummary c;
    c.sessionId = "s1";
    c.caller = QStringLiteral("+14155554567");
    c.startedAt = QDateTime::currentDateTimeUtc().addSecs(-75);
    model.applyChanges({c});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, CallsModel::Caller), QStringLiteral("+1******4567"));
    QCOMPARE(cell(model, 0, CallsModel::Duration), QStringLiteral("1:15"));
    c.phase = CallPhase::AssistantSpeaking;
    c.lastLatencyMs = 412.4;
    model.applyChanges({c});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, CallsModel::State), QStringLiteral("AI speaking"));
    QCOMPARE(cell(model, 0, CallsModel::Latency), QStringLiteral("412 ms"));
    model.setRevealNumbers(true);
    QCOMPARE(cell(model, 0, CallsModel::Caller), QStringLiteral("+14155554567"));
    QCOMPARE(model.liveCount(), 1);
}

void TestCallsModel::endedCallsGoAfterALinger()
{
    CallsModel model(100);
    CallSummary c;
    c.sessionId = "s1";
    c.startedAt = QDateTime::currentDateTimeUtc();
    c.phase = CallPhase::Ended;
    c.endedAt = QDateTime::currentDateTimeUtc();
    c.outcome = QStringLiteral("completed");
    model.applyChanges({c});
    QCOMPARE(cell(model, 0, CallsModel::State), QStringLiteral("ended: Finished"));
    QCOMPARE(model.liveCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 3000);
}

void TestCallsModel::anEndedCallStaysEnded()
{
    // What a call reports after its end (the recording saved, a transcript that came late) reaches
    // its transcript, but never brings it back as a new live call.
    OperatorLink link(20);
    CallsModel model;
    connect(&link, &OperatorLink::callsChanged, &model, &CallsModel::applyChanges);
    QSignalSpy lines(&link, &OperatorLink::transcriptAppended);
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "s1", 30));
    QTRY_COMPARE(model.liveCount(), 1);
    CallEvent ended = makeEvent(CallEvent::Kind::Ended, "s1");
    ended.text = QStringLiteral("completed");
    link.onCallEvent(ended);
    QTRY_COMPARE(model.liveCount(), 0);
    CallEvent late = makeEvent(CallEvent::Kind::TranscriptFinal, "s1");
    late.text = QStringLiteral("Thanks, bye.");
    link.onCallEvent(late);
    CallEvent saved = makeEvent(CallEvent::Kind::RecordingSaved, "s1");
    saved.text = QStringLiteral("/tmp/s1.opus");
    link.onCallEvent(saved);
    QTRY_VERIFY(!lines.isEmpty());
    QTest::qWait(100);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.liveCount(), 0);
    QCOMPARE(model.summary("s1").phase, CallPhase::Ended);
    QCOMPARE(cell(model, 0, CallsModel::State), QStringLiteral("ended: Finished"));
}

void TestCallsModel::aWaitingCallCountsDown()
{
    // A caller waiting for an agent shows when the gateway hands them on, to the second, and the
    // count stops at zero.
    OperatorLink link(20);
    CallsModel model;
    model.setAgentWait(3, true);
    connect(&link, &OperatorLink::callsChanged, &model, &CallsModel::applyChanges);
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "w1", 30));
    CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, "w1");
    waiting.phase = CallPhase::WaitingForAgent;
    link.onCallEvent(waiting);
    QTRY_COMPARE(cell(model, 0, CallsModel::State), QStringLiteral("waiting · transfers in 0:03"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, CallsModel::State), QStringLiteral("waiting · transfers in 0:01"), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, CallsModel::State), QStringLiteral("waiting · transfers in 0:00"), 3000);
    QTest::qWait(1100);
    QCOMPARE(cell(model, 0, CallsModel::State), QStringLiteral("waiting · transfers in 0:00"));
    model.setAgentWait(60, false); // no agent number: the call ends politely instead
    QVERIFY(cell(model, 0, CallsModel::State).startsWith(QStringLiteral("waiting · ends in 0:5")));
}

void TestCallsModel::theCountdownEndsWhenTheGatewayTransfers()
{
    // A real gateway, a console watching it: a caller asks for a person, no one takes the call,
    // and the row's countdown reaches 0:00 as the gateway hands the call to the live-agent line.
    sim::RealtimeSimServer ai;
    QVERIFY(ai.listen().ok());
    Config c = testing::aimedAt(testing::testConfig(), ai, false);
    c.agentWaitSeconds = 3;
    c.liveAgentNumber = QStringLiteral("+14155550100");
    testing::EventLog log;
    Gateway gateway(c);
    OperatorLink link(50);
    gateway.shared().addObserver(&log);
    gateway.shared().addObserver(&link);
    gateway.shared().consoles = 1; // a supervisor could take it
    QVERIFY(gateway.start().ok());
    CallsModel model;
    model.setAgentWait(c.agentWaitSeconds, true);
    connect(&link, &OperatorLink::callsChanged, &model, &CallsModel::applyChanges);

    QNetworkAccessManager network;
    sim::CallerOptions o = testing::callerFor(gateway);
    o.from = QStringLiteral("+14155558801");
    o.callSid = QStringLiteral("CAcountdown0000000000000000000001");
    o.rest = &testing::twilioRest();
    o.script = {sim::CallerStep::waitAssistant(100), sim::CallerStep::say(QStringLiteral("caller_agent")),
                sim::CallerStep::waitAssistant(60000)};
    sim::TwilioCaller call(o, network);
    call.start();
    const auto state = [&] {
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString text = cell(model, r, CallsModel::State);
            if (text.startsWith(QLatin1String("waiting")))
                return text;
        }
        return QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(state().startsWith(QStringLiteral("waiting · transfers in 0:0")), 20000);
    QStringList seen;
    QElapsedTimer sinceLastSecond; // from when the row said one second was left
    while (log.of(o.callSid, CallEvent::Kind::Transferred).isEmpty()) {
        const QString now = state();
        if (!now.isEmpty() && (seen.isEmpty() || seen.last() != now))
            seen << now;
        if (now == QStringLiteral("waiting · transfers in 0:01") && !sinceLastSecond.isValid())
            sinceLastSecond.start();
        QVERIFY2(seen.size() < 10, qPrintable(seen.join(QStringLiteral(" | "))));
        QVERIFY2(!call.record().finished, "the call ended without a transfer");
        QTest::qWait(20);
    }
    // Counted down second by second, and the transfer came as it reached zero: within the last
    // second the row showed (and the half-second the console's clock may lag).
    QVERIFY2(seen.contains(QStringLiteral("waiting · transfers in 0:02")), qPrintable(seen.join(QStringLiteral(" | "))));
    QVERIFY2(sinceLastSecond.isValid(), qPrintable(seen.join(QStringLiteral(" | "))));
    QVERIFY2(sinceLastSecond.elapsed() >= 300 && sinceLastSecond.elapsed() <= 1600, qPrintable(QString::number(sinceLastSecond.elapsed())));
    QCOMPARE(log.of(o.callSid, CallEvent::Kind::Transferred).first().text, maskPhone(c.liveAgentNumber));
    QTRY_VERIFY_WITH_TIMEOUT(call.record().finished, 15000);
}

QTEST_MAIN(TestCallsModel)
#include "tst_calls_model.moc"
