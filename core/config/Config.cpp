#include "config/Config.h"

#include "config/PromptSource.h"
#include "config/SettingsSpec.h"
#include "twilio/PhoneNumber.h"
#include "util/PhoneMask.h"
#include "util/Redact.h"

#include <QDir>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QThread>

namespace callgate {
namespace {

struct Resolved {
    QHash<QString, QString> values;
    QHash<QString, QString> origin;
};

Resolved layer(const ConfigSources &s)
{
    Resolved r;
    for (const SettingSpec &spec : settingSpecs()) {
        const QString key = QLatin1String(spec.key);
        QString value = QLatin1String(spec.defaultValue);
        QString origin = QStringLiteral("default");
        if (s.dotEnv.contains(key)) {
            value = s.dotEnv.value(key);
            origin = QStringLiteral(".env");
        }
        if (s.environment.contains(key)) {
            value = s.environment.value(key);
            origin = QStringLiteral("environment");
        }
        if (s.commandLine.contains(key)) {
            value = s.commandLine.value(key);
            origin = QStringLiteral("command line");
        }
        r.values.insert(key, value.trimmed());
        r.origin.insert(key, origin);
    }
    return r;
}

// What was wrong, with the value as given but never a credential or query key inside a URL.
Error settingError(const char *key, const QString &why)
{
    return Error{redactUrls(QStringLiteral("setting %1 %2").arg(QLatin1String(key), why))};
}

Result<qint64> toInt(const Resolved &r, const char *key)
{
    const SettingSpec *spec = findSetting(QLatin1StringView(key));
    const QString text = r.values.value(QLatin1String(key));
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    const QStringList range = QLatin1String(spec->choices).toString().split(QLatin1String(".."));
    const qint64 lo = range.value(0).toLongLong();
    const qint64 hi = range.value(1).toLongLong();
    if (!ok || v < lo || v > hi)
        return settingError(key, QStringLiteral("must be a whole number from %1 to %2 (got \"%3\")").arg(lo).arg(hi).arg(text));
    return v;
}

Result<bool> toBool(const Resolved &r, const char *key)
{
    const QString t = r.values.value(QLatin1String(key)).toLower();
    if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes") || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no") || t == QLatin1String("off"))
        return false;
    return settingError(key, QStringLiteral("must be true or false (got \"%1\")").arg(t));
}

// An absolute URL with one of the given schemes and a host; trailing slash dropped.
Result<QUrl> toUrl(const Resolved &r, const char *key, QStringList schemes, bool required, const QString &example)
{
    const QString text = r.values.value(QLatin1String(key));
    if (text.isEmpty()) {
        if (required)
            return settingError(key, QStringLiteral("is missing: set it to %1").arg(example));
        return QUrl();
    }
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !schemes.contains(url.scheme()) || url.hasQuery() || url.hasFragment())
        return settingError(
            key, QStringLiteral("must be a %1 URL such as %2 (got \"%3\")").arg(schemes.join(QLatin1String(" or ")), example, text));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    return url;
}

} // namespace

Result<Config> Config::resolve(const ConfigSources &sources, bool demo)
{
    const Resolved r = layer(sources);
    Config c;
    c.demo = demo;
    const auto str = [&](const char *k) { return r.values.value(QLatin1String(k)); };

#define CG_TAKE(target, expr)                                                                                                              \
    do {                                                                                                                                   \
        auto res_ = (expr);                                                                                                                \
        if (!res_)                                                                                                                         \
            return Error{res_.error()};                                                                                                    \
        target = decltype(target)(res_.value());                                                                                           \
    } while (0)

    CG_TAKE(c.port, toInt(r, "PORT"));
    c.bindAddress = str("BIND_ADDRESS");
    if (QHostAddress(c.bindAddress).isNull())
        return settingError("BIND_ADDRESS",
                            QStringLiteral("must be an IP address such as 0.0.0.0 or 127.0.0.1 (got \"%1\")").arg(c.bindAddress));
    CG_TAKE(c.signatureValidation, toBool(r, "TWILIO_SIGNATURE_VALIDATION"));
    CG_TAKE(c.publicUrl,
            toUrl(r, "PUBLIC_URL", {QStringLiteral("https"), QStringLiteral("http")}, !demo,
                  QStringLiteral("the https address Twilio reaches, e.g. https://abcd.ngrok.app")));
    if (c.publicUrl.isEmpty())
        c.publicUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(c.port));

    c.openAiApiKey = str("OPENAI_API_KEY");
    if (!demo && c.openAiApiKey.isEmpty())
        return settingError("OPENAI_API_KEY", QStringLiteral("is missing: set it to your OpenAI API key (or run with --demo)"));
    CG_TAKE(c.openAiRealtimeUrl,
            toUrl(r, "OPENAI_REALTIME_URL", {QStringLiteral("wss"), QStringLiteral("ws")}, true,
                  QStringLiteral("wss://api.openai.com/v1/realtime")));
    c.openAiApi = str("OPENAI_API").toLower();
    if (c.openAiApi != QLatin1String("realtime") && c.openAiApi != QLatin1String("live"))
        return settingError("OPENAI_API", QStringLiteral("must be realtime or live (got \"%1\")").arg(c.openAiApi));
    CG_TAKE(c.openAiLiveUrl,
            toUrl(r, "OPENAI_LIVE_URL", {QStringLiteral("wss"), QStringLiteral("ws")}, true,
                  QStringLiteral("wss://api.openai.com/v1/live/sessions")));
    c.openAiLiveModel = str("OPENAI_LIVE_MODEL");
    if (c.openAiLiveModel.isEmpty())
        return settingError("OPENAI_LIVE_MODEL", QStringLiteral("is missing: set it to a GPT-Live model such as gpt-live-1.1"));
    c.openAiLiveBackendModel = str("OPENAI_LIVE_BACKEND_MODEL");
    if (c.openAiLiveBackendModel.isEmpty())
        return settingError("OPENAI_LIVE_BACKEND_MODEL", QStringLiteral("is missing: set it to a Responses model such as gpt-5.6-terra"));
    c.openAiModel = str("OPENAI_MODEL");
    if (c.openAiModel.isEmpty())
        return settingError("OPENAI_MODEL", QStringLiteral("is missing: set it to a Realtime model such as gpt-realtime-2.1"));
    c.openAiReasoningEffort = str("OPENAI_REASONING_EFFORT").toLower();
    if (!QStringList{QStringLiteral("minimal"), QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"),
                     QStringLiteral("xhigh")}
             .contains(c.openAiReasoningEffort))
        return settingError("OPENAI_REASONING_EFFORT",
                            QStringLiteral("must be minimal, low, medium, high or xhigh (got \"%1\")").arg(c.openAiReasoningEffort));
    c.openAiTranscriptionModel = str("OPENAI_TRANSCRIPTION_MODEL");
    if (c.openAiTranscriptionModel.isEmpty())
        return settingError("OPENAI_TRANSCRIPTION_MODEL",
                            QStringLiteral("is missing: set it to a transcription model such as gpt-transcribe"));
    c.openAiVoice = str("OPENAI_VOICE");
    if (c.openAiVoice.isEmpty())
        return settingError("OPENAI_VOICE", QStringLiteral("is missing: set it to a voice such as marin"));
    CG_TAKE(c.openAiPingMs, toInt(r, "OPENAI_PING_MS"));
    CG_TAKE(c.openAiReconnectAttempts, toInt(r, "OPENAI_RECONNECT_ATTEMPTS"));
    CG_TAKE(c.openAiRolloverSeconds, toInt(r, "OPENAI_ROLLOVER_SECONDS"));
    CG_TAKE(c.aiAudioFramesPerAppend, toInt(r, "AI_AUDIO_FRAMES_PER_APPEND"));

    c.twilioAccountSid = str("TWILIO_ACCOUNT_SID");
    static const QRegularExpression sidPattern(QStringLiteral("^AC[0-9a-fA-F]{32}$"));
    if (!c.twilioAccountSid.isEmpty() && !sidPattern.match(c.twilioAccountSid).hasMatch())
        return settingError("TWILIO_ACCOUNT_SID", QStringLiteral("must be AC followed by 32 hex digits"));
    c.twilioAuthToken = str("TWILIO_AUTH_TOKEN");
    if (!demo && c.signatureValidation && c.twilioAuthToken.isEmpty())
        return settingError(
            "TWILIO_AUTH_TOKEN",
            QStringLiteral(
                "is missing: it is needed to check X-Twilio-Signature (or set TWILIO_SIGNATURE_VALIDATION=false for local development)"));
    CG_TAKE(
        c.twilioApiBaseUrl,
        toUrl(r, "TWILIO_API_BASE_URL", {QStringLiteral("https"), QStringLiteral("http")}, true, QStringLiteral("https://api.twilio.com")));
    CG_TAKE(c.twilioLookupBaseUrl,
            toUrl(r, "TWILIO_LOOKUP_BASE_URL", {QStringLiteral("https"), QStringLiteral("http")}, true,
                  QStringLiteral("https://lookups.twilio.com")));

    CG_TAKE(c.twilioRestTimeoutMs, toInt(r, "TWILIO_REST_TIMEOUT_MS"));
    CG_TAKE(c.lookupTimeoutMs, toInt(r, "LOOKUP_TIMEOUT_MS"));
    CG_TAKE(c.lookupCacheSeconds, toInt(r, "LOOKUP_CACHE_SECONDS"));
    c.callerLanguage = str("CALLER_LANGUAGE").toLower();
    if (c.callerLanguage != QLatin1String("en") && c.callerLanguage != QLatin1String("es"))
        return settingError("CALLER_LANGUAGE", QStringLiteral("must be en or es (got \"%1\")").arg(c.callerLanguage));
    c.callerVoice = str("CALLER_VOICE");
    const char *promptKeys[4] = {"PROMPT_SYSTEM", "PROMPT_CONSENT", "PROMPT_LIVE_AGENT", "PROMPT_GREETING"};
    for (int i = 0; i < 4; ++i) {
        c.prompts[i] = str(promptKeys[i]);
        const auto source = parsePromptSource(c.prompts[i]);
        if (!source)
            return settingError(promptKeys[i], source.error());
    }
    CG_TAKE(c.googleDocsBaseUrl,
            toUrl(r, "GOOGLE_DOCS_BASE_URL", {QStringLiteral("https"), QStringLiteral("http")}, true,
                  QStringLiteral("https://docs.google.com")));
    CG_TAKE(c.promptRefreshSeconds, toInt(r, "PROMPT_REFRESH_SECONDS"));
    c.promptCacheDir = str("PROMPT_CACHE_DIR");
    if (c.promptCacheDir.isEmpty())
        c.promptCacheDir = dataPath(QStringLiteral("prompts"));
    CG_TAKE(c.customerApiUrl,
            toUrl(r, "CUSTOMER_API_URL", {QStringLiteral("https"), QStringLiteral("http")}, false,
                  QStringLiteral("https://crm.example.com/callgate/lookup")));
    c.customerApiToken = str("CUSTOMER_API_TOKEN");
    CG_TAKE(c.customerApiTimeoutMs, toInt(r, "CUSTOMER_API_TIMEOUT_MS"));
    CG_TAKE(c.agentWaitSeconds, toInt(r, "AGENT_WAIT_SECONDS"));
    const auto e164Setting = [&](const char *key, QString &target) -> Status {
        const QString v = str(key);
        if (v.isEmpty())
            return Ok{};
        const auto n = twilio::formatPhoneNumber(v);
        if (!n || !v.startsWith(QLatin1Char('+')))
            return settingError(key, QStringLiteral("must be a phone number in E.164 form such as +14155550100"));
        target = n.value();
        return Ok{};
    };
    if (auto s = e164Setting("LIVE_AGENT_NUMBER", c.liveAgentNumber); !s)
        return Error{s.error()};
    for (const QString &entry : str("TRANSFER_NUMBERS").split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        const QString name = entry.left(eq).trimmed();
        const auto number = twilio::formatPhoneNumber(entry.mid(eq + 1).trimmed());
        if (eq <= 0 || name.isEmpty() || !number || !entry.mid(eq + 1).trimmed().startsWith(QLatin1Char('+')))
            return settingError("TRANSFER_NUMBERS",
                                QStringLiteral("must be name=number pairs separated by ';', numbers in E.164 form (e.g. "
                                               "Sales=+14155550100;Billing=+14155550111)"));
        c.transferNumbers.append({name, number.value()});
    }
    c.holdAudio = str("HOLD_AUDIO");
    c.reconnectCue = str("RECONNECT_CUE");
    CG_TAKE(c.reconnectCueAfterMs, toInt(r, "RECONNECT_CUE_AFTER_MS"));
    CG_TAKE(c.smsSummary, toBool(r, "SMS_SUMMARY"));
    c.extraCaCerts = str("EXTRA_CA_CERTS");
    if (auto s = e164Setting("SMS_FROM", c.smsFrom); !s)
        return Error{s.error()};
    CG_TAKE(c.userApp, toBool(r, "USER_APP"));
    CG_TAKE(c.appConsentValidDays, toInt(r, "APP_CONSENT_VALID_DAYS"));
    if (c.userApp && c.smsFrom.isEmpty())
        return settingError("SMS_FROM", QStringLiteral("is needed with USER_APP=true: the number the app's sign-in codes come from"));
    CG_TAKE(c.ngrokApiUrl,
            toUrl(r, "NGROK_API_URL", {QStringLiteral("http"), QStringLiteral("https")}, true, QStringLiteral("http://127.0.0.1:4040")));
    CG_TAKE(c.recordCalls, toBool(r, "RECORD_CALLS"));
    c.recordingsDir = str("RECORDINGS_DIR");
    if (c.recordingsDir.isEmpty())
        c.recordingsDir = dataPath(QStringLiteral("recordings"));
    c.operatorAccountsFile = str("OPERATOR_ACCOUNTS_FILE");
    if (c.operatorAccountsFile.isEmpty())
        c.operatorAccountsFile = dataPath(QStringLiteral("operators"));
    c.flowStateSecret = str("FLOW_STATE_SECRET").toUtf8();
    if (c.flowStateSecret.isEmpty())
        c.flowStateSecret = c.twilioAuthToken.toUtf8();
    if (c.flowStateSecret.isEmpty()) // demo or validation off: a key of this process alone
    {
        quint32 key[8];
        QRandomGenerator::system()->fillRange(key);
        c.flowStateSecret = QByteArray(reinterpret_cast<const char *>(key), sizeof key);
    }

    CG_TAKE(c.workerThreads, toInt(r, "WORKER_THREADS"));
    if (c.workerThreads == 0)
        c.workerThreads = qMax(1, QThread::idealThreadCount());
    CG_TAKE(c.maxConcurrentCalls, toInt(r, "MAX_CONCURRENT_CALLS"));
    CG_TAKE(c.sessionPendingTtlSeconds, toInt(r, "SESSION_PENDING_TTL_SECONDS"));
    CG_TAKE(c.maxBodyBytes, toInt(r, "MAX_BODY_BYTES"));
    CG_TAKE(c.maxHeaderBytes, toInt(r, "MAX_HEADER_BYTES"));
    CG_TAKE(c.httpRequestTimeoutMs, toInt(r, "HTTP_REQUEST_TIMEOUT_MS"));
    CG_TAKE(c.httpIdleTimeoutMs, toInt(r, "HTTP_IDLE_TIMEOUT_MS"));
    CG_TAKE(c.drainTimeoutSeconds, toInt(r, "DRAIN_TIMEOUT_SECONDS"));
    CG_TAKE(c.retentionDays, toInt(r, "RETENTION_DAYS"));
#undef CG_TAKE

    const QString database = str("DATABASE_URL");
    if (database.startsWith(QLatin1String("postgres://")) || database.startsWith(QLatin1String("postgresql://"))) {
        const QUrl pg(database);
        if (!pg.isValid() || pg.host().isEmpty() || pg.path().size() < 2)
            return settingError("DATABASE_URL", QStringLiteral("must look like postgres://user:password@host:5432/database"));
        c.database = database;
    } else {
        c.database = database.startsWith(QLatin1String("sqlite://")) ? database.mid(9) : database;
        if (c.database.isEmpty())
            c.database = dataPath(QStringLiteral("callgate.sqlite"));
    }

    c.instanceName = str("INSTANCE_NAME").trimmed();
    if (c.instanceName.isEmpty())
        c.instanceName = QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(c.port);
    if (c.instanceName.size() > 64 || c.instanceName.contains(QRegularExpression(QStringLiteral("[^A-Za-z0-9._:@-]"))))
        return settingError("INSTANCE_NAME", QStringLiteral("must be up to 64 letters, digits and . _ : @ -"));

    const QString fmt = str("LOG_FORMAT").toLower();
    if (fmt == QLatin1String("json"))
        c.logFormat = LogFormat::Json;
    else if (fmt == QLatin1String("text"))
        c.logFormat = LogFormat::Text;
    else
        return settingError("LOG_FORMAT", QStringLiteral("must be text or json (got \"%1\")").arg(fmt));
    return c;
}

QString Config::dataPath(const QString &name)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return (dir.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share/callgate") : dir) + QLatin1Char('/') + name;
}

QStringList Config::describe() const
{
    QStringList lines;
    lines << QStringLiteral("listening on %1:%2 with %3 worker thread(s)").arg(bindAddress).arg(port).arg(workerThreads);
    lines << QStringLiteral("public URL %1").arg(redactUrls(publicUrl.toString()));
    const bool live = openAiApi == QLatin1String("live");
    lines << QStringLiteral("OpenAI %1 %2 model %3%4 voice %5, key %6")
                 .arg(live ? QStringLiteral("GPT-Live") : QStringLiteral("Realtime"),
                      redactUrls((live ? openAiLiveUrl : openAiRealtimeUrl).toString()), live ? openAiLiveModel : openAiModel,
                      live ? QStringLiteral(" (tools on %1)").arg(openAiLiveBackendModel) : QString(), openAiVoice,
                      openAiApiKey.isEmpty() ? QStringLiteral("not set") : QStringLiteral("set"));
    lines << QStringLiteral("call records in %1").arg(redactUrls(database));
    lines << QStringLiteral("callers hear %1; customer API %2; agent wait %3 s, then %4")
                 .arg(callerLanguage == QLatin1String("es") ? QStringLiteral("Spanish") : QStringLiteral("English"),
                      customerApiUrl.isEmpty() ? QStringLiteral("not used") : redactUrls(customerApiUrl.toString()))
                 .arg(agentWaitSeconds)
                 .arg(liveAgentNumber.isEmpty() ? QStringLiteral("a polite goodbye")
                                                : QStringLiteral("transfer to ") + maskPhone(liveAgentNumber));
    lines << QStringLiteral("Twilio signature validation %1, auth token %2")
                 .arg(signatureValidation ? QStringLiteral("ON") : QStringLiteral("OFF (development only)"),
                      twilioAuthToken.isEmpty() ? QStringLiteral("not set") : QStringLiteral("set"));
    return lines;
}

QString Config::streamUrlFor(QByteArrayView sessionId) const
{
    QUrl u = publicUrl;
    u.setScheme(publicUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    return u.toString() + QLatin1String("/media-stream/") + QLatin1String(sessionId);
}

QString Config::publicUrlFor(QStringView path) const { return publicUrl.toString() + path; }

} // namespace callgate
