#include "gateway/ServiceHealth.h"

namespace callgate {

void ServiceHealth::setOpenAiStatus(bool ok, const QString &detail)
{
    std::lock_guard lock(m_mutex);
    m_openAi.result = ok ? QStringLiteral("ok") : QStringLiteral("failed");
    m_openAi.detail = detail;
    m_openAi.at = QDateTime::currentDateTimeUtc();
}

OpenAiConnectionStatus ServiceHealth::openAiStatus() const
{
    std::lock_guard lock(m_mutex);
    return m_openAi;
}

void ServiceHealth::setModelStatus(const QList<openai::ModelStatus> &models)
{
    std::lock_guard lock(m_mutex);
    m_models = models;
}

QList<openai::ModelStatus> ServiceHealth::modelStatus() const
{
    std::lock_guard lock(m_mutex);
    return m_models;
}

void ServiceHealth::setStoreStatus(bool ok, const QString &detail)
{
    std::lock_guard lock(m_mutex);
    m_storeOk = ok;
    m_storeDetail = detail;
}

QPair<bool, QString> ServiceHealth::storeStatus() const
{
    std::lock_guard lock(m_mutex);
    return {m_storeOk, m_storeDetail};
}

} // namespace callgate
