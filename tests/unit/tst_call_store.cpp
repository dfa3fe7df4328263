// Call records on SQLite: migrations from an empty database and from the current one, a database
// newer than the program refused with a clear message, and call events written by the store
// thread and read back in order.

#include "store/CallStore.h"
#include "store/Export.h"
#include "store/Migrations.h"
#include "store/StoreWriter.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

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

} // namespace

class TestCallStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void migratesEmptyAndCurrentDatabases();
    void refusesANewerDatabase();
    void writerStoresCallsAndTranscripts();
    void eventsOfUnknownCallsAreSkipped();
    void exportsJsonLinesAndCsv();
    void purgesOldCalls();
};

void TestCallStore::migratesEmptyAndCurrentDatabases()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.sqlite"));
    {
        CallStore store;
        QVERIFY2(store.openSqlite(path).ok(), "first open");
    }
    {
        CallStore again; // already current: nothing to do, nothing lost
        QVERIFY(again.openSqlite(path).ok());
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
    db.setDatabaseName(path);
    QVERIFY(db.open());
    QCOMPARE(schemaVersion(db), latestSchemaVersion());
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), latestSchemaVersion());
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

void TestCallStore::refusesANewerDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.sqlite"));
    {
        CallStore store;
        QVERIFY(store.openSqlite(path).ok());
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (999, 'x')")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bump"));
    CallStore store;
    const Status s = store.openSqlite(path);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QLatin1String("999")) && s.error().contains(QLatin1String("upgrade")), qPrintable(s.error()));
}

void TestCallStore::writerStoresCallsAndTranscripts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("calls.sqlite"));
    {
        StoreWriter writer;
        QVERIFY(writer.openSqlite(path).ok());
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
    QTemporaryDir dir;
    CallStore store;
    QVERIFY(store.openSqlite(dir.filePath(QStringLiteral("calls.sqlite"))).ok());
    QVERIFY(store.write({ev(CallEvent::Kind::TranscriptFinal, "nobody", QStringLiteral("lost?"))}).ok());
    QVERIFY(store.recentCalls(10).isEmpty());
}

void TestCallStore::exportsJsonLinesAndCsv()
{
    QTemporaryDir dir;
    CallStore store;
    QVERIFY(store.openSqlite(dir.filePath(QStringLiteral("calls.sqlite"))).ok());
    QVERIFY(store.write({ev(CallEvent::Kind::Started, "a"),
                         ev(CallEvent::Kind::TranscriptFinal, "a", QStringLiteral("Hi, \"quoted\", with comma"), Speaker::Caller),
                         ev(CallEvent::Kind::TranscriptFinal, "a", QStringLiteral("Hello!"), Speaker::Assistant),
                         ev(CallEvent::Kind::Ended, "a", QStringLiteral("completed")),
                         ev(CallEvent::Kind::Started, "b")}).ok());
    QBuffer jsonl;
    jsonl.open(QIODevice::WriteOnly);
    QCOMPARE(exportCalls(store, jsonl, ExportFormat::JsonLines, QDateTime::fromSecsSinceEpoch(0)), 2);
    const QList<QByteArray> lines = jsonl.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(first.value(QLatin1String("callSid")).toString(), QStringLiteral("CAa"));
    QCOMPARE(first.value(QLatin1String("outcome")).toString(), QStringLiteral("completed"));
    const QJsonArray turns = first.value(QLatin1String("transcript")).toArray();
    QCOMPARE(turns.size(), 2);
    QCOMPARE(turns[0].toObject().value(QLatin1String("speaker")).toString(), QStringLiteral("caller"));
    QCOMPARE(turns[0].toObject().value(QLatin1String("text")).toString(), QStringLiteral("Hi, \"quoted\", with comma"));
    QVERIFY(!turns[1].toObject().value(QLatin1String("at")).toString().isEmpty());
    QVERIFY(QJsonDocument::fromJson(lines[1]).object().value(QLatin1String("endedAt")).isNull());

    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    QCOMPARE(exportCalls(store, csv, ExportFormat::Csv, QDateTime::fromSecsSinceEpoch(0), QStringLiteral("CAa")), 1);
    const QList<QByteArray> rows = csv.data().split('\n');
    QVERIFY(rows[0].startsWith("call_sid,caller,started_at,ended_at,outcome,speaker,text,at"));
    QVERIFY2(rows[1].contains(",caller,\"Hi, \"\"quoted\"\", with comma\","), rows[1].constData());
    QVERIFY(rows[2].contains(",assistant,Hello!,"));
    // Since a time after every call: nothing.
    QBuffer none;
    none.open(QIODevice::WriteOnly);
    QCOMPARE(exportCalls(store, none, ExportFormat::JsonLines, QDateTime::currentDateTimeUtc().addSecs(60)), 0);
}

void TestCallStore::purgesOldCalls()
{
    QTemporaryDir dir;
    CallStore store;
    QVERIFY(store.openSqlite(dir.filePath(QStringLiteral("calls.sqlite"))).ok());
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

QTEST_GUILESS_MAIN(TestCallStore)
#include "tst_call_store.moc"
