#include "openai/Transcriber.h"

#include "openai/ModelStatus.h"

#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtEndian>

#include <cstring>

namespace callgate::openai {

QUrl transcriptionUrl(const QUrl &realtimeUrl) { return restUrlNextTo(realtimeUrl, QStringLiteral("audio/transcriptions")); }

Transcriber::Transcriber(QUrl endpoint, QString apiKey, QString model, int timeoutMs, QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this)), m_endpoint(std::move(endpoint)), m_apiKey(std::move(apiKey)),
      m_model(std::move(model)), m_timeoutMs(timeoutMs)
{}

QByteArray Transcriber::wav(const QByteArray &pcm, int rate)
{
    QByteArray out(44, Qt::Uninitialized);
    char *h = out.data();
    const auto le32 = [](char *p, quint32 v) { qToLittleEndian(v, p); };
    const auto le16 = [](char *p, quint16 v) { qToLittleEndian(v, p); };
    std::memcpy(h, "RIFF", 4);
    le32(h + 4, quint32(36 + pcm.size()));
    std::memcpy(h + 8, "WAVEfmt ", 8);
    le32(h + 16, 16);
    le16(h + 20, 1); // PCM
    le16(h + 22, 1); // mono
    le32(h + 24, quint32(rate));
    le32(h + 28, quint32(rate * 2));
    le16(h + 32, 2);
    le16(h + 34, 16);
    std::memcpy(h + 36, "data", 4);
    le32(h + 40, quint32(pcm.size()));
    return out + pcm;
}

void Transcriber::transcribe(const QByteArray &pcm, const QString &language, std::function<void(Result<QString>)> done)
{
    auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    const auto field = [form](const char *name, const QByteArray &value) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArray(QByteArray("form-data; name=\"") + name + '"'));
        part.setBody(value);
        form->append(part);
    };
    QHttpPart file;
    file.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArrayLiteral("form-data; name=\"file\"; filename=\"agent.wav\""));
    file.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("audio/wav"));
    file.setBody(wav(pcm));
    form->append(file);
    field("model", m_model.toUtf8());
    if (!language.isEmpty())
        field("language", language.toUtf8());
    field("response_format", "json");
    QNetworkRequest request(m_endpoint);
    request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->post(request, form);
    form->setParent(reply);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        if (status == 200 && o.value(QLatin1String("text")).isString()) {
            done(o.value(QLatin1String("text")).toString().trimmed());
            return;
        }
        const QString message = o.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().left(200);
        if (status == 0)
            done(Error{reply->errorString()});
        else
            done(Error{QStringLiteral("HTTP %1%2").arg(status).arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message)});
    });
}

} // namespace callgate::openai
