#pragma once
// What the caller flow remembers between two webhooks, carried in the action URL as a signed,
// expiring token so that any gateway instance can answer the next webhook. Signed with
// HMAC-SHA256 under a key derived from FLOW_STATE_SECRET (or the Twilio auth token, which every
// instance of one account shares) and bound to the call's CallSid: a token altered, expired or
// moved to another call is refused, and each token carries a random nonce so that no two are
// alike and each can be used once. Not encrypted: it holds nothing the webhook itself does not.
// Pure functions; any thread.

#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace callgate {

struct FlowState {
    enum class Step { AskNumber, ConfirmNumber, Consent };
    Step step = Step::AskNumber;
    QString callSid;
    QString number;         // E.164: the verified mobile (Consent) or the candidate (ConfirmNumber)
    QString lineType;       // Lookup's line_type_intelligence.type, or empty
    QString source;         // how the number was verified: "caller-id" or "keypad"
    int failures = 0;       // invalid or non-mobile entries so far
    int noInputs = 0;       // silent prompts in a row
    QString consentVersion; // the consent message the caller was read (Consent)
    qint64 issuedAt = 0;    // seconds since the epoch
    QByteArray tokenId;     // verify(): what identifies this token for its one use (its MAC)
};

const char *flowStepName(FlowState::Step step);

class FlowTokenSigner {
public:
    // secret: FLOW_STATE_SECRET, or the Twilio auth token when that is empty.
    explicit FlowTokenSigner(const QByteArray &secret, int ttlSeconds = 1800);

    QByteArray sign(const FlowState &state) const;
    // The state, or why the token is refused (never echoing its contents). A token is good for
    // one use: the caller checks tokenId against a OneTimeLedger until expiresAt().
    Result<FlowState> verify(QByteArrayView token, const QString &callSid, qint64 nowSeconds) const;
    qint64 expiresAt(const FlowState &state) const { return state.issuedAt + m_ttlSeconds; }

private:
    QByteArray mac(QByteArrayView payload) const;
    QByteArray m_key;
    int m_ttlSeconds;
};

} // namespace callgate
