#include "sim/TwilioRestSim.h"

#include "sim/Logging.h"
#include "sim/TwilioCaller.h"
#include "twilio/FormBody.h"
#include "twilio/PhoneNumber.h"
#include "util/PhoneMask.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

namespace callgate::sim {
namespace {

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QString sidFor(const char *prefix, const QString &seed)
{
    const QByteArray hash = QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Md5).toHex();
    return QLatin1String(prefix) + QString::fromLatin1(hash);
}

} // namespace

QByteArray twilioErrorJson(int code, const QString &message, int status)
{
    return compact({{QStringLiteral("code"), code},
                    {QStringLiteral("message"), message},
                    {QStringLiteral("more_info"), QStringLiteral("https://www.twilio.com/docs/errors/%1").arg(code)},
                    {QStringLiteral("status"), status}});
}

TwilioRestSim::TwilioRestSim(TwilioRestSimOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)),
      m_http([this](const SimRequest &r, SimHttpServer::Respond respond) { handle(r, std::move(respond)); }, this)
{}

Status TwilioRestSim::listen(quint16 port) { return m_http.listenLocal(port); }

void TwilioRestSim::failRequests(const QString &pathPart, int status, int count)
{
    QMutexLocker lock(&m_mutex);
    m_failures.append({pathPart, status, count});
}

void TwilioRestSim::clearFailures()
{
    QMutexLocker lock(&m_mutex);
    m_failures.clear();
}

void TwilioRestSim::setLineType(const QString &e164, const QString &type)
{
    QMutexLocker lock(&m_mutex);
    m_options.lineTypes.insert(e164, type);
}

void TwilioRestSim::setLineTypeError(const QString &e164, int errorCode)
{
    QMutexLocker lock(&m_mutex);
    m_options.lineTypeErrors.insert(e164, errorCode);
}

void TwilioRestSim::setLookupDelayMs(int ms)
{
    QMutexLocker lock(&m_mutex);
    m_options.lookupDelayMs = ms;
}

void TwilioRestSim::registerCall(const QString &callSid, TwilioCaller *caller)
{
    QMutexLocker lock(&m_mutex);
    m_calls.insert(callSid, caller);
}

void TwilioRestSim::unregisterCall(const QString &callSid)
{
    QMutexLocker lock(&m_mutex);
    m_calls.remove(callSid);
}

QString TwilioRestSim::lastMessageRecipient() const
{
    QMutexLocker lock(&m_mutex);
    return m_record.messages.isEmpty() ? QString() : m_record.messages.constLast().to;
}

TwilioRestSimRecord TwilioRestSim::record() const
{
    QMutexLocker lock(&m_mutex);
    return m_record;
}

QHash<QString, QString> TwilioRestSim::incomingNumbers() const
{
    QMutexLocker lock(&m_mutex);
    return m_options.incomingNumbers;
}

void TwilioRestSim::handle(const SimRequest &request, SimHttpServer::Respond respond)
{
    const QString path = request.url.path(QUrl::FullyDecoded);
    QMutexLocker lock(&m_mutex);
    // Basic auth: AccountSid:AuthToken.
    const QByteArray expected = "Basic " + (m_options.accountSid + QLatin1Char(':') + m_options.authToken).toUtf8().toBase64();
    if (request.headers.value("authorization") != expected) {
        ++m_record.unauthorized;
        respond(SimResponse::json(401, twilioErrorJson(20003, QStringLiteral("Authenticate"), 401)));
        return;
    }
    for (Failure &f : m_failures) {
        if (f.remaining != 0 && path.contains(f.pathPart)) {
            if (f.remaining > 0)
                --f.remaining;
            ++m_record.injectedFailures;
            SimResponse r = SimResponse::json(f.status,
                                              f.status == 429 ? twilioErrorJson(20429, QStringLiteral("Too Many Requests"), 429)
                                                              : twilioErrorJson(20500, QStringLiteral("Internal Server Error"), f.status));
            if (f.status == 429)
                r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("0")));
            respond(r);
            return;
        }
    }
    const FormFields form = parseForm(request.body);
    static const QRegularExpression lookupPath(QStringLiteral("^/v2/PhoneNumbers/([^/]+)$"));
    static const QRegularExpression callPath(QStringLiteral("^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Calls/(CA[0-9a-zA-Z]+)\\.json$"));
    static const QRegularExpression messagesPath(QStringLiteral("^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\\.json$"));
    static const QRegularExpression numbersPath(QStringLiteral("^/2010-04-01/Accounts/(AC[0-9a-f]{32})/IncomingPhoneNumbers\\.json$"));
    static const QRegularExpression numberPath(
        QStringLiteral("^/2010-04-01/Accounts/(AC[0-9a-f]{32})/IncomingPhoneNumbers/(PN[0-9a-f]{32})\\.json$"));
    const auto wrongAccount = [&](const QString &ac) { return ac != m_options.accountSid; };
    QRegularExpressionMatch m;
    if ((m = lookupPath.match(path)).hasMatch() && request.method == "GET") {
        ++m_record.lookups;
        // Line type is a paid data package: only there when asked for.
        const bool lineType = QUrlQuery(request.url)
                                  .queryItemValue(QStringLiteral("Fields"))
                                  .split(QLatin1Char(','))
                                  .contains(QStringLiteral("line_type_intelligence"));
        const SimResponse r = lookup(m.captured(1), lineType);
        const int delay = m_options.lookupDelayMs;
        lock.unlock();
        if (delay > 0)
            QTimer::singleShot(delay, this, [respond, r] { respond(r); });
        else
            respond(r);
        return;
    }
    if ((m = callPath.match(path)).hasMatch() && request.method == "POST" && !wrongAccount(m.captured(1))) {
        const SimResponse r = updateCall(m.captured(2), form);
        lock.unlock();
        respond(r);
        return;
    }
    if ((m = messagesPath.match(path)).hasMatch() && request.method == "POST" && !wrongAccount(m.captured(1))) {
        respond(sendMessage(form));
        return;
    }
    if ((m = numbersPath.match(path)).hasMatch() && request.method == "GET" && !wrongAccount(m.captured(1))) {
        respond(listNumbers(request.url));
        return;
    }
    if ((m = numberPath.match(path)).hasMatch() && request.method == "POST" && !wrongAccount(m.captured(1))) {
        respond(updateNumber(m.captured(2), form));
        return;
    }
    respond(SimResponse::json(404, twilioErrorJson(20404, QStringLiteral("The requested resource %1 was not found").arg(path), 404)));
}

SimResponse TwilioRestSim::lookup(const QString &number, bool lineType)
{
    const auto parsed = twilio::formatPhoneNumber(number);
    const QString e164 = parsed ? parsed.value() : QString();
    QJsonObject o{{QStringLiteral("calling_country_code"), QJsonValue::Null},
                  {QStringLiteral("country_code"), QJsonValue::Null},
                  {QStringLiteral("phone_number"), number},
                  {QStringLiteral("national_format"), QJsonValue::Null},
                  {QStringLiteral("valid"), false},
                  {QStringLiteral("validation_errors"), QJsonArray{QStringLiteral("INVALID_BUT_POSSIBLE")}},
                  {QStringLiteral("line_type_intelligence"), QJsonValue::Null},
                  {QStringLiteral("caller_name"), QJsonValue::Null},
                  {QStringLiteral("sim_swap"), QJsonValue::Null},
                  {QStringLiteral("call_forwarding"), QJsonValue::Null},
                  {QStringLiteral("line_status"), QJsonValue::Null},
                  {QStringLiteral("identity_match"), QJsonValue::Null},
                  {QStringLiteral("reassigned_number"), QJsonValue::Null},
                  {QStringLiteral("sms_pumping_risk"), QJsonValue::Null},
                  {QStringLiteral("phone_number_quality_score"), QJsonValue::Null},
                  {QStringLiteral("pre_fill"), QJsonValue::Null},
                  {QStringLiteral("url"), QString(QStringLiteral("https://lookups.twilio.com/v2/PhoneNumbers/") + number)}};
    if (e164.isEmpty() || !number.startsWith(QLatin1Char('+')))
        return SimResponse::json(200, compact(o)); // HTTP 200 even for invalid numbers
    const QString type = m_options.lineTypes.value(e164, m_options.defaultLineType);
    const bool nanp = e164.startsWith(QLatin1String("+1"));
    const bool carrierless =
        QStringList{QStringLiteral("personal"), QStringLiteral("tollFree"),  QStringLiteral("premium"), QStringLiteral("sharedCost"),
                    QStringLiteral("uan"),      QStringLiteral("voicemail"), QStringLiteral("pager"),   QStringLiteral("unknown")}
            .contains(type);
    o[QStringLiteral("calling_country_code")] = nanp ? QStringLiteral("1") : e164.mid(1, 2);
    o[QStringLiteral("country_code")] = nanp ? QStringLiteral("US") : QStringLiteral("GB");
    o[QStringLiteral("phone_number")] = e164;
    o[QStringLiteral("national_format")] = nanp ? QStringLiteral("(%1) %2-%3").arg(e164.mid(2, 3), e164.mid(5, 3), e164.mid(8)) : e164;
    o[QStringLiteral("valid")] = true;
    o[QStringLiteral("validation_errors")] = QJsonValue::Null;
    o[QStringLiteral("url")] = QString(QStringLiteral("https://lookups.twilio.com/v2/PhoneNumbers/") + e164);
    if (!lineType)
        return SimResponse::json(200, compact(o));
    if (const auto error = m_options.lineTypeErrors.constFind(e164); error != m_options.lineTypeErrors.constEnd()) {
        o[QStringLiteral("line_type_intelligence")] = QJsonObject{{QStringLiteral("error_code"), *error},
                                                                  {QStringLiteral("mobile_country_code"), QJsonValue::Null},
                                                                  {QStringLiteral("mobile_network_code"), QJsonValue::Null},
                                                                  {QStringLiteral("carrier_name"), QJsonValue::Null},
                                                                  {QStringLiteral("type"), QJsonValue::Null}};
        return SimResponse::json(200, compact(o));
    }
    o[QStringLiteral("line_type_intelligence")] = QJsonObject{
        {QStringLiteral("error_code"), QJsonValue::Null},
        {QStringLiteral("mobile_country_code"), carrierless ? QJsonValue(QJsonValue::Null) : QJsonValue(QStringLiteral("310"))},
        {QStringLiteral("mobile_network_code"), carrierless ? QJsonValue(QJsonValue::Null) : QJsonValue(QStringLiteral("456"))},
        {QStringLiteral("carrier_name"), carrierless ? QJsonValue(QJsonValue::Null) : QJsonValue(QStringLiteral("Simulated Carrier"))},
        {QStringLiteral("type"), type}};
    return SimResponse::json(200, compact(o));
}

SimResponse TwilioRestSim::updateCall(const QString &callSid, const QList<QPair<QString, QString>> &form)
{
    TwilioRestSimRecord::CallUpdate u{callSid, formValue(form, u"Twiml"), formValue(form, u"Url"), formValue(form, u"Status")};
    if (!u.twiml.isEmpty() && !u.url.isEmpty())
        return SimResponse::json(400, twilioErrorJson(21220, QStringLiteral("Twiml and Url cannot both be set"), 400));
    if (u.twiml.size() > 4000)
        return SimResponse::json(400, twilioErrorJson(21236, QStringLiteral("Twiml is longer than 4000 characters"), 400));
    if (!u.status.isEmpty() && u.status != QLatin1String("completed") && u.status != QLatin1String("canceled"))
        return SimResponse::json(400, twilioErrorJson(21218, QStringLiteral("Invalid Status: %1").arg(u.status), 400));
    const QPointer<TwilioCaller> caller = m_calls.value(callSid);
    if (!caller)
        return SimResponse::json(
            404, twilioErrorJson(20404, QStringLiteral("The requested resource /Calls/%1.json was not found").arg(callSid), 404));
    m_record.callUpdates.append(u);
    QMetaObject::invokeMethod(
        caller,
        [caller, u] {
            if (caller)
                caller->applyRestUpdate(u.twiml, u.url, u.status);
        },
        Qt::QueuedConnection);
    return SimResponse::json(200,
                             compact({{QStringLiteral("sid"), callSid},
                                      {QStringLiteral("account_sid"), m_options.accountSid},
                                      {QStringLiteral("status"), u.status.isEmpty() ? QStringLiteral("in-progress") : u.status},
                                      {QStringLiteral("direction"), QStringLiteral("inbound")}}));
}

SimResponse TwilioRestSim::sendMessage(const QList<QPair<QString, QString>> &form)
{
    TwilioRestSimRecord::Message msg{formValue(form, u"To"), formValue(form, u"From"), formValue(form, u"Body")};
    if (twilio::callerIdToE164(msg.to).isEmpty())
        return SimResponse::json(400, twilioErrorJson(21211, QStringLiteral("Invalid 'To' Phone Number"), 400));
    if (msg.from.isEmpty())
        return SimResponse::json(400, twilioErrorJson(21603, QStringLiteral("A 'From' phone number is required."), 400));
    if (msg.body.isEmpty() || msg.body.size() > 1600)
        return SimResponse::json(
            400, twilioErrorJson(21617, QStringLiteral("The concatenated message body exceeds the 1600 character limit."), 400));
    m_record.messages.append(msg);
    if (m_options.showMessages)
        qCInfo(lcSim).noquote() << "simulated phone" << maskPhone(msg.to) << "received an SMS from" << msg.from << ":"
                                << QString(msg.body).replace(QLatin1Char('\n'), QLatin1Char(' '));
    return SimResponse::json(201,
                             compact({{QStringLiteral("sid"), sidFor("SM", msg.to + msg.body)},
                                      {QStringLiteral("status"), QStringLiteral("queued")},
                                      {QStringLiteral("to"), msg.to},
                                      {QStringLiteral("from"), msg.from},
                                      {QStringLiteral("body"), msg.body}}));
}

SimResponse TwilioRestSim::listNumbers(const QUrl &url)
{
    const QString wanted = QUrlQuery(url).queryItemValue(QStringLiteral("PhoneNumber"), QUrl::FullyDecoded);
    QJsonArray list;
    for (auto it = m_options.incomingNumbers.cbegin(); it != m_options.incomingNumbers.cend(); ++it) {
        if (!wanted.isEmpty() && it.key() != wanted)
            continue;
        list.append(QJsonObject{{QStringLiteral("sid"), sidFor("PN", it.key())},
                                {QStringLiteral("phone_number"), it.key()},
                                {QStringLiteral("voice_url"), it.value()},
                                {QStringLiteral("voice_method"), QStringLiteral("POST")}});
    }
    return SimResponse::json(
        200, compact({{QStringLiteral("incoming_phone_numbers"), list}, {QStringLiteral("page"), 0}, {QStringLiteral("page_size"), 50}}));
}

SimResponse TwilioRestSim::updateNumber(const QString &sid, const QList<QPair<QString, QString>> &form)
{
    for (auto it = m_options.incomingNumbers.begin(); it != m_options.incomingNumbers.end(); ++it) {
        if (sidFor("PN", it.key()) != sid)
            continue;
        const QString voiceUrl = formValue(form, u"VoiceUrl");
        if (!voiceUrl.isEmpty()) {
            it.value() = voiceUrl;
            m_record.voiceUrlUpdates.append({it.key(), voiceUrl});
        }
        return SimResponse::json(200,
                                 compact({{QStringLiteral("sid"), sid},
                                          {QStringLiteral("phone_number"), it.key()},
                                          {QStringLiteral("voice_url"), it.value()},
                                          {QStringLiteral("voice_method"), QStringLiteral("POST")}}));
    }
    return SimResponse::json(404, twilioErrorJson(20404, QStringLiteral("The requested resource was not found"), 404));
}

} // namespace callgate::sim
