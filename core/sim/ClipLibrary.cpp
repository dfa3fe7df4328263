#include "sim/ClipLibrary.h"

#include <QFile>

// Q_INIT_RESOURCE must be used outside any namespace; static libraries need it called explicitly.
void callgateInitSimResources();
void callgateInitSimResources() { Q_INIT_RESOURCE(sim); }

namespace callgate::sim {
namespace {

struct ClipText {
    const char *name;
    const char *text;
};

// The words each clip says (scripts/make-demo-audio.sh speaks the same texts).
constexpr ClipText kTexts[] = {
    {"caller_order", "Hi, I would like to check the status of my order."},
    {"caller_number", "Yes, the order number is four five six seven."},
    {"caller_more", "Sorry, wait, can I ask one more thing?"},
    {"caller_bye", "Thanks, that is all. Goodbye."},
    {"caller_agent", "Can I talk to a real person, please?"},
    {"assistant_greeting", "Hello, thanks for calling. How can I help you today?"},
    {"assistant_order", "Sure, I can help with that. What is your order number?"},
    {"assistant_status",
     "Thank you. Your order shipped yesterday and should arrive tomorrow before noon. Is there anything else I can do for you?"},
    {"assistant_more", "Of course, go ahead."},
    {"assistant_bye", "You are welcome. Goodbye!"},
    {"assistant_agent", "I am connecting you to a member of our team. Please stay on the line."},
};

} // namespace

const ClipLibrary &ClipLibrary::instance()
{
    static const ClipLibrary lib;
    return lib;
}

ClipLibrary::ClipLibrary()
{
    callgateInitSimResources();
    for (const ClipText &t : kTexts) {
        QFile f(QStringLiteral(":/callgate/audio/%1.ulaw").arg(QLatin1String(t.name)));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("demo clip %s missing from the resources", t.name);
        m_clips.append(Clip{QLatin1String(t.name), QLatin1String(t.text), f.readAll()});
    }
    // Every clip can be recognised (the caller's, and an agent's voice in a takeover); the caller's
    // go in last so that a frame two clips share counts for the caller.
    for (const bool callers : {false, true}) {
        for (int i = 0; i < m_clips.size(); ++i) {
            if (m_clips[i].name.startsWith(QLatin1String("caller_")) != callers)
                continue;
            const QByteArray &a = m_clips[i].ulaw;
            for (qsizetype off = 0; off + 160 <= a.size(); off += 160)
                m_frameIndex.insert(a.mid(off, 160), i);
        }
    }
}

const Clip *ClipLibrary::find(const QString &name) const
{
    for (const Clip &c : m_clips) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

QList<const Clip *> ClipLibrary::callerClips() const
{
    QList<const Clip *> out;
    for (const Clip &c : m_clips) {
        if (c.name.startsWith(QLatin1String("caller_")))
            out.append(&c);
    }
    return out;
}

const Clip *ClipLibrary::clipForFrame(QByteArrayView frame) const
{
    const auto it = m_frameIndex.constFind(frame.toByteArray());
    return it == m_frameIndex.cend() ? nullptr : &m_clips[*it];
}

} // namespace callgate::sim
