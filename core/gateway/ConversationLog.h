#pragma once
// A call's conversation as the gateway can give it to a new OpenAI session: the system prompt's
// pieces, the caller's and the assistant's turns as text (in the order the service committed
// them, whenever their transcripts arrive), supervisors' whispers and notes, and a live agent's
// turns as audio. The service keeps no conversation across sessions, so a replacement session is
// primed from this (protocols/openai-realtime.md §6). Plain data, on the call's worker thread.

#include "openai/AiSession.h"

#include <deque>

namespace callgate {

class ConversationLog {
public:
    // What is kept: an entry's text up to kMaxEntryChars, agent audio up to what any replay could
    // carry. What a replay carries is the session's HistoryBudget: the newest turns that fit (the
    // call's opening instructions always go), older ones named in a note.
    static constexpr qsizetype kMaxEntryChars = 12000;
    static constexpr qsizetype kMaxReplayAgentAudioBytes = 8000 * 120; // two minutes of μ-law
    static constexpr size_t kMaxEntries = 2000;                        // kept at all

    enum class Role { System, Caller, Assistant, Agent };
    struct Entry {
        Role role = Role::System;
        QByteArray itemId; // the service's item, for the caller's and the assistant's turns
        QString text;
        QByteArray audio; // an agent's turn, μ-law
        double seconds = 0;
        bool cut = false; // the assistant was interrupted: the caller heard only the start
    };

    // The call's instructions beyond the session's own (they open every replay).
    void addOpening(const QString &text);
    void addSystem(const QString &text);
    void addAgentSpeech(QByteArrayView ulaw, double seconds);
    // The caller's turn was committed; its words come with the transcript (maybe much later).
    void callerTurn(QByteArrayView itemId);
    void callerWords(QByteArrayView itemId, const QString &text);
    // The assistant's reply as its transcript streams (delta) and ends (done: the whole text).
    void assistantDelta(QByteArrayView itemId, QStringView delta);
    void assistantDone(QByteArrayView itemId, const QString &text);
    // The caller interrupted it: it was heard up to `heardFraction` of what was generated.
    void assistantCut(QByteArrayView itemId, double heardFraction);

    const std::deque<Entry> &entries() const { return m_entries; }
    // How many entries were ever added after the opening, and those added since `mark` (a value
    // it had): what a session given its history at start missed while it was being opened.
    quint64 added() const { return m_added; }
    QList<Entry> addedSince(quint64 mark) const;
    // The assistant's reply in progress (or last) and whether it was cut.
    const Entry *lastAssistant() const;
    // What gives a new session this conversation, oldest first, within the session's budget,
    // with `preface` (a system note: why the conversation comes as text) after the opening.
    QList<openai::HistoryItem> replay(const QString &preface, const openai::HistoryBudget &budget) const;

private:
    Entry *find(Role role, QByteArrayView itemId);
    void push(Entry e);

    std::deque<Entry> m_entries;
    int m_opening = 0; // the first entries that always go
    quint64 m_added = 0;
};

} // namespace callgate
