#include "TestGateway.h"

#include "RawHttp.h"
#include "audio/CallRecorder.h"
#include "sim/RealtimeSim.h"
#include "sim/SimThread.h"
#include "sim/TwilioRestSim.h"
#include "twilio/RequestValidator.h"

#include <QDir>
#include <QFileInfo>
#include <QSemaphore>
#include <QUrl>
#include <QXmlStreamReader>

#include <cstring>

namespace testing {

callgate::sim::TwilioRestSim &twilioRest()
{
    // Never destroyed: it lives as long as the test process.
    static auto *thread = new callgate::sim::SimThread<callgate::sim::TwilioRestSim>(
        [] {
            callgate::sim::TwilioRestSimOptions o;
            o.accountSid = kTestAccountSid;
            o.authToken = QString::fromLatin1(kAuthToken);
            o.defaultLineType = QStringLiteral("mobile");
            o.incomingNumbers.insert(QStringLiteral("+18005550100"), QStringLiteral("https://old.example.test/voice"));
            auto sim = std::make_unique<callgate::sim::TwilioRestSim>(o);
            if (!sim->listen())
                qFatal("the Twilio REST simulator cannot listen");
            return sim;
        },
        QStringLiteral("twilio-rest-sim"));
    static callgate::sim::TwilioRestSim *sim = thread->run([] { return &thread->object(); });
    return *sim;
}

// The OpenAI Realtime service for tests that do not bring their own: simulated, on its own thread,
// for the whole test process (a real address would fail at once without a network, ending calls
// before a test can look at them).
QUrl realtimeSimUrl()
{
    static auto *thread = new callgate::sim::SimThread<callgate::sim::RealtimeSimServer>(
        [] {
            auto sim = std::make_unique<callgate::sim::RealtimeSimServer>();
            if (!sim->listen())
                qFatal("the Realtime simulator cannot listen");
            return sim;
        },
        QStringLiteral("realtime-sim"));
    static const QUrl url = thread->run([] { return thread->object().url(); });
    return url;
}

callgate::Config testConfig()
{
    callgate::ConfigSources s;
    s.commandLine = {{QStringLiteral("PORT"), QStringLiteral("1")},
                     {QStringLiteral("BIND_ADDRESS"), QStringLiteral("127.0.0.1")},
                     {QStringLiteral("PUBLIC_URL"), kPublicUrl},
                     {QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test-not-a-real-key")},
                     {QStringLiteral("OPENAI_REALTIME_URL"), realtimeSimUrl().toString()},
                     {QStringLiteral("TWILIO_AUTH_TOKEN"), QString::fromLatin1(kAuthToken)},
                     {QStringLiteral("TWILIO_ACCOUNT_SID"), kTestAccountSid},
                     {QStringLiteral("TWILIO_API_BASE_URL"), twilioRest().url().toString()},
                     {QStringLiteral("TWILIO_LOOKUP_BASE_URL"), twilioRest().url().toString()},
                     {QStringLiteral("PROMPT_CACHE_DIR"), QDir::tempPath() + QStringLiteral("/callgate-test-prompts")},
                     {QStringLiteral("WORKER_THREADS"), QStringLiteral("2")}};
    auto c = callgate::Config::resolve(s, false);
    Q_ASSERT(c.ok());
    callgate::Config config = c.value();
    config.port = 0; // let the kernel choose
    return config;
}

callgate::Config aimedAt(callgate::Config config, const callgate::sim::RealtimeSimServer &ai, bool live)
{
    config.openAiRealtimeUrl = ai.url();
    config.openAiLiveUrl = ai.liveUrl();
    config.openAiApi = live ? QStringLiteral("live") : QStringLiteral("realtime");
    return config;
}

std::unique_ptr<callgate::Gateway> startGateway(const callgate::Config &config)
{
    auto g = std::make_unique<callgate::Gateway>(config);
    const callgate::Status s = g->start();
    if (!s)
        qFatal("gateway did not start: %s", qPrintable(s.error()));
    return g;
}

QByteArray signedFormPost(const QByteArray &path, const callgate::FormFields &form, const QByteArray &token, const QString &publicUrl)
{
    const QByteArray sig = callgate::twilio::computeSignature(token, publicUrl + QString::fromLatin1(path), form);
    return buildRequest("POST", path, {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Twilio-Signature", sig}},
                        callgate::encodeForm(form));
}

QByteArray signedUpgrade(const QByteArray &path, const QByteArray &token, const QString &publicUrl)
{
    QUrl ws(publicUrl);
    ws.setScheme(ws.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    const QByteArray sig = callgate::twilio::computeSignature(token, ws.toString() + QString::fromLatin1(path), {});
    return buildRequest("GET", path,
                        {{"Upgrade", "websocket"},
                         {"Connection", "Upgrade"},
                         {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                         {"Sec-WebSocket-Version", "13"},
                         {"X-Twilio-Signature", sig}});
}

callgate::Status writeRecording(const QString &path, int frames, const std::function<qint16(int)> &left,
                                const std::function<qint16(int)> &right)
{
    callgate::CallRecorder recorder(QFileInfo(path).absolutePath());
    recorder.open(path, QStringLiteral("test"));
    QByteArray pcm(qsizetype(frames) * 4, Qt::Uninitialized);
    for (int i = 0; i < frames; ++i) {
        const qint16 l = left(i);
        const qint16 r = right(i);
        std::memcpy(pcm.data() + 4 * qsizetype(i), &l, 2);
        std::memcpy(pcm.data() + 4 * qsizetype(i) + 2, &r, 2);
    }
    recorder.write(path, pcm);
    QSemaphore closed;
    callgate::Status result = callgate::Ok{};
    recorder.close(path, [&](callgate::Result<QString> done) {
        if (!done)
            result = callgate::Error{done.error()};
        closed.release();
    });
    if (!closed.tryAcquire(1, 10000))
        return callgate::Error{QStringLiteral("the recorder did not finish %1").arg(path)};
    return result;
}

callgate::sim::CallerOptions callerFor(const callgate::Gateway &gateway)
{
    callgate::sim::CallerOptions o;
    o.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gateway.port()));
    o.publicUrl = kPublicUrl;
    o.authToken = kAuthToken;
    return o;
}

QByteArray gatherActionPath(const QByteArray &twiml)
{
    QXmlStreamReader r(twiml);
    while (!r.atEnd()) {
        r.readNext();
        if (!r.isStartElement())
            continue;
        QString url;
        if (r.name() == QLatin1String("Gather"))
            url = r.attributes().value(QLatin1String("action")).toString();
        else if (r.name() == QLatin1String("Redirect"))
            url = r.readElementText();
        if (url.isEmpty())
            continue;
        const QUrl u(url);
        return (u.path(QUrl::FullyEncoded) + (u.hasQuery() ? QLatin1Char('?') + u.query(QUrl::FullyEncoded) : QString())).toLatin1();
    }
    return {};
}

QByteArray incomingCallThroughConsent(quint16 port, const callgate::FormFields &form)
{
    const RawResponse first = rawExchange(port, signedFormPost("/incoming-call", form));
    const QByteArray consent = gatherActionPath(first.body);
    if (first.status != 200 || !consent.startsWith("/consent?"))
        return first.body;
    callgate::FormFields pressed = form;
    pressed.append({QStringLiteral("Digits"), QStringLiteral("1")});
    return rawExchange(port, signedFormPost(consent, pressed)).body;
}

callgate::FormFields incomingCallForm(const QString &callSid, const QString &from)
{
    return {{QStringLiteral("AccountSid"), QStringLiteral("AC0123456789abcdef0123456789abcdef")},
            {QStringLiteral("ApiVersion"), QStringLiteral("2010-04-01")},
            {QStringLiteral("CallSid"), callSid},
            {QStringLiteral("CallStatus"), QStringLiteral("ringing")},
            {QStringLiteral("Direction"), QStringLiteral("inbound")},
            {QStringLiteral("From"), from},
            {QStringLiteral("To"), QStringLiteral("+18005550100")},
            {QStringLiteral("FromCity"), QStringLiteral("SAN FRANCISCO")}};
}

} // namespace testing
