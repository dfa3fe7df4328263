#include "gateway/ConversationLog.h"

namespace callgate {
namespace {

QString capped(const QString &text)
{
    return text.size() <= ConversationLog::kMaxEntryChars ? text : text.left(ConversationLog::kMaxEntryChars) + QStringLiteral(" …");
}

} // namespace

void ConversationLog::addOpening(const QString &text)
{
    Entry e;
    e.text = text;
    m_entries.insert(m_entries.begin() + m_opening, std::move(e));
    ++m_opening;
}

void ConversationLog::addSystem(const QString &text)
{
    Entry e;
    e.text = capped(text);
    push(std::move(e));
}

void ConversationLog::addAgentSpeech(QByteArrayView ulaw, double seconds)
{
    Entry e;
    e.role = Role::Agent;
    e.audio = ulaw.toByteArray();
    e.seconds = seconds;
    push(std::move(e));
    // Only the newest agent audio could be replayed: older turns keep their length, not their sound.
    qsizetype audio = 0;
    for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it) {
        if (it->role != Role::Agent || it->audio.isEmpty())
            continue;
        audio += it->audio.size();
        if (audio > kMaxReplayAgentAudioBytes)
            it->audio = QByteArray();
    }
}

ConversationLog::Entry *ConversationLog::find(Role role, QByteArrayView itemId)
{
    for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it) {
        if (it->role == role && it->itemId == itemId)
            return &*it;
    }
    return nullptr;
}

void ConversationLog::callerTurn(QByteArrayView itemId)
{
    if (itemId.isEmpty() || find(Role::Caller, itemId))
        return;
    Entry e;
    e.role = Role::Caller;
    e.itemId = itemId.toByteArray();
    push(std::move(e));
}

void ConversationLog::callerWords(QByteArrayView itemId, const QString &text)
{
    if (Entry *e = find(Role::Caller, itemId)) {
        e->text = capped(text);
        return;
    }
    // A transcript of a turn committed on a session before this log knew of it: it goes last.
    callerTurn(itemId);
    m_entries.back().text = capped(text);
}

void ConversationLog::assistantDelta(QByteArrayView itemId, QStringView delta)
{
    Entry *e = find(Role::Assistant, itemId);
    if (!e) {
        Entry fresh;
        fresh.role = Role::Assistant;
        fresh.itemId = itemId.toByteArray();
        push(std::move(fresh));
        e = &m_entries.back();
    }
    if (e->text.size() < kMaxEntryChars)
        e->text += delta;
}

void ConversationLog::assistantDone(QByteArrayView itemId, const QString &text)
{
    Entry *e = find(Role::Assistant, itemId);
    if (!e) {
        assistantDelta(itemId, {});
        e = &m_entries.back();
    }
    if (!e->cut)
        e->text = capped(text);
}

void ConversationLog::assistantCut(QByteArrayView itemId, double heardFraction)
{
    Entry *e = find(Role::Assistant, itemId);
    if (!e || e->cut)
        return;
    e->cut = true;
    // Words are spread evenly enough over the audio for this: keep the words the caller heard.
    const qsizetype keep = qsizetype(double(e->text.size()) * qBound(0.0, heardFraction, 1.0));
    qsizetype end = keep;
    while (end > 0 && end < e->text.size() && !e->text.at(end).isSpace())
        --end;
    e->text = e->text.left(end).trimmed();
}

const ConversationLog::Entry *ConversationLog::lastAssistant() const
{
    for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it) {
        if (it->role == Role::Assistant)
            return &*it;
    }
    return nullptr;
}

QList<ConversationLog::Entry> ConversationLog::addedSince(quint64 mark) const
{
    QList<Entry> out;
    const size_t count = size_t(qMin<quint64>(m_added - qMin(mark, m_added), m_entries.size() - size_t(m_opening)));
    for (size_t i = m_entries.size() - count; i < m_entries.size(); ++i)
        out.append(m_entries[i]);
    return out;
}

void ConversationLog::push(Entry e)
{
    ++m_added;
    m_entries.push_back(std::move(e));
    // A very long call keeps its newest turns (a replay could not carry more anyway).
    if (m_entries.size() > kMaxEntries)
        m_entries.erase(m_entries.begin() + m_opening);
}

QList<openai::HistoryItem> ConversationLog::replay(const QString &preface, const openai::HistoryBudget &budget) const
{
    using H = openai::HistoryItem;
    const auto system = [](const QString &text) { return H{H::Role::System, text, {}, 0, false}; };
    // The newest turns that fit, walking back; the opening always goes.
    qsizetype chars = 0, audio = 0, items = m_opening + 2;
    for (int i = 0; i < m_opening; ++i)
        chars += m_entries[size_t(i)].text.size();
    qsizetype first = qsizetype(m_entries.size());
    for (qsizetype i = qsizetype(m_entries.size()) - 1; i >= m_opening; --i) {
        const Entry &e = m_entries[size_t(i)];
        chars += e.text.size() + 40;
        audio += e.audio.size();
        ++items;
        if (chars > budget.chars || audio > budget.agentAudioBytes || items > budget.items)
            break;
        first = i;
    }
    QList<H> out;
    for (int i = 0; i < m_opening; ++i)
        out << system(m_entries[size_t(i)].text);
    if (first > m_opening)
        out << system(QStringLiteral("(%1 earlier turns of this call are left out here.)").arg(first - m_opening));
    if (!preface.isEmpty())
        out << system(preface);
    for (size_t i = size_t(first); i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
        switch (e.role) {
        case Role::System: out << system(e.text); break;
        case Role::Caller:
            if (!e.text.trimmed().isEmpty())
                out << H{H::Role::User, e.text, {}, 0, false};
            break;
        case Role::Assistant:
            if (e.cut || !e.text.trimmed().isEmpty())
                out << H{H::Role::Assistant, e.text, {}, 0, e.cut};
            break;
        case Role::Agent: out << H{H::Role::Agent, {}, e.audio, e.seconds, false}; break;
        }
    }
    return out;
}

} // namespace callgate
