#pragma once
// A real gateway on 127.0.0.1 (port picked by the kernel) with test settings, plus helpers to
// sign requests the way Twilio does.

#include "call/CallEvents.h"
#include "config/Config.h"
#include "gateway/Gateway.h"
#include "sim/TwilioCaller.h"
#include "twilio/FormBody.h"

#include <QMutex>

#include <functional>
#include <memory>

namespace callgate::sim {
class RealtimeSimServer;
class TwilioRestSim;
} // namespace callgate::sim

namespace testing {

inline const QString kPublicUrl = QStringLiteral("https://gw.example.test");
inline const QByteArray kAuthToken = "test-auth-token-0123456789";

// Settings for tests; adjust fields before passing to startGateway. Twilio's REST API (Lookup,
// Calls, Messages) is the process-wide simulator below; every number is a mobile unless a test
// says otherwise.
callgate::Config testConfig();

inline const QString kTestAccountSid = QStringLiteral("AC0123456789abcdef0123456789abcdef");
// Twilio's REST API, simulated on a thread of its own (so blocking test sockets do not stall it).
// Its methods are thread-safe.
callgate::sim::TwilioRestSim &twilioRest();

std::unique_ptr<callgate::Gateway> startGateway(const callgate::Config &config);

// The simulated OpenAI Realtime service (default options) for the whole test process, on a thread
// of its own (so a call stays up while a test blocks on sockets): its WebSocket address.
QUrl realtimeSimUrl();

// The config aimed at the simulated OpenAI `ai`, on GPT-Live (`live`) or the Realtime API.
callgate::Config aimedAt(callgate::Config config, const callgate::sim::RealtimeSimServer &ai, bool live);

// A Twilio-signed POST of a form to `path`.
QByteArray signedFormPost(const QByteArray &path, const callgate::FormFields &form, const QByteArray &token = kAuthToken,
                          const QString &publicUrl = kPublicUrl);

// A Twilio-signed WebSocket upgrade request for `path` (raw bytes, for handshake tests).
QByteArray signedUpgrade(const QByteArray &path, const QByteArray &token = kAuthToken, const QString &publicUrl = kPublicUrl);

// The action URL (path and query, as the gateway wrote it) of the first <Gather> or <Redirect> in
// a TwiML document; empty if there is none.
QByteArray gatherActionPath(const QByteArray &twiml);

// A caller's way from the webhook to the stream: POST /incoming-call, then press 1 at the consent
// prompt (a mobile caller goes straight there). Returns the final TwiML (a <Connect><Stream>).
QByteArray incomingCallThroughConsent(quint16 port, const callgate::FormFields &form);

// Every call event a gateway publishes, kept for the test to read (any thread).
class EventLog : public callgate::CallObserver {
public:
    void onCallEvent(const callgate::CallEvent &e) override
    {
        QMutexLocker lock(&m_mutex);
        m_events.append(e);
    }
    QList<callgate::CallEvent> events()
    {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }
    // The events of one call (by CallSid) of one kind.
    QList<callgate::CallEvent> of(const QString &callSid, callgate::CallEvent::Kind kind)
    {
        QList<callgate::CallEvent> out;
        for (const auto &e : events()) {
            if (e.callSid == callSid && e.kind == kind)
                out.append(e);
        }
        return out;
    }

private:
    QMutex m_mutex;
    QList<callgate::CallEvent> m_events;
};

// A call recording as the gateway writes one (CallRecorder: Ogg Opus, 8 kHz stereo), of `frames`
// samples, the left and right channels from the functions given (sample index → value).
callgate::Status writeRecording(const QString &path, int frames, const std::function<qint16(int)> &left,
                                const std::function<qint16(int)> &right);

// A simulated caller aimed at a test gateway.
callgate::sim::CallerOptions callerFor(const callgate::Gateway &gateway);

// A typical incoming-call form.
callgate::FormFields incomingCallForm(const QString &callSid = QStringLiteral("CA0123456789abcdef0123456789abcdef"),
                                      const QString &from = QStringLiteral("+14155550123"));

} // namespace testing
