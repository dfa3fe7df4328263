#include "PrivatePulse.h"

#include <QProcess>

namespace testing {
namespace {

const QString kScript = QStringLiteral(CALLGATE_SOURCE_DIR "/scripts/test-pulse.sh");

} // namespace

PrivatePulse::PrivatePulse()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder for the sound server");
        return;
    }
    // (QTemporaryDir's path in /tmp is short: a unix socket path must fit in 108 bytes.)
    qputenv("PULSE_SINK", "callgate_speaker");
    qputenv("PULSE_SOURCE", "callgate_mic.monitor");
    start();
}

PrivatePulse::~PrivatePulse() { stop(); }

bool PrivatePulse::start()
{
    QProcess p;
    p.start(kScript, {QStringLiteral("--private"), m_dir.path()});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        m_error = QStringLiteral("no PulseAudio server with the test sinks (scripts/test-pulse.sh --private: %1)")
                      .arg(QString::fromLocal8Bit(p.readAllStandardError()).trimmed());
        return false;
    }
    m_error.clear();
    qputenv("PULSE_SERVER", p.readAllStandardOutput().trimmed());
    return true;
}

void PrivatePulse::stop()
{
    if (!m_dir.isValid())
        return;
    QProcess::execute(kScript, {QStringLiteral("--stop"), m_dir.path()});
}

} // namespace testing
