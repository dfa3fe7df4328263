// The simulated OpenAI Realtime service answers like the real one where our tests rely on it:
// GA only (a beta header gets beta_api_shape_disabled and close 4000), a key is required, events
// come in the documented order, and a client event that breaks the published schema gets an
// `error` naming what is wrong.

#include "net/WsConnection.h"
#include "sim/RealtimeSim.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace callgate;

namespace {

struct Client {
    net::WsConnection ws{net::WsOptions{}};
    QList<QJsonObject> events;
    Client() { ws.onMessage = [this](QByteArrayView m, bool) { events.append(QJsonDocument::fromJson(m.toByteArray()).object()); }; }
    QStringList types() const
    {
        QStringList t;
        for (const QJsonObject &e : events)
            t << e.value(QLatin1String("type")).toString();
        return t;
    }
};

QUrl withModel(QUrl url)
{
    url.setQuery(QStringLiteral("model=gpt-realtime"));
    return url;
}

} // namespace

class TestRealtimeSim : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_sim.listen().ok()); }
    void sessionCreatedThenUpdated();
    void schemaViolationsGetAnError_data();
    void schemaViolationsGetAnError();
    void betaHeaderIsRefused();
    void keyIsRequired();
    void cancelWithoutResponseIsAnError();

private:
    sim::RealtimeSimServer m_sim;
};

void TestRealtimeSim::sessionCreatedThenUpdated()
{
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_COMPARE(c.types().value(0), QStringLiteral("session.created"));
    c.ws.sendText("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":\"marin\",\"format\":{\"type\":\"audio/pcmu\"}}}}}");
    QTRY_COMPARE(c.types().value(1), QStringLiteral("session.updated"));
    const QJsonObject session = c.events.value(1).value(QLatin1String("session")).toObject();
    QCOMPARE(session.value(QLatin1String("audio")).toObject().value(QLatin1String("output")).toObject().value(QLatin1String("voice")).toString(),
             QStringLiteral("marin"));
}

void TestRealtimeSim::schemaViolationsGetAnError_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("truncate with a string offset") << QByteArray("{\"type\":\"conversation.item.truncate\",\"item_id\":\"x\",\"content_index\":0,\"audio_end_ms\":\"12\"}") << QStringLiteral("audio_end_ms");
    QTest::newRow("append without audio") << QByteArray("{\"type\":\"input_audio_buffer.append\"}") << QStringLiteral("audio");
    QTest::newRow("unknown event type") << QByteArray("{\"type\":\"response.make_it_so\"}") << QStringLiteral("response.make_it_so");
    QTest::newRow("no type") << QByteArray("{\"audio\":\"AAAA\"}") << QStringLiteral("type");
    QTest::newRow("bad voice") << QByteArray("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"audio\":{\"output\":{\"voice\":42}}}}") << QStringLiteral("voice");
}

void TestRealtimeSim::schemaViolationsGetAnError()
{
    QFETCH(QByteArray, event);
    QFETCH(QString, mentions);
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    c.ws.sendText(event);
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    const QJsonObject error = c.events.value(1).value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(mentions), qPrintable(error.value(QLatin1String("message")).toString()));
    QVERIFY(c.ws.isOpen()); // errors are recoverable; the socket stays open
}

void TestRealtimeSim::betaHeaderIsRefused()
{
    Client c;
    QSignalSpy closed(&c.ws, &net::WsConnection::closed);
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}, {"OpenAI-Beta", "realtime=v1"}});
    QVERIFY(closed.wait(5000));
    QCOMPARE(closed.first().at(0).value<quint16>(), quint16(4000));
    QVERIFY(c.types().contains(QStringLiteral("error")));
}

void TestRealtimeSim::keyIsRequired()
{
    Client c;
    QSignalSpy failed(&c.ws, &net::WsConnection::failed);
    c.ws.open(withModel(m_sim.url()));
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("401")), qPrintable(failed.first().at(0).toString()));
}

void TestRealtimeSim::cancelWithoutResponseIsAnError()
{
    Client c;
    c.ws.open(withModel(m_sim.url()), {{"Authorization", "Bearer sk-test"}});
    QTRY_VERIFY(!c.events.isEmpty());
    c.ws.sendText("{\"type\":\"response.cancel\"}");
    QTRY_COMPARE(c.types().value(1), QStringLiteral("error"));
    QCOMPARE(c.events.value(1).value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("response_cancel_not_active"));
}

QTEST_GUILESS_MAIN(TestRealtimeSim)
#include "tst_realtime_sim.moc"
