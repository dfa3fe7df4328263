// The app's page in a real browser: Debian's headless Chromium, driven over its DevTools protocol
// (a WebSocket, CDP) at a phone's size, against a real gateway with USER_APP on. The page is used
// as a person would: type the number, read the code from the simulated SMS, type it, agree — then
// a simulated call from that number runs, and the page says "Talking to the assistant" (and in
// German when switched), then that the call ended. A screenshot of the page is saved
// (CALLGATE_SCREENSHOT_DIR, else the test's build folder): docs/app-phone.png is one.

#include "TestGateway.h"

#include "sim/TwilioCaller.h"
#include "sim/TwilioRestSim.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace callgate;
using namespace callgate::sim;
using namespace testing;

namespace {

// Chromium's DevTools protocol over one page's WebSocket: commands with ids, answers matched.
class DevTools {
public:
    bool open(const QUrl &url)
    {
        QObject::connect(&m_ws, &QWebSocket::textMessageReceived, [this](const QString &text) {
            const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
            if (m.contains(QStringLiteral("id")))
                m_answers.insert(m.value(QStringLiteral("id")).toInt(), m);
        });
        m_ws.open(url);
        return QTest::qWaitFor([this] { return m_ws.state() == QAbstractSocket::ConnectedState; }, 10000);
    }
    QJsonObject call(const QString &method, const QJsonObject &params = {}, int timeoutMs = 10000)
    {
        const int id = ++m_nextId;
        m_ws.sendTextMessage(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("method"), method}, {QStringLiteral("params"), params}})
                .toJson(QJsonDocument::Compact)));
        if (!QTest::qWaitFor([&] { return m_answers.contains(id); }, timeoutMs))
            return {};
        return m_answers.take(id);
    }
    // The value of a JavaScript expression in the page.
    QJsonValue evaluate(const QString &expression)
    {
        const QJsonObject answer =
            call(QStringLiteral("Runtime.evaluate"), {{QStringLiteral("expression"), expression}, {QStringLiteral("returnByValue"), true}});
        return answer.value(QStringLiteral("result")).toObject().value(QStringLiteral("result")).toObject().value(QStringLiteral("value"));
    }
    bool waitFor(const QString &expression, int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [&] {
                if (evaluate(expression).toBool())
                    return true;
                QTest::qWait(100);
                return false;
            },
            timeoutMs);
    }

private:
    QWebSocket m_ws;
    QHash<int, QJsonObject> m_answers;
    int m_nextId = 0;
};

// True once the element exists in the page now loaded and is shown (not while the previous
// document is still there, where it does not exist).
QString shown(const char *id) { return QStringLiteral("(e => !!e && !e.hidden)(document.getElementById('%1'))").arg(QLatin1String(id)); }

QString js(const QString &s) { return QString::fromUtf8(QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact)).mid(1).chopped(1); }

} // namespace

class TestAppPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void signInConsentAndFollowACall();

private:
    // What the page shows, for a failure's message.
    QString pageText() { return m_page.evaluate(QStringLiteral("document.body.innerText")).toString().simplified(); }

    QTemporaryDir m_dir;
    std::unique_ptr<Gateway> m_gateway;
    QProcess m_browser;
    DevTools m_page;
    QNetworkAccessManager m_network;
};

void TestAppPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    Config config = testConfig();
    config.userApp = true;
    config.smsFrom = QStringLiteral("+18005550100");
    config.database = m_dir.filePath(QStringLiteral("calls.sqlite"));
    m_gateway = startGateway(config);

    QString chromium;
    for (const char *name : {"chromium", "chromium-browser", "google-chrome"}) {
        chromium = QStandardPaths::findExecutable(QLatin1String(name));
        if (!chromium.isEmpty())
            break;
    }
    QVERIFY2(!chromium.isEmpty(), "no Chromium: scripts/install-deps.sh installs Debian's chromium");
    const QString profile = m_dir.filePath(QStringLiteral("profile"));
    m_browser.setProgram(chromium);
    m_browser.setArguments({QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                            QStringLiteral("--disable-dev-shm-usage"), QStringLiteral("--no-first-run"),
                            QStringLiteral("--remote-debugging-address=127.0.0.1"), QStringLiteral("--remote-debugging-port=0"),
                            QStringLiteral("--user-data-dir=") + profile, QStringLiteral("--lang=en-US"),
                            QStringLiteral("--window-size=390,844"), QStringLiteral("about:blank")});
    m_browser.setStandardOutputFile(QProcess::nullDevice()); // its D-Bus complaints say nothing here
    m_browser.setStandardErrorFile(QProcess::nullDevice());
    m_browser.start();
    QVERIFY2(m_browser.waitForStarted(10000), qPrintable(m_browser.errorString()));
    // Chromium writes the port it took (and the browser's WebSocket path) into the profile.
    QFile active(profile + QStringLiteral("/DevToolsActivePort"));
    QVERIFY2(QTest::qWaitFor([&] { return active.exists() && active.size() > 0; }, 30000), "Chromium did not open its DevTools port");
    QTest::qWait(100);
    QVERIFY(active.open(QIODevice::ReadOnly));
    const int devtoolsPort = active.readLine().trimmed().toInt();
    QVERIFY(devtoolsPort > 0);
    // The page target's own WebSocket.
    QUrl pageSocket;
    QVERIFY(QTest::qWaitFor(
        [&] {
            QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/json/list").arg(devtoolsPort))));
            (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000);
            for (const QJsonValue &t : QJsonDocument::fromJson(reply->readAll()).array()) {
                if (t.toObject().value(QStringLiteral("type")).toString() == QLatin1String("page"))
                    pageSocket = QUrl(t.toObject().value(QStringLiteral("webSocketDebuggerUrl")).toString());
            }
            reply->deleteLater();
            return pageSocket.isValid();
        },
        10000));
    QVERIFY(m_page.open(pageSocket));
    // A phone: 390 × 844 CSS pixels at 3× (an iPhone 14's screen), touch.
    QVERIFY(!m_page
                 .call(QStringLiteral("Emulation.setDeviceMetricsOverride"),
                       {{QStringLiteral("width"), 390},
                        {QStringLiteral("height"), 844},
                        {QStringLiteral("deviceScaleFactor"), 3},
                        {QStringLiteral("mobile"), true}})
                 .isEmpty());
}

void TestAppPage::cleanupTestCase()
{
    if (m_browser.state() != QProcess::NotRunning) {
        m_browser.terminate();
        if (!m_browser.waitForFinished(5000))
            m_browser.kill();
        m_browser.waitForFinished(2000);
    }
    m_gateway.reset();
}

void TestAppPage::signInConsentAndFollowACall()
{
    const QString number = QStringLiteral("+14155550171");
    const QString app = QStringLiteral("http://127.0.0.1:%1/app").arg(m_gateway->port());
    QVERIFY(!m_page.call(QStringLiteral("Page.navigate"), {{QStringLiteral("url"), app}}).isEmpty());
    QVERIFY2(m_page.waitFor(shown("signin")), "the sign-in form did not show");
    QCOMPARE(m_page.evaluate(QStringLiteral("document.querySelector('#signin h2').textContent")).toString(), QStringLiteral("Sign in"));

    // The number as a person types it; the code from the SMS the simulated phone got.
    m_page.evaluate(QStringLiteral("document.getElementById('phone').value = '(415) 555-0171';"
                                   "document.getElementById('send-code').click(); true"));
    QVERIFY2(m_page.waitFor(shown("code-step"), 20000), qPrintable(QStringLiteral("no code step; the page says: ") + pageText()));
    QString code;
    for (const auto &m : twilioRest().record().messages)
        if (m.to == number)
            code = QRegularExpression(QStringLiteral("\\b(\\d{6})\\b")).match(m.body).captured(1);
    QCOMPARE(code.size(), 6);
    m_page.evaluate(
        QStringLiteral("document.getElementById('code').value = %1; document.getElementById('verify').click(); true").arg(js(code)));
    QVERIFY2(m_page.waitFor(shown("account")), "not signed in");
    QCOMPARE(m_page.evaluate(QStringLiteral("document.getElementById('my-number').textContent")).toString(), number);
    QVERIFY(m_page.evaluate(QStringLiteral("localStorage.getItem('callgate.token')")).toString().size() >= 40);
    QCOMPARE(m_page.evaluate(QStringLiteral("document.getElementById('call-state').textContent")).toString(),
             QStringLiteral("No call right now"));

    // Consent, with the consent text shown.
    QVERIFY(!m_page.evaluate(QStringLiteral("document.getElementById('consent-text').textContent")).toString().isEmpty());
    m_page.evaluate(QStringLiteral("document.getElementById('agree').click(); true"));
    QVERIFY2(m_page.waitFor(QStringLiteral("document.getElementById('consent-state').dataset.consent === 'given'")), "consent not shown");

    // A call from that phone: it skips the keypad question, and the page follows it.
    CallerOptions o = callerFor(*m_gateway);
    o.from = number;
    o.callSid = QStringLiteral("CA00000000000000000000000000000171");
    o.rest = &twilioRest();
    o.gatherDigits = {};
    o.script = {CallerStep::waitAssistant(100), CallerStep::pause(4000), CallerStep::hangUp()};
    TwilioCaller call(o, m_network);
    call.start();
    QVERIFY2(m_page.waitFor(QStringLiteral("document.getElementById('call-state').dataset.state === 'assistant'"), 15000),
             qPrintable(m_page.evaluate(QStringLiteral("document.getElementById('call-state').dataset.state")).toString()));
    QCOMPARE(m_page.evaluate(QStringLiteral("document.getElementById('call-state').textContent")).toString(),
             QStringLiteral("Talking to the assistant"));
    QVERIFY(!m_page.evaluate(QStringLiteral("document.getElementById('ask-agent').hidden")).toBool());
    QVERIFY(!call.record().verbs.contains(QLatin1String("Gather")));

    // The picture, at phone size.
    const QJsonObject shot = m_page.call(QStringLiteral("Page.captureScreenshot"), {{QStringLiteral("format"), QStringLiteral("png")}});
    const QByteArray png =
        QByteArray::fromBase64(shot.value(QStringLiteral("result")).toObject().value(QStringLiteral("data")).toString().toLatin1());
    QVERIFY(png.startsWith("\x89PNG"));
    const QString dir =
        qEnvironmentVariableIsSet("CALLGATE_SCREENSHOT_DIR") ? qEnvironmentVariable("CALLGATE_SCREENSHOT_DIR") : QDir::currentPath();
    QFile out(dir + QStringLiteral("/app-phone.png"));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(png);
    out.close();

    // The same in German.
    m_page.evaluate(QStringLiteral("const s = document.getElementById('language'); s.value = 'de';"
                                   "s.dispatchEvent(new Event('change')); true"));
    QCOMPARE(m_page.evaluate(QStringLiteral("document.getElementById('call-state').textContent")).toString(),
             QStringLiteral("Im Gespräch mit dem Assistenten"));
    QCOMPARE(m_page.evaluate(QStringLiteral("document.documentElement.lang")).toString(), QStringLiteral("de"));

    // The caller hangs up: the page says the call ended.
    QVERIFY(QTest::qWaitFor([&] { return call.record().finished; }, 20000));
    QVERIFY2(m_page.waitFor(QStringLiteral("document.getElementById('call-state').dataset.state === 'ended'")), "the end was not shown");
    QCOMPARE(m_page.evaluate(QStringLiteral("document.getElementById('call-state').textContent")).toString(),
             QStringLiteral("Anruf beendet"));

    // A reload resumes the session with the stored token: no sign-in form.
    m_page.evaluate(QStringLiteral("document.getElementById('account').id = 'old-account'; true")); // gone with the old document
    m_page.call(QStringLiteral("Page.reload"));
    QVERIFY2(m_page.waitFor(shown("account")), "the reload did not resume");
    QVERIFY(m_page.evaluate(QStringLiteral("document.getElementById('signin').hidden")).toBool());
}

QTEST_MAIN(TestAppPage)
#include "tst_app_page.moc"
