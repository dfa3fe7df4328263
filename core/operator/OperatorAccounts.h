#pragma once
// Who may attach a console to this gateway: named accounts, each with a role and a secret token,
// kept in a file (OPERATOR_ACCOUNTS_FILE) that holds only each token's SHA-256. A line is
//   <name> <role> sha256:<64 hex digits>
// (the name may have spaces; '#' starts a comment). Tokens are 32 random bytes, so a plain hash
// is as hard to reverse as the token is to guess. The file is looked at on every attempt and read
// again when it changed, so an
// account added with `callgate add-operator` works without a restart. Thread-safe.

#include "util/Result.h"

#include <QList>
#include <QString>

#include <mutex>
#include <optional>

namespace callgate {

struct OperatorAccount {
    enum class Role { Supervisor, Viewer };
    QString name;
    Role role = Role::Viewer;
    QByteArray tokenHash; // raw SHA-256

    bool canAct() const { return role == Role::Supervisor; }
};
const char *roleName(OperatorAccount::Role role);
std::optional<OperatorAccount::Role> roleFromName(QStringView name);

class OperatorAccounts {
public:
    explicit OperatorAccounts(QString path);

    // The account whose token this is (compared in constant time against every account), or none.
    std::optional<OperatorAccount> authenticate(QByteArrayView token);
    // How many accounts the file holds now, and what was wrong with it (empty: nothing).
    qsizetype count();
    QString problem();
    const QString &path() const { return m_path; }

    // Adds (or replaces) an account and returns its new token, which is shown once and kept
    // nowhere. Creates the file readable by its owner only.
    static Result<QByteArray> add(const QString &path, const QString &name, OperatorAccount::Role role);
    // What `add` makes: "cgop_" and 43 characters of base64url.
    static QByteArray newToken();
    static QByteArray hashToken(QByteArrayView token);

private:
    void reloadIfChanged(); // with m_mutex held

    const QString m_path;
    std::mutex m_mutex;
    QList<OperatorAccount> m_accounts;
    QString m_problem;
    struct FileStamp {
        quint64 inode = 0;
        qint64 size = -1;
        qint64 modifiedNs = 0;
        bool operator==(const FileStamp &) const = default;
    };
    FileStamp m_loaded;
};

} // namespace callgate
