#include "gateway/LocalConsole.h"

#include "gateway/Gateway.h"
#include "operator/OperatorLink.h"

#include <QPointer>

namespace callgate {

void connectLocalConsole(OperatorLink &link, Gateway &gateway)
{
    // The answer runs on a worker thread: post it to the link's.
    const auto answerTo = [guarded = QPointer<OperatorLink>(&link)](const QByteArray &sessionId) {
        return [guarded, sessionId](const QString &refusal) {
            if (refusal.isEmpty())
                return;
            QMetaObject::invokeMethod(
                guarded,
                [guarded, sessionId, refusal] {
                    if (guarded)
                        guarded->answered(sessionId, refusal);
                },
                Qt::QueuedConnection);
        };
    };
    Gateway *g = &gateway;
    QObject::connect(&link, &OperatorLink::takeCallRequested, g,
                     [g, answerTo](const QByteArray &s, const QString &by) { g->takeCall(s, by, answerTo(s)); });
    QObject::connect(&link, &OperatorLink::handBackRequested, g,
                     [g, answerTo](const QByteArray &s, const QString &by) { g->handBack(s, by, answerTo(s)); });
    QObject::connect(&link, &OperatorLink::whisperRequested, g,
                     [g, answerTo](const QByteArray &s, const QString &text, const QString &by) { g->whisper(s, text, by, answerTo(s)); });
    QObject::connect(&link, &OperatorLink::hangUpRequested, g,
                     [g, answerTo](const QByteArray &s, const QString &by) { g->hangUpCall(s, by, answerTo(s)); });
    QObject::connect(&link, &OperatorLink::transferRequested, g,
                     [g, answerTo](const QByteArray &s, const QString &to, const QString &by) { g->transferCall(s, to, by, answerTo(s)); });
    QObject::connect(&link, &OperatorLink::audioRequested, g, &Gateway::attachAudio);
}

} // namespace callgate
