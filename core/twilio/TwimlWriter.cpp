#include "twilio/TwimlWriter.h"

namespace callgate::twilio {

TwimlWriter::TwimlWriter() : m_xml(&m_buffer)
{
    m_xml.writeStartDocument();
    m_xml.writeStartElement(QStringLiteral("Response"));
}

TwimlWriter &TwimlWriter::say(const QString &text, const SayOptions &options)
{
    m_xml.writeStartElement(QStringLiteral("Say"));
    if (!options.voice.isEmpty())
        m_xml.writeAttribute(QStringLiteral("voice"), options.voice);
    if (!options.language.isEmpty())
        m_xml.writeAttribute(QStringLiteral("language"), options.language);
    m_xml.writeCharacters(text);
    m_xml.writeEndElement();
    return *this;
}

TwimlWriter &TwimlWriter::pause(int seconds)
{
    m_xml.writeEmptyElement(QStringLiteral("Pause"));
    m_xml.writeAttribute(QStringLiteral("length"), QString::number(seconds));
    return *this;
}

TwimlWriter &TwimlWriter::beginGather(const GatherOptions &o)
{
    m_xml.writeStartElement(QStringLiteral("Gather"));
    m_xml.writeAttribute(QStringLiteral("input"), o.input);
    if (!o.action.isEmpty()) {
        m_xml.writeAttribute(QStringLiteral("action"), o.action);
        m_xml.writeAttribute(QStringLiteral("method"), QStringLiteral("POST"));
    }
    if (o.numDigits > 0)
        m_xml.writeAttribute(QStringLiteral("numDigits"), QString::number(o.numDigits));
    m_xml.writeAttribute(QStringLiteral("timeout"), QString::number(o.timeoutSeconds));
    m_xml.writeAttribute(QStringLiteral("finishOnKey"), o.finishOnKey);
    ++m_openGathers;
    return *this;
}

TwimlWriter &TwimlWriter::endGather()
{
    Q_ASSERT(m_openGathers > 0);
    --m_openGathers;
    m_xml.writeEndElement();
    return *this;
}

TwimlWriter &TwimlWriter::redirect(const QString &url)
{
    m_xml.writeStartElement(QStringLiteral("Redirect"));
    m_xml.writeAttribute(QStringLiteral("method"), QStringLiteral("POST"));
    m_xml.writeCharacters(url);
    m_xml.writeEndElement();
    return *this;
}

TwimlWriter &TwimlWriter::hangup()
{
    m_xml.writeEmptyElement(QStringLiteral("Hangup"));
    return *this;
}

TwimlWriter &TwimlWriter::connectStream(const QString &streamUrl, const QList<QPair<QString, QString>> &parameters,
                                        const QString &connectAction)
{
    m_xml.writeStartElement(QStringLiteral("Connect"));
    if (!connectAction.isEmpty()) {
        m_xml.writeAttribute(QStringLiteral("action"), connectAction);
        m_xml.writeAttribute(QStringLiteral("method"), QStringLiteral("POST"));
    }
    m_xml.writeStartElement(QStringLiteral("Stream"));
    m_xml.writeAttribute(QStringLiteral("url"), streamUrl);
    for (const auto &p : parameters) {
        m_xml.writeEmptyElement(QStringLiteral("Parameter"));
        m_xml.writeAttribute(QStringLiteral("name"), p.first);
        m_xml.writeAttribute(QStringLiteral("value"), p.second);
    }
    m_xml.writeEndElement(); // Stream
    m_xml.writeEndElement(); // Connect
    return *this;
}

TwimlWriter &TwimlWriter::dialNumber(const QString &e164, const QString &callerId)
{
    m_xml.writeStartElement(QStringLiteral("Dial"));
    if (!callerId.isEmpty())
        m_xml.writeAttribute(QStringLiteral("callerId"), callerId);
    m_xml.writeTextElement(QStringLiteral("Number"), e164);
    m_xml.writeEndElement();
    return *this;
}

QByteArray TwimlWriter::finish()
{
    while (m_openGathers > 0)
        endGather();
    m_xml.writeEndElement(); // Response
    m_xml.writeEndDocument();
    return m_buffer;
}

} // namespace callgate::twilio
