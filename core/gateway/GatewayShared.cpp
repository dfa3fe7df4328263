#include "gateway/GatewayShared.h"

namespace callgate {

GatewayShared::GatewayShared(const Config &c)
    : config(c), sessions(c.maxConcurrentCalls, c.sessionPendingTtlSeconds), lookups(c.lookupCacheSeconds), flowSigner(c.flowStateSecret),
      callerText(callerPrompts(callerLanguageFromCode(c.callerLanguage))), operators(c.operatorAccountsFile)
{
    m_started.start();
    // The models the chosen API uses.
    if (c.openAiApi == QLatin1String("live"))
        health.setModelStatus({openai::ModelStatus::unchecked(QStringLiteral("OPENAI_LIVE_MODEL"), c.openAiLiveModel),
                               openai::ModelStatus::unchecked(QStringLiteral("OPENAI_LIVE_BACKEND_MODEL"), c.openAiLiveBackendModel)});
    else
        health.setModelStatus({openai::ModelStatus::unchecked(QStringLiteral("OPENAI_MODEL"), c.openAiModel),
                               openai::ModelStatus::unchecked(QStringLiteral("OPENAI_TRANSCRIPTION_MODEL"), c.openAiTranscriptionModel)});
    if (c.recordCalls)
        m_recorder = std::make_unique<CallRecorder>(c.recordingsDir);
    // Built-in texts until the prompt fetcher has loaded the configured ones.
    for (int k = 0; k < kPromptKinds; ++k)
        prompts.set(PromptKind(k), {callerText.defaults[k], QStringLiteral("built-in"), {}, QDateTime::currentDateTimeUtc(), {}});
}

QStringList GatewayShared::warnings() const
{
    QStringList out;
    if (!config.signatureValidation)
        out.append(QStringLiteral("Twilio signature validation is OFF"));
    for (const openai::ModelStatus &m : health.modelStatus()) {
        if (m.state == openai::ModelStatus::State::ShuttingDown || m.state == openai::ModelStatus::State::Gone
            || m.state == openai::ModelStatus::State::KeyRefused)
            out.append(m.warning());
    }
    return out;
}

} // namespace callgate
