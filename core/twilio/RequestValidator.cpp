#include "twilio/RequestValidator.h"

#include "util/ConstantTime.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <algorithm>

namespace callgate::twilio {
namespace {

struct UrlParts {
    QString scheme, userInfo, host, port, pathAndQuery; // port without ':'
};

// Splits by hand: QUrl would re-encode the query, and the signature is over the exact bytes.
bool split(const QString &url, UrlParts &out)
{
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    if (schemeEnd <= 0)
        return false;
    out.scheme = url.first(schemeEnd);
    const qsizetype authStart = schemeEnd + 3;
    qsizetype authEnd = url.indexOf(QLatin1Char('/'), authStart);
    const qsizetype q = url.indexOf(QLatin1Char('?'), authStart);
    if (authEnd < 0 || (q >= 0 && q < authEnd))
        authEnd = q;
    if (authEnd < 0)
        authEnd = url.size();
    QString authority = url.sliced(authStart, authEnd - authStart);
    out.pathAndQuery = url.sliced(authEnd);
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        out.userInfo = authority.first(at);
        authority = authority.sliced(at + 1);
    }
    const qsizetype colon = authority.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0 && !authority.endsWith(QLatin1Char(']'))) {
        out.port = authority.sliced(colon + 1);
        authority.truncate(colon);
    }
    out.host = authority;
    return !out.host.isEmpty();
}

QString join(const UrlParts &p, bool withUserInfo, const QString &port, const QString &pathAndQuery)
{
    QString s = p.scheme + QLatin1String("://");
    if (withUserInfo && !p.userInfo.isEmpty())
        s += p.userInfo + QLatin1Char('@');
    s += p.host;
    if (!port.isEmpty())
        s += QLatin1Char(':') + port;
    return s + pathAndQuery;
}

QString defaultPort(const QString &scheme)
{
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        return QStringLiteral("443");
    if (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
        return QStringLiteral("80");
    return {};
}

// Percent-encodes in the query what the WHATWG URL serialiser (which Twilio's signer uses) does,
// leaving existing escapes alone.
QString reencodeQuery(const QString &pathAndQuery)
{
    const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
    if (q < 0)
        return pathAndQuery;
    QString out = pathAndQuery.first(q + 1);
    for (QChar c : QStringView(pathAndQuery).sliced(q + 1)) {
        switch (c.unicode()) {
        case '\'': out += QLatin1String("%27"); break;
        case '"': out += QLatin1String("%22"); break;
        case ' ': out += QLatin1String("%20"); break;
        case '<': out += QLatin1String("%3C"); break;
        case '>': out += QLatin1String("%3E"); break;
        default: out += c;
        }
    }
    return out;
}

QByteArray queryValue(const QString &url, QLatin1StringView name)
{
    const qsizetype q = url.indexOf(QLatin1Char('?'));
    if (q < 0)
        return {};
    const QStringList pairs = url.sliced(q + 1).split(QLatin1Char('&'));
    for (const QString &pair : pairs) {
        if (pair.startsWith(name) && pair.size() > name.size() && pair[name.size()] == QLatin1Char('='))
            return pair.sliced(name.size() + 1).toLatin1();
    }
    return {};
}

} // namespace

const char *verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Valid: return "valid";
    case Verdict::Missing: return "signature_missing";
    case Verdict::Mismatch: return "signature_mismatch";
    case Verdict::BodyHashMismatch: return "body_hash_mismatch";
    }
    return "unknown";
}

QByteArray computeSignature(QByteArrayView authToken, const QString &url, const FormFields &params)
{
    QByteArray message = url.toUtf8();
    if (!params.isEmpty()) {
        QList<QPair<QByteArray, QByteArray>> sorted;
        sorted.reserve(params.size());
        for (const auto &p : params)
            sorted.append({p.first.toUtf8(), p.second.toUtf8()});
        std::sort(sorted.begin(), sorted.end()); // byte-wise by name, then by value
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        for (const auto &p : sorted)
            message += p.first + p.second;
    }
    QMessageAuthenticationCode mac(QCryptographicHash::Sha1, authToken.toByteArray());
    mac.addData(message);
    return mac.result().toBase64();
}

QStringList signatureUrlCandidates(const QString &url)
{
    UrlParts p;
    if (!split(url, p))
        return {url};
    QStringList out{url};
    const QString def = defaultPort(p.scheme);
    const QStringList ports = p.port.isEmpty() ? QStringList{QString(), def} : QStringList{p.port, QString()};
    const QStringList queries{p.pathAndQuery, reencodeQuery(p.pathAndQuery)};
    for (bool userInfo : {true, false}) {
        if (!userInfo && p.userInfo.isEmpty())
            continue;
        for (const QString &port : ports) {
            for (const QString &query : queries) {
                const QString candidate = join(p, userInfo, port, query);
                if (!out.contains(candidate))
                    out.append(candidate);
            }
        }
    }
    return out;
}

Verdict validateForm(QByteArrayView authToken, QByteArrayView signatureHeader, const QString &url, const FormFields &params)
{
    if (signatureHeader.isEmpty())
        return Verdict::Missing;
    for (const QString &candidate : signatureUrlCandidates(url)) {
        if (constantTimeEquals(computeSignature(authToken, candidate, params), signatureHeader))
            return Verdict::Valid;
    }
    return Verdict::Mismatch;
}

Verdict validateRawBody(QByteArrayView authToken, QByteArrayView signatureHeader, const QString &url, QByteArrayView body)
{
    const Verdict urlVerdict = validateForm(authToken, signatureHeader, url, {});
    if (urlVerdict != Verdict::Valid)
        return urlVerdict;
    const QByteArray expected = queryValue(url, QLatin1StringView("bodySHA256")).toLower();
    const QByteArray actual = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
    return constantTimeEquals(expected, actual) ? Verdict::Valid : Verdict::BodyHashMismatch;
}

} // namespace callgate::twilio
