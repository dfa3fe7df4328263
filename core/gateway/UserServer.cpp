#include "gateway/UserServer.h"

#include "config/Config.h"
#include "config/TwilioRestSettings.h"
#include "content/PromptLibrary.h"
#include "gateway/Logging.h"
#include "gateway/LookupCache.h"
#include "gateway/Metrics.h"
#include "net/Transport.h"
#include "net/WsConnection.h"
#include "store/AppAccounts.h"
#include "twilio/PhoneNumber.h"
#include "twilio/RestClient.h"
#include "util/PhoneMask.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <cmath>

#include <unistd.h>

namespace callgate {
namespace {

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

QString isoSeconds(const QDateTime &t) { return t.toUTC().toString(Qt::ISODate); }

// What the caller types ("+49 151 2345-678", "(415) 555 0123") → E.164, or why not.
Result<QString> numberAsTyped(const QString &typed)
{
    if (typed.size() > 32)
        return Error{QStringLiteral("too long")};
    QString kept;
    for (const QChar c : typed) {
        if (c.isDigit() && c.unicode() < 128)
            kept += c;
        else if (c == QLatin1Char('+') && kept.isEmpty())
            kept += c;
        else if (!QStringView(u" -.()/").contains(c))
            return Error{QStringLiteral("not a phone number")};
    }
    return twilio::formatPhoneNumber(kept);
}

QByteArray tokenHash(QByteArrayView token) { return QCryptographicHash::hash(token, QCryptographicHash::Sha256); }

QString smsText(const QString &language, const QByteArray &code, const QString &host)
{
    QString text;
    if (language == QLatin1String("de"))
        text = QStringLiteral("Ihr Anmeldecode lautet %1. Er gilt 5 Minuten; geben Sie ihn nicht weiter.");
    else if (language == QLatin1String("es"))
        text = QStringLiteral("Su código de acceso es %1. Vence en 5 minutos; no lo comparta.");
    else
        text = QStringLiteral("Your sign-in code is %1. It expires in 5 minutes; do not share it.");
    text = text.arg(QString::fromLatin1(code));
    // The last line lets a phone's browser fill the code in for this site only (WebOTP).
    if (!host.isEmpty())
        text += QStringLiteral("\n\n@%1 #%2").arg(host, QString::fromLatin1(code));
    return text;
}

} // namespace

// ---- UserFeed -------------------------------------------------------------------------------

void UserFeed::onCallEvent(const CallEvent &event)
{
    if (!AppCalls::stateFor(event))
        return; // transcript pieces, latencies, protocol events: nothing the app shows
    std::lock_guard lock(m_mutex);
    if (m_server)
        m_server->onCallEvent(event);
}

void UserFeed::attach(UserServer *server)
{
    std::lock_guard lock(m_mutex);
    m_server = server;
}

// ---- Connections ----------------------------------------------------------------------------

struct UserServer::Client {
    quint64 id = 0;
    std::unique_ptr<net::WsConnection> ws;
    QByteArray address;
    bool pending = true; // counted among the connections not signed in
    bool signedIn = false;
    bool waiting = false; // a question to Twilio or the database is out
    QString codeNumber;   // the number a code was sent to
    QString phone;        // signed in: the number
    QByteArray tokenHash;
    QString language;
    qint64 connectedAtMs = 0;
    double allowance = kMessageBurst;
    qint64 allowanceAtMs = 0;
    int strikes = 0;
};

UserServer::UserServer(UserServices services) : m_services(std::move(services)) {}

UserServer::~UserServer() = default;

void UserServer::start()
{
    m_rest = std::make_unique<twilio::RestClient>(twilioRestSettings(m_services.config), this);
    m_sweep = new QTimer(this);
    m_sweep->setInterval(5000);
    connect(m_sweep, &QTimer::timeout, this, &UserServer::sweep);
    m_sweep->start();
}

QString UserServer::admit(const QByteArray &address)
{
    std::lock_guard lock(m_admitMutex);
    if (m_pending >= kMaxPending)
        return QStringLiteral("Too many connections are signing in; try again later");
    int &mine = m_pendingByAddress[address];
    if (mine >= kMaxPendingPerAddress) {
        if (mine == 0)
            m_pendingByAddress.remove(address);
        return QStringLiteral("Too many connections from this address are signing in; try again later");
    }
    ++mine;
    ++m_pending;
    return {};
}

void UserServer::release(Client &client)
{
    if (!client.pending)
        return;
    client.pending = false;
    releaseAddress(client.address);
}

void UserServer::releaseAddress(const QByteArray &address)
{
    std::lock_guard lock(m_admitMutex);
    --m_pending;
    auto it = m_pendingByAddress.find(address);
    if (it != m_pendingByAddress.end() && --*it <= 0)
        m_pendingByAddress.erase(it);
}

void UserServer::adopt(qintptr fd, const QByteArray &clientKey, const QByteArray &address)
{
    if (fd < 0) {
        releaseAddress(address);
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, fd, clientKey, address] { onAdopted(fd, clientKey, address); }, Qt::QueuedConnection);
}

void UserServer::onAdopted(qintptr fd, const QByteArray &clientKey, const QByteArray &address)
{
    auto client = std::make_unique<Client>();
    client->id = m_nextId++;
    client->address = address;
    client->connectedAtMs = nowMs();
    client->allowanceAtMs = client->connectedAtMs;
    client->language = m_services.config.callerLanguage;
    if (m_stopping) {
        release(*client);
        ::close(int(fd));
        return;
    }
    auto transport = net::adoptDescriptor(int(fd));
    const QByteArray accept = net::WsConnection::serverHandshakeResponse(clientKey);
    transport->write(accept.constData(), accept.size());
    net::WsOptions options;
    options.maxMessageBytes = kMaxMessageBytes;
    options.pingIntervalMs = 20000; // browsers answer pings themselves
    options.idleTimeoutMs = 60000;
    options.maxQueuedBytes = 256 * 1024;
    client->ws = std::make_unique<net::WsConnection>(std::move(transport), options);
    const quint64 id = client->id;
    client->ws->onMessage = [this, id](QByteArrayView message, bool isText) {
        Client *c = find(id);
        if (!c)
            return;
        if (!isText) {
            m_services.metrics.reject(RejectReason::AppBadMessage);
            c->ws->close(1003, "text messages only");
            return;
        }
        onText(*c, message);
    };
    connect(client->ws.get(), &net::WsConnection::closed, this, [this, id](quint16 code) {
        Client *c = find(id);
        if (!c)
            return;
        if (code == 1009)
            m_services.metrics.reject(RejectReason::AppBadMessage);
        if (c->ws->overflowed())
            m_services.metrics.reject(RejectReason::SlowPeer);
        QMetaObject::invokeMethod(
            this, [this, id] { drop(id); }, Qt::QueuedConnection); // not inside its own signal
    });
    m_clients.emplace(id, std::move(client));
    m_services.metrics.app.connections.store(int(m_clients.size()), std::memory_order_relaxed);
}

UserServer::Client *UserServer::find(quint64 id)
{
    const auto it = m_clients.find(id);
    return it == m_clients.end() ? nullptr : it->second.get();
}

void UserServer::drop(quint64 clientId)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    std::unique_ptr<Client> client = std::move(it->second);
    m_clients.erase(it);
    release(*client);
    if (client->signedIn)
        --m_signedIn;
    m_services.metrics.app.connections.store(int(m_clients.size()), std::memory_order_relaxed);
    m_services.metrics.app.signedIn.store(m_signedIn, std::memory_order_relaxed);
    client->ws->abort();
    client->ws.release()->deleteLater(); // may be inside one of its own calls
}

void UserServer::shutdown()
{
    m_stopping = true;
    if (m_sweep)
        m_sweep->stop();
    for (auto &[id, client] : m_clients)
        client->ws->close(1001, "the gateway is shutting down");
}

// ---- Messages -------------------------------------------------------------------------------

void UserServer::send(Client &client, const QJsonObject &message)
{
    client.ws->sendText(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

void UserServer::sendError(Client &client, const char *reason, qint64 retryAfterMs)
{
    QJsonObject m{{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("reason"), QLatin1String(reason)}};
    if (retryAfterMs > 0)
        m.insert(QStringLiteral("retry_after"), qint64(std::ceil(double(retryAfterMs) / 1000.0)));
    send(client, m);
}

void UserServer::onText(Client &client, QByteArrayView message)
{
    // A token bucket: kMessagesPerSecond sustained, kMessageBurst at once. Far beyond what a
    // person tapping a page sends; a script that floods is told, then closed.
    const qint64 now = nowMs();
    client.allowance = qMin<double>(kMessageBurst, client.allowance + (now - client.allowanceAtMs) * kMessagesPerSecond / 1000.0);
    client.allowanceAtMs = now;
    const auto strike = [this, &client](const char *reason) {
        m_services.metrics.reject(RejectReason::AppBadMessage);
        if (++client.strikes >= 5) {
            client.ws->close(1008, "too many bad or hasty messages");
            return;
        }
        sendError(client, reason);
    };
    if (client.allowance < 1.0) {
        strike("too_fast");
        return;
    }
    client.allowance -= 1.0;
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(message.toByteArray(), &parseError);
    if (!doc.isObject()) {
        strike("bad_message");
        return;
    }
    const QJsonObject m = doc.object();
    const QString type = m.value(QStringLiteral("type")).toString();
    if (client.waiting) {
        strike("busy"); // one question at a time: the last one's answer is on its way
        return;
    }
    if (type == QLatin1String("login"))
        login(client, m);
    else if (type == QLatin1String("verify"))
        verify(client, m);
    else if (type == QLatin1String("resume"))
        resume(client, m);
    else if (type == QLatin1String("consent"))
        consent(client, m);
    else if (type == QLatin1String("ask_agent"))
        askAgent(client);
    else if (type == QLatin1String("sign_out"))
        signOut(client);
    else
        strike("bad_message");
}

void UserServer::login(Client &client, const QJsonObject &message)
{
    if (client.signedIn) {
        sendError(client, "already_signed_in");
        return;
    }
    const QString language = message.value(QStringLiteral("language")).toString();
    if (language == QLatin1String("en") || language == QLatin1String("de") || language == QLatin1String("es"))
        client.language = language;
    const auto number = numberAsTyped(message.value(QStringLiteral("phone")).toString());
    if (!number) {
        m_services.metrics.reject((RejectReason::AppNotMobile));
        sendError(client, "invalid_number");
        return;
    }
    const QString e164 = number.value();
    const quint64 id = client.id;
    // A code goes only to a number Lookup calls a mobile: no SMS to landlines, and none to numbers
    // Lookup cannot vouch for.
    auto withLookup = [this, id, e164](const twilio::LookupResult *found) {
        Client *c = find(id);
        if (!c)
            return;
        c->waiting = false;
        if (!found) {
            sendError(*c, "unavailable", 30000);
            return;
        }
        if (!found->isMobile()) {
            m_services.metrics.reject((RejectReason::AppNotMobile));
            sendError(*c, found->valid ? "not_mobile" : "invalid_number");
            return;
        }
        const AppLogin::Issued issued = m_login.issue(e164, c->address, nowMs());
        if (issued.refusal != AppLogin::Refusal::None) {
            const bool locked = issued.refusal == AppLogin::Refusal::Locked;
            m_services.metrics.reject((locked ? RejectReason::AppLocked : RejectReason::AppCodeLimit));
            qCInfo(lcUser).noquote() << "no code for" << maskPhone(e164) << "from" << c->address << ":"
                                     << AppLogin::refusalName(issued.refusal);
            sendError(*c, AppLogin::refusalName(issued.refusal), issued.retryAfterMs);
            return;
        }
        c->waiting = true;
        const QString body = smsText(c->language, issued.code, m_services.config.publicUrl.host());
        m_rest->sendMessage(e164, m_services.config.smsFrom, body, this, [this, id, e164](Result<QJsonObject> sent) {
            Client *cc = find(id);
            if (!sent) {
                m_services.metrics.app.smsFailures.fetch_add(1, std::memory_order_relaxed);
                qCWarning(lcUser).noquote() << "the sign-in code for" << maskPhone(e164) << "was not sent:" << sent.error();
            } else {
                m_services.metrics.app.codesSent.fetch_add(1, std::memory_order_relaxed);
                qCInfo(lcUser).noquote() << "sign-in code sent to" << maskPhone(e164);
            }
            if (!cc)
                return;
            cc->waiting = false;
            if (!sent) {
                sendError(*cc, "sms_failed", 30000);
                return;
            }
            cc->codeNumber = e164;
            send(*cc,
                 {{QStringLiteral("type"), QStringLiteral("code_sent")},
                  {QStringLiteral("phone"), maskPhone(e164)},
                  {QStringLiteral("expires_in"), 300}});
        });
    };
    if (const auto hit = m_services.lookups.find(e164)) {
        withLookup(&*hit);
        return;
    }
    client.waiting = true;
    m_services.metrics.lookups.fetch_add(1, std::memory_order_relaxed);
    m_rest->lookupLineType(e164, this, [this, e164, withLookup](Result<twilio::LookupResult> r) {
        if (r)
            m_services.lookups.insert(e164, r.value());
        else
            m_services.metrics.lookupFailures.fetch_add(1, std::memory_order_relaxed);
        withLookup(r ? &r.value() : nullptr);
    });
}

void UserServer::verify(Client &client, const QJsonObject &message)
{
    if (client.signedIn) {
        sendError(client, "already_signed_in");
        return;
    }
    if (client.codeNumber.isEmpty()) {
        m_services.metrics.reject((RejectReason::AppExpiredCode));
        sendError(client, "no_code");
        return;
    }
    const QByteArray typed = message.value(QStringLiteral("code")).toString().trimmed().left(16).toLatin1();
    const AppLogin::Refusal refusal = m_login.verify(client.codeNumber, typed, nowMs());
    if (refusal != AppLogin::Refusal::None) {
        using R = AppLogin::Refusal;
        m_services.metrics.reject((refusal == R::Locked          ? RejectReason::AppLocked
                                       : refusal == R::WrongCode ? RejectReason::AppWrongCode
                                                                 : RejectReason::AppExpiredCode));
        qCInfo(lcUser).noquote() << "sign-in for" << maskPhone(client.codeNumber) << "from" << client.address
                                 << "refused:" << AppLogin::refusalName(refusal);
        if (refusal == R::Locked)
            qCWarning(lcUser).noquote() << maskPhone(client.codeNumber) << "is locked for an hour after too many wrong codes";
        sendError(client, AppLogin::refusalName(refusal), refusal == R::Locked ? 3600 * 1000 : 0);
        return;
    }
    // A token of 256 random bits; only its hash is stored.
    quint32 raw[8];
    QRandomGenerator::system()->fillRange(raw);
    const QByteArray token = QByteArray(reinterpret_cast<const char *>(raw), sizeof raw)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QByteArray hash = tokenHash(token);
    const QString phone = client.codeNumber;
    client.waiting = true;
    const quint64 id = client.id;
    m_services.accounts.startSession(hash, phone, QDateTime::currentSecsSinceEpoch() + qint64(kSessionDays) * 86400, this,
                                     [this, id, phone, token, hash](store::AppAccounts::Outcome outcome) {
                                         Client *c = find(id);
                                         if (!c)
                                             return;
                                         c->waiting = false;
                                         if (outcome != store::AppAccounts::Outcome::Done) {
                                             sendError(*c, "unavailable", 30000);
                                             return;
                                         }
                                         m_services.metrics.app.signIns.fetch_add(1, std::memory_order_relaxed);
                                         qCInfo(lcUser).noquote() << maskPhone(phone) << "signed in to the app from" << c->address;
                                         signedIn(id, phone, token, hash);
                                     });
}

void UserServer::resume(Client &client, const QJsonObject &message)
{
    if (client.signedIn) {
        sendError(client, "already_signed_in");
        return;
    }
    const QByteArray token = message.value(QStringLiteral("token")).toString().left(128).toLatin1();
    if (token.size() < 32) {
        m_services.metrics.reject((RejectReason::AppBadToken));
        sendError(client, "invalid_token");
        return;
    }
    const QByteArray hash = tokenHash(token);
    client.waiting = true;
    const quint64 id = client.id;
    m_services.accounts.findSession(hash, this, [this, id, token, hash](store::AppAccounts::Outcome outcome, const QString &phone) {
        Client *c = find(id);
        if (!c)
            return;
        c->waiting = false;
        if (outcome == store::AppAccounts::Outcome::Unavailable) {
            sendError(*c, "unavailable", 30000);
            return;
        }
        if (outcome != store::AppAccounts::Outcome::Done) {
            m_services.metrics.reject((RejectReason::AppBadToken));
            sendError(*c, "invalid_token");
            return;
        }
        signedIn(id, phone, token, hash);
    });
}

void UserServer::signedIn(quint64 clientId, const QString &phone, const QByteArray &token, const QByteArray &hash)
{
    Client *client = find(clientId);
    if (!client)
        return;
    // A few devices per number: the oldest connection gives way to a new one.
    int same = 0;
    Client *oldest = nullptr;
    for (auto &[id, other] : m_clients) {
        if (other->signedIn && other->phone == phone) {
            ++same;
            if (!oldest || other->id < oldest->id)
                oldest = other.get();
        }
    }
    if (same >= kMaxPerNumber && oldest)
        oldest->ws->close(1008, "signed in on another device");
    release(*client);
    client->signedIn = true;
    client->phone = phone;
    client->tokenHash = hash;
    client->codeNumber.clear();
    ++m_signedIn;
    m_services.metrics.app.signedIn.store(m_signedIn, std::memory_order_relaxed);
    client->waiting = true;
    m_services.accounts.consentOf(phone, this, [this, clientId, token](store::AppAccounts::Outcome outcome, const store::AppConsent &c) {
        Client *cl = find(clientId);
        if (!cl)
            return;
        cl->waiting = false;
        const PromptText message = m_services.prompts.get(PromptKind::Consent);
        QJsonObject consent{{QStringLiteral("text"), message.text}, {QStringLiteral("version"), message.version}};
        if (outcome == store::AppAccounts::Outcome::Done) {
            consent.insert(QStringLiteral("accepted"), c.accepted);
            consent.insert(QStringLiteral("decided_at"), isoSeconds(c.decidedAt));
            consent.insert(
                QStringLiteral("counts"),
                store::appConsentCounts(c, message.version, m_services.config.appConsentValidDays, QDateTime::currentDateTimeUtc()));
            if (c.accepted)
                consent.insert(QStringLiteral("valid_until"), isoSeconds(c.decidedAt.addDays(m_services.config.appConsentValidDays)));
        }
        send(*cl,
             {{QStringLiteral("type"), QStringLiteral("signed_in")},
              {QStringLiteral("token"), QString::fromLatin1(token)},
              {QStringLiteral("phone"), cl->phone},
              {QStringLiteral("consent"), consent}});
        if (const AppCall *live = m_calls.current(cl->phone))
            sendCallState(*cl, *live);
    });
}

void UserServer::consent(Client &client, const QJsonObject &message)
{
    if (!client.signedIn) {
        m_services.metrics.reject((RejectReason::AppBadMessage));
        sendError(client, "not_signed_in");
        return;
    }
    const QJsonValue accepted = message.value(QStringLiteral("accepted"));
    if (!accepted.isBool()) {
        m_services.metrics.reject((RejectReason::AppBadMessage));
        sendError(client, "bad_message");
        return;
    }
    store::AppConsent c;
    c.accepted = accepted.toBool();
    c.messageVersion = m_services.prompts.get(PromptKind::Consent).version;
    c.language = client.language;
    c.decidedAt = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    client.waiting = true;
    const quint64 id = client.id;
    const QString phone = client.phone;
    m_services.accounts.recordConsent(phone, c, this, [this, id, phone, c](store::AppAccounts::Outcome outcome) {
        if (outcome == store::AppAccounts::Outcome::Done) {
            (c.accepted ? m_services.metrics.app.consentsGiven : m_services.metrics.app.consentsWithdrawn)
                .fetch_add(1, std::memory_order_relaxed);
            qCInfo(lcUser).noquote() << maskPhone(phone) << (c.accepted ? "gave consent in the app" : "withdrew consent in the app")
                                     << QStringLiteral("(message version %1)").arg(c.messageVersion);
        }
        Client *cl = find(id);
        if (!cl)
            return;
        cl->waiting = false;
        if (outcome != store::AppAccounts::Outcome::Done) {
            sendError(*cl, "unavailable", 30000);
            return;
        }
        QJsonObject m{{QStringLiteral("type"), QStringLiteral("consent_recorded")},
                      {QStringLiteral("accepted"), c.accepted},
                      {QStringLiteral("version"), c.messageVersion},
                      {QStringLiteral("decided_at"), isoSeconds(c.decidedAt)}};
        if (c.accepted)
            m.insert(QStringLiteral("valid_until"), isoSeconds(c.decidedAt.addDays(m_services.config.appConsentValidDays)));
        send(*cl, m);
    });
}

void UserServer::askAgent(Client &client)
{
    if (!client.signedIn) {
        m_services.metrics.reject((RejectReason::AppBadMessage));
        sendError(client, "not_signed_in");
        return;
    }
    const AppCall *live = m_calls.current(client.phone);
    if (!live || live->state == QLatin1String("ended") || live->state == QLatin1String("transferred")) {
        sendError(client, "no_call");
        return;
    }
    const AppCall &track = *live;
    if (track.state == QLatin1String("waiting_for_agent") || track.state == QLatin1String("with_agent")) {
        send(client, {{QStringLiteral("type"), QStringLiteral("agent_requested")}});
        return;
    }
    if (track.sessionId.isEmpty()) {
        sendError(client, "not_connected_yet"); // still in the caller flow: no one to hand it to yet
        return;
    }
    client.waiting = true;
    const quint64 id = client.id;
    qCInfo(lcUser).noquote() << maskPhone(client.phone) << "asks for a person from the app (call" << track.callSid << ")";
    m_services.askForAgent(track.sessionId, [self = QPointer<UserServer>(this), id](const QString &refusal) {
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self,
            [self, id, refusal] {
                UserServer::Client *c = self->find(id);
                if (!c)
                    return;
                c->waiting = false;
                if (refusal.isEmpty())
                    self->send(*c, {{QStringLiteral("type"), QStringLiteral("agent_requested")}});
                else
                    self->sendError(*c, "no_call");
            },
            Qt::QueuedConnection);
    });
}

void UserServer::signOut(Client &client)
{
    if (client.signedIn) {
        m_services.accounts.endSession(client.tokenHash);
        qCInfo(lcUser).noquote() << maskPhone(client.phone) << "signed out of the app";
    }
    send(client, {{QStringLiteral("type"), QStringLiteral("signed_out")}});
    client.ws->close(1000, "signed out");
}

// ---- Calls ----------------------------------------------------------------------------------

void UserServer::onCallEvent(const CallEvent &event)
{
    QMetaObject::invokeMethod(
        this, [this, event] { track(event); }, Qt::QueuedConnection);
}

void UserServer::track(const CallEvent &e)
{
    const auto change = m_calls.apply(e, nowMs());
    if (!change)
        return;
    const QString liveAgentText = change->liveAgent ? m_services.prompts.get(PromptKind::LiveAgent).text : QString();
    for (auto &[id, client] : m_clients) {
        if (!client->signedIn || client->phone != change->call.phone)
            continue;
        if (change->stateChanged)
            sendCallState(*client, change->call);
        if (!liveAgentText.isEmpty())
            send(*client, {{QStringLiteral("type"), QStringLiteral("live_agent")}, {QStringLiteral("text"), liveAgentText}});
    }
}

void UserServer::sendCallState(Client &client, const AppCall &track)
{
    QJsonObject m{{QStringLiteral("type"), QStringLiteral("call")},
                  {QStringLiteral("state"), track.state},
                  {QStringLiteral("since"), isoSeconds(track.since)}};
    if (!track.outcome.isEmpty())
        m.insert(QStringLiteral("outcome"), track.outcome);
    send(client, m);
}

void UserServer::sweep()
{
    const qint64 now = nowMs();
    m_login.sweep(now);
    for (auto &[id, client] : m_clients) {
        if (!client->signedIn && now - client->connectedAtMs > kSignInDeadlineMs && client->ws->isOpen()) {
            m_services.metrics.reject(RejectReason::AppSignInTimeout);
            client->ws->close(1008, "not signed in in time");
        }
    }
    m_calls.sweep(now);
}

} // namespace callgate
