#include "config/SettingsSpec.h"

namespace callgate {

const QList<SettingSpec> &settingSpecs()
{
    using T = SettingType;
    static const QList<SettingSpec> specs = {
        {"PORT", T::Int, "5050", "TCP port for the webhooks, the media-stream WebSocket, /health and /metrics.", "1..65535"},
        {"BIND_ADDRESS", T::String, "0.0.0.0", "Local address to listen on (127.0.0.1 keeps the gateway private to this machine)."},
        {"PUBLIC_URL", T::Url, "",
         "The http(s) address Twilio reaches this gateway at, e.g. https://abcd.ngrok.app; signatures and stream URLs are built from it. "
         "Required unless --demo."},
        {"OPENAI_API_KEY", T::Secret, "", "OpenAI API key (the Realtime API and GPT-Live). Required unless --demo. Never printed."},
        {"OPENAI_API", T::Choice, "realtime",
         "Which OpenAI voice API carries the calls: realtime (the Realtime API, OPENAI_MODEL) or live (GPT-Live, OPENAI_LIVE_MODEL). Every "
         "feature works on both; on live the model decides itself when to speak and yields when the caller talks over it.",
         "realtime|live"},
        {"OPENAI_REALTIME_URL", T::Url, "wss://api.openai.com/v1/realtime",
         "Realtime WebSocket endpoint; the model is added as ?model=. The models endpoint next to it (https://host/v1/models/{model}) is "
         "asked at start-up and twice a day whether each model is still offered."},
        {"OPENAI_MODEL", T::String, "gpt-realtime-2.1",
         "Realtime model id. Current: gpt-realtime-2.1, or gpt-realtime-2.1-mini for cost; gpt-realtime and gpt-realtime-mini shut down on "
         "2027-01-20. A model OpenAI no longer offers stops the start; one with a shutdown date is warned about in the log, /health and "
         "the console."},
        {"OPENAI_LIVE_URL", T::Url, "wss://api.openai.com/v1/live/sessions", "GPT-Live WebSocket endpoint (OPENAI_API=live)."},
        {"OPENAI_LIVE_MODEL", T::String, "gpt-live-1.1",
         "GPT-Live model id (OPENAI_API=live): gpt-live-1.1 (current) or gpt-live-1. Checked at start-up like OPENAI_MODEL."},
        {"OPENAI_LIVE_BACKEND_MODEL", T::String, "gpt-5.6-terra",
         "The Responses model GPT-Live hands the gateway's tools (escalate, end call) to (OPENAI_API=live), e.g. gpt-5.6-terra, or "
         "gpt-5.6-luna for cost; it thinks with OPENAI_REASONING_EFFORT."},
        {"OPENAI_REASONING_EFFORT", T::Choice, "low",
         "How long the model thinks before it answers (gpt-realtime-2 and later): minimal, low, medium, high or xhigh; more is slower to "
         "answer.",
         "minimal|low|medium|high|xhigh"},
        {"OPENAI_TRANSCRIPTION_MODEL", T::String, "gpt-transcribe",
         "Model that writes down each turn of the caller for the transcript (gpt-transcribe; gpt-4o-mini-transcribe and whisper-1 shut "
         "down on 2027-02-26)."},
        {"OPENAI_VOICE", T::String, "marin",
         "Voice of the assistant (alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar)."},
        {"OPENAI_PING_MS", T::Int, "2000",
         "How often each call pings its OpenAI session; a session that has answered nothing for two and a half intervals is taken for "
         "gone and replaced.",
         "200..60000"},
        {"OPENAI_RECONNECT_ATTEMPTS", T::Int, "5",
         "How often a call tries to open a new OpenAI session after losing one (backing off from at once to 4 s) before the caller is "
         "told and handed to LIVE_AGENT_NUMBER, or the call ended politely. 401, 403 and an exhausted quota end the attempts at once.",
         "0..20"},
        {"OPENAI_ROLLOVER_SECONDS", T::Int, "120",
         "How long before an OpenAI session's time limit (60 minutes) a call opens its next session, primes it with the conversation and "
         "moves to it at the next pause.",
         "5..1800"},
        {"AI_AUDIO_FRAMES_PER_APPEND", T::Int, "1",
         "Caller audio frames (20 ms each) sent to the AI in one input_audio_buffer.append. 2 halves the messages to OpenAI and the "
         "gateway's system calls for them, and holds every other frame back 20 ms.",
         "1..5"},
        {"EXTRA_CA_CERTS", T::String, "",
         "A PEM file of CA certificates to trust beside the system's for OpenAI and Twilio over TLS (behind a corporate TLS proxy, or "
         "a test CA)."},
        {"TWILIO_ACCOUNT_SID", T::String, "", "Twilio account SID (AC followed by 32 hex digits), for the REST API."},
        {"TWILIO_AUTH_TOKEN", T::Secret, "",
         "Twilio auth token: checks X-Twilio-Signature and authenticates REST calls. Required unless --demo or validation is off. Never "
         "printed."},
        {"TWILIO_API_BASE_URL", T::Url, "https://api.twilio.com", "Base URL of Twilio's REST API (Calls, Messages, IncomingPhoneNumbers)."},
        {"TWILIO_LOOKUP_BASE_URL", T::Url, "https://lookups.twilio.com", "Base URL of Twilio Lookup v2."},
        {"TWILIO_SIGNATURE_VALIDATION", T::Bool, "true",
         "Check X-Twilio-Signature on every webhook and stream handshake. Turn off only for local development; start-up and /health then "
         "say so."},
        {"TWILIO_REST_TIMEOUT_MS", T::Int, "5000",
         "Time allowed for one Twilio REST request (Calls, Messages, numbers); 429 and 5xx answers are retried twice with backoff.",
         "100..60000"},
        {"LOOKUP_TIMEOUT_MS", T::Int, "3000",
         "How long a webhook waits for Twilio Lookup before it treats the caller's number as unknown and asks for a mobile number.",
         "100..14000"},
        {"LOOKUP_CACHE_SECONDS", T::Int, "86400", "How long a Lookup answer (line type of a number) is reused; 0 asks Lookup every time.",
         "0..2592000"},
        {"CALLER_LANGUAGE", T::Choice, "en",
         "Language of everything the caller hears from the gateway (prompts, built-in messages): en or es.", "en|es"},
        {"CALLER_VOICE", T::String, "",
         "Twilio <Say> voice for the gateway's prompts, e.g. Polly.Joanna-Neural; empty = a voice for CALLER_LANGUAGE."},
        {"PROMPT_SYSTEM", T::String, "",
         "The AI's system prompt: a Google Doc URL or gdoc:<ID>, a file path, or empty for the built-in text."},
        {"PROMPT_CONSENT", T::String, "",
         "The consent message read before the AI answers: a Google Doc URL or gdoc:<ID>, a file path, or empty for the built-in text."},
        {"PROMPT_LIVE_AGENT", T::String, "",
         "What the caller hears when the call goes to a live agent: a Google Doc URL or gdoc:<ID>, a file path, or empty for the built-in "
         "text."},
        {"PROMPT_GREETING", T::String, "",
         "The AI's first words: a Google Doc URL or gdoc:<ID>, a file path, or empty for the built-in text."},
        {"GOOGLE_DOCS_BASE_URL", T::Url, "https://docs.google.com",
         "Where Google Docs are exported from (<base>/document/d/<ID>/export?format=txt)."},
        {"PROMPT_REFRESH_SECONDS", T::Int, "300", "How often prompts from Google Docs and files are fetched again.", "10..86400"},
        {"PROMPT_CACHE_DIR", T::String, "",
         "Where the last good copy of each Google Doc prompt is kept (default: prompts/ in the user's data directory)."},
        {"CUSTOMER_API_URL", T::Url, "",
         "Your customer API: the verified number is POSTed as JSON {phoneNumber, callSid}; what it returns personalises the AI and is "
         "shown to the supervisor. Empty: not used."},
        {"CUSTOMER_API_TOKEN", T::Secret, "", "Bearer token for CUSTOMER_API_URL. Never printed."},
        {"CUSTOMER_API_TIMEOUT_MS", T::Int, "2000", "How long the customer API may take before the call goes on without it.", "100..10000"},
        {"AGENT_WAIT_SECONDS", T::Int, "60",
         "After a call asks for a live agent: how long a supervisor has to take it before it is transferred to LIVE_AGENT_NUMBER (or "
         "politely ended). Headless, with no console to take it, that happens at once.",
         "0..3600"},
        {"HOLD_AUDIO", T::String, "",
         "What a caller waiting for a supervisor hears, looped, once the AI has said it connects them: a WAV file of 8 kHz mono audio "
         "(16-bit PCM or mu-law), or empty for the built-in chime."},
        {"RECONNECT_CUE", T::String, "",
         "What a caller hears while the call's OpenAI session is being replaced, once that takes longer than RECONNECT_CUE_AFTER_MS: a "
         "WAV file of 8 kHz mono audio (16-bit PCM or mu-law), looped, or empty for the built-in cue (a soft tone every two seconds)."},
        {"RECONNECT_CUE_AFTER_MS", T::Int, "700", "How long the AI may be gone before the caller hears RECONNECT_CUE.", "0..10000"},
        {"LIVE_AGENT_NUMBER", T::String, "",
         "E.164 number a call waiting for an agent is transferred to; empty: the caller hears that no agent is available."},
        {"TRANSFER_NUMBERS", T::String, "",
         "Numbers the console offers by name when a supervisor transfers a call, e.g. Sales=+14155550100;Billing=+14155550111 "
         "(LIVE_AGENT_NUMBER is offered too)."},
        {"SMS_SUMMARY", T::Bool, "false", "After a call, text a short summary to the caller's verified mobile number."},
        {"SMS_FROM", T::String, "",
         "The Twilio number (E.164) SMS come from; empty: the number the caller dialled (summaries). The app's sign-in codes need it."},
        {"USER_APP", T::Bool, "false",
         "The caller's companion: the page /app and its WebSocket /user, where a caller signs in with a code sent by SMS, gives or "
         "withdraws consent and follows their call. Off by default: it sends SMS to numbers people type in."},
        {"APP_CONSENT_VALID_DAYS", T::Int, "30",
         "How long consent given in the app counts for calls from that number (they skip the keypad question).", "1..3650"},
        {"RECORD_CALLS", T::Bool, "false",
         "Record each call that was consented to as an Ogg Opus file: caller on the left, AI or agent on the right."},
        {"RECORDINGS_DIR", T::String, "",
         "Where recordings go (default: recordings/ in the user's data directory); retention deletes them with their calls."},
        {"NGROK_API_URL", T::Url, "http://127.0.0.1:4040",
         "Local API of a running ngrok agent; the console asks it for the public https address that forwards to PORT."},
        {"FLOW_STATE_SECRET", T::Secret, "",
         "Key that signs the caller-flow state carried between webhooks; empty: derived from TWILIO_AUTH_TOKEN. Set the same value on "
         "every instance. Never printed."},
        {"OPERATOR_ACCOUNTS_FILE", T::String, "",
         "Who may attach a console to this gateway over /operator (default: operators in the user's data directory): one account a "
         "line, its token stored only as a hash. Add one with `callgate add-operator NAME [--viewer]`."},
        {"WORKER_THREADS", T::Int, "0", "Threads that serve HTTP and calls, each with its own listener on PORT (0 = one per core).",
         "0..64"},
        {"MAX_CONCURRENT_CALLS", T::Int, "500", "Calls answered at once (pending and live); further callers hear that the line is busy.",
         "1..1000000"},
        {"SESSION_PENDING_TTL_SECONDS", T::Int, "60", "How long a session created by the webhook waits for its media stream.", "5..3600"},
        {"MAX_BODY_BYTES", T::Int, "65536", "Largest request body accepted; larger gets 413.", "1024..16777216"},
        {"MAX_HEADER_BYTES", T::Int, "16384", "Largest request line plus headers accepted; larger gets 431.", "1024..1048576"},
        {"HTTP_REQUEST_TIMEOUT_MS", T::Int, "10000",
         "A request must arrive whole within this time of its first byte, or gets 408 and is closed.", "100..600000"},
        {"HTTP_IDLE_TIMEOUT_MS", T::Int, "60000", "A kept-alive connection with no request for this long is closed.", "100..3600000"},
        {"DRAIN_TIMEOUT_SECONDS", T::Int, "30", "On SIGTERM/SIGINT: how long live calls may go on before they are ended.", "0..3600"},
        {"DATABASE_URL", T::String, "",
         "Where call records go: a SQLite file path (default: callgate.sqlite in the user's data directory) or "
         "postgres://user:password@host:5432/database[?schema=name]. With PostgreSQL, gateways that share it are one cluster: one "
         "history, and a flow token or call session is good once across all of them, whichever instance a request reaches."},
        {"INSTANCE_NAME", T::String, "",
         "How this gateway names itself in a cluster: in the X-Callgate-Instance header of its answers and in the sessions it "
         "shares; default: host name:PORT."},
        {"RETENTION_DAYS", T::Int, "0",
         "Call records (with their transcripts) older than this many days are deleted, at start-up and every six hours; 0 keeps "
         "everything.",
         "0..36500"},
        {"LOG_FORMAT", T::Choice, "text", "Log lines as plain text or JSON lines.", "text|json"},
    };
    return specs;
}

const SettingSpec *findSetting(QLatin1StringView key)
{
    for (const SettingSpec &s : settingSpecs()) {
        if (key == QLatin1StringView(s.key))
            return &s;
    }
    return nullptr;
}

QString optionNameFor(const char *key) { return QLatin1String(key).toString().toLower().replace(QLatin1Char('_'), QLatin1Char('-')); }

QString settingsMarkdownTable()
{
    QString out = QStringLiteral("| Setting | Option | Default | Meaning |\n|---|---|---|---|\n");
    for (const SettingSpec &s : settingSpecs()) {
        const QString def = QLatin1String(s.defaultValue).isEmpty() ? QStringLiteral("—")
                                                                    : QLatin1Char('`') + QLatin1String(s.defaultValue) + QLatin1Char('`');
        out += QStringLiteral("| `%1` | `--%2` | %3 | %4 |\n").arg(QLatin1String(s.key), optionNameFor(s.key), def, QLatin1String(s.help));
    }
    return out;
}

} // namespace callgate
