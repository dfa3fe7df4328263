#include "sim/DemoCallers.h"

#include "sim/TwilioRestSim.h"

#include "sim/Logging.h"

#include <QRandomGenerator>

#include <algorithm>

namespace callgate::sim {

DemoCallers::DemoCallers(DemoCallerOptions options) : m_options(std::move(options))
{
    connect(&m_timer, &QTimer::timeout, this, &DemoCallers::placeCall);
}

DemoCallers::~DemoCallers() = default;

QList<DemoCallers::Script> DemoCallers::scripts()
{
    using S = CallerStep;
    const QString order = QStringLiteral("caller_order"), number = QStringLiteral("caller_number");
    const QString more = QStringLiteral("caller_more"), bye = QStringLiteral("caller_bye");
    const QString mobile = QStringLiteral("mobile"), landline = QStringLiteral("landline");
    const QStringList consents = {QStringLiteral("1")};
    // A landline caller keys a mobile number, confirms it, then consents.
    const QStringList keysMobile = {QStringLiteral("4155550142#"), QStringLiteral("1"), QStringLiteral("1")};
    return {
        // Asks about an order, gives the number, says goodbye: the assistant ends the call.
        {mobile, consents, {S::waitAssistant(), S::say(order), S::waitAssistant(), S::say(number), S::waitAssistant(), S::say(bye)}},
        // From a landline; interrupts the assistant's long answer.
        {landline, keysMobile, {S::waitAssistant(), S::say(number), S::bargeIn(1800, more), S::waitAssistant(), S::say(bye)}},
        // Short call: hangs up after the first answer.
        {mobile, consents, {S::waitAssistant(), S::say(order), S::waitAssistant(600), S::hangUp()}},
        // Asks for a person: waits for a supervisor, then is transferred (or told no one is free).
        {mobile, consents, {S::waitAssistant(), S::say(QStringLiteral("caller_agent")), S::waitAssistant(90000)}},
    };
}

void DemoCallers::start()
{
    placeCall();
    m_timer.start(m_options.intervalMs);
}

void DemoCallers::placeCall()
{
    if (int(m_callers.size()) >= m_options.maxConcurrent)
        return;
    if (m_options.maxCalls > 0 && m_placed >= m_options.maxCalls) {
        m_timer.stop();
        return;
    }
    const auto all = scripts();
    CallerOptions o;
    o.gatewayUrl = m_options.gatewayUrl;
    o.publicUrl = m_options.publicUrl;
    o.authToken = m_options.authToken;
    o.from = QStringLiteral("+1") + QString::number(200 + QRandomGenerator::global()->bounded(700)) + QStringLiteral("555")
        + QString::number(1000 + QRandomGenerator::global()->bounded(9000));
    const Script *chosen = &all.at(m_placed % all.size());
    // Someone signed in to the caller's app (the simulated phone got its code): every third call
    // comes from that phone, a mobile, so the app shows it live.
    const QString appPhone = m_options.rest ? m_options.rest->lastMessageRecipient() : QString();
    const bool appPhoneBusy = std::any_of(m_callers.begin(), m_callers.end(), [&](const auto &c) { return c->from() == appPhone; });
    if (!appPhone.isEmpty() && m_placed % 3 == 2 && !appPhoneBusy) {
        o.from = appPhone;
        for (const Script &s : all) {
            if (s.lineType == QLatin1String("mobile")) {
                chosen = &s;
                break;
            }
        }
    }
    const Script &script = *chosen;
    o.script = script.steps;
    o.gatherDigits = script.gatherDigits;
    o.rest = m_options.rest;
    if (m_options.rest)
        m_options.rest->setLineType(o.from, script.lineType);
    o.maxCallMs = 180000;
    ++m_placed;
    auto caller = std::make_unique<TwilioCaller>(o, m_network);
    TwilioCaller *raw = caller.get();
    connect(raw, &TwilioCaller::finished, this, [this, raw] {
        qCInfo(lcSim).noquote() << "simulated caller finished:" << raw->record().endedBy;
        const auto it = std::find_if(m_callers.begin(), m_callers.end(), [raw](const auto &c) { return c.get() == raw; });
        if (it != m_callers.end()) {
            it->release()->deleteLater(); // we are inside its signal
            m_callers.erase(it);
        }
    });
    m_callers.push_back(std::move(caller));
    raw->start();
}

} // namespace callgate::sim
