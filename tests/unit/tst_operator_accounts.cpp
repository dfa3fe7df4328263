// Operator accounts and the sign-in throttle: the file keeps only hashes; a token signs in as its
// account and nothing else does; an added account counts at once and a removed line revokes it; a
// renewed token replaces the old one; a broken line is named; failures lock one address only, for
// a minute.

#include "gateway/AuthThrottle.h"
#include "operator/OperatorAccounts.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace callgate;

class TestOperatorAccounts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokensSignInAsTheirAccountOnly();
    void theFileIsReadAgainWhenItChanges();
    void brokenLinesAreNamed();
    void failuresLockOneAddressForAMinute();
};

void TestOperatorAccounts::tokensSignInAsTheirAccountOnly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("operators"));
    const auto ana = OperatorAccounts::add(path, QStringLiteral("Ana  Lopez"), OperatorAccount::Role::Supervisor);
    const auto vic = OperatorAccounts::add(path, QStringLiteral("Vic"), OperatorAccount::Role::Viewer);
    QVERIFY(ana.ok() && vic.ok());
    QVERIFY(ana.value().startsWith("cgop_"));
    QCOMPARE(ana.value().size(), 5 + 43);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(!text.contains(ana.value()) && !text.contains(ana.value().mid(5)));
    const QByteArray line = "Ana Lopez supervisor sha256:" + OperatorAccounts::hashToken(ana.value()).toHex();
    QVERIFY(text.contains(line));
    QCOMPARE(f.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());

    OperatorAccounts accounts(path);
    QCOMPARE(accounts.count(), 2);
    const auto a = accounts.authenticate(ana.value());
    QVERIFY(a && a->name == QStringLiteral("Ana Lopez") && a->canAct());
    const auto v = accounts.authenticate(vic.value());
    QVERIFY(v && v->name == QStringLiteral("Vic") && !v->canAct());
    QVERIFY(!accounts.authenticate(QByteArray(ana.value() + "x")));
    QVERIFY(!accounts.authenticate(ana.value().chopped(1)));
    QVERIFY(!accounts.authenticate(""));
    QVERIFY(!accounts.authenticate(OperatorAccounts::hashToken(ana.value()).toHex())); // the hash is not a token
    QVERIFY(!OperatorAccounts::add(path, QStringLiteral("   "), OperatorAccount::Role::Viewer).ok());
}

void TestOperatorAccounts::theFileIsReadAgainWhenItChanges()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("operators"));
    OperatorAccounts accounts(path);
    QCOMPARE(accounts.count(), 0);
    QVERIFY(accounts.problem().contains(QLatin1String("does not exist")));
    const QByteArray first = OperatorAccounts::add(path, QStringLiteral("Lee"), OperatorAccount::Role::Supervisor).value();
    QVERIFY(accounts.authenticate(first)); // no restart
    // A new token for the same name replaces the old one.
    const QByteArray renewed = OperatorAccounts::add(path, QStringLiteral("Lee"), OperatorAccount::Role::Supervisor).value();
    QVERIFY(!accounts.authenticate(first));
    QVERIFY(accounts.authenticate(renewed));
    QCOMPARE(accounts.count(), 1);
    // Removing the line revokes it.
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("# nobody\n");
    f.close();
    QVERIFY(!accounts.authenticate(renewed));
    QVERIFY(accounts.problem().isEmpty());
}

void TestOperatorAccounts::brokenLinesAreNamed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("operators"));
    const QByteArray token = OperatorAccounts::add(path, QStringLiteral("Ana"), OperatorAccount::Role::Supervisor).value();
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write("Bob admin sha256:00\nCarl supervisor cgop_plaintext\n");
    f.close();
    OperatorAccounts accounts(path);
    QCOMPARE(accounts.count(), 1); // the good line still counts
    QVERIFY(accounts.authenticate(token));
    QVERIFY2(accounts.problem().contains(QLatin1String("line 4")), qPrintable(accounts.problem()));
    QVERIFY(!accounts.authenticate("cgop_plaintext"));
}

void TestOperatorAccounts::failuresLockOneAddressForAMinute()
{
    AuthThrottle t;
    const qint64 t0 = 1'000'000;
    for (int i = 0; i < AuthThrottle::kMaxFailures; ++i) {
        QVERIFY(t.allows("192.0.2.1", t0 + i));
        t.failed("192.0.2.1", t0 + i);
    }
    int retry = 0;
    QVERIFY(!t.allows("192.0.2.1", t0 + 10, &retry));
    QCOMPARE(retry, 60);
    QVERIFY(t.allows("192.0.2.2", t0 + 10)); // another address is not locked out
    QVERIFY(!t.allows("192.0.2.1", t0 + AuthThrottle::kWindowMs - 1));
    QVERIFY(t.allows("192.0.2.1", t0 + AuthThrottle::kWindowMs)); // the first failure left the window
    // A success forgets the failures.
    t.failed("192.0.2.3", t0);
    t.succeeded("192.0.2.3");
    for (int i = 0; i < AuthThrottle::kMaxFailures - 1; ++i)
        t.failed("192.0.2.3", t0 + 1);
    QVERIFY(t.allows("192.0.2.3", t0 + 2));
    // Bounded: many addresses never grow it past its limit (old entries go first).
    for (int i = 0; i < AuthThrottle::kMaxAddresses + 100; ++i)
        t.failed(QByteArray::number(i), t0 + AuthThrottle::kWindowMs * 2);
    QCOMPARE(t.addresses(), AuthThrottle::kMaxAddresses);
}

QTEST_GUILESS_MAIN(TestOperatorAccounts)
#include "tst_operator_accounts.moc"
