#pragma once
// A console's side of the operator link for tests: connects with a token, keeps every JSON
// message and the audio it is sent (decoded from Opus to 8 kHz PCM, by channel), and sends
// commands, each answered by a reply with its id.

#include "audio/OpusVoice.h"
#include "net/WsConnection.h"
#include "operator/OperatorMessages.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <map>
#include <vector>

namespace testing {

struct OperatorClient {
    callgate::net::WsConnection ws{callgate::net::WsOptions{}};
    QList<QJsonObject> messages;
    QList<callgate::operatorlink::Message> decoded;
    std::map<int, std::vector<int16_t>> audio; // channel → samples
    std::map<int, std::vector<quint32>> sequences;
    std::map<int, callgate::audio::VoiceDecoder> decoders;
    std::vector<qint64> callerStamps; // the gateway's arrival time of each caller frame
    bool closed = false;
    qint64 nextId = 1;

    OperatorClient()
    {
        ws.onMessage = [this](QByteArrayView m, bool text) {
            if (text) {
                messages.append(QJsonDocument::fromJson(m.toByteArray()).object());
                if (auto d = callgate::operatorlink::decode(m); d)
                    decoded.append(d.value());
                return;
            }
            const auto a = callgate::operatorlink::decodeAudio(m);
            if (!a)
                return;
            const int channel = int(a.value().first.channel);
            int16_t pcm[callgate::audio::kVoiceFrameSamples];
            decoders[channel].decode(m.sliced(a.value().second), pcm);
            audio[channel].insert(audio[channel].end(), pcm, pcm + callgate::audio::kVoiceFrameSamples);
            sequences[channel].push_back(a.value().first.sequence);
            if (channel == 0)
                callerStamps.push_back(a.value().first.stampNs);
        };
        QObject::connect(&ws, &callgate::net::WsConnection::closed, &ws, [this] { closed = true; });
    }
    void open(quint16 port, const QByteArray &token)
    {
        callgate::net::WsConnection::Headers h;
        if (!token.isEmpty())
            h.append({"Authorization", "Bearer " + token});
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/operator").arg(port)), h);
    }
    // The messages of one type, in order.
    QList<QJsonObject> of(const char *type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : messages)
            if (m.value(QLatin1String("type")).toString() == QLatin1String(type))
                out << m;
        return out;
    }
    // The call as the latest message that mentions it says, if any.
    std::optional<callgate::CallSummary> call(const QByteArray &sessionId) const
    {
        std::optional<callgate::CallSummary> found;
        for (const auto &d : decoded)
            for (const auto &c : d.calls)
                if (c.sessionId == sessionId)
                    found = c;
        return found;
    }
    qint64 send(callgate::operatorlink::Command c)
    {
        c.id = nextId++;
        ws.sendText(callgate::operatorlink::encodeCommand(c));
        return c.id;
    }
    // The reply to command `id`: nullopt while none came, else the refusal (empty: done).
    std::optional<QString> replyTo(qint64 id) const
    {
        for (const auto &d : decoded)
            if (d.type == callgate::operatorlink::Message::Type::Reply && d.replyTo == id)
                return d.refusal;
        return std::nullopt;
    }
    // Sends a command and waits for its answer.
    QString command(callgate::operatorlink::Command::Type type, const QByteArray &sessionId, const QString &text = {}, bool on = true)
    {
        const qint64 id = send({type, 0, sessionId, text, on});
        (void)QTest::qWaitFor([&] { return replyTo(id).has_value(); }, 5000);
        return replyTo(id).value_or(QStringLiteral("(no reply)"));
    }
};

} // namespace testing
