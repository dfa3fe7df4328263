#include "gateway/GatewayShared.h"

namespace callgate {

GatewayShared::GatewayShared(const Config &c)
    : config(c), sessions(c.maxConcurrentCalls, c.sessionPendingTtlSeconds), lookups(c.lookupCacheSeconds), flowSigner(c.flowStateSecret),
      callerText(callerPrompts(callerLanguageFromCode(c.callerLanguage)))
{
    m_started.start();
    m_models = {openai::ModelStatus::unchecked(QStringLiteral("OPENAI_MODEL"), c.openAiModel),
                openai::ModelStatus::unchecked(QStringLiteral("OPENAI_TRANSCRIPTION_MODEL"), c.openAiTranscriptionModel)};
    if (c.recordCalls)
        m_recorder = std::make_unique<CallRecorder>(c.recordingsDir);
    // Built-in texts until the prompt fetcher has loaded the configured ones.
    for (int k = 0; k < kPromptKinds; ++k)
        prompts.set(PromptKind(k), {callerText.defaults[k], QStringLiteral("built-in"), {}, QDateTime::currentDateTimeUtc(), {}});
}

void GatewayShared::setOpenAiStatus(bool ok, const QString &detail)
{
    std::lock_guard lock(m_statusMutex);
    m_openAi.result = ok ? QStringLiteral("ok") : QStringLiteral("failed");
    m_openAi.detail = detail;
    m_openAi.at = QDateTime::currentDateTimeUtc();
}

void GatewayShared::setStoreStatus(bool ok, const QString &detail)
{
    std::lock_guard lock(m_statusMutex);
    m_storeOk = ok;
    m_storeDetail = detail;
}

QPair<bool, QString> GatewayShared::storeStatus() const
{
    std::lock_guard lock(m_statusMutex);
    return {m_storeOk, m_storeDetail};
}

void GatewayShared::setModelStatus(const QList<openai::ModelStatus> &models)
{
    std::lock_guard lock(m_statusMutex);
    m_models = models;
}

QList<openai::ModelStatus> GatewayShared::modelStatus() const
{
    std::lock_guard lock(m_statusMutex);
    return m_models;
}

QStringList GatewayShared::warnings() const
{
    QStringList out;
    if (!config.signatureValidation)
        out.append(QStringLiteral("Twilio signature validation is OFF"));
    for (const openai::ModelStatus &m : modelStatus()) {
        if (m.state == openai::ModelStatus::State::ShuttingDown || m.state == openai::ModelStatus::State::Gone
            || m.state == openai::ModelStatus::State::KeyRefused)
            out.append(m.warning());
    }
    return out;
}

OpenAiConnectionStatus GatewayShared::openAiStatus() const
{
    std::lock_guard lock(m_statusMutex);
    return m_openAi;
}

} // namespace callgate
