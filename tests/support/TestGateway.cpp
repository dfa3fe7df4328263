#include "TestGateway.h"

#include "RawHttp.h"
#include "twilio/RequestValidator.h"

#include <QUrl>

namespace testing {

callgate::Config testConfig()
{
    callgate::ConfigSources s;
    s.commandLine = {{QStringLiteral("PORT"), QStringLiteral("1")},
                     {QStringLiteral("BIND_ADDRESS"), QStringLiteral("127.0.0.1")},
                     {QStringLiteral("PUBLIC_URL"), kPublicUrl},
                     {QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test-not-a-real-key")},
                     {QStringLiteral("TWILIO_AUTH_TOKEN"), QString::fromLatin1(kAuthToken)},
                     {QStringLiteral("WORKER_THREADS"), QStringLiteral("2")}};
    auto c = callgate::Config::resolve(s, false);
    Q_ASSERT(c.ok());
    callgate::Config config = c.value();
    config.port = 0; // let the kernel choose
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

QByteArray signedFormPost(const QByteArray &path, const callgate::FormFields &form, const QByteArray &token,
                          const QString &publicUrl)
{
    const QByteArray sig = callgate::twilio::computeSignature(token, publicUrl + QString::fromLatin1(path), form);
    return buildRequest("POST", path,
                        {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Twilio-Signature", sig}},
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
