// Call records on SQLite and on a real PostgreSQL: migrations from an empty database and from the
// current one, a database newer than the program refused with a clear message, call events written
// and read back in order, export, retention. PostgreSQL comes from CALLGATE_TEST_DATABASE_URL
// (scripts/test.sh starts one); each test gets a schema of its own.

#include "store/CallStore.h"
#include "store/Export.h"
#include "store/Migrations.h"
#include "store/StoreWriter.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <sys/resource.h>

using namespace callgate;
using namespace callgate::store;

namespace {

CallEvent ev(CallEvent::Kind kind, const QByteArray &session, const QString &text = {}, Speaker who = Speaker::Caller)
{
    CallEvent e;
    e.kind = kind;
    e.sessionId = session;
    e.callSid = QStringLiteral("CA") + QString::fromLatin1(session);
    e.caller = QStringLiteral("+14155550123");
    e.text = text;
    e.speaker = who;
    e.at = QDateTime::currentDateTimeUtc();
    return e;
}

// One database for one test: a SQLite file in a temporary folder, or a fresh PostgreSQL schema.
class Backend {
public:
    explicit Backend(const QString &kind) : m_kind(kind)
    {
        if (kind == QLatin1String("postgres")) {
            m_url = QUrl(qEnvironmentVariable("CALLGATE_TEST_DATABASE_URL"));
            m_schema = QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128);
            admin([&](QSqlQuery &q) { q.exec(QStringLiteral("CREATE SCHEMA \"%1\"").arg(m_schema)); });
        }
    }
    ~Backend()
    {
        if (!m_schema.isEmpty())
            admin([&](QSqlQuery &q) { q.exec(QStringLiteral("DROP SCHEMA \"%1\" CASCADE").arg(m_schema)); });
    }
    Status openWriter(StoreWriter &writer)
    {
        return m_schema.isEmpty() ? writer.open(m_dir.filePath(QStringLiteral("calls.sqlite"))) : writer.openPostgres(m_url, m_schema);
    }
    bool isPostgres() const { return !m_schema.isEmpty(); }
    QUrl url() const { return m_url; }
    QString schema() const { return m_schema; }
    Status open(CallStore &store)
    {
        return m_schema.isEmpty() ? store.openSqlite(m_dir.filePath(QStringLiteral("calls.sqlite"))) : store.openPostgres(m_url, m_schema);
    }
    // Runs `f` on a separate connection to the same database (and schema).
    template <typename F>
    void admin(F f)
    {
        withDatabase([&](QSqlDatabase &db) {
            QSqlQuery q(db);
            f(q);
        });
    }
    template <typename F>
    void withDatabase(F f)
    {
        const QString name = QStringLiteral("admin-") + QUuid::createUuid().toString();
        {
            QSqlDatabase db;
            if (m_kind == QLatin1String("postgres")) {
                db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
                db.setHostName(m_url.host());
                db.setPort(m_url.port(5432));
                db.setUserName(m_url.userName());
                db.setPassword(m_url.password());
                db.setDatabaseName(m_url.path().mid(1));
            } else {
                db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(m_dir.filePath(QStringLiteral("calls.sqlite")));
            }
            if (db.open()) {
                if (!m_schema.isEmpty())
                    QSqlQuery(db).exec(QStringLiteral("SET search_path TO \"%1\"").arg(m_schema));
                f(db);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

private:
    QString m_kind;
    QTemporaryDir m_dir;
    QUrl m_url;
    QString m_schema;
};

void addBackends()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

// PostgreSQL rows run when a server is configured; in CI one must be.
bool skipWithoutPostgres(const QString &backend)
{
    if (backend != QLatin1String("postgres") || qEnvironmentVariableIsSet("CALLGATE_TEST_DATABASE_URL"))
        return false;
    if (qEnvironmentVariableIsSet("CI"))
        qFatal("CI must provide PostgreSQL: CALLGATE_TEST_DATABASE_URL is not set");
    return true;
}

} // namespace

#define CALLGATE_BACKEND()                                                                                                                 \
    QFETCH(QString, backend);                                                                                                              \
    if (skipWithoutPostgres(backend))                                                                                                      \
        QSKIP("PostgreSQL tests need CALLGATE_TEST_DATABASE_URL (scripts/test.sh starts a server and sets it)");                           \
    Backend db(backend)

class TestCallStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!qEnvironmentVariableIsSet("CALLGATE_TEST_DATABASE_URL"))
            return;
        const QUrl url(qEnvironmentVariable("CALLGATE_TEST_DATABASE_URL"));
        QVERIFY2(url.isValid() && url.scheme() == QLatin1String("postgres") && !url.host().isEmpty(),
                 "CALLGATE_TEST_DATABASE_URL must look like postgres://user:password@host:port/database");
    }
    void migratesEmptyAndCurrentDatabases_data() { addBackends(); }
    void migratesEmptyAndCurrentDatabases();
    void refusesANewerDatabase_data() { addBackends(); }
    void refusesANewerDatabase();
    void writerStoresCallsAndTranscripts();
    void eventsOfUnknownCallsAreSkipped_data() { addBackends(); }
    void eventsOfUnknownCallsAreSkipped();
    void recordsWhoCalledAndTheirConsent_data() { addBackends(); }
    void recordsWhoCalledAndTheirConsent();
    void exportsJsonLinesAndCsv_data() { addBackends(); }
    void exportsJsonLinesAndCsv();
    void queueFiguresCountTheDay_data() { addBackends(); }
    void queueFiguresCountTheDay();
    void purgesOldCalls_data() { addBackends(); }
    void purgesOldCalls();
    void writerSurvivesADroppedServerConnection();
    void onePoisonRecordDoesNotHoldUpTheRest_data() { addBackends(); }
    void onePoisonRecordDoesNotHoldUpTheRest();
    void upgradesFromEachEarlierVersion_data() { addBackends(); }
    void upgradesFromEachEarlierVersion();
    void aFullDiskIsReportedAndRetried();
};

void TestCallStore::migratesEmptyAndCurrentDatabases()
{
    CALLGATE_BACKEND();
    {
        CallStore store;
        const Status first = db.open(store);
        QVERIFY2(first.ok(), qPrintable(first.error()));
    }
    {
        CallStore again; // already current: nothing to do, nothing lost
        QVERIFY(db.open(again).ok());
    }
    int version = -1, rows = -1;
    db.admin([&](QSqlQuery &q) {
        version = q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && q.next() ? q.value(0).toInt() : -1;
        rows = q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next() ? q.value(0).toInt() : -1;
    });
    QCOMPARE(version, latestSchemaVersion());
    QCOMPARE(rows, latestSchemaVersion());
}

void TestCallStore::refusesANewerDatabase()
{
    CALLGATE_BACKEND();
    {
        CallStore store;
        QVERIFY(db.open(store).ok());
    }
    db.admin([](QSqlQuery &q) { q.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (999, 'x')")); });
    CallStore store;
    const Status s = db.open(store);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QLatin1String("999")) && s.error().contains(QLatin1String("upgrade")), qPrintable(s.error()));
}

void TestCallStore::writerStoresCallsAndTranscripts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.sqlite"));
    {
        StoreWriter writer;
        QVERIFY(writer.open(path).ok());
        writer.onCallEvent(ev(CallEvent::Kind::Started, "s1"));
        writer.onCallEvent(ev(CallEvent::Kind::TranscriptFinal, "s1", QStringLiteral("Hello, how can I help?"), Speaker::Assistant));
        writer.onCallEvent(ev(CallEvent::Kind::TranscriptDelta, "s1", QStringLiteral("ignored")));
        writer.onCallEvent(ev(CallEvent::Kind::TranscriptFinal, "s1", QStringLiteral("Where is my order?")));
        CallEvent latency = ev(CallEvent::Kind::TurnLatency, "s1");
        latency.valueMs = 412.5;
        writer.onCallEvent(latency);
        writer.onCallEvent(ev(CallEvent::Kind::Ended, "s1", QStringLiteral("completed")));
        writer.flush();
        QCOMPARE(writer.writeErrors(), 0u);
    }
    CallStore store;
    QVERIFY(store.openSqlite(path).ok());
    const QList<CallRecord> calls = store.recentCalls(10);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.first().callSid, QStringLiteral("CAs1"));
    QCOMPARE(calls.first().outcome, QStringLiteral("completed"));
    QVERIFY(calls.first().endedAt.isValid());
    const QList<TurnRecord> turns = store.transcript(calls.first().id);
    QCOMPARE(turns.size(), 2);
    QCOMPARE(turns[0].speaker, QStringLiteral("assistant"));
    QCOMPARE(turns[1].text, QStringLiteral("Where is my order?"));
}

void TestCallStore::eventsOfUnknownCallsAreSkipped()
{
    CALLGATE_BACKEND();
    CallStore store;
    QVERIFY(db.open(store).ok());
    QVERIFY(store.write({ev(CallEvent::Kind::TranscriptFinal, "nobody", QStringLiteral("lost?"))}).ok());
    QVERIFY(store.recentCalls(10).isEmpty());
}

void TestCallStore::recordsWhoCalledAndTheirConsent()
{
    CALLGATE_BACKEND();
    CallStore store;
    QVERIFY(db.open(store).ok());
    CallerVerification v;
    v.number = QStringLiteral("+14155550177");
    v.lineType = QStringLiteral("mobile");
    v.source = QStringLiteral("keypad");
    v.language = QStringLiteral("es");
    v.consentVersion = QStringLiteral("0123456789ab");
    v.consentMethod = QStringLiteral("keypad");
    // The caller flow's answers come before any session exists.
    CallEvent accepted = ev(CallEvent::Kind::Consent, {}, QStringLiteral("accepted"));
    accepted.callSid = QStringLiteral("CAkeyed");
    accepted.verification = v;
    CallEvent declined = ev(CallEvent::Kind::Consent, {}, QStringLiteral("declined"));
    declined.callSid = QStringLiteral("CAdeclined");
    CallEvent started = ev(CallEvent::Kind::Started, "keyed");
    started.verification = v;
    started.customer = CustomerInfo{true, QStringLiteral("Dana Whitfield"), {{QStringLiteral("plan"), QStringLiteral("Gold")}}, {}};
    CallEvent escalated = ev(CallEvent::Kind::Escalated, "keyed", QStringLiteral("caller pressed 0"));
    QVERIFY(store.write({accepted, declined, started, escalated, ev(CallEvent::Kind::Transferred, "keyed", QStringLiteral("+1******0000"))})
                .ok());

    const QList<ConsentRecord> consents = store.consents({});
    QCOMPARE(consents.size(), 2);
    QCOMPARE(consents[0].callSid, QStringLiteral("CAkeyed"));
    QVERIFY(consents[0].accepted);
    QCOMPARE(consents[0].phone, v.number);
    QCOMPARE(consents[0].method, QStringLiteral("keypad"));
    QCOMPARE(consents[0].messageVersion, v.consentVersion);
    QCOMPARE(consents[0].language, QStringLiteral("es"));
    QVERIFY(consents[0].decidedAt.isValid());
    QVERIFY(!consents[1].accepted);
    QCOMPARE(store.consents(QStringLiteral("CAdeclined")).size(), 1);

    const CallRecord call = store.recentCalls(1).value(0);
    QCOMPARE(call.verifiedNumber, v.number);
    QCOMPARE(call.lineType, QStringLiteral("mobile"));
    QCOMPARE(call.numberSource, QStringLiteral("keypad"));
    QCOMPARE(call.consentVersion, v.consentVersion);
    QCOMPARE(call.customerName, QStringLiteral("Dana Whitfield"));
    QCOMPARE(call.customerFields, QStringLiteral("plan: Gold"));
    QCOMPARE(call.handledBy, QStringLiteral("transferred"));
    int events = 0;
    db.admin([&](QSqlQuery &q) {
        events = q.exec(QStringLiteral("SELECT COUNT(*) FROM call_events WHERE kind IN ('escalated', 'transferred')")) && q.next()
            ? q.value(0).toInt()
            : -1;
    });
    QCOMPARE(events, 2);
    // Why it ended, and its recording.
    CallEvent ended = ev(CallEvent::Kind::Ended, "keyed", QStringLiteral("transferred"));
    ended.detail = QStringLiteral("Twilio sent stop");
    QVERIFY(store.write({ended}).ok());
    QCOMPARE(store.recentCalls(1).value(0).endReason, QStringLiteral("Twilio sent stop"));
    QTemporaryDir recordings;
    const QString recording = recordings.filePath(QStringLiteral("CAkeyed.opus"));
    {
        QFile f(recording);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("OggS");
    }
    QVERIFY(store.write({ev(CallEvent::Kind::RecordingSaved, "keyed", recording)}).ok()); // after the call ended
    QCOMPARE(store.recentCalls(1).value(0).recordingPath, recording);
    // Retention removes consent answers and recordings with the calls.
    QVERIFY(store.purgeBefore(QDateTime::currentDateTimeUtc().addSecs(60)).ok());
    QVERIFY(store.consents({}).isEmpty());
    QVERIFY(store.recentCalls(10).isEmpty());
    QVERIFY(!QFile::exists(recording));
}

void TestCallStore::exportsJsonLinesAndCsv()
{
    CALLGATE_BACKEND();
    CallStore store;
    QVERIFY(db.open(store).ok());
    QVERIFY(store
                .write({ev(CallEvent::Kind::Started, "a"),
                        ev(CallEvent::Kind::TranscriptFinal, "a", QStringLiteral("Hi, \"quoted\", with comma"), Speaker::Caller),
                        ev(CallEvent::Kind::TranscriptFinal, "a", QStringLiteral("Hello!"), Speaker::Assistant),
                        ev(CallEvent::Kind::Started, "b")})
                .ok());
    // Who did what: a supervisor transferred b, another hung up on a; a's notes after the call.
    CallEvent transferred = ev(CallEvent::Kind::Transferred, "b", QStringLiteral("+1******0100"));
    transferred.by = QStringLiteral("Dana");
    CallEvent hungUp = ev(CallEvent::Kind::Ended, "a", QStringLiteral("hung_up"));
    hungUp.by = QStringLiteral("Lee");
    // A supervisor's whisper keeps who gave it.
    CallEvent whispered = ev(CallEvent::Kind::TranscriptFinal, "a", QStringLiteral("Offer the refund"), Speaker::Whisper);
    whispered.by = QStringLiteral("Ana");
    QVERIFY(store.write({whispered, transferred, hungUp}).ok());
    const qint64 idA = store.callsSince(QDateTime::fromSecsSinceEpoch(0), QStringLiteral("CAa")).value(0).id;
    QVERIFY(store.setNotes(idA, QStringLiteral("resolved"), QStringLiteral("Refund promised, by Friday"), QStringLiteral("Lee")).ok());
    QVERIFY(!store.setNotes(987654, QStringLiteral("resolved"), {}, QStringLiteral("Lee")).ok()); // no such call
    QBuffer jsonl;
    jsonl.open(QIODevice::WriteOnly);
    QCOMPARE(exportCalls(store, jsonl, ExportFormat::JsonLines, QDateTime::fromSecsSinceEpoch(0)), 2);
    const QList<QByteArray> lines = jsonl.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(first.value(QLatin1String("callSid")).toString(), QStringLiteral("CAa"));
    const QJsonArray turns = first.value(QLatin1String("transcript")).toArray();
    QCOMPARE(turns.size(), 3);
    QCOMPARE(turns[0].toObject().value(QLatin1String("speaker")).toString(), QStringLiteral("caller"));
    QVERIFY(!turns[0].toObject().contains(QLatin1String("by")));
    QCOMPARE(turns[2].toObject().value(QLatin1String("speaker")).toString(), QStringLiteral("whisper"));
    QCOMPARE(turns[2].toObject().value(QLatin1String("by")).toString(), QStringLiteral("Ana"));
    QCOMPARE(turns[0].toObject().value(QLatin1String("text")).toString(), QStringLiteral("Hi, \"quoted\", with comma"));
    QVERIFY(!turns[1].toObject().value(QLatin1String("at")).toString().isEmpty());
    QVERIFY(QJsonDocument::fromJson(lines[1]).object().value(QLatin1String("endedAt")).isNull());
    QCOMPARE(first.value(QLatin1String("outcome")).toString(), QStringLiteral("hung_up"));
    QCOMPARE(first.value(QLatin1String("agent")).toString(), QStringLiteral("Lee"));
    QCOMPARE(first.value(QLatin1String("disposition")).toString(), QStringLiteral("resolved"));
    QCOMPARE(first.value(QLatin1String("notes")).toString(), QStringLiteral("Refund promised, by Friday"));
    QCOMPARE(first.value(QLatin1String("notedBy")).toString(), QStringLiteral("Lee"));
    QVERIFY(!first.value(QLatin1String("notedAt")).toString().isEmpty());
    const QJsonObject second = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(second.value(QLatin1String("handledBy")).toString(), QStringLiteral("transferred"));
    QCOMPARE(second.value(QLatin1String("agent")).toString(), QStringLiteral("Dana"));
    QCOMPARE(second.value(QLatin1String("transferredTo")).toString(), QStringLiteral("+1******0100"));
    QVERIFY(second.value(QLatin1String("notes")).isNull());

    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    QCOMPARE(exportCalls(store, csv, ExportFormat::Csv, QDateTime::fromSecsSinceEpoch(0), QStringLiteral("CAa")), 1);
    const QList<QByteArray> rows = csv.data().split('\n');
    QVERIFY(rows[0].startsWith(
        "call_sid,caller,started_at,ended_at,outcome,speaker,text,at,handled_by,agent,transferred_to,disposition,notes"));
    QVERIFY2(rows[1].contains(",caller,\"Hi, \"\"quoted\"\", with comma\","), rows[1].constData());
    QVERIFY2(rows[1].trimmed().endsWith(",ai,Lee,,resolved,\"Refund promised, by Friday\""), rows[1].constData());
    QVERIFY(rows[2].contains(",assistant,Hello!,"));
    // Since a time after every call: nothing.
    QBuffer none;
    none.open(QIODevice::WriteOnly);
    QCOMPARE(exportCalls(store, none, ExportFormat::JsonLines, QDateTime::currentDateTimeUtc().addSecs(60)), 0);
}

void TestCallStore::queueFiguresCountTheDay()
{
    // Seven calls today: two the AI handled alone, one a supervisor took 5 s after the caller
    // asked (in time for a 20 s service level), one taken after 40 s, one transferred when no one
    // took it, one abandoned while waiting, and one still live (left out). One from yesterday.
    CALLGATE_BACKEND();
    CallStore store;
    QVERIFY(db.open(store).ok());
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-600);
    std::vector<CallEvent> events;
    const auto at = [&](CallEvent::Kind kind, const QByteArray &s, int secs, const QString &text = {}) {
        CallEvent e = ev(kind, s, text);
        e.at = t0.addSecs(secs);
        events.push_back(e);
    };
    for (const QByteArray s : {"ai1", "ai2", "quick", "slow", "sent", "left", "live"})
        at(CallEvent::Kind::Started, s, 0);
    at(CallEvent::Kind::Started, "old", -86400 * 2);
    for (const QByteArray s : {"quick", "slow", "sent", "left"})
        at(CallEvent::Kind::Escalated, s, 10, QStringLiteral("caller pressed 0"));
    at(CallEvent::Kind::AgentTookOver, "quick", 15);
    at(CallEvent::Kind::AgentTookOver, "slow", 50);
    at(CallEvent::Kind::HandedBack, "slow", 80);
    at(CallEvent::Kind::Transferred, "sent", 55, QStringLiteral("+1******0100"));
    for (const QByteArray s : {"ai1", "ai2", "quick", "slow", "old"})
        at(CallEvent::Kind::Ended, s, 120, QStringLiteral("completed"));
    at(CallEvent::Kind::Ended, "sent", 60, QStringLiteral("transferred"));
    at(CallEvent::Kind::Ended, "left", 30, QStringLiteral("stream_closed"));
    QVERIFY(store.write(events).ok());
    const Result<QueueFigures> f = store.queueFigures(t0.addSecs(-60), 20);
    QVERIFY2(f.ok(), qPrintable(f.error()));
    QCOMPARE(f.value().calls, 6);
    QCOMPARE(f.value().byAi, 2);
    QCOMPARE(f.value().byPerson, 2);
    QCOMPARE(f.value().transferred, 1);
    QCOMPARE(f.value().abandoned, 1);
    QCOMPARE(f.value().askedForPerson, 4);
    QCOMPARE(f.value().answeredInTime, 1);
    // A longer service-level time counts the slow answer too.
    QCOMPARE(store.queueFigures(t0.addSecs(-60), 60).value().answeredInTime, 2);
}

void TestCallStore::purgesOldCalls()
{
    CALLGATE_BACKEND();
    CallStore store;
    QVERIFY(db.open(store).ok());
    CallEvent old = ev(CallEvent::Kind::Started, "old");
    old.at = QDateTime::currentDateTimeUtc().addDays(-40);
    CallEvent oldTurn = ev(CallEvent::Kind::TranscriptFinal, "old", QStringLiteral("long ago"));
    QVERIFY(store.write({old, oldTurn, ev(CallEvent::Kind::Started, "new")}).ok());
    const qint64 oldId = store.callsSince(QDateTime::fromSecsSinceEpoch(0), QStringLiteral("CAold")).first().id;
    const auto purged = store.purgeBefore(QDateTime::currentDateTimeUtc().addDays(-30));
    QVERIFY(purged.ok());
    QCOMPARE(purged.value(), 1);
    QCOMPARE(store.recentCalls(10).size(), 1);
    QCOMPARE(store.recentCalls(10).first().callSid, QStringLiteral("CAnew"));
    QVERIFY(store.transcript(oldId).isEmpty()); // its transcript went with it
}

void TestCallStore::writerSurvivesADroppedServerConnection()
{
    if (skipWithoutPostgres(QStringLiteral("postgres")))
        QSKIP("PostgreSQL tests need CALLGATE_TEST_DATABASE_URL (scripts/test.sh starts a server and sets it)");
    Backend db(QStringLiteral("postgres"));
    StoreWriter writer;
    QVERIFY(writer.openPostgres(db.url(), db.schema()).ok());
    writer.onCallEvent(ev(CallEvent::Kind::Started, "drop"));
    writer.flush();
    // The server drops the writer's connection (a restart, a failover, a network cut) — only that
    // one: other tests may be using this server.
    db.admin([&](QSqlQuery &q) {
        QVERIFY(q.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                      " WHERE application_name = 'callgate-store:%1' AND pid <> pg_backend_pid()")
                           .arg(db.schema())));
        QVERIFY(q.next() && q.value(0).toBool());
    });
    writer.onCallEvent(ev(CallEvent::Kind::TranscriptFinal, "drop", QStringLiteral("still here")));
    writer.onCallEvent(ev(CallEvent::Kind::Ended, "drop", QStringLiteral("completed")));
    writer.flush();
    QCOMPARE(writer.reconnects(), 1u);
    QCOMPARE(writer.writeErrors(), 0u);
    CallStore store;
    QVERIFY(db.open(store).ok());
    const auto calls = store.recentCalls(5);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.first().outcome, QStringLiteral("completed"));
    QCOMPARE(store.transcript(calls.first().id).size(), 1);
}

void TestCallStore::onePoisonRecordDoesNotHoldUpTheRest()
{
    CALLGATE_BACKEND();
    StoreWriter writer;
    QVERIFY(db.openWriter(writer).ok());
    // A record the database refuses (here: a rule the test adds).
    db.admin([&](QSqlQuery &q) {
        QVERIFY(q.exec(db.isPostgres()
                           ? QStringLiteral("ALTER TABLE transcript_turns ADD CONSTRAINT no_poison CHECK (text <> 'POISON')")
                           : QStringLiteral("CREATE TRIGGER no_poison BEFORE INSERT ON transcript_turns WHEN NEW.text = 'POISON'"
                                            " BEGIN SELECT RAISE(ABORT, 'poison'); END")));
    });
    writer.onCallEvent(ev(CallEvent::Kind::Started, "p"));
    writer.onCallEvent(ev(CallEvent::Kind::TranscriptFinal, "p", QStringLiteral("before")));
    writer.onCallEvent(ev(CallEvent::Kind::TranscriptFinal, "p", QStringLiteral("POISON")));
    writer.onCallEvent(ev(CallEvent::Kind::TranscriptFinal, "p", QStringLiteral("after")));
    writer.flush();
    QCOMPARE(writer.rejectedEvents(), 1u);
    QCOMPARE(writer.pendingCount(), size_t(0));
    CallStore store;
    QVERIFY(db.open(store).ok());
    QStringList texts;
    for (const TurnRecord &t : store.transcript(store.recentCalls(1).first().id))
        texts << t.text;
    QCOMPARE(texts, (QStringList{QStringLiteral("before"), QStringLiteral("after")}));
}

void TestCallStore::upgradesFromEachEarlierVersion()
{
    CALLGATE_BACKEND();
    for (int from = 1; from < latestSchemaVersion(); ++from) {
        // A database left at an older version, with a call in it.
        bool prepared = false;
        db.withDatabase([&](QSqlDatabase &handle) {
            QSqlQuery q(handle);
            for (const char *table : {"app_sessions", "app_consents", "call_sessions", "used_once", "consents", "call_events",
                                      "transcript_turns", "calls", "schema_version"})
                q.exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(QLatin1String(table)));
            prepared = migrate(handle, db.isPostgres() ? Dialect::Postgres : Dialect::Sqlite, from).ok() && schemaVersion(handle) == from
                && q.exec(QStringLiteral("INSERT INTO calls (session_id, call_sid, caller, started_at)"
                                         " VALUES ('old', 'CAold', '+14155550123', '2026-01-01T00:00:00.000Z')"));
        });
        QVERIFY2(prepared, qPrintable(QStringLiteral("could not build a version %1 database").arg(from)));
        CallStore store;
        const Status opened = db.open(store);
        QVERIFY2(opened.ok(), qPrintable(opened.error()));
        const QList<CallRecord> calls = store.recentCalls(10);
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls[0].callSid, QStringLiteral("CAold"));
        QVERIFY(calls[0].verifiedNumber.isEmpty());
        // And it takes today's records.
        CallEvent started = ev(CallEvent::Kind::Started, "new");
        started.verification.number = QStringLiteral("+14155550177");
        QVERIFY(store.write({started}).ok());
        QCOMPARE(store.recentCalls(1).value(0).verifiedNumber, QStringLiteral("+14155550177"));
    }
}

// A disk that fills up: writes fail, /health is told (the status handler), nothing is dropped,
// and once there is room again every record goes in. The file-size limit (RLIMIT_FSIZE) makes the
// disk "full" for this process without a special filesystem.
void TestCallStore::aFullDiskIsReportedAndRetried()
{
    QTemporaryDir dir;
    StoreWriter writer;
    QVERIFY(writer.open(dir.filePath(QStringLiteral("calls.sqlite"))).ok());
    QList<QPair<bool, QString>> reports;
    std::mutex reportsMutex;
    writer.setStatusHandler([&](bool ok, const QString &detail) {
        std::lock_guard lock(reportsMutex);
        reports.append({ok, detail});
    });
    writer.onCallEvent(ev(CallEvent::Kind::Started, "full"));
    writer.flush();

    ::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails with EFBIG instead of killing us
    rlimit old{};
    ::getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 256 * 1024;
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const QString line(400, QLatin1Char('x'));
    for (int i = 0; i < 2000; ++i)
        writer.onCallEvent(ev(CallEvent::Kind::TranscriptFinal, "full", line + QString::number(i)));
    writer.flush();
    const quint64 errors = writer.writeErrors();
    const size_t pending = writer.pendingCount();
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &old), 0);
    QVERIFY(errors > 0);
    QVERIFY2(pending > 0, "records were lost instead of kept");
    QCOMPARE(writer.rejectedEvents(), 0u);
    {
        std::lock_guard lock(reportsMutex);
        QVERIFY(!reports.isEmpty());
        QCOMPARE(reports.first().first, false);
    }

    writer.flush(); // room again
    QCOMPARE(writer.pendingCount(), size_t(0));
    {
        std::lock_guard lock(reportsMutex);
        QCOMPARE(reports.last().first, true);
    }
    CallStore store;
    QVERIFY(store.openSqlite(dir.filePath(QStringLiteral("calls.sqlite"))).ok());
    QCOMPARE(store.transcript(store.recentCalls(1).value(0).id).size(), 2000);
    QCOMPARE(writer.droppedEvents(), 0u);
}

QTEST_GUILESS_MAIN(TestCallStore)
#include "tst_call_store.moc"
