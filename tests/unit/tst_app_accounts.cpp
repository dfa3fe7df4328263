// The caller's app's accounts in the call database (store::AppAccounts), on SQLite and on
// PostgreSQL (a schema of the test's own): a consent answer replaces the last and each goes to the
// consent audit with method "app"; sessions are found by their token's hash until they expire or
// end; on PostgreSQL two instances see each other's sessions and answers; whether an answer counts
// for a call.

#include "TestDatabase.h"

#include "store/AppAccounts.h"
#include "store/CallStore.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace callgate;
using namespace callgate::store;
using namespace testing;

namespace {

using Outcome = AppAccounts::Outcome;

// Asks and waits for the answer on this thread.
template <typename Ask>
auto wait(Ask ask)
{
    QObject context;
    bool done = false;
    auto result = ask(&context, &done);
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        qWarning("no answer from the accounts");
    return *result;
}

Outcome record(AppAccounts &a, const QString &phone, const AppConsent &c)
{
    return wait([&](QObject *ctx, bool *done) {
        auto out = std::make_shared<Outcome>(Outcome::Unavailable);
        a.recordConsent(phone, c, ctx, [out, done](Outcome o) {
            *out = o;
            *done = true;
        });
        return out;
    });
}

std::pair<Outcome, AppConsent> consentOf(AppAccounts &a, const QString &phone)
{
    return wait([&](QObject *ctx, bool *done) {
        auto out = std::make_shared<std::pair<Outcome, AppConsent>>(Outcome::Unavailable, AppConsent{});
        a.consentOf(phone, ctx, [out, done](Outcome o, const AppConsent &c) {
            *out = {o, c};
            *done = true;
        });
        return out;
    });
}

Outcome start(AppAccounts &a, const QByteArray &hash, const QString &phone, qint64 expiresAt)
{
    return wait([&](QObject *ctx, bool *done) {
        auto out = std::make_shared<Outcome>(Outcome::Unavailable);
        a.startSession(hash, phone, expiresAt, ctx, [out, done](Outcome o) {
            *out = o;
            *done = true;
        });
        return out;
    });
}

std::pair<Outcome, QString> find(AppAccounts &a, const QByteArray &hash)
{
    return wait([&](QObject *ctx, bool *done) {
        auto out = std::make_shared<std::pair<Outcome, QString>>(Outcome::Unavailable, QString());
        a.findSession(hash, ctx, [out, done](Outcome o, const QString &phone) {
            *out = {o, phone};
            *done = true;
        });
        return out;
    });
}

QByteArray hashOf(const char *token) { return QCryptographicHash::hash(token, QCryptographicHash::Sha256); }

AppConsent answer(bool accepted, const QDateTime &at)
{
    AppConsent c;
    c.accepted = accepted;
    c.messageVersion = QStringLiteral("c938d0664e5c");
    c.language = QStringLiteral("de");
    c.decidedAt = at;
    return c;
}

} // namespace

class TestAppAccounts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answersAndSessions_data();
    void answersAndSessions();
    void twoInstancesShareThemOnPostgres();
    void whetherAnAnswerCounts();
};

void TestAppAccounts::answersAndSessions_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgres") << true;
}

void TestAppAccounts::answersAndSessions()
{
    QFETCH(bool, postgres);
    QTemporaryDir dir;
    std::unique_ptr<TestSchema> schema;
    QString database = dir.filePath(QStringLiteral("calls.sqlite"));
    if (postgres) {
        if (!TestSchema::available())
            QSKIP("no PostgreSQL (CALLGATE_TEST_DATABASE_URL)");
        schema = std::make_unique<TestSchema>("app_accounts_");
        database = schema->databaseUrl();
    }
    AppAccounts accounts;
    QVERIFY2(accounts.open(database), "open");
    const QString phone = QStringLiteral("+14155550123");
    QCOMPARE(consentOf(accounts, phone).first, Outcome::NotFound);

    const QDateTime first = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch() - 3600, Qt::UTC);
    QCOMPARE(record(accounts, phone, answer(true, first)), Outcome::Done);
    auto [found, given] = consentOf(accounts, phone);
    QCOMPARE(found, Outcome::Done);
    QVERIFY(given.accepted);
    QCOMPARE(given.decidedAt, first);
    QCOMPARE(given.language, QStringLiteral("de"));
    const QDateTime second = first.addSecs(600);
    QCOMPARE(record(accounts, phone, answer(false, second)), Outcome::Done); // replaces the last
    auto [again, withdrawn] = consentOf(accounts, phone);
    QCOMPARE(again, Outcome::Done);
    QVERIFY(!withdrawn.accepted);
    QCOMPARE(withdrawn.decidedAt, second);

    // Both answers are in the audit, by "app", with no call.
    CallStore store;
    QVERIFY(store.open(database));
    const auto audit = store.consents({}, first.addSecs(-1));
    QCOMPARE(audit.size(), 2);
    QCOMPARE(audit[0].method, QStringLiteral("app"));
    QVERIFY(audit[0].accepted);
    QVERIFY(!audit[1].accepted);
    QCOMPARE(audit[1].phone, phone);
    QVERIFY(audit[1].callSid.isEmpty());
    QCOMPARE(audit[1].messageVersion, QStringLiteral("c938d0664e5c"));

    // Sessions: found by the hash until they expire or end.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QCOMPARE(start(accounts, hashOf("token-one"), phone, now + 3600), Outcome::Done);
    QCOMPARE(start(accounts, hashOf("token-old"), phone, now - 1), Outcome::Done);
    QCOMPARE(find(accounts, hashOf("token-one")), std::make_pair(Outcome::Done, phone));
    QCOMPARE(find(accounts, hashOf("token-old")).first, Outcome::NotFound);
    QCOMPARE(find(accounts, hashOf("token-none")).first, Outcome::NotFound);
    accounts.endSession(hashOf("token-one"));
    QCOMPARE(find(accounts, hashOf("token-one")).first, Outcome::NotFound);
}

void TestAppAccounts::twoInstancesShareThemOnPostgres()
{
    if (!TestSchema::available())
        QSKIP("no PostgreSQL (CALLGATE_TEST_DATABASE_URL)");
    TestSchema schema("app_accounts_");
    AppAccounts one;
    AppAccounts two;
    QVERIFY(one.open(schema.databaseUrl()));
    QVERIFY(two.open(schema.databaseUrl()));
    const QString phone = QStringLiteral("+14155550124");
    QCOMPARE(start(one, hashOf("shared-token"), phone, QDateTime::currentSecsSinceEpoch() + 60), Outcome::Done);
    QCOMPARE(find(two, hashOf("shared-token")), std::make_pair(Outcome::Done, phone));
    QCOMPARE(record(two, phone, answer(true, QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC))), Outcome::Done);
    QVERIFY(consentOf(one, phone).second.accepted);
}

void TestAppAccounts::whetherAnAnswerCounts()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const AppConsent yes = answer(true, now.addDays(-29));
    QVERIFY(appConsentCounts(yes, QStringLiteral("c938d0664e5c"), 30, now));
    QVERIFY(!appConsentCounts(yes, QStringLiteral("c938d0664e5c"), 28, now));                // too old
    QVERIFY(!appConsentCounts(yes, QStringLiteral("0123456789ab"), 30, now));                // another message
    QVERIFY(!appConsentCounts(answer(false, now), QStringLiteral("c938d0664e5c"), 30, now)); // withdrawn
    QVERIFY(!appConsentCounts(AppConsent{}, QString(), 30, now));                            // never answered
}

QTEST_GUILESS_MAIN(TestAppAccounts)
#include "tst_app_accounts.moc"
