#include "gateway/FlowToken.h"

#include "twilio/FormBody.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace callgate {
namespace {

constexpr auto kB64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr int kMacBytes = 16; // 128 bits of HMAC-SHA256

QString stepCode(FlowState::Step s)
{
    switch (s) {
    case FlowState::Step::AskNumber: return QStringLiteral("a");
    case FlowState::Step::ConfirmNumber: return QStringLiteral("c");
    case FlowState::Step::Consent: return QStringLiteral("k");
    }
    return {};
}

} // namespace

const char *flowStepName(FlowState::Step step)
{
    switch (step) {
    case FlowState::Step::AskNumber: return "ask-number";
    case FlowState::Step::ConfirmNumber: return "confirm-number";
    case FlowState::Step::Consent: return "consent";
    }
    return "?";
}

FlowTokenSigner::FlowTokenSigner(const QByteArray &secret, int ttlSeconds) : m_ttlSeconds(ttlSeconds)
{
    // A key of its own, so the token MAC never equals anything Twilio signs with the same token.
    m_key = QMessageAuthenticationCode::hash("callgate flow state v1", secret, QCryptographicHash::Sha256);
}

QByteArray FlowTokenSigner::mac(QByteArrayView payload) const
{
    return QMessageAuthenticationCode::hash(payload.toByteArray(), m_key, QCryptographicHash::Sha256).left(kMacBytes);
}

QByteArray FlowTokenSigner::sign(const FlowState &s) const
{
    quint32 nonce[3];
    QRandomGenerator::system()->fillRange(nonce);
    // Form encoding percent-encodes every byte but the unreserved ones, so any field text (even a
    // NUL or a '+') comes back exactly as it went in.
    const FormFields fields{
        {QStringLiteral("v"), QStringLiteral("1")},
        {QStringLiteral("s"), stepCode(s.step)},
        {QStringLiteral("c"), s.callSid},
        {QStringLiteral("n"), s.number},
        {QStringLiteral("l"), s.lineType},
        {QStringLiteral("o"), s.source},
        {QStringLiteral("f"), QString::number(s.failures)},
        {QStringLiteral("q"), QString::number(s.noInputs)},
        {QStringLiteral("k"), s.consentVersion},
        {QStringLiteral("t"), QString::number(s.issuedAt)},
        {QStringLiteral("r"), QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(nonce), sizeof nonce).toBase64(kB64))},
    };
    const QByteArray payload = encodeForm(fields);
    return payload.toBase64(kB64) + '.' + mac(payload).toBase64(kB64);
}

Result<FlowState> FlowTokenSigner::verify(QByteArrayView token, const QString &callSid, qint64 nowSeconds) const
{
    const qsizetype dot = token.indexOf('.');
    if (token.isEmpty() || dot <= 0 || token.size() > 2048)
        return Error{QStringLiteral("flow token missing or malformed")};
    const auto payload = QByteArray::fromBase64Encoding(token.first(dot).toByteArray(), kB64);
    const auto given = QByteArray::fromBase64Encoding(token.sliced(dot + 1).toByteArray(), kB64);
    // Only the one spelling sign() writes: base64 leaves spare bits in a last character, and a
    // token that differs in them would otherwise be a second valid token for the same state.
    if (!payload || !given || payload.decoded.toBase64(kB64) != token.first(dot) || given.decoded.toBase64(kB64) != token.sliced(dot + 1))
        return Error{QStringLiteral("flow token is not base64url")};
    const QByteArray expected = mac(payload.decoded);
    // Constant-time comparison.
    if (given.decoded.size() != expected.size())
        return Error{QStringLiteral("flow token signature does not match")};
    unsigned char diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(given.decoded.at(i) ^ expected.at(i));
    if (diff != 0)
        return Error{QStringLiteral("flow token signature does not match")};

    const FormFields fields = parseForm(payload.decoded);
    const auto get = [&](const char *k) { return formValue(fields, QString::fromLatin1(k)); };
    if (get("v") != QLatin1String("1"))
        return Error{QStringLiteral("flow token has an unknown version")};
    FlowState s;
    const QString step = get("s");
    if (step == QLatin1String("a"))
        s.step = FlowState::Step::AskNumber;
    else if (step == QLatin1String("c"))
        s.step = FlowState::Step::ConfirmNumber;
    else if (step == QLatin1String("k"))
        s.step = FlowState::Step::Consent;
    else
        return Error{QStringLiteral("flow token names no step")};
    s.callSid = get("c");
    s.number = get("n");
    s.lineType = get("l");
    s.source = get("o");
    s.failures = get("f").toInt();
    s.noInputs = get("q").toInt();
    s.consentVersion = get("k");
    s.issuedAt = get("t").toLongLong();
    if (s.callSid != callSid)
        return Error{QStringLiteral("flow token belongs to another call")};
    if (nowSeconds - s.issuedAt > m_ttlSeconds || s.issuedAt - nowSeconds > 60)
        return Error{QStringLiteral("flow token expired")};
    s.tokenId = expected;
    return s;
}

} // namespace callgate
