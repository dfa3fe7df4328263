// The app's sign-in codes (AppLogin) against a clock the test moves: a code is good for five
// minutes and once; wrong codes lock the number for the hour; codes per number and per address
// are limited within a sliding hour; nothing outstanding is kept as the code itself.

#include "gateway/AppLogin.h"

#include <QSet>
#include <QTest>

using namespace callgate;

class TestAppLogin : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void codeWorksOnceWithinItsLifetime();
    void expiredCodeIsRefused();
    void wrongCodesLockTheNumberForTheHour();
    void codesPerNumberAndAddressAreLimited();
    void newCodeReplacesTheOld();
    void codesAreSixRandomDigits();
    void sweepForgetsWhatTheHourNoLongerCounts();
};

namespace {
const QString kNumber = QStringLiteral("+14155550100");
const QByteArray kAddress = "203.0.113.7";
constexpr qint64 kMinute = 60 * 1000;
} // namespace

void TestAppLogin::codeWorksOnceWithinItsLifetime()
{
    AppLogin login;
    const auto issued = login.issue(kNumber, kAddress, 1000);
    QCOMPARE(issued.refusal, AppLogin::Refusal::None);
    QCOMPARE(login.verify(kNumber, issued.code, 1000 + 4 * kMinute), AppLogin::Refusal::None);
    QCOMPARE(login.verify(kNumber, issued.code, 1000 + 4 * kMinute), AppLogin::Refusal::NoCode); // used up
    QCOMPARE(login.verify(QStringLiteral("+14155550199"), issued.code, 1000), AppLogin::Refusal::NoCode);
}

void TestAppLogin::expiredCodeIsRefused()
{
    AppLogin login;
    const auto issued = login.issue(kNumber, kAddress, 0);
    QCOMPARE(login.verify(kNumber, issued.code, 5 * kMinute + 1), AppLogin::Refusal::Expired);
    QCOMPARE(login.verify(kNumber, issued.code, 5 * kMinute + 2), AppLogin::Refusal::NoCode);
}

void TestAppLogin::wrongCodesLockTheNumberForTheHour()
{
    AppLogin login;
    const auto issued = login.issue(kNumber, kAddress, 0);
    const QByteArray wrong = issued.code == "000000" ? "000001" : "000000";
    for (int i = 0; i < 4; ++i)
        QCOMPARE(login.verify(kNumber, wrong, 1000 + i), AppLogin::Refusal::WrongCode);
    QCOMPARE(login.verify(kNumber, wrong, 2000), AppLogin::Refusal::Locked);
    QCOMPARE(login.verify(kNumber, issued.code, 3000), AppLogin::Refusal::Locked);
    const auto whileLocked = login.issue(kNumber, "198.51.100.1", 10 * kMinute);
    QCOMPARE(whileLocked.refusal, AppLogin::Refusal::Locked);
    QVERIFY(whileLocked.code.isEmpty());
    QCOMPARE(whileLocked.retryAfterMs, 50 * kMinute + 2000); // locked at 2 s for the hour
    // After the hour: a new code, which works.
    const auto later = login.issue(kNumber, "198.51.100.1", 61 * kMinute);
    QCOMPARE(later.refusal, AppLogin::Refusal::None);
    QCOMPARE(login.verify(kNumber, later.code, 62 * kMinute), AppLogin::Refusal::None);
}

void TestAppLogin::codesPerNumberAndAddressAreLimited()
{
    AppLoginLimits limits;
    AppLogin login(limits);
    for (int i = 0; i < limits.codesPerNumberPerHour; ++i)
        QCOMPARE(login.issue(kNumber, kAddress, i * kMinute).refusal, AppLogin::Refusal::None);
    const auto fourth = login.issue(kNumber, kAddress, 10 * kMinute);
    QCOMPARE(fourth.refusal, AppLogin::Refusal::NumberLimit);
    QCOMPARE(fourth.retryAfterMs, 50 * kMinute); // the first code leaves the hour then
    QCOMPARE(login.issue(kNumber, kAddress, 60 * kMinute + 1).refusal, AppLogin::Refusal::None);

    // One address asking for many numbers.
    AppLogin other(limits);
    for (int i = 0; i < limits.codesPerAddressPerHour; ++i)
        QCOMPARE(other.issue(QStringLiteral("+1415555%1").arg(1000 + i), kAddress, i).refusal, AppLogin::Refusal::None);
    QCOMPARE(other.issue(QStringLiteral("+14155552000"), kAddress, 100).refusal, AppLogin::Refusal::AddressLimit);
    QCOMPARE(other.issue(QStringLiteral("+14155552000"), "198.51.100.1", 100).refusal, AppLogin::Refusal::None);
}

void TestAppLogin::newCodeReplacesTheOld()
{
    AppLogin login;
    const auto first = login.issue(kNumber, kAddress, 0);
    auto second = login.issue(kNumber, kAddress, 1000);
    while (second.code == first.code)
        second = login.issue(kNumber, kAddress, 2000);
    QCOMPARE(login.verify(kNumber, first.code, 3000), AppLogin::Refusal::WrongCode);
    QCOMPARE(login.verify(kNumber, second.code, 3000), AppLogin::Refusal::None);
}

void TestAppLogin::codesAreSixRandomDigits()
{
    AppLoginLimits limits;
    limits.codesPerNumberPerHour = 1000;
    limits.codesPerAddressPerHour = 1000;
    AppLogin login(limits);
    QSet<QByteArray> seen;
    for (int i = 0; i < 500; ++i) {
        const QByteArray code = login.issue(kNumber, kAddress, i).code;
        QCOMPARE(code.size(), 6);
        for (const char c : code)
            QVERIFY(c >= '0' && c <= '9');
        seen.insert(code);
    }
    QVERIFY(seen.size() > 480); // a million possible: a handful of repeats at most
}

void TestAppLogin::sweepForgetsWhatTheHourNoLongerCounts()
{
    AppLogin login;
    (void)login.issue(kNumber, kAddress, 0);
    QCOMPARE(login.tracked(), 2); // the number and the address
    login.sweep(30 * kMinute);
    QCOMPARE(login.tracked(), 2);
    login.sweep(61 * kMinute);
    QCOMPARE(login.tracked(), 0);
}

QTEST_GUILESS_MAIN(TestAppLogin)
#include "tst_app_login.moc"
