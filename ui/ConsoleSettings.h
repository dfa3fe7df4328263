#pragma once
// The console's own preferences, kept per user in QSettings (never a key or token: those live in
// the .env file). The one place that knows their QSettings names; read and written whole.
// GUI thread.

#include <QString>

namespace callgate {

struct ConsoleSettings {
    bool revealNumbers = false;   // show callers' numbers in full
    QString language;             // "de", "es", "en"; empty: the system's
    QString outputDevice;         // headset output by name; empty: the system default
    QString inputDevice;          // headset microphone by name; empty: the system default
    bool splitListening = false;  // caller left, AI or agent right
    bool pushToTalk = false;      // during a takeover, the caller hears the supervisor only while Space is held
    QString supervisorName;       // who sits at this console, kept with the calls they handle; empty: the login name
    int serviceLevelSeconds = 20; // the queue panel's service level: callers answered by a person within this
    // What the console starts with when the command line does not say: "gateway" (one in this
    // process, with the .env's keys), "demo", or "attach" (only the gateways in Settings). Empty:
    // a gateway if the keys are there, else the first-run question.
    QString startWith;

    // The name the console acts under: supervisorName, or else the login name.
    QString supervisor() const;

    static ConsoleSettings load();
    void save() const;
    // Forgets every console preference (tests start from the defaults).
    static void reset();
};

} // namespace callgate
