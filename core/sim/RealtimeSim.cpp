#include "sim/RealtimeSim.h"

#include "audio/G711.h"
#include "sim/LiveSimSession.h"
#include "sim/RealtimeSimSession.h"
#include "util/Log.h"

#include <QDate>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QtEndian>
#include <QtMath>

namespace callgate::sim {

QMap<QString, QString> defaultModelCatalogue()
{
    // OpenAI's deprecations page: the Realtime models of 2025 go on 2027-01-20, the gpt-4o-era
    // transcription models and whisper-1 on 2027-02-26. The earlier previews are gone already.
    const QString realtimeEnd = QStringLiteral("2027-01-20");
    const QString transcribeEnd = QStringLiteral("2027-02-26");
    return {
        {QStringLiteral("gpt-realtime"), realtimeEnd},
        {QStringLiteral("gpt-realtime-2025-08-28"), realtimeEnd},
        {QStringLiteral("gpt-realtime-mini"), realtimeEnd},
        {QStringLiteral("gpt-realtime-mini-2025-10-06"), realtimeEnd},
        {QStringLiteral("gpt-realtime-mini-2025-12-15"), realtimeEnd},
        {QStringLiteral("gpt-realtime-1.5"), QString()},
        {QStringLiteral("gpt-realtime-2"), QString()},
        {QStringLiteral("gpt-realtime-2.1"), QString()},
        {QStringLiteral("gpt-realtime-2.1-mini"), QString()},
        {QStringLiteral("whisper-1"), transcribeEnd},
        {QStringLiteral("gpt-4o-transcribe"), transcribeEnd},
        {QStringLiteral("gpt-4o-transcribe-diarize"), transcribeEnd},
        {QStringLiteral("gpt-4o-mini-transcribe"), transcribeEnd},
        {QStringLiteral("gpt-4o-mini-transcribe-2025-12-15"), transcribeEnd},
        {QStringLiteral("gpt-transcribe"), QString()},
        {QStringLiteral("gpt-live-transcribe"), QString()},
        {QStringLiteral("gpt-realtime-whisper"), QString()},
        {QStringLiteral("gpt-live-1"), QString()},
        {QStringLiteral("gpt-live-1.1"), QString()},
        {QStringLiteral("gpt-5.6-terra"), QString()},
        {QStringLiteral("gpt-5.6-luna"), QString()},
    };
}

const char *realtimeFaultName(RealtimeFault f)
{
    switch (f) {
    case RealtimeFault::Abort: return "abort";
    case RealtimeFault::Close1011: return "close_1011";
    case RealtimeFault::Stall: return "stall";
    case RealtimeFault::ServerError: return "server_error";
    case RealtimeFault::InvalidRequest: return "invalid_request_error";
    case RealtimeFault::RateLimited: return "rate_limited";
    case RealtimeFault::QuotaExceeded: return "insufficient_quota";
    case RealtimeFault::SessionExpired: return "session_expired";
    case RealtimeFault::UnknownEvent: return "unknown_event";
    }
    return "?";
}

bool endsSession(RealtimeFault f)
{
    return f == RealtimeFault::Abort || f == RealtimeFault::Close1011 || f == RealtimeFault::Stall || f == RealtimeFault::ServerError
        || f == RealtimeFault::QuotaExceeded || f == RealtimeFault::SessionExpired;
}

namespace {

QByteArray httpJson(const QByteArray &status, const QJsonObject &body)
{
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size())
        + "\r\nConnection: close\r\n\r\n" + json;
}

QJsonObject apiError(const QString &message, const QString &type, const QJsonValue &param, const QJsonValue &code)
{
    return {{QStringLiteral("error"),
             QJsonObject{{QStringLiteral("message"), message},
                         {QStringLiteral("type"), type},
                         {QStringLiteral("param"), param},
                         {QStringLiteral("code"), code}}}};
}

} // namespace

bool RealtimeSimServer::offers(const QString &model) const
{
    const auto it = m_options.models.constFind(model);
    if (it == m_options.models.constEnd())
        return false;
    return it->isEmpty() || QDate::currentDate() < QDate::fromString(*it, Qt::ISODate);
}

QByteArray RealtimeSimServer::answerModels(const UpgradeRequest &r)
{
    const QUrl url = QUrl::fromEncoded("http://sim" + r.target);
    const QString path = url.path(QUrl::FullyDecoded);
    const QString prefix = QStringLiteral("/v1/models/");
    if (r.method != "GET" || !path.startsWith(prefix))
        return httpJson("404 Not Found",
                        apiError(QStringLiteral("Invalid URL (%1 %2)").arg(QString::fromLatin1(r.method), path),
                                 QStringLiteral("invalid_request_error"), QJsonValue(), QJsonValue()));
    const QByteArray auth = r.header("authorization");
    if (!auth.startsWith("Bearer ") || auth.size() <= 7 || (!m_options.requiredKey.isEmpty() && auth.mid(7) != m_options.requiredKey))
        return httpJson("401 Unauthorized",
                        apiError(QStringLiteral("Incorrect API key provided."), QStringLiteral("invalid_request_error"), QJsonValue(),
                                 QStringLiteral("invalid_api_key")));
    const QString model = path.mid(prefix.size());
    m_record.modelsAsked.append(model);
    if (!offers(model))
        return httpJson("404 Not Found",
                        apiError(QStringLiteral("The model '%1' does not exist or you do not have access to it.").arg(model),
                                 QStringLiteral("invalid_request_error"), QJsonValue(), QStringLiteral("model_not_found")));
    const QString date = m_options.models.value(model);
    return httpJson("200 OK",
                    {{QStringLiteral("id"), model},
                     {QStringLiteral("object"), QStringLiteral("model")},
                     {QStringLiteral("created"), 1756339200},
                     {QStringLiteral("owned_by"), QStringLiteral("system")},
                     {QStringLiteral("shutdown_date"), date.isEmpty() ? QJsonValue() : QJsonValue(date)}});
}

QByteArray RealtimeSimServer::answerTranscription(const UpgradeRequest &r)
{
    const auto fail = [](const QByteArray &status, const QString &message, const QJsonValue &param, const QJsonValue &code) {
        return httpJson(status, apiError(message, QStringLiteral("invalid_request_error"), param, code));
    };
    if (r.method != "POST")
        return fail("405 Method Not Allowed", QStringLiteral("Only POST is supported."), QJsonValue(), QJsonValue());
    const QByteArray auth = r.header("authorization");
    if (!auth.startsWith("Bearer ") || auth.size() <= 7 || (!m_options.requiredKey.isEmpty() && auth.mid(7) != m_options.requiredKey))
        return httpJson("401 Unauthorized",
                        apiError(QStringLiteral("Incorrect API key provided."), QStringLiteral("invalid_request_error"), QJsonValue(),
                                 QStringLiteral("invalid_api_key")));
    // multipart/form-data: file, model, language, response_format.
    const QByteArray type = r.header("content-type");
    const qsizetype b = type.indexOf("boundary=");
    if (!type.startsWith("multipart/form-data") || b < 0)
        return fail("400 Bad Request", QStringLiteral("Expected multipart/form-data."), QJsonValue(), QJsonValue());
    QByteArray boundary = type.mid(b + 9);
    if (boundary.startsWith('"'))
        boundary = boundary.mid(1, boundary.indexOf('"', 1) - 1);
    QHash<QByteArray, QByteArray> fields;
    const QByteArray delimiter = "--" + boundary;
    const QByteArray &body = r.body;
    qsizetype at = body.indexOf(delimiter);
    while (at >= 0) {
        const qsizetype headStart = at + delimiter.size() + 2;
        const qsizetype next = body.indexOf(delimiter, headStart);
        const qsizetype headEnd = body.indexOf("\r\n\r\n", headStart);
        if (next < 0 || headEnd < 0 || headEnd > next)
            break;
        const QByteArray head = body.mid(headStart, headEnd - headStart);
        const qsizetype n = head.indexOf("name=\"");
        if (n >= 0)
            fields.insert(head.mid(n + 6, head.indexOf('"', n + 6) - n - 6), body.mid(headEnd + 4, next - 2 - headEnd - 4));
        at = next;
    }
    const QString model = QString::fromUtf8(fields.value("model"));
    if (model.isEmpty())
        return fail("400 Bad Request", QStringLiteral("you must provide a model parameter"), QStringLiteral("model"), QJsonValue());
    if (!offers(model))
        return fail("404 Not Found", QStringLiteral("The model '%1' does not exist or you do not have access to it.").arg(model),
                    QJsonValue(), QStringLiteral("model_not_found"));
    const QByteArray wav = fields.value("file");
    // RIFF/WAVE, PCM, 16 bits; the simulator takes 8 kHz mono (what the gateway sends).
    if (wav.size() < 44 || !wav.startsWith("RIFF") || wav.mid(8, 8) != "WAVEfmt " || qFromLittleEndian<quint16>(wav.constData() + 20) != 1
        || qFromLittleEndian<quint16>(wav.constData() + 34) != 16)
        return fail("400 Bad Request",
                    QStringLiteral("Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', "
                                   "'oga', 'ogg', 'wav', 'webm']"),
                    QStringLiteral("file"), QStringLiteral("invalid_value"));
    RealtimeSimRecord::Transcription asked{model, QString::fromUtf8(fields.value("language")), 0, {}};
    const QByteArray pcm = wav.mid(44);
    asked.seconds = double(pcm.size() / 2) / 8000.0;
    if (m_options.transcriptionStatus != 200) {
        m_record.transcriptions.append(asked);
        return httpJson(QByteArray::number(m_options.transcriptionStatus) + " Error",
                        apiError(QStringLiteral("The server had an error while processing your request."), QStringLiteral("server_error"),
                                 QJsonValue(), QJsonValue()));
    }
    QByteArray ulaw(pcm.size() / 2, Qt::Uninitialized);
    for (qsizetype i = 0; i < ulaw.size(); ++i)
        ulaw[i] = char(audio::linearToUlaw(qFromLittleEndian<qint16>(pcm.constData() + 2 * i)));
    QString text = SimSession::recognise(ulaw);
    if (text == QLatin1String("(inaudible)"))
        text.clear(); // nothing it knows: what a model says of noise
    asked.text = text;
    m_record.transcriptions.append(asked);
    return httpJson(
        "200 OK",
        {{QStringLiteral("text"), text},
         {QStringLiteral("usage"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("duration")}, {QStringLiteral("seconds"), qCeil(asked.seconds)}}}});
}

RealtimeSimOptions RealtimeSimServer::defaultOptions()
{
    RealtimeSimOptions o;
    o.replies = {
        {QStringLiteral("caller_order"), {QStringLiteral("assistant_order"), {}, {}}},
        {QStringLiteral("caller_number"), {QStringLiteral("assistant_status"), {}, {}}},
        {QStringLiteral("caller_more"), {QStringLiteral("assistant_more"), {}, {}}},
        {QStringLiteral("caller_bye"), {QString(), QStringLiteral("end_call"), QStringLiteral("assistant_bye")}},
        {QStringLiteral("caller_agent"), {QString(), QStringLiteral("escalate_to_agent"), QString()}},
    };
    // The gateway asks for the live-agent message in its own response.create.
    o.instructionClips = {{QStringLiteral("member of our team"), QStringLiteral("assistant_agent")}};
    return o;
}

RealtimeSimServer::RealtimeSimServer(RealtimeSimOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_server(net::WsOptions{16 << 20, 0, 0, 10000})
{
    m_server.check = [this](const UpgradeRequest &r) -> QByteArray {
        if (m_refuseStatus != 0 && m_refuseCount != 0) {
            if (m_refuseCount > 0)
                --m_refuseCount;
            ++m_record.handshakesRefused;
            const int status = m_refuseStatus;
            return QByteArray::number(status)
                + (status == 401       ? " Unauthorized"
                       : status == 403 ? " Forbidden"
                       : status == 429 ? " Too Many Requests"
                                       : " Service Unavailable");
        }
        const QByteArray auth = r.header("authorization");
        if (!auth.startsWith("Bearer ") || auth.size() <= 7)
            return "401 Unauthorized";
        if (!m_options.requiredKey.isEmpty() && auth.mid(7) != m_options.requiredKey)
            return "401 Unauthorized";
        const QUrl url = QUrl::fromEncoded("http://sim" + r.target);
        if (url.path().endsWith(QLatin1String("/live/sessions")))
            return {}; // GPT-Live: the model comes in session.start
        if (!url.path().endsWith(QLatin1String("/realtime")))
            return "404 Not Found";
        if (QUrlQuery(url).queryItemValue(QStringLiteral("model")).isEmpty())
            return "400 Bad Request";
        return {};
    };
    m_server.onPlainRequest = [this](const UpgradeRequest &r) {
        if (QUrl::fromEncoded("http://sim" + r.target).path() == QLatin1String("/v1/audio/transcriptions"))
            return answerTranscription(r);
        return answerModels(r);
    };
    m_server.onConnection = [this](std::unique_ptr<net::WsConnection> ws, const UpgradeRequest &r) {
        ++m_record.sessions;
        if (QUrl::fromEncoded("http://sim" + r.target).path().endsWith(QLatin1String("/live/sessions"))) {
            m_sessions.push_back(std::make_unique<LiveSimSession>(*this, std::move(ws)));
            std::erase_if(m_sessions, [](const auto &s) { return !s->isOpen(); });
            return;
        }
        const bool beta = !r.header("openai-beta").isEmpty();
        const QString model =
            QUrlQuery(QUrl::fromEncoded("http://sim" + r.target)).queryItemValue(QStringLiteral("model"), QUrl::FullyDecoded);
        m_record.sessionModels.append(model);
        auto *raw = ws.get();
        if (!beta && !offers(model)) {
            // How the service turns away a model it no longer has is not documented; this follows
            // its REST answer (error model_not_found) and closes as for a policy refusal.
            raw->sendText(
                QJsonDocument(
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                                {QStringLiteral("event_id"), QStringLiteral("event_model")},
                                {QStringLiteral("error"),
                                 apiError(QStringLiteral("The model '%1' does not exist or you do not have access to it.").arg(model),
                                          QStringLiteral("invalid_request_error"), QJsonValue(), QStringLiteral("model_not_found"))
                                     .value(QLatin1String("error"))}})
                    .toJson(QJsonDocument::Compact));
            raw->close(1008, "model_not_found");
            m_closing.push_back(std::move(ws));
            std::erase_if(m_closing, [](const auto &c) { return !c->isOpen(); });
            return;
        }
        m_sessions.push_back(std::make_unique<RealtimeSimSession>(*this, std::move(ws), model));
        if (beta) {
            // What the service does since the beta shape was retired.
            raw->sendText(
                R"({"type":"error","event_id":"event_beta","error":{"type":"invalid_request_error","code":"beta_api_shape_disabled","message":"The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.","param":null,"event_id":null}})");
            raw->close(4000, "beta_api_shape_disabled");
        }
        // Forget sessions whose socket has gone.
        std::erase_if(m_sessions, [](const auto &s) { return !s->isOpen(); });
    };
    if (m_options.chaosIntervalMs > 0 && !m_options.chaosFaults.isEmpty()) {
        m_chaos = new QTimer(this);
        connect(m_chaos, &QTimer::timeout, this, [this] {
            const auto &faults = m_options.chaosFaults;
            injectIntoRandomSession(faults.at(qsizetype(QRandomGenerator::global()->bounded(quint32(faults.size())))));
        });
        m_chaos->start(m_options.chaosIntervalMs);
    }
}

RealtimeSimServer::~RealtimeSimServer() = default;

bool RealtimeSimServer::inject(RealtimeFault fault)
{
    for (auto it = m_sessions.rbegin(); it != m_sessions.rend(); ++it) {
        if ((*it)->isOpen() && !(*it)->isStalled()) {
            (*it)->inject(fault);
            return true;
        }
    }
    return false;
}

std::optional<RealtimeSimServer::Injected> RealtimeSimServer::injectIntoRandomSession(RealtimeFault fault)
{
    std::vector<SimSession *> open;
    for (const auto &s : m_sessions) {
        if (s->isOpen() && !s->isStalled())
            open.push_back(s.get());
    }
    if (open.empty())
        return std::nullopt;
    SimSession *s = open[QRandomGenerator::global()->bounded(quint32(open.size()))];
    const Injected what{s->callerTag(), s->isReplying(), s->responseTag()};
    s->inject(fault);
    return what;
}

void RealtimeSimServer::refuseHandshakes(int status, int count)
{
    m_refuseStatus = status;
    m_refuseCount = count;
}

Status RealtimeSimServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_options.tlsCertificate.isEmpty()) {
        if (const Status tls = m_server.useTls(m_options.tlsCertificate, m_options.tlsKey); !tls)
            return tls;
    }
    return m_server.listenOn(address, port);
}

QUrl RealtimeSimServer::url() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/v1/realtime")
                    .arg(m_server.tls() ? QStringLiteral("wss") : QStringLiteral("ws"))
                    .arg(m_server.serverPort()));
}

QUrl RealtimeSimServer::liveUrl() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/v1/live/sessions")
                    .arg(m_server.tls() ? QStringLiteral("wss") : QStringLiteral("ws"))
                    .arg(m_server.serverPort()));
}

int RealtimeSimServer::liveSessions() const
{
    int n = 0;
    for (const auto &s : m_sessions)
        n += s->isOpen() ? 1 : 0;
    return n;
}

} // namespace callgate::sim
