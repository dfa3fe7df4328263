#include "DemoLog.h"

#include "sim/Logging.h"

namespace callgate {

void DemoLog::onCallEvent(const CallEvent &e)
{
    const QString call = e.callSid.left(10) + QStringLiteral("…");
    switch (e.kind) {
    case CallEvent::Kind::TranscriptFinal:
        qCInfo(lcSim).noquote() << call << (e.speaker == Speaker::Caller ? "caller:   " : "assistant:") << e.text;
        break;
    case CallEvent::Kind::BargeIn:
        qCInfo(lcSim).noquote() << call << "caller interrupted the assistant after" << qint64(e.valueMs) << "ms";
        break;
    case CallEvent::Kind::TurnLatency:
        qCInfo(lcSim).noquote() << call << "answered in" << QString::number(e.valueMs, 'f', 1) << "ms";
        break;
    default: break;
    }
}

} // namespace callgate
