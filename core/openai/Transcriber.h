#pragma once
// Speech to text for a stretch of call audio the conversation does not transcribe itself — a
// supervisor's turn during a takeover: POST /v1/audio/transcriptions (multipart: a WAV file of
// 8 kHz mono 16-bit PCM, the model, the language; JSON answer {"text": …}). The endpoint sits next
// to the Realtime one: wss://host/v1/realtime → https://host/v1/audio/transcriptions. Lives on
// one thread (its QNetworkAccessManager does); answers come back there.

#include "util/Result.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace callgate::openai {

QUrl transcriptionUrl(const QUrl &realtimeUrl);

class Transcriber : public QObject {
    Q_OBJECT
public:
    Transcriber(QUrl endpoint, QString apiKey, QString model, int timeoutMs, QObject *parent = nullptr);

    // `pcm`: 16-bit little-endian mono samples at 8 kHz; `language`: ISO-639-1 or empty. `done`
    // gets the text (possibly empty: nothing was said) or why there is none.
    void transcribe(const QByteArray &pcm, const QString &language, std::function<void(Result<QString>)> done);

    static QByteArray wav(const QByteArray &pcm, int rate = 8000);

private:
    QNetworkAccessManager *m_network;
    QUrl m_endpoint;
    QString m_apiKey;
    QString m_model;
    int m_timeoutMs;
};

} // namespace callgate::openai
