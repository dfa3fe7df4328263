// Twilio's REST API simulator as a process of its own, for benchmarks and for trying the gateway
// by hand without a Twilio account: Lookup answers "mobile" for every valid number (override with
// --line-type +1…=landline), Calls/Messages/IncomingPhoneNumbers as protocols/ describes them.
//
//   twilio_rest_sim --port 18080 --account-sid AC… --auth-token TOKEN [--line-type +14155550123=landline]

#include "sim/TwilioRestSim.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace callgate::sim;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Simulated Twilio REST API on 127.0.0.1."));
    p.addHelpOption();
    p.addOptions({{QStringLiteral("port"), QStringLiteral("Port (0: any)."), QStringLiteral("port"), QStringLiteral("0")},
                  {QStringLiteral("account-sid"), QStringLiteral("Account SID."), QStringLiteral("sid"),
                   QStringLiteral("AC0123456789abcdef0123456789abcdef")},
                  {QStringLiteral("auth-token"), QStringLiteral("Auth token."), QStringLiteral("token")},
                  {QStringLiteral("line-type"), QStringLiteral("NUMBER=TYPE for Lookup (repeatable)."), QStringLiteral("entry")}});
    p.process(app);
    TwilioRestSimOptions o;
    o.accountSid = p.value(QStringLiteral("account-sid"));
    o.authToken = p.value(QStringLiteral("auth-token"));
    o.defaultLineType = QStringLiteral("mobile");
    for (const QString &entry : p.values(QStringLiteral("line-type")))
        o.lineTypes.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
    TwilioRestSim sim(o);
    if (const auto s = sim.listen(quint16(p.value(QStringLiteral("port")).toUInt())); !s) {
        std::fprintf(stderr, "twilio_rest_sim: %s\n", qPrintable(s.error()));
        return 2;
    }
    std::printf("%s\n", qPrintable(sim.url().toString()));
    std::fflush(stdout);
    return app.exec();
}
