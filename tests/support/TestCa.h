#pragma once
// A private CA and a server certificate signed by it (EC P-256, two days), made with the openssl
// tool in `dir`, for tests that serve TLS.

#include <QString>

namespace testing {

struct TestCertificates {
    QString ca;          // the CA's certificate (PEM): what a client is told to trust
    QString certificate; // the server's (PEM)
    QString key;         // the server's key (PEM)
    QString error;       // empty when all went well
};

// `subjectAltName` as openssl writes it, e.g. "DNS:localhost,IP:127.0.0.1".
TestCertificates makeTestCertificates(const QString &dir, const QString &subjectAltName = QStringLiteral("DNS:localhost,IP:127.0.0.1"),
                                      const QString &name = QStringLiteral("server"));

} // namespace testing
