#pragma once
// A PulseAudio server of the test's own (scripts/test-pulse.sh --private), with the two null sinks
// the sound tests address by name: its socket and runtime files in a temporary folder, so two
// sound tests running at once never hear each other, and the user's own sound server is never
// used, changed or stopped. The environment (PULSE_SERVER, PULSE_SINK, PULSE_SOURCE) points this
// process and what it starts (parec, pacat, PortAudio's ALSA plugin) at it. Stopped on destruction.

#include <QString>
#include <QTemporaryDir>

namespace testing {

class PrivatePulse {
public:
    PrivatePulse();
    ~PrivatePulse();
    PrivatePulse(const PrivatePulse &) = delete;
    PrivatePulse &operator=(const PrivatePulse &) = delete;

    // Empty when the server runs; else what went wrong.
    QString error() const { return m_error; }
    // Stops the server (a sound system that dies under the console) and starts it again.
    void stop();
    bool start();

private:
    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace testing
