#pragma once
// What the AI is told about one call: the system prompt with what is known of the caller (the
// verified number's last digits and how it was verified, the customer record), cut to what the
// Realtime API takes — the session's instructions, then system messages before the greeting — and
// the instructions for the greeting and for picking up after a dropped session.

#include <QString>
#include <QStringList>

namespace callgate {

struct SessionInfo;

struct CallInstructions {
    QString session;            // the session's instructions
    QStringList beforeGreeting; // the rest of a long prompt, as system messages
};

CallInstructions callInstructions(const QString &systemPrompt, const SessionInfo &session);
QString greetingInstruction(const QString &greeting, const SessionInfo &session);
// After the AI's session was replaced in the middle of a reply, or before it answered the caller.
QString resumeInstruction();

} // namespace callgate
