// What the gateway makes of OpenAI's models endpoint (GET /v1/models/{model}) and which session
// fields it sends for which model: reasoning only to the models that take it, the language list
// to the transcription models of 2026.

#include "openai/ModelStatus.h"
#include "openai/RealtimeEvents.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace callgate;
using namespace callgate::openai;
using State = ModelStatus::State;

namespace {

QJsonObject sessionOf(const SessionSettings &s)
{
    return QJsonDocument::fromJson(sessionUpdate(s)).object().value(QLatin1String("session")).toObject();
}

QJsonObject transcriptionOf(const QJsonObject &session)
{
    return session.value(QLatin1String("audio"))
        .toObject()
        .value(QLatin1String("input"))
        .toObject()
        .value(QLatin1String("transcription"))
        .toObject();
}

} // namespace

class TestOpenAiModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelUrlSitsNextToTheRealtimeEndpoint_data();
    void modelUrlSitsNextToTheRealtimeEndpoint();
    void answersAreRead_data();
    void answersAreRead();
    void warningsNameTheSettingAndTheReplacement();
    void reasoningGoesOnlyToModelsThatReason();
    void newTranscriptionModelsGetALanguageList();
};

void TestOpenAiModels::modelUrlSitsNextToTheRealtimeEndpoint_data()
{
    QTest::addColumn<QString>("realtime");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("expected");
    QTest::newRow("openai") << "wss://api.openai.com/v1/realtime"
                            << "gpt-realtime-2.1"
                            << "https://api.openai.com/v1/models/gpt-realtime-2.1";
    QTest::newRow("plain ws, port") << "ws://127.0.0.1:4321/v1/realtime"
                                    << "gpt-transcribe"
                                    << "http://127.0.0.1:4321/v1/models/gpt-transcribe";
    QTest::newRow("query dropped") << "wss://proxy.example/openai/v1/realtime?x=1"
                                   << "m"
                                   << "https://proxy.example/openai/v1/models/m";
    QTest::newRow("gpt-live") << "wss://api.openai.com/v1/live/sessions"
                              << "gpt-live-1.1"
                              << "https://api.openai.com/v1/models/gpt-live-1.1";
    QTest::newRow("odd id stays one segment") << "wss://api.openai.com/v1/realtime"
                                              << "a/b?c"
                                              << "https://api.openai.com/v1/models/a%2Fb%3Fc";
}

void TestOpenAiModels::modelUrlSitsNextToTheRealtimeEndpoint()
{
    QFETCH(QString, realtime);
    QFETCH(QString, model);
    QFETCH(QString, expected);
    QCOMPARE(modelUrl(QUrl(realtime), model).toString(QUrl::FullyEncoded), expected);
}

void TestOpenAiModels::answersAreRead_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("date");
    QTest::newRow("no date") << 200
                             << QByteArray(
                                    R"({"id":"gpt-realtime-2.1","object":"model","created":1,"owned_by":"system","shutdown_date":null})")
                             << int(State::Current) << QString();
    QTest::newRow("date absent") << 200 << QByteArray(R"({"id":"x","object":"model","created":1,"owned_by":"system"})")
                                 << int(State::Current) << QString();
    QTest::newRow("date") << 200
                          << QByteArray(
                                 R"({"id":"gpt-realtime","object":"model","created":1,"owned_by":"system","shutdown_date":"2027-01-20"})")
                          << int(State::ShuttingDown) << QStringLiteral("2027-01-20");
    QTest::newRow("not a date") << 200 << QByteArray(R"({"id":"x","object":"model","shutdown_date":"soon"})") << int(State::Unknown)
                                << QString();
    QTest::newRow("not a model") << 200 << QByteArray(R"(<html>captive portal</html>)") << int(State::Unknown) << QString();
    QTest::newRow("404")
        << 404
        << QByteArray(
               R"({"error":{"message":"The model 'x' does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}})")
        << int(State::Gone) << QString();
    QTest::newRow("401") << 401
                         << QByteArray(R"({"error":{"message":"Incorrect API key provided: sk-abc***xyz.","code":"invalid_api_key"}})")
                         << int(State::KeyRefused) << QString();
    QTest::newRow("403: key without the models right") << 403 << QByteArray("{}") << int(State::Unknown) << QString();
    QTest::newRow("503") << 503 << QByteArray() << int(State::Unknown) << QString();
}

void TestOpenAiModels::answersAreRead()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, state);
    QFETCH(QString, date);
    QDate shutdown;
    QString detail;
    QCOMPARE(int(readModelAnswer(status, body, &shutdown, &detail)), state);
    QCOMPARE(shutdown.toString(Qt::ISODate), date);
    // What OpenAI says back about a key never reaches a log line or /health.
    QVERIFY2(!detail.contains(QLatin1String("sk-")), qPrintable(detail));
}

void TestOpenAiModels::warningsNameTheSettingAndTheReplacement()
{
    ModelStatus m = ModelStatus::unchecked(QStringLiteral("OPENAI_MODEL"), QStringLiteral("gpt-realtime"));
    QVERIFY(m.warning().isEmpty());
    m.state = State::Current;
    QVERIFY(m.warning().isEmpty());
    QVERIFY(m.fatalError().isEmpty());
    m.state = State::ShuttingDown;
    m.shutdownDate = QDate::currentDate().addDays(50);
    QCOMPARE(m.warning(),
             QStringLiteral("gpt-realtime (OPENAI_MODEL) shuts down on %1; OpenAI names gpt-realtime-2.1 as its replacement")
                 .arg(m.shutdownDate.toString(Qt::ISODate)));
    QVERIFY(m.fatalError().isEmpty()); // a date ahead is a warning, not a reason to stop
    m.state = State::Gone;
    QCOMPARE(m.fatalError(),
             QStringLiteral("OPENAI_MODEL: OpenAI has no model gpt-realtime (shut down, misspelt, or not open to this key); "
                            "set OPENAI_MODEL to a current model such as gpt-realtime-2.1"));
    QCOMPARE(namedReplacement(QStringLiteral("gpt-realtime-mini")), QStringLiteral("gpt-realtime-2.1-mini"));
    QCOMPARE(namedReplacement(QStringLiteral("gpt-4o-mini-transcribe")), QStringLiteral("gpt-transcribe"));
    QCOMPARE(namedReplacement(QStringLiteral("whisper-1")), QStringLiteral("gpt-transcribe"));
    QVERIFY(namedReplacement(QStringLiteral("gpt-realtime-2.1")).isEmpty());
}

void TestOpenAiModels::reasoningGoesOnlyToModelsThatReason()
{
    SessionSettings s;
    s.voice = QStringLiteral("marin");
    s.reasoningEffort = QStringLiteral("medium");
    for (const char *model : {"gpt-realtime-2", "gpt-realtime-2.1", "gpt-realtime-2.1-mini"}) {
        s.model = QLatin1String(model);
        QCOMPARE(sessionOf(s).value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort")).toString(),
                 QStringLiteral("medium"));
    }
    for (const char *model :
         {"gpt-realtime", "gpt-realtime-mini", "gpt-realtime-2025-08-28", "gpt-realtime-1.5", "gpt-4o-realtime-preview"}) {
        s.model = QLatin1String(model);
        QVERIFY2(!sessionOf(s).contains(QLatin1String("reasoning")), model);
    }
}

void TestOpenAiModels::newTranscriptionModelsGetALanguageList()
{
    SessionSettings s;
    s.model = QStringLiteral("gpt-realtime-2.1");
    QCOMPARE(s.transcriptionModel, QStringLiteral("gpt-transcribe"));             // the default
    QVERIFY(!transcriptionOf(sessionOf(s)).contains(QLatin1String("languages"))); // no language: detected
    s.language = QStringLiteral("es");
    QCOMPARE(transcriptionOf(sessionOf(s)).value(QLatin1String("languages")).toArray(), QJsonArray{QStringLiteral("es")});
    QVERIFY(!transcriptionOf(sessionOf(s)).contains(QLatin1String("language")));
    s.transcriptionModel = QStringLiteral("gpt-4o-mini-transcribe");
    QCOMPARE(transcriptionOf(sessionOf(s)).value(QLatin1String("language")).toString(), QStringLiteral("es"));
    QVERIFY(!transcriptionOf(sessionOf(s)).contains(QLatin1String("languages")));
}

QTEST_GUILESS_MAIN(TestOpenAiModels)
#include "tst_openai_models.moc"
