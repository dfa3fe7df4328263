#pragma once
// Builds TwiML documents with QXmlStreamWriter, so every caller-facing text and every attribute is
// escaped by the XML writer and never pasted into a string.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QXmlStreamWriter>

namespace callgate::twilio {

struct SayOptions {
    QString voice;    // e.g. "Polly.Joanna-Neural"; empty = Twilio's default
    QString language; // BCP-47, e.g. "en-US"; empty = Twilio's default
};

struct GatherOptions {
    QString action; // absolute URL; empty = the current document's URL
    QString input = QStringLiteral("dtmf");
    int numDigits = 0; // 0 = unlimited
    int timeoutSeconds = 5;
    QString finishOnKey = QStringLiteral("#");
};

class TwimlWriter {
public:
    TwimlWriter();

    TwimlWriter &say(const QString &text, const SayOptions &options = {});
    TwimlWriter &pause(int seconds);
    TwimlWriter &beginGather(const GatherOptions &options);
    TwimlWriter &endGather();
    TwimlWriter &redirect(const QString &url);
    TwimlWriter &hangup();
    // <Connect action?><Stream url><Parameter …/>…</Stream></Connect>
    TwimlWriter &connectStream(const QString &streamUrl, const QList<QPair<QString, QString>> &parameters,
                               const QString &connectAction = {});
    // <Dial callerId?><Number>e164</Number></Dial>
    TwimlWriter &dialNumber(const QString &e164, const QString &callerId = {});

    // Closes <Response> and returns the document; the writer must not be used afterwards.
    QByteArray finish();

private:
    QByteArray m_buffer;
    QXmlStreamWriter m_xml;
    int m_openGathers = 0;
};

} // namespace callgate::twilio
