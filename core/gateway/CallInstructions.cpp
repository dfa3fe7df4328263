#include "gateway/CallInstructions.h"

#include "content/PromptLibrary.h"
#include "gateway/SessionRegistry.h"

namespace callgate {
namespace {

// The Realtime API publishes no per-item limit; long prompts go in pieces this size: the first as
// the session's instructions, the rest as system messages before the greeting.
constexpr int kInstructionChars = 16000;
constexpr int kMessageChars = 4000;

QString lastDigits(const QString &number, int n) { return number.size() > n ? number.right(n) : number; }

} // namespace

CallInstructions callInstructions(const QString &systemPrompt, const SessionInfo &session)
{
    QString text = systemPrompt;
    const CallerVerification &v = session.verification;
    const CustomerInfo &c = session.customer;
    QStringList facts;
    if (!v.number.isEmpty())
        facts << QStringLiteral("The caller's mobile number (ending in %1) was verified by %2.")
                     .arg(lastDigits(v.number, 4),
                          v.source == QLatin1String("caller-id") ? QStringLiteral("caller ID") : QStringLiteral("keypad entry"));
    if (c.found) {
        if (!c.name.isEmpty())
            facts << QStringLiteral("The caller is %1, a known customer.").arg(c.name);
        QStringList fields;
        for (const auto &[key, value] : c.fields)
            fields << key + QStringLiteral(": ") + value;
        if (!fields.isEmpty())
            facts << QStringLiteral("Their account: %1.").arg(fields.join(QStringLiteral("; ")));
    }
    if (!facts.isEmpty())
        text += QStringLiteral("\n\nAbout this call: ") + facts.join(QLatin1Char(' '));
    const QStringList pieces = chunkText(text, kInstructionChars);
    CallInstructions out;
    out.session = pieces.value(0);
    for (const QString &piece : pieces.mid(1))
        out.beforeGreeting += chunkText(piece, kMessageChars);
    return out;
}

QString greetingInstruction(const QString &greeting, const SessionInfo &session)
{
    QString greet = QStringLiteral("Begin the call by saying this greeting to the caller: \"%1\"").arg(greeting);
    if (session.customer.found && !session.customer.name.isEmpty())
        greet += QStringLiteral(" The caller is %1; greet them by name.").arg(session.customer.name);
    return greet;
}

QString resumeInstruction()
{
    return QStringLiteral(
        "The connection to you dropped for a moment. If you were in the middle of a reply, the caller heard it up to where it "
        "stops in the conversation: say in a few words that you were cut off and finish it, without repeating what they "
        "heard. If the caller's last words are not in the conversation, apologise briefly and ask them to say it again.");
}

} // namespace callgate
