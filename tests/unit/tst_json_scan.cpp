// The allocation-free JSON scanner on the media path accepts exactly strict JSON (RFC 8259) objects
// and reports the members the fast paths read. Checked on hand-written cases, and on thousands of
// mutations of real messages against QJsonDocument: the scanner must never accept what Qt rejects
// (Qt is more lenient: raw control characters, unknown escapes, "1." and ".5").

#include "openai/RealtimeEvents.h"
#include "twilio/MediaStreamMessages.h"
#include "util/JsonScan.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace callgate;

namespace {

bool scans(QByteArrayView text)
{
    return json::scanObject(text, [](const json::Member &) {});
}

bool qtAccepts(const QByteArray &text)
{
    QJsonParseError e{};
    const QJsonDocument d = QJsonDocument::fromJson(text, &e);
    return e.error == QJsonParseError::NoError && d.isObject();
}

const QByteArray kMedia = "{\"event\":\"media\",\"sequenceNumber\":\"4\",\"media\":{\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":"
                          "\"5\",\"payload\":\"no+JhoaJjpzS/w==\"},\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\"}";
const QByteArray kDelta = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_1\",\"response_id\":\"resp_1\",\"item_id\":"
                          "\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"fn5+fn5+\"}";

} // namespace

class TestJsonScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void agreesWithQt_data();
    void agreesWithQt();
    void agreesWithQtOnMutations();
    void reportsMembers();
    void mediaFastPath();
    void deltaFastPath();
};

void TestJsonScan::agreesWithQt_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("strictJson");
    const std::pair<const char *, bool> cases[] = {
        {"{}", true},
        {" { } ", true},
        {"{\"a\":1}", true},
        {"{\"a\":-0.5e+3}", true},
        {"{\"a\":01}", false},
        {"{\"a\":1.}", false},
        {"{\"a\":.5}", false},
        {"{\"a\":-}", false},
        {"{\"a\":\"x\\\"y\"}", true},
        {"{\"a\":\"\\u00e9\"}", true},
        {"{\"a\":\"\\u00g9\"}", false},
        {"{\"a\":\"\\q\"}", false},
        {"{\"a\":\"tab\there\"}", false},
        {"{\"a\":[1,2,{\"b\":[]}]}", true},
        {"{\"a\":[1,]}", false},
        {"{\"a\":1,}", false},
        {"{,}", false},
        {"{\"a\"}", false},
        {"{\"a\":}", false},
        {"{\"a\" 1}", false},
        {"{\"a\":true,\"b\":false,\"c\":null}", true},
        {"{\"a\":tru}", false},
        {"{\"a\":nul}", false},
        {"[1,2]", false},
        {"\"x\"", false},
        {"{\"a\":1}x", false},
        {"{\"a\":1}{", false},
        {"{\"a\":{\"b\":{\"c\":{\"d\":1}}}}", true},
        {"{\"a\":\"unterminated}", false},
        {"", false},
        {"{\"a\":1", false},
        {"{\"é\":\"ü\"}", true},
    };
    for (const auto &[text, strict] : cases)
        QTest::newRow(text) << QByteArray(text) << strict;
}

void TestJsonScan::agreesWithQt()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, strictJson);
    QCOMPARE(scans(text), strictJson);
    if (strictJson)
        QVERIFY(qtAccepts(text)); // the reference parser agrees these are JSON objects
}

void TestJsonScan::agreesWithQtOnMutations()
{
    QRandomGenerator rng(12345);
    const char alphabet[] = "{}[]\":,\\ 0123456789.-+eEtrufalsn\x01";
    int disagreements = 0;
    for (const QByteArray &base : {kMedia, kDelta}) {
        for (int i = 0; i < 4000; ++i) {
            QByteArray t = base;
            const int edits = 1 + int(rng.bounded(3));
            for (int e = 0; e < edits; ++e) {
                const int at = int(rng.bounded(int(t.size())));
                switch (rng.bounded(3)) {
                case 0: t[at] = alphabet[rng.bounded(int(sizeof alphabet) - 1)]; break;
                case 1: t.remove(at, 1); break;
                default: t.insert(at, alphabet[rng.bounded(int(sizeof alphabet) - 1)]); break;
                }
            }
            if (scans(t) && !qtAccepts(t)) {
                ++disagreements;
                qWarning() << "disagree on" << t;
            }
        }
    }
    QCOMPARE(disagreements, 0);
}

void TestJsonScan::reportsMembers()
{
    QStringList seen;
    QVERIFY(json::scanObject(QByteArrayView("{\"a\":\"x\",\"b\":{\"c\":2,\"d\":{\"e\":3}},\"f\":[{\"g\":1}],\"h\":\"q\\\"r\"}"),
                             [&](const json::Member &m) {
                                 seen << QString::fromUtf8(m.parent.toByteArray() + '/' + m.key.toByteArray() + '=' + m.value.toByteArray())
                                         + (m.escaped ? QStringLiteral("!") : QString());
                             }));
    QCOMPARE(seen,
             (QStringList{QStringLiteral("/a=x"), QStringLiteral("b/c=2"), QStringLiteral("b/d={\"e\":3}"),
                          QStringLiteral("/b={\"c\":2,\"d\":{\"e\":3}}"), QStringLiteral("/f=[{\"g\":1}]"), QStringLiteral("/h=q\\\"r!")}));
}

void TestJsonScan::mediaFastPath()
{
    twilio::MediaView v;
    QVERIFY(twilio::parseMediaFast(kMedia, v));
    QVERIFY(!v.isMark);
    QCOMPARE(v.payload, QByteArrayView("no+JhoaJjpzS/w=="));
    QCOMPARE(v.timestampMs, 5);
    twilio::MediaView m;
    QVERIFY(twilio::parseMediaFast("{\"event\":\"mark\",\"sequenceNumber\":\"9\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m12\"}}", m));
    QVERIFY(m.isMark);
    QCOMPARE(m.markName, QByteArrayView("m12"));
    twilio::MediaView x;
    QVERIFY(!twilio::parseMediaFast("{\"event\":\"start\",\"start\":{}}", x));                       // not ours: full parse
    QVERIFY(!twilio::parseMediaFast("{\"event\":\"media\",\"media\":{\"payload\":\"a\\\"b\"}}", x)); // escaped: full parse
    QVERIFY(!twilio::parseMediaFast(kMedia.chopped(1), x));                                          // malformed
}

void TestJsonScan::deltaFastPath()
{
    openai::AudioDeltaView d;
    QVERIFY(openai::parseAudioDeltaFast(kDelta, d));
    QCOMPARE(d.responseId, QByteArrayView("resp_1"));
    QCOMPARE(d.itemId, QByteArrayView("item_1"));
    QCOMPARE(d.delta, QByteArrayView("fn5+fn5+"));
    QVERIFY(!openai::parseAudioDeltaFast("{\"type\":\"response.output_audio.done\",\"note\":\"response.output_audio.delta\"}", d));
}

QTEST_GUILESS_MAIN(TestJsonScan)
#include "tst_json_scan.moc"
