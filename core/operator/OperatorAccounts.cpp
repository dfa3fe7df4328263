#include "operator/OperatorAccounts.h"

#include "util/ConstantTime.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

#include <sys/stat.h>

namespace callgate {

const char *roleName(OperatorAccount::Role role) { return role == OperatorAccount::Role::Supervisor ? "supervisor" : "viewer"; }

std::optional<OperatorAccount::Role> roleFromName(QStringView name)
{
    if (name == QLatin1String("supervisor"))
        return OperatorAccount::Role::Supervisor;
    if (name == QLatin1String("viewer"))
        return OperatorAccount::Role::Viewer;
    return std::nullopt;
}

namespace {

constexpr QLatin1StringView kHashPrefix("sha256:");

struct Parsed {
    QList<OperatorAccount> accounts;
    QString problem;
};

Parsed parse(const QByteArray &text)
{
    Parsed out;
    int lineNo = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++lineNo;
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const auto role = words.size() >= 3 ? roleFromName(words.at(words.size() - 2)) : std::nullopt;
        const QString hash = words.isEmpty() ? QString() : words.last();
        const QByteArray digest =
            hash.startsWith(kHashPrefix) ? QByteArray::fromHex(hash.sliced(kHashPrefix.size()).toLatin1()) : QByteArray();
        if (!role || digest.size() != 32) {
            if (out.problem.isEmpty())
                out.problem = QStringLiteral("line %1 is not \"<name> supervisor|viewer sha256:<hex>\"").arg(lineNo);
            continue;
        }
        out.accounts.append({words.mid(0, words.size() - 2).join(QLatin1Char(' ')), *role, digest});
    }
    return out;
}

} // namespace

OperatorAccounts::OperatorAccounts(QString path) : m_path(std::move(path)) {}

QByteArray OperatorAccounts::hashToken(QByteArrayView token) { return QCryptographicHash::hash(token, QCryptographicHash::Sha256); }

QByteArray OperatorAccounts::newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return "cgop_" + bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

void OperatorAccounts::reloadIfChanged()
{
    // The file's identity: a rewrite (QSaveFile renames a new file over it) changes the inode even
    // within one clock tick, an edit in place the size or the time in ns.
    struct stat st {};
    if (::stat(QFile::encodeName(m_path).constData(), &st) != 0) {
        m_accounts.clear();
        m_problem = QStringLiteral("%1 does not exist").arg(m_path);
        m_loaded = {};
        return;
    }
    const FileStamp stamp{quint64(st.st_ino), qint64(st.st_size), qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
    if (stamp == m_loaded)
        return;
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly)) {
        m_problem = QStringLiteral("cannot read %1: %2").arg(m_path, f.errorString());
        return; // keep what was loaded
    }
    Parsed parsed = parse(f.read(1 << 20));
    m_accounts = std::move(parsed.accounts);
    m_problem = parsed.problem.isEmpty() ? QString() : m_path + QStringLiteral(": ") + parsed.problem;
    m_loaded = stamp;
}

std::optional<OperatorAccount> OperatorAccounts::authenticate(QByteArrayView token)
{
    if (token.isEmpty() || token.size() > 256)
        return std::nullopt;
    const QByteArray digest = hashToken(token);
    std::lock_guard lock(m_mutex);
    reloadIfChanged();
    std::optional<OperatorAccount> found;
    for (const OperatorAccount &a : std::as_const(m_accounts))
        if (constantTimeEquals(a.tokenHash, digest) && !found)
            found = a;
    return found;
}

qsizetype OperatorAccounts::count()
{
    std::lock_guard lock(m_mutex);
    reloadIfChanged();
    return m_accounts.size();
}

QString OperatorAccounts::problem()
{
    std::lock_guard lock(m_mutex);
    reloadIfChanged();
    return m_problem;
}

Result<QByteArray> OperatorAccounts::add(const QString &path, const QString &name, OperatorAccount::Role role)
{
    const QString clean = name.simplified();
    if (clean.isEmpty() || clean.size() > 64 || clean.contains(QLatin1Char('#')))
        return Error{QStringLiteral("an operator's name is 1 to 64 characters, without '#'")};
    QByteArray kept;
    if (QFile existing(path); existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("cannot read %1: %2").arg(path, existing.errorString())};
        for (const QByteArray &line : existing.readAll().split('\n')) {
            const QList<OperatorAccount> one = parse(line).accounts;
            if (!one.isEmpty() && one.first().name == clean)
                continue; // replaced below: the old token stops working
            if (!line.isEmpty())
                kept += line + '\n';
        }
    } else {
        kept = "# Callgate operator accounts: <name> <supervisor|viewer> sha256:<token hash>.\n"
               "# Add one with `callgate add-operator NAME [--viewer]`; remove a line to revoke it.\n";
    }
    const QByteArray token = newToken();
    kept +=
        clean.toUtf8() + ' ' + roleName(role) + ' ' + QByteArray(kHashPrefix.data(), kHashPrefix.size()) + hashToken(token).toHex() + '\n';
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(kept);
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
    return token;
}

} // namespace callgate
