#include "sim/SimCertificates.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace callgate::sim {

SimCertificates makeSimCertificates(const QString &dir, const QString &subjectAltName, const QString &name)
{
    SimCertificates out;
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        out.error = QStringLiteral("openssl is needed (scripts/install-deps.sh installs it)");
        return out;
    }
    QDir().mkpath(dir);
    const auto path = [&](const QString &file) { return QDir(dir).filePath(file); };
    const auto run = [&](const QStringList &args) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(openssl, args);
        if (p.waitForFinished(30000) && p.exitCode() == 0)
            return true;
        out.error = QStringLiteral("openssl %1: %2").arg(args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAll()));
        return false;
    };
    const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    out.ca = path(name + QStringLiteral("-ca.pem"));
    out.certificate = path(name + QStringLiteral(".pem"));
    out.key = path(name + QStringLiteral(".key"));
    const QString caKey = path(name + QStringLiteral("-ca.key"));
    const QString csr = path(name + QStringLiteral(".csr"));
    const QString ext = path(name + QStringLiteral(".ext"));
    QFile extFile(ext);
    if (!extFile.open(QIODevice::WriteOnly)) {
        out.error = QStringLiteral("cannot write %1").arg(ext);
        return out;
    }
    extFile.write("subjectAltName=" + subjectAltName.toUtf8() + "\n");
    extFile.close();
    if (!run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
             + QStringList{QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                           QStringLiteral("/CN=Callgate test CA ") + name, QStringLiteral("-keyout"), caKey, QStringLiteral("-out"),
                           out.ca}))
        return out;
    if (!run(QStringList{QStringLiteral("req")} + ec
             + QStringList{QStringLiteral("-subj"), QStringLiteral("/CN=") + name, QStringLiteral("-keyout"), out.key,
                           QStringLiteral("-out"), csr}))
        return out;
    run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"), out.ca,
         QStringLiteral("-CAkey"), caKey, QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
         QStringLiteral("-extfile"), ext, QStringLiteral("-out"), out.certificate});
    return out;
}

} // namespace callgate::sim
