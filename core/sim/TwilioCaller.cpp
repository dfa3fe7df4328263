#include "sim/TwilioCaller.h"

#include "sim/TwilioRestSim.h"

#include "sim/ClipLibrary.h"
#include "twilio/FormBody.h"
#include "twilio/MediaStreamMessages.h"
#include "twilio/RequestValidator.h"
#include "util/Log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QXmlStreamReader>

namespace callgate::sim {
namespace {

QByteArray randomSid(const char *prefix)
{
    QByteArray hex;
    for (int i = 0; i < 4; ++i)
        hex += QByteArray::number(QRandomGenerator::global()->generate(), 16).rightJustified(8, '0');
    return QByteArray(prefix) + hex;
}

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

} // namespace

TwilioCaller::TwilioCaller(CallerOptions options, QNetworkAccessManager &network, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_network(network)
{
    if (m_options.callSid.isEmpty())
        m_options.callSid = QString::fromLatin1(randomSid("CA"));
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &TwilioCaller::tick);
    m_markTimer.setSingleShot(true);
    m_markTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_markTimer, &QTimer::timeout, this, &TwilioCaller::scheduleMarkEchoes);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { finish(QStringLiteral("call time limit reached")); });
}

TwilioCaller::~TwilioCaller() = default;

void TwilioCaller::start()
{
    m_clock.start();
    m_deadline.start(m_options.maxCallMs);
    if (m_options.rest)
        m_options.rest->registerCall(m_options.callSid, this);
    post(m_options.publicUrl + QLatin1String("/incoming-call"), {});
}

QUrl TwilioCaller::localUrl(const QString &publicUrl) const
{
    QUrl pub(publicUrl);
    QUrl local = m_options.gatewayUrl;
    const QString base = QUrl(m_options.publicUrl).path();
    QString path = pub.path();
    if (!base.isEmpty() && path.startsWith(base))
        path = path.mid(base.size());
    local.setPath(path);
    local.setQuery(pub.query(QUrl::FullyEncoded), QUrl::StrictMode);
    if (pub.scheme() == QLatin1String("wss") || pub.scheme() == QLatin1String("ws"))
        local.setScheme(QStringLiteral("ws"));
    return local;
}

void TwilioCaller::post(const QString &publicUrl, QList<QPair<QString, QString>> extra)
{
    FormFields params{{QStringLiteral("AccountSid"), QStringLiteral("AC0123456789abcdef0123456789abcdef")},
                      {QStringLiteral("ApiVersion"), QStringLiteral("2010-04-01")},
                      {QStringLiteral("CallSid"), m_options.callSid},
                      {QStringLiteral("CallStatus"), m_record.twiml.isEmpty() ? QStringLiteral("ringing") : QStringLiteral("in-progress")},
                      {QStringLiteral("Direction"), QStringLiteral("inbound")},
                      {QStringLiteral("From"), m_options.from},
                      {QStringLiteral("To"), m_options.to},
                      {QStringLiteral("Caller"), m_options.from},
                      {QStringLiteral("Called"), m_options.to}};
    params += extra;
    m_record.webhooks << QUrl(publicUrl).path();
    const QByteArray signature = twilio::computeSignature(m_options.authToken, publicUrl, params);
    QNetworkRequest request(localUrl(publicUrl));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("X-Twilio-Signature", signature);
    request.setRawHeader("User-Agent", "TwilioProxy/1.1");
    QNetworkReply *reply = m_network.post(request, encodeForm(params));
    connect(reply, &QNetworkReply::finished, this, [this, reply, publicUrl] {
        reply->deleteLater();
        if (m_record.finished)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_record.answeredBy << QString::fromLatin1(reply->rawHeader("X-Callgate-Instance"));
        if (status != 200) {
            m_record.protocolErrors << QStringLiteral("webhook %1 answered %2").arg(publicUrl).arg(status);
            finish(QStringLiteral("webhook failed (%1)").arg(status)); // Twilio: "an application error has occurred"
            return;
        }
        onTwiml(reply->readAll(), publicUrl);
    });
}

void TwilioCaller::onTwiml(const QByteArray &xml, const QString &documentUrl)
{
    m_record.twiml.append(xml);
    m_documentUrl = documentUrl;
    m_verbs.clear();
    QXmlStreamReader r(xml);
    QList<Verb *> stack;
    std::deque<Verb> top;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            if (r.name() == QLatin1String("Response") && stack.isEmpty())
                continue;
            Verb v;
            v.name = r.name().toString();
            for (const auto &a : r.attributes())
                v.attributes.insert(a.name().toString(), a.value().toString());
            if (stack.isEmpty()) {
                top.push_back(v);
                stack.append(&top.back());
            } else {
                stack.last()->children.append(v);
                stack.append(&stack.last()->children.last());
            }
        } else if (r.isCharacters() && !stack.isEmpty()) {
            stack.last()->text += r.text().toString().trimmed();
        } else if (r.isEndElement() && !stack.isEmpty()) {
            stack.removeLast();
        }
    }
    if (r.hasError()) {
        m_record.protocolErrors << QStringLiteral("TwiML is not well-formed: %1").arg(r.errorString());
        finish(QStringLiteral("bad TwiML"));
        return;
    }
    m_verbs = std::move(top);
    runNextVerb();
}

void TwilioCaller::runNextVerb()
{
    if (m_record.finished)
        return;
    if (m_verbs.empty()) {
        finish(QStringLiteral("TwiML ended"));
        return;
    }
    const Verb v = m_verbs.front();
    m_verbs.pop_front();
    m_record.verbs << v.name;
    const auto after = [this](qint64 ms) { QTimer::singleShot(int(ms), this, &TwilioCaller::runNextVerb); };
    if (v.name == QLatin1String("Say")) {
        m_record.said << v.text;
        after(qint64(double(v.text.size()) * m_options.sayMsPerChar));
    } else if (v.name == QLatin1String("Pause")) {
        after(m_options.sayMsPerChar > 0 ? v.attributes.value(QStringLiteral("length"), QStringLiteral("1")).toInt() * 1000 : 10);
    } else if (v.name == QLatin1String("Gather")) {
        for (const Verb &child : v.children) {
            m_record.verbs << QStringLiteral("Gather/") + child.name;
            if (child.name == QLatin1String("Say"))
                m_record.said << child.text;
        }
        // The keys this caller presses at this prompt, as Twilio collects them: up to numDigits
        // (default unlimited), or up to finishOnKey (default '#', never part of Digits; empty: no
        // finish key); otherwise `timeout` seconds (default 5) after the last key. Nothing keyed:
        // no request (the next verb runs) unless actionOnEmptyResult.
        const QString keys = m_options.gatherDigits.value(m_gatherIndex++);
        const int numDigits = v.attributes.value(QStringLiteral("numDigits")).toInt();
        const QString finishOnKey =
            v.attributes.contains(QStringLiteral("finishOnKey")) ? v.attributes.value(QStringLiteral("finishOnKey")) : QStringLiteral("#");
        const int timeoutS = v.attributes.value(QStringLiteral("timeout"), QStringLiteral("5")).toInt();
        QString keyed, finishedOn;
        bool complete = false;
        for (const QChar key : keys) {
            if (!finishOnKey.isEmpty() && QString(key) == finishOnKey) {
                finishedOn = finishOnKey;
                complete = true;
                break;
            }
            keyed += key;
            if (numDigits > 0 && keyed.size() >= numDigits) {
                complete = true;
                break;
            }
        }
        const QString action = v.attributes.value(QStringLiteral("action"), m_documentUrl);
        const bool onEmpty = v.attributes.value(QStringLiteral("actionOnEmptyResult")) == QLatin1String("true");
        const auto submit = [this, action, keyed, finishedOn, onEmpty] {
            if (keyed.isEmpty() && finishedOn.isEmpty() && !onEmpty) {
                runNextVerb(); // no input: Twilio falls through to the next verb
                return;
            }
            post(action, {{QStringLiteral("Digits"), keyed}, {QStringLiteral("FinishedOnKey"), finishedOn}});
        };
        if (complete)
            submit();
        else // the caller stops pressing keys: Twilio waits out the timeout
            QTimer::singleShot(m_options.sayMsPerChar > 0 ? timeoutS * 1000 : 10, this, submit);
    } else if (v.name == QLatin1String("Redirect")) {
        post(v.text, {});
    } else if (v.name == QLatin1String("Hangup")) {
        finish(QStringLiteral("TwiML hangup"));
    } else if (v.name == QLatin1String("Dial")) {
        QString target = v.text;
        for (const Verb &child : v.children)
            target += child.text;
        finish(QStringLiteral("dialled ") + target);
    } else if (v.name == QLatin1String("Connect")) {
        m_afterStreamAction = v.attributes.value(QStringLiteral("action"));
        for (const Verb &child : v.children) {
            if (child.name == QLatin1String("Stream")) {
                openStream(child);
                return;
            }
        }
        runNextVerb();
    } else {
        runNextVerb();
    }
}

void TwilioCaller::openStream(const Verb &stream)
{
    const QString url = stream.attributes.value(QStringLiteral("url"));
    m_record.streamUrl = url;
    for (const Verb &p : stream.children) {
        if (p.name == QLatin1String("Parameter"))
            m_record.streamParameters.insert(p.attributes.value(QStringLiteral("name")), p.attributes.value(QStringLiteral("value")));
    }
    if (!url.startsWith(QLatin1String("wss://")))
        m_record.protocolErrors << QStringLiteral("stream URL is not wss:// (Twilio error 31922): ") + url;
    net::WsOptions o;
    o.maxMessageBytes = 16 << 20;
    m_ws = std::make_unique<net::WsConnection>(o);
    m_ws->onMessage = [this](QByteArrayView message, bool isText) {
        if (!isText)
            m_record.protocolErrors << QStringLiteral("binary frame from the gateway (Twilio warning 31950)");
        onStreamMessage(message);
    };
    connect(m_ws.get(), &net::WsConnection::connected, this, [this] {
        m_record.streamOpened = true;
        m_streamSid = randomSid("MZ");
        sendEvent(json({{QStringLiteral("event"), QStringLiteral("connected")},
                        {QStringLiteral("protocol"), QStringLiteral("Call")},
                        {QStringLiteral("version"), QStringLiteral("1.0.0")}}));
        QJsonObject params;
        for (auto it = m_record.streamParameters.cbegin(); it != m_record.streamParameters.cend(); ++it)
            params.insert(it.key(), it.value());
        sendEvent(json({{QStringLiteral("event"), QStringLiteral("start")},
                        {QStringLiteral("sequenceNumber"), QString::number(++m_sequence)},
                        {QStringLiteral("start"),
                         QJsonObject{{QStringLiteral("accountSid"), QStringLiteral("AC0123456789abcdef0123456789abcdef")},
                                     {QStringLiteral("streamSid"), QString::fromLatin1(m_streamSid)},
                                     {QStringLiteral("callSid"), m_options.callSid},
                                     {QStringLiteral("tracks"), QJsonArray{QStringLiteral("inbound")}},
                                     {QStringLiteral("customParameters"), params},
                                     {QStringLiteral("mediaFormat"),
                                      QJsonObject{{QStringLiteral("encoding"), QStringLiteral("audio/x-mulaw")},
                                                  {QStringLiteral("sampleRate"), 8000},
                                                  {QStringLiteral("channels"), 1}}}}},
                        {QStringLiteral("streamSid"), QString::fromLatin1(m_streamSid)}}));
        m_streamStartMs = now();
        m_frameTimer.start(20);
    });
    connect(m_ws.get(), &net::WsConnection::failed, this, [this](const QString &reason) { m_record.streamRefusal = reason.toUtf8(); });
    connect(m_ws.get(), &net::WsConnection::closed, this, &TwilioCaller::onStreamClosed);
    const QByteArray signature = twilio::computeSignature(m_options.authToken, url, {});
    m_ws->open(localUrl(url), {{"X-Twilio-Signature", signature}});
}

void TwilioCaller::sendEvent(const QByteArray &message)
{
    if (!m_ws || !m_ws->isOpen())
        return;
    const qsizetype at = message.indexOf("\"event\":\"");
    if (at >= 0)
        m_record.sentEvents.append(message.mid(at + 9, message.indexOf('"', at + 9) - at - 9));
    m_ws->sendText(message);
}

void TwilioCaller::tick()
{
    const qint64 t = now();
    // Playback: drop what has fully played.
    while (!m_playQueue.empty() && m_playQueue.front().startMs + m_playQueue.front().bytes / 8 <= t) {
        m_playedDone += m_playQueue.front().bytes;
        m_playQueue.pop_front();
    }
    if (m_talkOverFrom >= 0 && m_playEndMs <= t) { // the assistant fell silent under the caller: all it sent has played
        m_record.talkOverMs.append((m_record.audioBytesReceived - m_talkOverFrom) / 8);
        m_talkOverFrom = -1;
    }
    const qint64 due = (t - m_streamStartMs) / 20 + 1;
    while (m_record.framesSent < due && m_ws && m_ws->isOpen()) {
        QByteArray frame;
        const qint64 index = m_record.framesSent;
        if (m_speaking) {
            frame = m_speaking->mid(m_speakPos, 160);
            m_speakPos += 160;
            if (m_speakPos >= m_speaking->size())
                m_speaking = nullptr;
        }
        if (frame.size() < 160)
            frame.append(QByteArray(160 - frame.size(), char(0xFF)));
        if (m_options.frameSource)
            frame = m_options.frameSource(index, frame);
        ++m_record.framesSent;
        QByteArray msg;
        msg.reserve(360);
        msg.append("{\"event\":\"media\",\"sequenceNumber\":\"")
            .append(QByteArray::number(++m_sequence))
            .append("\",\"media\":{\"track\":\"inbound\",\"chunk\":\"")
            .append(QByteArray::number(index + 1))
            .append("\",\"timestamp\":\"")
            .append(QByteArray::number(index * 20))
            .append("\",\"payload\":\"")
            .append(frame.toBase64())
            .append("\"},\"streamSid\":\"")
            .append(m_streamSid)
            .append("\"}");
        m_ws->sendText(msg);
        if (!m_speaking)
            advanceScript();
    }
    advanceScript();
}

void TwilioCaller::advanceScript()
{
    if (m_hungUp || m_step >= m_options.script.size() || m_speaking)
        return;
    const CallerStep &s = m_options.script.at(m_step);
    const qint64 t = now();
    const auto next = [this] {
        ++m_step;
        m_stepStarted = false;
        m_waitSinceMs = -1;
        m_audioAtStepStart = m_record.audioBytesReceived;
    };
    switch (s.kind) {
    case CallerStep::Kind::Say:
    case CallerStep::Kind::BargeIn: {
        if (m_stepStarted) { // the clip has been spoken
            next();
            return;
        }
        if (s.kind == CallerStep::Kind::BargeIn) {
            const bool playing = m_playEndMs > t;
            if (!playing || (playedBytes(t) - m_segmentStart) / 8 < s.afterMs)
                return;
        }
        const Clip *clip = ClipLibrary::instance().find(s.clip);
        if (!clip) {
            next();
            return;
        }
        m_stepStarted = true;
        if (s.kind == CallerStep::Kind::BargeIn)
            m_talkOverFrom = playedBytes(t);
        m_speaking = &clip->ulaw;
        m_speakPos = 0;
        return;
    }
    case CallerStep::Kind::WaitAssistant: {
        const bool heardSomething = m_record.audioBytesReceived > m_audioAtStepStart;
        if (!heardSomething || m_playEndMs > t) {
            m_waitSinceMs = -1;
            return;
        }
        if (m_waitSinceMs < 0)
            m_waitSinceMs = t;
        if (t - m_waitSinceMs >= s.gapMs)
            next();
        return;
    }
    case CallerStep::Kind::SendDigit:
        sendEvent(json({{QStringLiteral("event"), QStringLiteral("dtmf")},
                        {QStringLiteral("streamSid"), QString::fromLatin1(m_streamSid)},
                        {QStringLiteral("sequenceNumber"), QString::number(++m_sequence)},
                        {QStringLiteral("dtmf"),
                         QJsonObject{{QStringLiteral("track"), QStringLiteral("inbound_track")},
                                     {QStringLiteral("digit"), QString::fromLatin1(s.digit)}}}}));
        next();
        return;
    case CallerStep::Kind::HangUp: hangUp(); return;
    case CallerStep::Kind::Pause:
        if (m_waitSinceMs < 0)
            m_waitSinceMs = t;
        if (t - m_waitSinceMs >= s.gapMs)
            next();
        return;
    }
}

void TwilioCaller::sendRaw(const QByteArray &text)
{
    if (m_ws && m_ws->isOpen())
        m_ws->sendText(text);
}

void TwilioCaller::sendRawBinary(const QByteArray &bytes)
{
    if (m_ws && m_ws->isOpen())
        m_ws->sendBinary(bytes);
}

void TwilioCaller::hangUp()
{
    if (m_hungUp || m_record.finished)
        return;
    m_hungUp = true;
    sendEvent(json({{QStringLiteral("event"), QStringLiteral("stop")},
                    {QStringLiteral("sequenceNumber"), QString::number(++m_sequence)},
                    {QStringLiteral("stop"),
                     QJsonObject{{QStringLiteral("accountSid"), QStringLiteral("AC0123456789abcdef0123456789abcdef")},
                                 {QStringLiteral("callSid"), m_options.callSid}}},
                    {QStringLiteral("streamSid"), QString::fromLatin1(m_streamSid)}}));
    if (m_ws)
        m_ws->close(1000, "call ended");
    finish(QStringLiteral("caller hung up"));
}

qint64 TwilioCaller::playedBytes(qint64 t) const
{
    qint64 played = m_playedDone;
    for (const Chunk &c : m_playQueue) {
        if (t <= c.startMs)
            break;
        played += qMin(c.bytes, (t - c.startMs) * 8);
    }
    return played;
}

void TwilioCaller::onStreamMessage(QByteArrayView message)
{
    const QJsonObject o = QJsonDocument::fromJson(message.toByteArray()).object();
    const QString event = o.value(QLatin1String("event")).toString();
    if (o.value(QLatin1String("streamSid")).toString().toLatin1() != m_streamSid) {
        m_record.protocolErrors << QStringLiteral("message with a wrong or missing streamSid: ")
                + QString::fromUtf8(message.first(qMin<qsizetype>(80, message.size())));
        return;
    }
    const qint64 t = now();
    if (event == QLatin1String("media")) {
        const QJsonObject media = o.value(QLatin1String("media")).toObject();
        if (media.contains(QLatin1String("track")) || media.contains(QLatin1String("timestamp")) || media.contains(QLatin1String("chunk")))
            m_record.protocolErrors << QStringLiteral("outbound media carries inbound-only fields");
        auto decoded = QByteArray::fromBase64Encoding(media.value(QLatin1String("payload")).toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            m_record.protocolErrors << QStringLiteral("media payload is not base64 audio");
            return;
        }
        const qint64 n = decoded.decoded.size();
        ++m_record.mediaReceived;
        if (m_record.audioReceived.size() < (2 << 20))
            m_record.audioReceived += *decoded;
        if (m_options.onAudio)
            m_options.onAudio(*decoded);
        if (m_playEndMs <= t)
            m_segmentStart = m_record.audioBytesReceived; // a new reply starts playing
        const qint64 start = qMax(t + m_options.playbackDelayMs, m_playEndMs);
        m_playQueue.push_back({start, n, m_record.audioBytesReceived});
        m_playEndMs = start + n / 8;
        m_record.audioBytesReceived += n;
    } else if (event == QLatin1String("mark")) {
        const QString name = o.value(QLatin1String("mark")).toObject().value(QLatin1String("name")).toString();
        if (name.isEmpty())
            m_record.protocolErrors << QStringLiteral("mark without a name");
        ++m_record.marksReceived;
        m_marks.push_back({name.toUtf8(), qMax(t, m_playEndMs)});
        scheduleMarkEchoes();
    } else if (event == QLatin1String("clear")) {
        ++m_record.clears;
        if (m_options.onClear)
            m_options.onClear();
        const qint64 played = playedBytes(t);
        m_record.heardAtClearMs.append((played - m_segmentStart) / 8);
        if (m_talkOverFrom >= 0)
            m_record.talkOverMs.append((played - std::exchange(m_talkOverFrom, -1)) / 8);
        // What was dropped counts as gone by: positions stay comparable with bytes received.
        m_playedDone = m_record.audioBytesReceived;
        m_playQueue.clear();
        m_playEndMs = t;
        for (PendingMark &m : m_marks)
            m.dueMs = t; // every pending mark comes back at once
        scheduleMarkEchoes();
    } else {
        m_record.protocolErrors << QStringLiteral("unknown event from the gateway: ") + event;
    }
}

void TwilioCaller::scheduleMarkEchoes()
{
    const qint64 t = now();
    while (!m_marks.empty() && m_marks.front().dueMs <= t) {
        const QByteArray name = m_marks.front().name;
        m_marks.pop_front();
        ++m_record.marksEchoed;
        sendEvent(json({{QStringLiteral("event"), QStringLiteral("mark")},
                        {QStringLiteral("sequenceNumber"), QString::number(++m_sequence)},
                        {QStringLiteral("streamSid"), QString::fromLatin1(m_streamSid)},
                        {QStringLiteral("mark"), QJsonObject{{QStringLiteral("name"), QString::fromUtf8(name)}}}}));
    }
    if (!m_marks.empty())
        m_markTimer.start(int(qMax<qint64>(0, m_marks.front().dueMs - t)));
}

void TwilioCaller::leaveStream()
{
    m_leftStream = true;
    m_frameTimer.stop();
    m_markTimer.stop();
    if (m_ws && m_ws->isOpen()) {
        sendEvent(json({{QStringLiteral("event"), QStringLiteral("stop")},
                        {QStringLiteral("sequenceNumber"), QString::number(++m_sequence)},
                        {QStringLiteral("stop"),
                         QJsonObject{{QStringLiteral("accountSid"), QStringLiteral("AC0123456789abcdef0123456789abcdef")},
                                     {QStringLiteral("callSid"), m_options.callSid}}},
                        {QStringLiteral("streamSid"), QString::fromLatin1(m_streamSid)}}));
        m_ws->close(1000, "call updated");
    }
}

void TwilioCaller::applyRestUpdate(const QString &twiml, const QString &url, const QString &status)
{
    if (m_record.finished)
        return;
    leaveStream();
    if (!status.isEmpty()) {
        m_record.restUpdate = QStringLiteral("status=") + status;
        finish(QStringLiteral("%1 through the Calls API").arg(status));
    } else if (!twiml.isEmpty()) {
        m_record.restUpdate = QStringLiteral("twiml");
        onTwiml(twiml.toUtf8(), m_documentUrl);
    } else if (!url.isEmpty()) {
        m_record.restUpdate = QStringLiteral("url");
        post(url, {});
    }
}

void TwilioCaller::onStreamClosed()
{
    m_frameTimer.stop();
    m_markTimer.stop();
    if (m_record.finished || m_leftStream)
        return;
    if (!m_record.streamOpened) {
        finish(QStringLiteral("stream refused: ") + QString::fromUtf8(m_record.streamRefusal));
        return;
    }
    m_record.gatewayClosedStream = true;
    // Twilio goes on with the TwiML after </Connect>, or requests the Connect action.
    if (!m_afterStreamAction.isEmpty())
        post(m_afterStreamAction, {});
    else
        runNextVerb();
}

void TwilioCaller::finish(const QString &how)
{
    if (m_record.finished)
        return;
    m_record.finished = true;
    m_record.endedBy = how;
    if (m_options.rest)
        m_options.rest->unregisterCall(m_options.callSid);
    m_frameTimer.stop();
    m_markTimer.stop();
    m_deadline.stop();
    if (m_ws && m_ws->isOpen())
        m_ws->close(1000, "call ended");
    Q_EMIT finished();
}

} // namespace callgate::sim
