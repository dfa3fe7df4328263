// The console's widgets, offscreen: the transcript that follows its end until the reader scrolls up,
// growing lines updated in place, the escalation alert and the take-call command going back through
// the operator link, the live-call filter, the history searched on its own thread, and finding the
// public address from an ngrok agent's API (simulated), and the banner that warns of a model OpenAI
// is taking away.

#include "AudioPanel.h"
#include "CallsModel.h"
#include "ClosingDialog.h"
#include "ConsoleSettings.h"
#include "ConsoleWindow.h"
#include "HistoryView.h"
#include "LevelMeter.h"
#include "LiveCharts.h"
#include "NoticeBar.h"
#include "PlaybackBar.h"
#include "QueuePanel.h"
#include "SettingsDialog.h"
#include "TestGateway.h"
#include "TranscriptModel.h"
#include "TranscriptView.h"
#include "TransferDialog.h"
#include "Translations.h"
#include "audio/AudioEngine.h"
#include "audio/CallAudioTap.h"
#include "audio/G711.h"
#include "operator/NgrokDiscovery.h"
#include "operator/OperatorLink.h"
#include "sim/NgrokApiSim.h"
#include "sim/RealtimeSim.h"
#include "store/CallStore.h"
#include "util/PhoneMask.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTranslator>

#include <numeric>

using namespace callgate;

namespace {

CallEvent makeEvent(CallEvent::Kind kind, const QByteArray &session)
{
    CallEvent e;
    e.kind = kind;
    e.sessionId = session;
    e.callSid = QStringLiteral("CA") + QString::fromLatin1(session);
    e.caller = QStringLiteral("+14155554567");
    e.at = QDateTime::currentDateTimeUtc();
    return e;
}

TranscriptLine line(const QByteArray &session, int i, bool final = true, const QByteArray &item = {})
{
    return {session,
            item.isEmpty() ? QByteArray("item_") + QByteArray::number(i) : item,
            i % 2 ? Speaker::Caller : Speaker::Assistant,
            QStringLiteral("Line number %1 of the conversation").arg(i),
            QDateTime::currentDateTimeUtc(),
            final};
}

// Visible widgets under `root` whose text does not fit: a label or button narrower than its size
// hint (a wrapped label: shorter than its text needs), a tab bar that has to scroll, a toolbar
// that hides actions behind its extension button.
QStringList clippedWidgets(QWidget *root)
{
    QStringList out;
    const auto name = [](QWidget *w, const QString &text) {
        return QStringLiteral("%1 \"%2\" (%3 < %4)").arg(QLatin1String(w->metaObject()->className()), text);
    };
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->isVisible() || w->window() != root->window())
            continue;
        if (auto *label = qobject_cast<QLabel *>(w)) {
            if (label->text().isEmpty() || label->pixmap().isNull() == false)
                continue;
            if (label->wordWrap()) {
                if (label->height() + 1 < label->heightForWidth(label->width()))
                    out << name(w, label->text()).arg(label->height()).arg(label->heightForWidth(label->width()));
            } else if (label->width() + 1 < label->sizeHint().width()) {
                out << name(w, label->text()).arg(label->width()).arg(label->sizeHint().width());
            }
        } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
            if (!button->text().isEmpty() && button->width() + 1 < button->sizeHint().width())
                out << name(w, button->text()).arg(button->width()).arg(button->sizeHint().width());
        } else if (auto *tabs = qobject_cast<QTabBar *>(w)) {
            QStringList texts;
            for (int i = 0; i < tabs->count(); ++i)
                texts << tabs->tabText(i);
            if (tabs->width() + 1 < tabs->sizeHint().width())
                out << name(w, texts.join(QStringLiteral(" | "))).arg(tabs->width()).arg(tabs->sizeHint().width());
        } else if (auto *header = qobject_cast<QHeaderView *>(w)) {
            for (int i = 0; i < header->count(); ++i) {
                if (!header->isSectionHidden(i) && header->sectionSize(i) + 1 < header->sectionSizeHint(i))
                    out << name(w, header->model()->headerData(i, header->orientation()).toString())
                               .arg(header->sectionSize(i))
                               .arg(header->sectionSizeHint(i));
            }
        } else if (auto *bar = qobject_cast<QToolBar *>(w)) {
            for (QAction *a : bar->actions()) {
                QWidget *shown = bar->widgetForAction(a);
                if (!a->isSeparator() && a->isVisible() && (!shown || !shown->isVisible()))
                    out << QStringLiteral("toolbar %1 hides \"%2\"").arg(bar->windowTitle(), a->text());
            }
        }
    }
    return out;
}

} // namespace

class TestConsole : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // English as the console speaks it: with its plural forms ("1 call", "2 calls").
    void initTestCase() { installTranslations(*QCoreApplication::instance(), QStringLiteral("en")); }
    void transferKeepsWhatWasTyped();
    void closingAsksHandsBackAndDrainsVisibly();
    void messagesThatMatterStayUntilRead();
    void splitListeningStartsListening();
    void historyShowsTodayInPlainWordsAndKeepsNotes();
    void queuePanelCountsTheDay();
    void actionsLandOnTheHeldCall();
    void everyCountOnScreenAgrees();
    void transcriptFollowsUntilTheReaderScrollsUp();
    void growingLinesAreUpdatedInPlace();
    void escalationAlertsAndTakeCallGoesBack();
    void headsetListensTakesOverAndHandsBack();
    void historyPlaysARecording();
    void filterFindsCallsByCustomer();
    void historySearchesOnItsOwnThread();
    void ngrokAddressIsFound();
    void modelShuttingDownShowsABanner();
    void settingsRoundTripKeepsSecretsInTheEnvFile();
    void chartsCountEachAnswerOnceAndStayBounded();
    void callersInTheFlowShowUntilTheirCallStarts();
    void speaksGermanAndSpanish();
    void settingsSpeakPlainlyAndApplyTheLanguageAtOnce();
    void everyLanguageFitsAt1024x700_data();
    void everyLanguageFitsAt1024x700();
};

void TestConsole::transcriptFollowsUntilTheReaderScrollsUp()
{
    TranscriptModel model;
    model.setSession("s1");
    TranscriptView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QList<TranscriptLine> batch;
    for (int i = 0; i < 200; ++i)
        batch << line("s1", i);
    model.append(batch);
    QScrollBar *bar = view.verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum()); // at the end
    // The reader scrolls up to read: new lines do not pull them down.
    bar->setValue(bar->maximum() / 3);
    const int reading = bar->value();
    QVERIFY(!view.isFollowing());
    model.append({line("s1", 200), line("s1", 201)});
    QTest::qWait(50);
    QCOMPARE(bar->value(), reading);
    // Back at the end, it follows again.
    bar->setValue(bar->maximum());
    QVERIFY(view.isFollowing());
    model.append({line("s1", 202)});
    QTRY_COMPARE(bar->value(), bar->maximum());
    // Lines of other calls do not show here, but are kept for when that call is selected.
    model.append({line("s2", 1)});
    QCOMPARE(model.rowCount(), 203);
    model.setSession("s2");
    QCOMPARE(model.rowCount(), 1);
}

void TestConsole::growingLinesAreUpdatedInPlace()
{
    TranscriptModel model;
    model.setSession("s1");
    TranscriptLine growing = line("s1", 1, false, "item_a");
    growing.text = QStringLiteral("Your order");
    model.append({growing});
    growing.text = QStringLiteral("Your order shipped");
    model.append({growing});
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.index(0).data().toString().endsWith(QStringLiteral("Your order shipped …")));
    TranscriptLine done = growing;
    done.final = true;
    done.text = QStringLiteral("Your order shipped yesterday.");
    model.append({done});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(TranscriptModel::TextRole).toString(), QStringLiteral("Your order shipped yesterday."));
    QCOMPARE(model.index(0).data(TranscriptModel::FinalRole).toBool(), true);
    // The operator link sends deltas as one growing line per update.
    OperatorLink link(20);
    QSignalSpy lines(&link, &OperatorLink::transcriptAppended);
    for (const char *piece : {"Hel", "lo ", "there"}) {
        CallEvent d = makeEvent(CallEvent::Kind::TranscriptDelta, "s9");
        d.itemId = "item_x";
        d.speaker = Speaker::Assistant;
        d.text = QLatin1String(piece);
        link.onCallEvent(d);
    }
    QVERIFY(lines.wait(1000));
    const auto sent = lines.first().first().value<QList<TranscriptLine>>();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].text, QStringLiteral("Hello there"));
    QVERIFY(!sent[0].final);
}

void TestConsole::escalationAlertsAndTakeCallGoesBack()
{
    OperatorLink link(20);
    ConsoleWindow window(testing::testConfig(), link);
    window.show();
    QSignalSpy alerts(&window, &ConsoleWindow::agentAlert);
    QSignalSpy taken(&link, &OperatorLink::takeCallRequested);
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "calm"));
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "needy"));
    CallEvent escalated = makeEvent(CallEvent::Kind::Escalated, "needy");
    escalated.text = QStringLiteral("caller pressed 0");
    link.onCallEvent(escalated);
    CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, "needy");
    waiting.phase = CallPhase::WaitingForAgent;
    link.onCallEvent(waiting);
    QVERIFY(alerts.wait(2000));
    QCOMPARE(alerts.first().first().toByteArray(), QByteArray("needy"));
    QCOMPARE(window.alertsRaised(), 1);
    // The waiting row stands out.
    CallsModel *model = window.callsModel();
    int row = -1;
    for (int r = 0; r < model->rowCount(); ++r)
        row = model->index(r, 0).data(CallsModel::SessionIdRole).toByteArray() == "needy" ? r : row;
    QVERIFY(row >= 0);
    QVERIFY(model->index(row, CallsModel::State).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model->index(row == 0 ? 1 : 0, CallsModel::State).data(Qt::BackgroundRole).isValid());
    // Still waiting in the next update: no second alert.
    link.onCallEvent(waiting);
    QTest::qWait(100);
    QCOMPARE(window.alertsRaised(), 1);
    // The supervisor takes it with the keyboard.
    window.selectCall("needy");
    QVERIFY(window.takeCallAction()->isEnabled());
    QCOMPARE(window.takeCallAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_T));
    window.takeCallAction()->trigger();
    QCOMPARE(taken.size(), 1);
    QCOMPARE(taken.first().first().toByteArray(), QByteArray("needy"));
}

namespace {} // namespace

void TestConsole::headsetListensTakesOverAndHandsBack()
{
    ConsoleSettings::reset();
    OperatorLink link(20);
    ConsoleWindow window(testing::testConfig(), link);
    window.show();
    AudioPanel *panel = window.audioPanel();
    QSignalSpy attached(&link, &OperatorLink::audioRequested);
    QSignalSpy taken(&link, &OperatorLink::takeCallRequested);
    QSignalSpy handedBack(&link, &OperatorLink::handBackRequested);
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "live1"));
    QTRY_COMPARE(window.callsModel()->rowCount(), 1);
    window.selectCall("live1");

    // Listen (Ctrl+L): the gateway is asked for the call's audio, and the caller is heard.
    QVERIFY(panel->listenAction()->isEnabled());
    QCOMPARE(panel->listenAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
    panel->listenAction()->trigger();
    QCOMPARE(attached.size(), 1);
    QCOMPARE(attached.first().first().toByteArray(), QByteArray("live1"));
    auto tap = attached.first().at(1).value<std::shared_ptr<audio::CallAudioTap>>();
    QVERIFY(tap);
    QCOMPARE(panel->listeningTo(), QByteArray("live1"));
    QTimer caller; // the gateway's side: a caller frame every 20 ms
    QObject::connect(&caller, &QTimer::timeout, [&] {
        QByteArray frame(160, Qt::Uninitialized);
        for (char &b : frame)
            b = char(audio::linearToUlaw(int16_t(QRandomGenerator::global()->bounded(-4000, 4000))));
        tap->callerFrame(frame, 0);
    });
    caller.start(20);
    const auto meters = panel->findChildren<LevelMeter *>();
    QCOMPARE(meters.size(), 3);
    QTRY_VERIFY(meters[0]->level() > 0.01f);
    QVERIFY(!panel->handBackAction()->isEnabled());

    // Take the call: the same audio carries the supervisor's voice; Hand back becomes possible.
    window.takeCallAction()->trigger();
    QCOMPARE(taken.size(), 1);
    QCOMPARE(attached.size(), 1); // one tap for listening and talking
    QCOMPARE(panel->talkingOn(), QByteArray("live1"));
    QVERIFY(panel->handBackAction()->isEnabled());
    QVERIFY(panel->engine().isTransmitting());
    // The microphone's frames wait in the tap for the call's worker.
    QTRY_VERIFY(panel->engine().stats().framesToCall > 5);
    uint8_t frame[160];
    QCOMPARE(tap->takeAgentAudio(frame, 160), size_t(160));

    // Push to talk: Space anywhere but a text field.
    panel->pushToTalkAction()->setChecked(true);
    QVERIFY(!panel->engine().isTransmitting());
    window.callsView()->setFocus();
    QTest::keyPress(window.callsView(), Qt::Key_Space);
    QVERIFY(panel->engine().isTransmitting());
    QTest::keyRelease(window.callsView(), Qt::Key_Space);
    QVERIFY(!panel->engine().isTransmitting());
    window.whisperField()->setFocus();
    QTest::keyClick(window.whisperField(), Qt::Key_Space);
    QVERIFY(!panel->engine().isTransmitting());
    QCOMPARE(window.whisperField()->text(), QStringLiteral(" ")); // typing stays typing
    panel->pushToTalkAction()->setChecked(false);
    panel->muteAction()->trigger();
    QVERIFY(!panel->engine().isTransmitting());

    // Hand back: the gateway is told, the microphone closes, listening goes on.
    panel->handBackAction()->trigger();
    QCOMPARE(handedBack.size(), 1);
    QCOMPARE(handedBack.first().first().toByteArray(), QByteArray("live1"));
    QVERIFY(!panel->engine().isTalking());
    QCOMPARE(panel->listeningTo(), QByteArray("live1"));

    // The call ends: listening stops by itself.
    caller.stop();
    tap->markCallEnded();
    QTRY_VERIFY(panel->listeningTo().isEmpty());
    QVERIFY(!panel->listenAction()->isChecked());
    ConsoleSettings::reset();
}

void TestConsole::historyPlaysARecording()
{
    // Eight seconds of tone. History plays it, pauses (the place kept, silence meanwhile),
    // resumes, moves five seconds on with the seek bar, stops, and plays to the end.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("call.opus"));
    const auto tone = [](int i) { return qint16(6000 * std::sin(2 * M_PI * 500 * i / 8000.0)); };
    QVERIFY(testing::writeRecording(path, 8000 * 8, tone, tone).ok());
    OperatorLink link(20);
    ConsoleWindow window(testing::testConfig(), link);
    window.show();
    audio::AudioEngine &engine = window.audioPanel()->engine();
    PlaybackBar *bar = window.playbackBar();
    QVERIFY(bar);
    QVERIFY(window.historyView()->isAncestorOf(bar)); // in History, beside the recordings
    QVERIFY(!bar->pauseButton()->isEnabled() && !bar->stopButton()->isEnabled() && !bar->seekBar()->isEnabled());
    QSignalSpy finished(&engine, &audio::AudioEngine::playbackFinished);
    Q_EMIT window.historyView()->playRequested(path, QStringLiteral("a test call"));
    QVERIFY(engine.isPlaying());
    QTRY_VERIFY(bar->pauseButton()->isEnabled() && bar->seekBar()->isEnabled());
    QCOMPARE(bar->seekBar()->maximum(), 8000);
    const LevelMeter *caller = window.audioPanel()->findChildren<LevelMeter *>()[0];
    QTRY_VERIFY(caller->level() > 0.01f);
    QTRY_VERIFY(engine.playbackPositionMs() > 200);

    // Pause: the place stays, nothing is heard.
    bar->pauseButton()->click();
    QVERIFY(engine.isPlaybackPaused());
    QCOMPARE(bar->pauseButton()->text(), QStringLiteral("Resume"));
    QTest::qWait(100);
    const qint64 heldAt = engine.playbackPositionMs();
    QTest::qWait(400);
    QCOMPARE(engine.playbackPositionMs(), heldAt);
    QTRY_VERIFY(engine.levels().caller < 0.001f);
    QVERIFY(engine.isPlaying());
    QVERIFY(bar->timeLabel()->text().endsWith(QStringLiteral(" / 0:08")));

    // Resume, then five seconds on (the seek bar's arrow key).
    bar->pauseButton()->click();
    QVERIFY(!engine.isPlaybackPaused());
    QTRY_VERIFY(engine.playbackPositionMs() > heldAt);
    bar->seekBar()->setFocus();
    QTest::keyClick(bar->seekBar(), Qt::Key_Right);
    QTRY_VERIFY2(engine.playbackPositionMs() >= heldAt + 5000, qPrintable(QString::number(engine.playbackPositionMs())));
    QTRY_VERIFY(bar->timeLabel()->text().startsWith(QStringLiteral("0:05")) || bar->timeLabel()->text().startsWith(QStringLiteral("0:06")));
    QTRY_VERIFY(caller->level() > 0.01f); // sound again after the jump

    // Stop: nothing plays, the controls rest.
    bar->stopButton()->click();
    QVERIFY(!engine.isPlaying());
    QVERIFY(!bar->pauseButton()->isEnabled() && !bar->seekBar()->isEnabled());
    QVERIFY(bar->timeLabel()->text().isEmpty());

    // Again, straight to the end: it finishes.
    Q_EMIT window.historyView()->playRequested(path, QStringLiteral("a test call"));
    QVERIFY(engine.isPlaying());
    bar->seekBar()->setFocus();
    QTest::keyClick(bar->seekBar(), Qt::Key_End);
    QVERIFY(finished.wait(3000));
    QVERIFY(!engine.isPlaying());
    // A file that is not there says so.
    Q_EMIT window.historyView()->playRequested(dir.filePath(QStringLiteral("gone.opus")), QString());
    QVERIFY(!engine.isPlaying());
}

void TestConsole::filterFindsCallsByCustomer()
{
    OperatorLink link(20);
    ConsoleWindow window(testing::testConfig(), link);
    CallEvent known = makeEvent(CallEvent::Kind::Started, "known");
    known.customer = CustomerInfo{true, QStringLiteral("Dana Whitfield"), {}, {}};
    link.onCallEvent(known);
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "other"));
    QTRY_COMPARE(window.callsModel()->rowCount(), 2);
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(window.callsView()->model());
    QVERIFY(proxy);
    proxy->setFilterFixedString(QStringLiteral("whitfield"));
    QCOMPARE(proxy->rowCount(), 1);
    QCOMPARE(proxy->index(0, 0).data(CallsModel::SessionIdRole).toByteArray(), QByteArray("known"));
    // Masked numbers are what the filter sees: digits hidden from the screen cannot be searched.
    proxy->setFilterFixedString(QStringLiteral("4155554567"));
    QCOMPARE(proxy->rowCount(), 0);
    window.callsModel()->setRevealNumbers(true);
    proxy->invalidate();
    QCOMPARE(proxy->rowCount(), 2);
}

void TestConsole::historySearchesOnItsOwnThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.sqlite"));
    {
        store::CallStore store;
        QVERIFY(store.openSqlite(path).ok());
        std::vector<CallEvent> events;
        for (int i = 0; i < 30; ++i) {
            const QByteArray s = "h" + QByteArray::number(i);
            CallEvent started = makeEvent(CallEvent::Kind::Started, s);
            started.caller = QStringLiteral("+1415555%1").arg(1000 + i);
            started.at = QDateTime::currentDateTimeUtc().addSecs(-3600 + i);
            events.push_back(started);
            CallEvent said = makeEvent(CallEvent::Kind::TranscriptFinal, s);
            said.text = QStringLiteral("Call %1 asks about an order").arg(i);
            events.push_back(said);
            CallEvent ended = makeEvent(CallEvent::Kind::Ended, s);
            ended.text = i % 3 ? QStringLiteral("completed") : QStringLiteral("transferred");
            events.push_back(ended);
        }
        QVERIFY(store.write(events).ok());
    }
    HistoryView history(path);
    QSignalSpy searched(&history, &HistoryView::searched);
    // From yesterday: the calls began an hour ago, which may be before midnight.
    history.findChildren<QDateEdit *>().value(0)->setDate(QDate::currentDate().addDays(-1));
    history.search();
    QVERIFY(searched.wait(5000));
    QCOMPARE(history.resultCount(), 30);
    // By a part of the number, typed the way people type it.
    auto *number = history.findChild<QLineEdit *>();
    QVERIFY(number);
    number->setText(QStringLiteral("555-1007"));
    searched.clear();
    history.search();
    QVERIFY(searched.wait(5000));
    QCOMPARE(history.resultCount(), 1);
    // The selected call's transcript.
    QSignalSpy shown(&history, &HistoryView::transcriptShown);
    auto *table = history.findChild<QTableView *>();
    table->selectRow(0);
    QVERIFY(shown.wait(5000));
    QVERIFY2(history.transcriptText().contains(QStringLiteral("Call 7 asks about an order")), qPrintable(history.transcriptText()));
}

void TestConsole::ngrokAddressIsFound()
{
    sim::NgrokApiSim api;
    QVERIFY(api.listen().ok());
    api.setTunnels({{QStringLiteral("http://plain.ngrok.example"), QStringLiteral("http://localhost:5050")},
                    {QStringLiteral("https://other.ngrok.example"), QStringLiteral("http://localhost:8080")},
                    {QStringLiteral("https://abcd.ngrok.example"), QStringLiteral("http://localhost:5050")}});
    NgrokDiscovery discovery(api.url());
    std::optional<Result<QUrl>> found;
    discovery.discover(5050, [&](Result<QUrl> r) { found.emplace(std::move(r)); });
    QTRY_VERIFY(found.has_value());
    QVERIFY2(found->ok(), qPrintable(found->error()));
    QCOMPARE(found->value(), QUrl(QStringLiteral("https://abcd.ngrok.example")));
    // No tunnel to this port: it says how to start one.
    found.reset();
    discovery.discover(6060, [&](Result<QUrl> r) { found.emplace(std::move(r)); });
    QTRY_VERIFY(found.has_value());
    QVERIFY(!found->ok());
    QVERIFY(found->error().contains(QLatin1String("ngrok http 6060")));
    // No agent at all.
    NgrokDiscovery nowhere(QUrl(QStringLiteral("http://127.0.0.1:1")));
    found.reset();
    nowhere.discover(5050, [&](Result<QUrl> r) { found.emplace(std::move(r)); });
    QTRY_VERIFY(found.has_value());
    QVERIFY(!found->ok());
    QVERIFY(found->error().contains(QLatin1String("no ngrok agent")));
}

void TestConsole::actionsLandOnTheHeldCall()
{
    // A supervisor takes one call and filters for another: the held call stays in sight, on top
    // and marked; Hang up names it and ends it, not the row the pointer is on. New calls go below,
    // callers waiting for an agent above, longest wait first; revealing numbers moves nothing.
    OperatorLink link(20);
    ConsoleWindow window(testing::testConfig(), link);
    window.show();
    QSignalSpy hungUp(&link, &OperatorLink::hangUpRequested);
    const auto start = [&](const char *session, const char *number, int secondsAgo) {
        CallEvent e = makeEvent(CallEvent::Kind::Started, session);
        e.caller = QString::fromLatin1(number);
        e.at = QDateTime::currentDateTimeUtc().addSecs(-secondsAgo);
        link.onCallEvent(e);
    };
    const auto order = [&] {
        QList<QByteArray> ids;
        for (int r = 0; r < window.callsView()->model()->rowCount(); ++r)
            ids << window.callsView()->model()->index(r, 0).data(CallsModel::SessionIdRole).toByteArray();
        return ids;
    };
    start("ana", "+14155550101", 90);
    start("bob", "+14155550202", 60);
    start("cy", "+14155550303", 30);
    QTRY_COMPARE(order(), QList<QByteArray>({"ana", "bob", "cy"}));
    // Two callers start waiting for an agent, cy first: both go on top, cy's wait the longer.
    for (const char *who : {"cy", "ana"}) {
        CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, who);
        waiting.phase = CallPhase::WaitingForAgent;
        link.onCallEvent(waiting);
        QTest::qWait(60);
    }
    QTRY_COMPARE(order(), QList<QByteArray>({"cy", "ana", "bob"}));
    // A new call, and numbers revealed: nothing moves but the new row, at the bottom.
    start("dee", "+14155550404", 0);
    QTRY_COMPARE(order(), QList<QByteArray>({"cy", "ana", "bob", "dee"}));
    for (QAction *a : window.findChildren<QAction *>()) {
        if (a->text() == QLatin1String("Show full &numbers"))
            a->trigger();
    }
    QCOMPARE(order(), QList<QByteArray>({"cy", "ana", "bob", "dee"}));

    // Take bob: pinned on top and marked.
    window.selectCall("bob");
    window.takeCallAction()->trigger();
    QTRY_COMPARE(order().value(0), QByteArray("bob"));
    QAbstractItemModel *view = window.callsView()->model();
    QCOMPARE(view->index(0, CallsModel::State).data().toString(), QStringLiteral("with you"));
    // A filter that matches only dee: bob stays in sight.
    window.filterField()->setText(QStringLiteral("0404"));
    QTRY_COMPARE(order(), QList<QByteArray>({"bob", "dee"}));
    window.selectCall("dee");
    // Hang up acts on bob, after naming him.
    QString asked;
    QTimer::singleShot(0, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        asked = box->text();
        for (QAbstractButton *b : box->buttons()) {
            if (box->buttonRole(b) == QMessageBox::AcceptRole)
                b->click();
        }
    });
    window.hangUpAction()->trigger();
    QCOMPARE(asked, QStringLiteral("Hang up on +14155550202?"));
    QCOMPARE(hungUp.size(), 1);
    QCOMPARE(hungUp.first().first().toByteArray(), QByteArray("bob"));
    // Cancelled, nothing happens.
    QTimer::singleShot(0, this, [] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->reject();
    });
    window.hangUpAction()->trigger();
    QCOMPARE(hungUp.size(), 1);
}

void TestConsole::closingAsksHandsBackAndDrainsVisibly()
{
    // Closing with calls live asks first (how many, the one held, the ones waiting); cancelled,
    // nothing happens. Confirmed, the held call goes back to the AI before the microphone closes,
    // the window stays in sight and a dialog counts the calls down; "End the calls now" asks the
    // gateway to end them.
    ConsoleSettings::reset();
    OperatorLink link(20);
    Config config = testing::testConfig();
    config.drainTimeoutSeconds = 30;
    ConsoleWindow window(config, link);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy closing(&window, &ConsoleWindow::closeRequested);
    QSignalSpy endNow(&window, &ConsoleWindow::endCallsNowRequested);
    QSignalSpy handedBack(&link, &OperatorLink::handBackRequested);
    for (const char *s : {"c1", "c2", "c3"})
        link.onCallEvent(makeEvent(CallEvent::Kind::Started, s));
    CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, "c3");
    waiting.phase = CallPhase::WaitingForAgent;
    link.onCallEvent(waiting);
    QTRY_COMPARE(window.callsModel()->liveCount(), 3);
    QTRY_COMPARE(window.callsModel()->waitingCount(), 1);
    window.selectCall("c1");
    window.takeCallAction()->trigger();
    QCOMPARE(window.audioPanel()->talkingOn(), QByteArray("c1"));

    QString asked;
    QString detail;
    const auto answer = [&](bool yes) {
        QTimer::singleShot(0, this, [&, yes] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            asked = box->text();
            detail = box->informativeText();
            for (QAbstractButton *b : box->buttons()) {
                if (box->buttonRole(b) == (yes ? QMessageBox::AcceptRole : QMessageBox::RejectRole))
                    b->click();
            }
        });
    };
    answer(false);
    window.close();
    QCOMPARE(asked, QStringLiteral("Close Callgate with 3 live calls?"));
    QVERIFY2(detail.contains(QStringLiteral("You hold a call: it goes back to the AI.")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("1 caller waits for an agent.")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("up to 30 seconds")), qPrintable(detail));
    QVERIFY(window.isVisible());
    QCOMPARE(closing.size(), 0);
    QCOMPARE(handedBack.size(), 0);
    QCOMPARE(window.audioPanel()->talkingOn(), QByteArray("c1"));
    QVERIFY(window.audioPanel()->engine().isTalking());
    QVERIFY(!window.closingDialog());

    answer(true);
    window.close();
    QCOMPARE(closing.size(), 1);
    QCOMPARE(handedBack.size(), 1);
    QCOMPARE(handedBack.first().first().toByteArray(), QByteArray("c1"));
    QVERIFY(!window.audioPanel()->engine().isTalking());
    QVERIFY(!window.audioPanel()->engine().isListening());
    QVERIFY(window.isVisible()); // the calls stay in sight while they end
    ClosingDialog *dialog = window.closingDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->stateLabel()->text().startsWith(QStringLiteral("3 calls still live — the rest are ended in 0:")),
             qPrintable(dialog->stateLabel()->text()));
    // A call ends: the count follows.
    link.onCallEvent(makeEvent(CallEvent::Kind::Ended, "c2"));
    QTRY_VERIFY2(dialog->stateLabel()->text().startsWith(QStringLiteral("2 calls still live")), qPrintable(dialog->stateLabel()->text()));
    QCOMPARE(endNow.size(), 0);
    dialog->endNowButton()->click();
    QCOMPARE(endNow.size(), 1);
    QCOMPARE(dialog->stateLabel()->text(), QStringLiteral("Ending 2 calls…"));
    // Closing the window again offers the same, and asks first.
    answer(true);
    window.close();
    QCOMPARE(asked, QStringLiteral("End the 2 live calls now?"));
    QCOMPARE(endNow.size(), 2);
    QCOMPARE(closing.size(), 1);
    ConsoleSettings::reset();
}

void TestConsole::messagesThatMatterStayUntilRead()
{
    // What the ngrok agent said stays, whole, until dismissed, whatever passes in the status bar
    // meanwhile; muting replaces "the caller hears you" instead of leaving it up.
    ConsoleSettings::reset();
    sim::NgrokApiSim api;
    QVERIFY(api.listen().ok());
    api.setTunnels({{QStringLiteral("https://abcd.ngrok.example"), QStringLiteral("http://localhost:5050")}});
    OperatorLink link(20);
    link.setStatusSource([] {
        GatewayStatus s;
        s.port = 5050;
        return s;
    });
    Config config = testing::testConfig();
    config.ngrokApiUrl = api.url();
    ConsoleWindow window(config, link);
    window.resize(1024, 700);
    window.show();
    for (QAction *a : window.findChildren<QAction *>()) {
        if (a->text() == QLatin1String("Find ngrok &address"))
            a->trigger();
    }
    const QString hint = QStringLiteral("ngrok forwards https://abcd.ngrok.example here; Twilio signs with that address, so set "
                                        "PUBLIC_URL=https://abcd.ngrok.example and restart");
    QTRY_COMPARE(window.notices()->texts(), QStringList{hint});
    QVERIFY(window.notices()->isVisible());
    // Whole, not cut: its label is as tall as its wrapped text needs.
    for (QLabel *l : window.notices()->findChildren<QLabel *>())
        QVERIFY(l->height() >= l->heightForWidth(l->width()));

    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "m1"));
    QTRY_COMPARE(window.callsModel()->rowCount(), 1);
    window.selectCall("m1");
    window.takeCallAction()->trigger();
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("You have the call: the caller hears you"));
    window.audioPanel()->muteAction()->trigger();
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Muted: the caller does not hear you"));
    window.audioPanel()->muteAction()->trigger();
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("The caller hears you again"));
    QCOMPARE(window.notices()->texts(), QStringList{hint}); // still there

    // The same message again is not doubled; dismissed, it is gone.
    window.notices()->add(hint);
    QCOMPARE(window.notices()->texts().size(), 1);
    auto *close = window.notices()->findChild<QToolButton *>();
    QVERIFY(close);
    close->click();
    QVERIFY(window.notices()->texts().isEmpty());
    QTRY_VERIFY(!window.notices()->isVisible());
    window.audioPanel()->handBackAction()->trigger();
    ConsoleSettings::reset();
}

void TestConsole::splitListeningStartsListening()
{
    // Ctrl+Shift+L with a live call selected and nothing heard: listening starts, caller left and
    // AI right.
    ConsoleSettings::reset();
    OperatorLink link(20);
    ConsoleWindow window(testing::testConfig(), link);
    window.show();
    AudioPanel *panel = window.audioPanel();
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "split1"));
    QTRY_COMPARE(window.callsModel()->rowCount(), 1);
    window.selectCall("split1");
    QVERIFY(panel->listeningTo().isEmpty());
    QCOMPARE(panel->splitAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    panel->splitAction()->trigger();
    QCOMPARE(panel->listeningTo(), QByteArray("split1"));
    QVERIFY(panel->splitAction()->isChecked());
    QCOMPARE(panel->engine().listenMode(), audio::ListenMode::Split);
    // While listening it only switches the ears.
    panel->splitAction()->trigger();
    QCOMPARE(panel->listeningTo(), QByteArray("split1"));
    QCOMPARE(panel->engine().listenMode(), audio::ListenMode::Mixed);
    panel->listenAction()->trigger();
    QVERIFY(panel->listeningTo().isEmpty());
    ConsoleSettings::reset();
}

void TestConsole::historyShowsTodayInPlainWordsAndKeepsNotes()
{
    // History opens on today's calls without a search, says how each ended and who handled it in
    // words (a supervisor's hang-up by name, where a transfer went), and keeps a disposition and
    // notes on an ended call under the supervisor's name.
    ConsoleSettings::reset();
    ConsoleSettings me;
    me.supervisorName = QStringLiteral("Sam");
    me.save();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.sqlite"));
    const QString agentLine = QStringLiteral("+14155550100");
    {
        store::CallStore store;
        QVERIFY(store.openSqlite(path).ok());
        std::vector<CallEvent> events;
        const auto add = [&](CallEvent::Kind kind, const QByteArray &session, const QString &text = {}, const QString &by = {}) {
            CallEvent e = makeEvent(kind, session);
            e.text = text;
            e.by = by;
            events.push_back(e);
        };
        for (const QByteArray s : {"taken", "sent", "lost", "ongoing"})
            add(CallEvent::Kind::Started, s);
        add(CallEvent::Kind::AgentTookOver, "taken", {}, QStringLiteral("Dana"));
        add(CallEvent::Kind::Ended, "taken", QStringLiteral("hung_up"), QStringLiteral("Dana"));
        add(CallEvent::Kind::Transferred, "sent", maskPhone(agentLine), QStringLiteral("Lee"));
        add(CallEvent::Kind::Ended, "sent", QStringLiteral("transferred"));
        add(CallEvent::Kind::Ended, "lost", QStringLiteral("no_agent"));
        QVERIFY(store.write(events).ok());
    }
    Config config = testing::testConfig();
    config.database = path;
    config.liveAgentNumber = agentLine;
    OperatorLink link(20);
    ConsoleWindow window(config, link);
    window.show();
    HistoryView *history = window.historyView();
    QSignalSpy searched(history, &HistoryView::searched);
    window.findChild<QTabWidget *>()->setCurrentWidget(history); // no Search pressed
    QTRY_COMPARE(history->resultCount(), 4);
    QAbstractItemModel *m = history->table()->model();
    QStringList outcomes, handled;
    for (int r = 0; r < m->rowCount(); ++r) {
        outcomes << m->index(r, 4).data().toString();
        handled << m->index(r, 5).data().toString();
    }
    QVERIFY2(outcomes.contains(QStringLiteral("Dana hung up")), qPrintable(outcomes.join(QStringLiteral(" | "))));
    QVERIFY(outcomes.contains(QStringLiteral("No agent was free")));
    QVERIFY(outcomes.contains(QStringLiteral("Transferred")));
    QVERIFY(outcomes.contains(QStringLiteral("Live")));
    for (const QString &code : {QStringLiteral("hung_up"), QStringLiteral("no_agent"), QStringLiteral("stream_closed")})
        QVERIFY(!outcomes.join(QLatin1Char(' ')).contains(code));
    QVERIFY2(handled.contains(QStringLiteral("Transferred to Live agent line (%1) by Lee").arg(maskPhone(agentLine))),
             qPrintable(handled.join(QStringLiteral(" | "))));
    QVERIFY(handled.contains(QStringLiteral("Dana")));
    QVERIFY(handled.contains(QStringLiteral("The AI")));

    // A live call takes no notes yet; an ended one does.
    const auto rowOf = [&](const QString &outcome) {
        for (int r = 0; r < m->rowCount(); ++r) {
            if (m->index(r, 4).data().toString() == outcome)
                return r;
        }
        return -1;
    };
    history->table()->selectRow(rowOf(QStringLiteral("Live")));
    QTRY_VERIFY(!history->saveNotesButton()->isEnabled());
    QVERIFY(!history->notesField()->isEnabled());
    history->table()->selectRow(rowOf(QStringLiteral("Dana hung up")));
    QTRY_VERIFY(history->saveNotesButton()->isEnabled());
    history->dispositionField()->setCurrentIndex(history->dispositionField()->findText(QStringLiteral("Follow-up needed")));
    history->notesField()->setPlainText(QStringLiteral("Wants a callback about the refund"));
    QSignalSpy saved(history, &HistoryView::notesSaved);
    history->saveNotesButton()->click();
    QVERIFY(saved.wait(5000));
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(m->index(rowOf(QStringLiteral("Dana hung up")), 6).data().toString(),
             QStringLiteral("Follow-up needed — Wants a callback about the refund"));
    store::CallStore check;
    QVERIFY(check.openSqlite(path).ok());
    bool found = false;
    for (const store::CallRecord &c : check.recentCalls(10)) {
        if (c.sessionId != QLatin1String("taken"))
            continue;
        found = true;
        QCOMPARE(c.disposition, QStringLiteral("follow_up"));
        QCOMPARE(c.notes, QStringLiteral("Wants a callback about the refund"));
        QCOMPARE(c.notedBy, QStringLiteral("Sam"));
        QCOMPARE(c.agent, QStringLiteral("Dana"));
        QCOMPARE(c.outcome, QStringLiteral("hung_up"));
    }
    QVERIFY(found);
    ConsoleSettings::reset();
}

void TestConsole::queuePanelCountsTheDay()
{
    // Today's calls from the records (two by the AI, one answered by a person in 5 s, one after
    // 40 s, one transferred, one abandoned) and a caller waiting now: the queue panel shows each,
    // and the service level against the supervisor's target.
    ConsoleSettings::reset();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.sqlite"));
    {
        store::CallStore store;
        QVERIFY(store.openSqlite(path).ok());
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        std::vector<CallEvent> events;
        const auto at = [&](CallEvent::Kind kind, const QByteArray &s, int secs, const QString &text = {}) {
            CallEvent e = makeEvent(kind, s);
            e.text = text;
            e.at = t0.addSecs(secs);
            events.push_back(e);
        };
        for (const QByteArray s : {"ai1", "ai2", "quick", "slow", "sent", "left"})
            at(CallEvent::Kind::Started, s, 0);
        for (const QByteArray s : {"quick", "slow", "sent", "left"})
            at(CallEvent::Kind::Escalated, s, 10, QStringLiteral("caller pressed 0"));
        at(CallEvent::Kind::AgentTookOver, "quick", 15);
        at(CallEvent::Kind::AgentTookOver, "slow", 50);
        at(CallEvent::Kind::Transferred, "sent", 55, QStringLiteral("+1******0100"));
        for (const QByteArray s : {"ai1", "ai2", "quick", "slow"})
            at(CallEvent::Kind::Ended, s, 120, QStringLiteral("completed"));
        at(CallEvent::Kind::Ended, "sent", 60, QStringLiteral("transferred"));
        at(CallEvent::Kind::Ended, "left", 30, QStringLiteral("stream_closed"));
        QVERIFY(store.write(events).ok());
    }
    Config config = testing::testConfig();
    config.database = path;
    OperatorLink link(20);
    ConsoleWindow window(config, link);
    window.show();
    QueuePanel *queue = window.queuePanel();
    QVERIFY(queue && queue->isVisible());
    QTRY_COMPARE(queue->figure(QStringLiteral("byAi")), QStringLiteral("2"));
    QCOMPARE(queue->figure(QStringLiteral("byPerson")), QStringLiteral("2"));
    QCOMPARE(queue->figure(QStringLiteral("transferred")), QStringLiteral("1"));
    QCOMPARE(queue->figure(QStringLiteral("abandoned")), QStringLiteral("1"));
    QCOMPARE(queue->figure(QStringLiteral("serviceLevel")), QStringLiteral("25 %")); // 1 of 4 within 20 s
    QCOMPARE(queue->caption(QStringLiteral("serviceLevel")), QStringLiteral("answered in 20 s"));
    QCOMPARE(queue->figure(QStringLiteral("waiting")), QStringLiteral("0"));
    QCOMPARE(queue->figure(QStringLiteral("longestWait")), QStringLiteral("–"));

    // A caller starts waiting 42 s ago; the figures follow the live table.
    CallEvent started = makeEvent(CallEvent::Kind::Started, "now1");
    link.onCallEvent(started);
    CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, "now1");
    waiting.phase = CallPhase::WaitingForAgent;
    waiting.at = QDateTime::currentDateTimeUtc().addSecs(-42);
    link.onCallEvent(waiting);
    QTRY_COMPARE(queue->figure(QStringLiteral("waiting")), QStringLiteral("1"));
    QTRY_VERIFY2(queue->figure(QStringLiteral("longestWait")).startsWith(QStringLiteral("0:4")),
                 qPrintable(queue->figure(QStringLiteral("longestWait"))));
    // A longer target counts the 40 s answer too.
    ConsoleSettings longer = ConsoleSettings::load();
    longer.serviceLevelSeconds = 60;
    longer.save();
    window.refreshQueue();
    QTRY_COMPARE(queue->figure(QStringLiteral("serviceLevel")), QStringLiteral("50 %"));
    ConsoleSettings::reset();
}

void TestConsole::transferKeepsWhatWasTyped()
{
    // A mistyped number is said to be wrong and stays to be fixed; the configured numbers are
    // offered by name.
    Config config = testing::testConfig();
    config.liveAgentNumber = QStringLiteral("+14155550100");
    config.transferNumbers = {{QStringLiteral("Billing"), QStringLiteral("+14155550111")}};
    OperatorLink link(20);
    ConsoleWindow window(config, link);
    window.show();
    QSignalSpy transferred(&link, &OperatorLink::transferRequested);
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "t1"));
    QTRY_COMPARE(window.callsModel()->rowCount(), 1);
    window.selectCall("t1");
    QStringList offered;
    bool stayedOpen = false, saidWhy = false;
    QString kept;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<TransferDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        for (int i = 0; i < dialog->numberField()->count(); ++i)
            offered << dialog->numberField()->itemText(i);
        dialog->numberField()->setEditText(QStringLiteral("415 555 01"));
        dialog->accept();
        stayedOpen = dialog->isVisible();
        saidWhy = dialog->problemLabel()->isVisible() && dialog->problemLabel()->text().contains(QLatin1String("E.164"));
        kept = dialog->numberField()->currentText();
        dialog->numberField()->setEditText(QStringLiteral("+14155550199"));
        dialog->accept();
    });
    QVERIFY(window.transferAction()->isEnabled());
    window.transferAction()->trigger();
    QCOMPARE(offered, QStringList({QStringLiteral("Live agent line — +14155550100"), QStringLiteral("Billing — +14155550111")}));
    QVERIFY(stayedOpen);
    QVERIFY(saidWhy);
    QCOMPARE(kept, QStringLiteral("415 555 01"));
    QCOMPARE(transferred.size(), 1);
    QCOMPARE(transferred.first().at(1).toString(), QStringLiteral("+14155550199"));
}

void TestConsole::everyCountOnScreenAgrees()
{
    // The status bar and the chart count the same calls: three connected (one waiting for an
    // agent), one in the caller flow, one ended whose recording is saved after its end.
    Config config = testing::testConfig();
    OperatorLink link(20);
    ConsoleWindow window(config, link);
    window.show();
    for (const char *s : {"c1", "c2", "c3", "c4"})
        link.onCallEvent(makeEvent(CallEvent::Kind::Started, s));
    CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, "c2");
    waiting.phase = CallPhase::WaitingForAgent;
    link.onCallEvent(waiting);
    CallEvent flow = makeEvent(CallEvent::Kind::FlowStep, "flow:CA9");
    flow.text = QStringLiteral("asked for consent");
    link.onCallEvent(flow);
    CallEvent ended = makeEvent(CallEvent::Kind::Ended, "c4");
    ended.text = QStringLiteral("completed");
    link.onCallEvent(ended);
    link.onCallEvent(makeEvent(CallEvent::Kind::RecordingSaved, "c4"));
    auto *counts = window.findChild<QLabel *>(QStringLiteral("callCounts"));
    auto *charts = window.findChild<LiveCharts *>();
    QVERIFY(counts && charts);
    QTRY_COMPARE(counts->text(), QStringLiteral("3 live, 1 waiting for an agent, 1 in the caller flow"));
    QTRY_COMPARE(charts->now(), qMakePair(3, 1));
    QTest::qWait(1200); // a chart sample, and the ended call's late event, have come and gone
    QCOMPARE(counts->text(), QStringLiteral("3 live, 1 waiting for an agent, 1 in the caller flow"));
    QCOMPARE(charts->samples().back(), qMakePair(3, 1));
}

void TestConsole::modelShuttingDownShowsABanner()
{
    const QDate going = QDate::currentDate().addDays(45);
    sim::RealtimeSimOptions o = sim::RealtimeSimServer::defaultOptions();
    o.models = {{QStringLiteral("gpt-realtime-2.1"), QString()}, {QStringLiteral("whisper-1"), going.toString(Qt::ISODate)}};
    sim::RealtimeSimServer ai(o);
    QVERIFY(ai.listen().ok());
    Config config = testing::testConfig();
    config.openAiRealtimeUrl = ai.url();
    config.openAiTranscriptionModel = QStringLiteral("whisper-1");
    Gateway gateway(config); // not started: the window sees what the model check found
    OperatorLink link(20);
    link.setStatusSource([&gateway] { return gateway.status(); });
    ConsoleWindow window(config, link);
    window.show();
    auto *banner = window.findChild<QLabel *>(QStringLiteral("warningBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible()); // nothing known yet, nothing said
    gateway.checkModels();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 5000);
    QCOMPARE(banner->text(),
             QStringLiteral("⚠ whisper-1 (OPENAI_TRANSCRIPTION_MODEL) shuts down on %1; OpenAI names gpt-transcribe as its replacement")
                 .arg(going.toString(Qt::ISODate)));
}

void TestConsole::settingsRoundTripKeepsSecretsInTheEnvFile()
{
    QTemporaryDir dir;
    const QString env = dir.filePath(QStringLiteral(".env"));
    QVERIFY(writeDotEnvFile(
                env, {{QStringLiteral("PORT"), QStringLiteral("6060")}, {QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-old")}})
                .ok());
    ConsoleSettings::reset();
    QString outputChosen;
    {
        SettingsDialog dialog(env);
        QVERIFY(dialog.load().ok());
        QCOMPARE(dialog.field(QStringLiteral("OPENAI_API_KEY"))->text(), QStringLiteral("sk-old"));
        QCOMPARE(dialog.field(QStringLiteral("OPENAI_API_KEY"))->echoMode(), QLineEdit::PasswordEchoOnEdit);
        dialog.field(QStringLiteral("PUBLIC_URL"))->setText(QStringLiteral("https://abcd.ngrok.app"));
        dialog.field(QStringLiteral("OPENAI_API_KEY"))->setText(QStringLiteral("sk-new-secret"));
        dialog.field(QStringLiteral("PROMPT_CONSENT"))->setText(QStringLiteral("gdoc:consentDocument0123"));
        dialog.revealNumbers()->setChecked(true);
        // The headset: the backend's devices by name (the loopback's here), and a remembered one
        // that is not plugged in stays chosen, marked as such.
        QVERIFY(dialog.outputDevice()->count() >= 2); // the system default and at least one device
        dialog.outputDevice()->setCurrentIndex(1);
        outputChosen = dialog.outputDevice()->currentData().toString();
        QVERIFY(!outputChosen.isEmpty());
        QVERIFY(dialog.save().ok());
        // A bad value is refused with the setting's name, and nothing is written.
        dialog.field(QStringLiteral("PUBLIC_URL"))->setText(QStringLiteral("not a url"));
        const Status bad = dialog.save();
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().contains(QLatin1String("PUBLIC_URL")));
    }
    const auto saved = readDotEnvFile(env);
    QVERIFY(saved.ok());
    QCOMPARE(saved.value().value(QStringLiteral("PUBLIC_URL")), QStringLiteral("https://abcd.ngrok.app"));
    QCOMPARE(saved.value().value(QStringLiteral("OPENAI_API_KEY")), QStringLiteral("sk-new-secret"));
    QCOMPARE(saved.value().value(QStringLiteral("PORT")), QStringLiteral("6060")); // untouched lines kept
    QCOMPARE(QFileInfo(env).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    // The key never reaches QSettings; the display preference does.
    QSettings settings;
    for (const QString &key : settings.allKeys())
        QVERIFY2(!settings.value(key).toString().contains(QLatin1String("sk-new-secret")), qPrintable(key));
    QCOMPARE(ConsoleSettings::load().revealNumbers, true);
    // Loaded again, everything is where it was left.
    SettingsDialog again(env);
    QVERIFY(again.load().ok());
    QCOMPARE(again.field(QStringLiteral("PROMPT_CONSENT"))->text(), QStringLiteral("gdoc:consentDocument0123"));
    QVERIFY(again.revealNumbers()->isChecked());
    QCOMPARE(again.outputDevice()->currentData().toString(), outputChosen);
    ConsoleSettings unplugged = ConsoleSettings::load();
    unplugged.inputDevice = QStringLiteral("USB Headset (unplugged)");
    unplugged.save();
    SettingsDialog third(env);
    QVERIFY(third.load().ok());
    QCOMPARE(third.inputDevice()->currentData().toString(), QStringLiteral("USB Headset (unplugged)"));
    QVERIFY(third.inputDevice()->currentText().contains(QLatin1String("not connected")));
    ConsoleSettings::reset();
}

void TestConsole::chartsCountEachAnswerOnceAndStayBounded()
{
    LiveCharts charts;
    CallSummary a;
    a.sessionId = "a";
    a.phase = CallPhase::Listening;
    a.lastLatencyMs = 420;
    CallSummary b = a;
    b.sessionId = "b";
    b.lastLatencyMs = 1700;
    charts.observe({a, b});
    charts.observe({a, b}); // the same answers again: not counted twice
    a.lastLatencyMs = 430;
    charts.observe({a});
    const auto &counts = charts.latencyCounts();
    QCOMPARE(counts[1], 2); // 250–500 ms
    QCOMPARE(counts[5], 1); // 1.5–2 s
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0), 3);
    QCOMPARE(charts.latencyPercentile(50), 430.0);
    QVERIFY(charts.accessibleDescription().contains(QLatin1String("p50 430 ms")));
    for (int i = 0; i < LiveCharts::kSeconds + 50; ++i)
        charts.sample(i % 7, i % 2);
    QCOMPARE(charts.samples().size(), size_t(LiveCharts::kSeconds));
    charts.resize(600, 130);
    const QImage picture = charts.grab().toImage();
    QVERIFY(!picture.isNull());
    // Something was painted in the bars' colours.
    bool green = false;
    for (int y = 0; y < picture.height() && !green; ++y)
        for (int x = picture.width() / 2; x < picture.width() && !green; ++x)
            green = picture.pixelColor(x, y) == QColor(0x3a, 0x8f, 0x4f);
    QVERIFY(green);
}

void TestConsole::callersInTheFlowShowUntilTheirCallStarts()
{
    OperatorLink link(20);
    CallsModel model;
    connect(&link, &OperatorLink::callsChanged, &model, &CallsModel::applyChanges);
    CallEvent step;
    step.kind = CallEvent::Kind::FlowStep;
    step.callSid = QStringLiteral("CAflow");
    step.sessionId = flowKey(step.callSid);
    step.caller = QStringLiteral("+14155554567");
    step.text = QStringLiteral("caller ID is not a mobile (landline): asked for one");
    step.at = QDateTime::currentDateTimeUtc();
    link.onCallEvent(step);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, CallsModel::State).data().toString(), QStringLiteral("in the caller flow"));
    QCOMPARE(model.index(0, CallsModel::LastLine).data().toString(), step.text);
    // Its media session starts: the flow row gives way to the live call.
    CallEvent started = makeEvent(CallEvent::Kind::Started, "live1");
    started.callSid = QStringLiteral("CAflow");
    link.onCallEvent(started);
    QTRY_COMPARE(model.index(0, CallsModel::State).data(CallsModel::SessionIdRole).toByteArray(), QByteArray("live1"));
    QCOMPARE(model.rowCount(), 1);
    // A caller who declines: the flow row ends there.
    CallEvent declined = step;
    declined.callSid = QStringLiteral("CAno");
    declined.sessionId = flowKey(declined.callSid);
    declined.text = QStringLiteral("declined consent: goodbye");
    declined.detail = QStringLiteral("declined");
    link.onCallEvent(declined);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.summary(flowKey(QStringLiteral("CAno"))).outcome, QStringLiteral("declined"));
    QCOMPARE(model.liveCount(), 1);
}

void TestConsole::settingsSpeakPlainlyAndApplyTheLanguageAtOnce()
{
    // Ctrl+, opens Settings; its fields have plain labels on pages by purpose, with the wait, the
    // recordings, retention and the SMS summary among them, written as the gateway reads them.
    // In demo mode it shows the demo's values and writes no .env. A new console language is applied
    // to the open window at once.
    ConsoleSettings::reset();
    QTemporaryDir dir;
    const QString env = dir.filePath(QStringLiteral(".env"));
    QVERIFY(writeDotEnvFile(env, {{QStringLiteral("PORT"), QStringLiteral("6060")}}).ok());
    Config config = testing::testConfig();
    OperatorLink link(20);
    ConsoleWindow window(config, link);
    window.setEnvFile(env);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog *>()) && dialog->isVisible());
    QStringList pageTitles;
    for (int i = 0; i < dialog->pages()->count(); ++i)
        pageTitles << dialog->pages()->tabText(i);
    QCOMPARE(pageTitles,
             QStringList({QStringLiteral("Connection"), QStringLiteral("Callers"), QStringLiteral("Agents and records"),
                          QStringLiteral("Console"), QStringLiteral("Headset"), QStringLiteral("Gateways")}));
    // No raw setting name as a label; the name is in the (wrapping, rich-text) help.
    for (QLabel *label : dialog->findChildren<QLabel *>()) {
        for (const QString &key : SettingsDialog::editedSettings())
            QVERIFY2(label->text() != key, qPrintable(key));
    }
    QVERIFY(dialog->field(QStringLiteral("PUBLIC_URL"))->toolTip().startsWith(QStringLiteral("<p>")));
    QVERIFY(dialog->field(QStringLiteral("PUBLIC_URL"))->toolTip().contains(QStringLiteral("PUBLIC_URL")));
    dialog->spinBox(QStringLiteral("AGENT_WAIT_SECONDS"))->setValue(45);
    dialog->checkBox(QStringLiteral("RECORD_CALLS"))->setChecked(true);
    dialog->spinBox(QStringLiteral("RETENTION_DAYS"))->setValue(90);
    dialog->checkBox(QStringLiteral("SMS_SUMMARY"))->setChecked(true);
    dialog->supervisorName()->setText(QStringLiteral("Robin"));
    dialog->consoleLanguage()->setCurrentIndex(dialog->consoleLanguage()->findData(QStringLiteral("de")));
    QVERIFY(dialog->save().ok());
    dialog->accept();
    const auto saved = readDotEnvFile(env);
    QVERIFY(saved.ok());
    QCOMPARE(saved.value().value(QStringLiteral("AGENT_WAIT_SECONDS")), QStringLiteral("45"));
    QCOMPARE(saved.value().value(QStringLiteral("RECORD_CALLS")), QStringLiteral("true"));
    QCOMPARE(saved.value().value(QStringLiteral("RETENTION_DAYS")), QStringLiteral("90"));
    QCOMPARE(saved.value().value(QStringLiteral("SMS_SUMMARY")), QStringLiteral("true"));
    QVERIFY(!saved.value().contains(QStringLiteral("CALLER_LANGUAGE"))); // left at its default: not written
    QCOMPARE(saved.value().value(QStringLiteral("PORT")), QStringLiteral("6060"));
    QCOMPARE(link.supervisor(), QStringLiteral("Robin"));
    // German, at once, on the window that is open.
    QTRY_COMPARE(window.takeCallAction()->text(), QStringLiteral("Anruf &übernehmen"));
    QCOMPARE(window.findChild<QTabWidget *>()->tabText(1), QStringLiteral("&Verlauf"));
    QCOMPARE(window.callsModel()->headerData(CallsModel::State, Qt::Horizontal).toString(), QStringLiteral("Status"));
    QCOMPARE(window.queuePanel()->caption(QStringLiteral("waiting")), QStringLiteral("warten jetzt"));
    installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
    QTRY_COMPARE(window.takeCallAction()->text(), QStringLiteral("&Take call"));

    // Demo mode: the demo's own values, nothing to edit, nothing written.
    Config demo = config;
    demo.demo = true;
    demo.agentWaitSeconds = 20;
    demo.liveAgentNumber = QStringLiteral("+14155550100");
    const QString demoEnv = dir.filePath(QStringLiteral("demo.env"));
    SettingsDialog demoDialog(demoEnv, nullptr, &demo);
    QVERIFY(demoDialog.load().ok());
    QVERIFY(demoDialog.isDemo());
    QCOMPARE(demoDialog.field(QStringLiteral("PUBLIC_URL"))->text(), demo.publicUrl.toString());
    QCOMPARE(demoDialog.field(QStringLiteral("LIVE_AGENT_NUMBER"))->text(), QStringLiteral("+14155550100"));
    QCOMPARE(demoDialog.spinBox(QStringLiteral("AGENT_WAIT_SECONDS"))->value(), 20);
    QVERIFY(!demoDialog.field(QStringLiteral("PUBLIC_URL"))->isEnabled());
    QVERIFY(demoDialog.supervisorName()->isEnabled()); // the console's own choices still are
    QVERIFY(demoDialog.save().ok());
    QVERIFY(!QFileInfo::exists(demoEnv));
    ConsoleSettings::reset();
}

void TestConsole::everyLanguageFitsAt1024x700_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QStringLiteral("en");
    QTest::newRow("German") << QStringLiteral("de");
    QTest::newRow("Spanish") << QStringLiteral("es");
}

void TestConsole::everyLanguageFitsAt1024x700()
{
    // The window at 1024×700 — both toolbars, the queue, the live page with calls, History — and
    // every page of Settings: no text cut, nothing hidden behind a toolbar's overflow.
    QFETCH(QString, language);
    ConsoleSettings::reset();
    QCOMPARE(installTranslations(*QCoreApplication::instance(), language), language);
    QTemporaryDir dir;
    Config config = testing::testConfig();
    config.database = dir.filePath(QStringLiteral("calls.sqlite"));
    config.liveAgentNumber = QStringLiteral("+14155550100");
    OperatorLink link(20);
    ConsoleWindow window(config, link);
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "fit1"));
    link.onCallEvent(makeEvent(CallEvent::Kind::Started, "fit2"));
    CallEvent waiting = makeEvent(CallEvent::Kind::PhaseChanged, "fit2");
    waiting.phase = CallPhase::WaitingForAgent;
    link.onCallEvent(waiting);
    QTRY_COMPARE(window.callsModel()->waitingCount(), 1);
    QTest::qWait(50);
    QCOMPARE(window.size(), QSize(1024, 700)); // nothing in it needs more
    QStringList clipped = clippedWidgets(&window);
    auto *pages = window.findChild<QTabWidget *>();
    pages->setCurrentWidget(window.historyView());
    QTest::qWait(50);
    clipped += clippedWidgets(&window);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("\n"))));

    SettingsDialog settings(dir.filePath(QStringLiteral(".env")), &window, &config);
    QVERIFY(settings.load().ok());
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    QVERIFY2(settings.width() <= 1024 && settings.height() <= 700,
             qPrintable(QStringLiteral("%1×%2").arg(settings.width()).arg(settings.height())));
    for (int i = 0; i < settings.pages()->count(); ++i) {
        settings.pages()->setCurrentIndex(i);
        QTest::qWait(20);
        clipped += clippedWidgets(&settings);
    }
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("\n"))));
    installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
    ConsoleSettings::reset();
}

void TestConsole::speaksGermanAndSpanish()
{
    const Config config = testing::testConfig();
    const auto textsIn = [&](const QString &language) {
        const QString used = installTranslations(*QCoreApplication::instance(), language);
        OperatorLink link(20);
        ConsoleWindow window(config, link);
        const QStringList texts{used, window.takeCallAction()->text(),
                                window.callsModel()->headerData(CallsModel::State, Qt::Horizontal).toString()};
        installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
        return texts;
    };
    QCOMPARE(textsIn(QStringLiteral("de")),
             QStringList({QStringLiteral("de"), QStringLiteral("Anruf &übernehmen"), QStringLiteral("Status")}));
    QCOMPARE(textsIn(QStringLiteral("es")),
             QStringList({QStringLiteral("es"), QStringLiteral("&Atender llamada"), QStringLiteral("Estado")}));
    QCOMPARE(textsIn(QStringLiteral("fr")).value(1), QStringLiteral("&Take call")); // no French: English
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    // QSettings of this test only, not the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("callgate-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_console"));
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    // Sound that flows in real time with no sound server: the console's tests need no device.
    // (tst_live_audio proves the real devices, through PortAudio on PulseAudio's null sinks.)
    qputenv("CALLGATE_AUDIO_BACKEND", "loopback");
    TestConsole t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_console.moc"
