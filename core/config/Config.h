#pragma once
// Typed configuration of a gateway, resolved from defaults < .env < environment < command line.
// Built once at start-up on the main thread, then passed by const reference or copied.

#include "config/DotEnv.h"
#include "util/Result.h"

#include <QUrl>

namespace callgate {

struct ConfigSources {
    EnvMap dotEnv;      // from the .env file
    EnvMap environment; // the process environment (only keys we know are read)
    EnvMap commandLine; // --option values, keyed by setting name
};

struct Config {
    enum class LogFormat { Text, Json };

    quint16 port = 5050;
    QString bindAddress;
    QUrl publicUrl; // scheme+host(+port)(+path prefix), no trailing slash
    QString openAiApiKey;
    QString openAiApi = QStringLiteral("realtime"); // realtime | live
    QUrl openAiRealtimeUrl;
    QUrl openAiLiveUrl;
    QString openAiLiveModel;
    QString openAiLiveBackendModel;
    QString openAiModel;
    QString openAiReasoningEffort = QStringLiteral("low"); // minimal | low | medium | high | xhigh
    QString openAiTranscriptionModel;
    QString openAiVoice;
    int openAiPingMs = 2000;
    int openAiReconnectAttempts = 5;
    int openAiRolloverSeconds = 120;
    int aiAudioFramesPerAppend = 1;
    QString extraCaCerts; // a PEM file trusted beside the system's CAs, or empty
    QString twilioAccountSid;
    QString twilioAuthToken;
    QUrl twilioApiBaseUrl;
    QUrl twilioLookupBaseUrl;
    bool signatureValidation = true;
    int twilioRestTimeoutMs = 5000;
    int lookupTimeoutMs = 3000;
    int lookupCacheSeconds = 86400;
    QString callerLanguage = QStringLiteral("en"); // en | es
    QString callerVoice;                           // empty: the language's default voice
    QString prompts[4];                            // PROMPT_SYSTEM, _CONSENT, _LIVE_AGENT, _GREETING as given (validated)
    QUrl googleDocsBaseUrl;
    int promptRefreshSeconds = 300;
    QString promptCacheDir; // resolved: never empty
    QUrl customerApiUrl;    // empty: not used
    QString customerApiToken;
    int customerApiTimeoutMs = 2000;
    int agentWaitSeconds = 60;
    QString liveAgentNumber;                        // E.164 or empty
    QList<QPair<QString, QString>> transferNumbers; // (name, E.164) offered for a transfer
    QString holdAudio;                              // a WAV file, or empty for the built-in chime
    QString reconnectCue;                           // a WAV file, or empty for the built-in cue
    int reconnectCueAfterMs = 700;
    bool smsSummary = false;
    QString smsFrom;      // E.164 or empty
    bool userApp = false; // /app and /user
    int appConsentValidDays = 30;
    QUrl ngrokApiUrl;
    bool recordCalls = false;
    QString recordingsDir;        // resolved: never empty
    QString operatorAccountsFile; // resolved: never empty
    QByteArray flowStateSecret;   // resolved: FLOW_STATE_SECRET or the auth token (or a demo key)
    int workerThreads = 0;        // resolved: never 0 after resolve()
    int maxConcurrentCalls = 500;
    int sessionPendingTtlSeconds = 60;
    qint64 maxBodyBytes = 65536;
    int maxHeaderBytes = 16384;
    int httpRequestTimeoutMs = 10000;
    int httpIdleTimeoutMs = 60000;
    int drainTimeoutSeconds = 30;
    LogFormat logFormat = LogFormat::Text;
    QString instanceName;  // resolved: never empty
    QString database;      // a SQLite file path (default in the data directory) or a postgres:// URL
    int retentionDays = 0; // 0: keep call records forever
    bool demo = false;
    // --join-port: start beside the gateway already on PORT, as another worker of the same
    // instance (needs a PostgreSQL DATABASE_URL, through which the two share sessions).
    bool joinPort = false;

    // Resolves and validates. The error is one line that names the setting, never its value when
    // the setting is a secret.
    static Result<Config> resolve(const ConfigSources &sources, bool demo);
    // `name` in the user's data directory, where the defaults of the paths above live.
    static QString dataPath(const QString &name);

    // Where each resolved value came from ("default", ".env", "environment", "command line"),
    // for the start-up summary. Secrets show only whether they are set.
    QStringList describe() const;

    // URL Twilio is told to open for a media stream, e.g. wss://host/media-stream/<id>.
    QString streamUrlFor(QByteArrayView sessionId) const;
    // Public URL of a local path, e.g. https://host/incoming-call.
    QString publicUrlFor(QStringView path) const;
};

} // namespace callgate
