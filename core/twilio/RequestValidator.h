#pragma once
// X-Twilio-Signature, exactly as Twilio computes it: base64(HMAC-SHA1(authToken, url + every POST
// parameter's name and value, names sorted byte-wise, repeated names once per distinct value)).
// JSON bodies are signed through a bodySHA256 query parameter instead. Because proxies and Twilio
// itself disagree about ports, user info and query encoding, several spellings of the URL are
// tried, as Twilio's own libraries do. Pure functions: callable from any thread.

#include "twilio/FormBody.h"

#include <QByteArray>
#include <QStringList>

namespace callgate::twilio {

QByteArray computeSignature(QByteArrayView authToken, const QString &url, const FormFields &params);

// The URL spellings one request may have been signed with: as given, port removed, default port
// added, query re-encoded as browsers do (' → %27), user info dropped.
QStringList signatureUrlCandidates(const QString &url);

enum class Verdict { Valid, Missing, Mismatch, BodyHashMismatch };
const char *verdictName(Verdict v);

// Form-encoded (or bodiless) request.
Verdict validateForm(QByteArrayView authToken, QByteArrayView signatureHeader, const QString &url, const FormFields &params);

// Request with a JSON (or other raw) body: url must carry bodySHA256=<hex sha256 of body>.
Verdict validateRawBody(QByteArrayView authToken, QByteArrayView signatureHeader, const QString &url, QByteArrayView body);

} // namespace callgate::twilio
