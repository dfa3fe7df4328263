#pragma once
// What a live call takes from its gateway, by name: the settings, the counters, the session it
// releases at the end, the prompts, the texts the caller hears, who hears its events, where it
// reports OpenAI's health, the recorder (RECORD_CALLS), how many consoles watch the calls (a supervisor
// can take a call only if one does), and the clips the caller hears from the gateway. All thread-safe or read-only; a call
// uses them from its worker thread.

#include <QByteArray>

#include <atomic>

namespace callgate {

class CallObservers;
class CallRecorder;
class Metrics;
class PromptLibrary;
class ServiceHealth;
class SessionRegistry;
struct CallerPrompts;
struct Config;

struct CallServices {
    const Config &config;
    Metrics &metrics;
    SessionRegistry &sessions;
    const PromptLibrary &prompts;
    const CallerPrompts &callerText;
    const CallObservers &events;
    ServiceHealth &health;
    CallRecorder *recorder; // null unless RECORD_CALLS
    const std::atomic<int> &consoles;
    const QByteArray &holdClip;     // what a waiting caller hears, μ-law
    const QByteArray &reconnectCue; // what a caller hears while the AI's session is replaced
};

} // namespace callgate
