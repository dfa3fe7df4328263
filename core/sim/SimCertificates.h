#pragma once
// A private CA and a server certificate signed by it (EC P-256, two days), made with the openssl
// tool in `dir`: for simulators that serve TLS as the real services do (tests, the load generator).

#include <QString>

namespace callgate::sim {

struct SimCertificates {
    QString ca;          // the CA's certificate (PEM): what a client is told to trust
    QString certificate; // the server's (PEM)
    QString key;         // the server's key (PEM)
    QString error;       // empty when all went well
};

// `subjectAltName` as openssl writes it, e.g. "DNS:localhost,IP:127.0.0.1".
SimCertificates makeSimCertificates(const QString &dir, const QString &subjectAltName = QStringLiteral("DNS:localhost,IP:127.0.0.1"),
                                    const QString &name = QStringLiteral("server"));

} // namespace callgate::sim
