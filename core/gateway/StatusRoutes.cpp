#include "gateway/StatusRoutes.h"

#include "gateway/GatewayShared.h"
#include "util/Redact.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace callgate {
namespace {

// /health answers anyone: no file paths, credentials or query keys in what it says (the log has
// the whole text).
QString publicText(const QString &text) { return redactPaths(redactUrls(text)); }

} // namespace

HttpResponse handleHealth(const GatewayShared &shared)
{
    const OpenAiConnectionStatus ai = shared.health.openAiStatus();
    const Metrics::Gauges g = shared.gauges();
    const bool draining = shared.draining.load();
    QJsonObject body{
        {QStringLiteral("status"), draining ? QStringLiteral("draining") : QStringLiteral("ok")},
        {QStringLiteral("version"), QCoreApplication::applicationVersion()},
        {QStringLiteral("uptimeSeconds"), double(shared.uptimeSeconds())},
        {QStringLiteral("calls"),
         QJsonObject{{QStringLiteral("active"), g.activeSessions}, {QStringLiteral("pending"), g.pendingSessions}}},
        {QStringLiteral("openai"),
         QJsonObject{{QStringLiteral("lastConnection"), ai.result},
                     {QStringLiteral("detail"), publicText(ai.detail)},
                     {QStringLiteral("at"), ai.at.isValid() ? QJsonValue(ai.at.toString(Qt::ISODate)) : QJsonValue()}}},
        {QStringLiteral("store"),
         QJsonObject{{QStringLiteral("status"), shared.health.storeStatus().first ? QStringLiteral("ok") : QStringLiteral("failing")},
                     {QStringLiteral("detail"), publicText(shared.health.storeStatus().second)}}},
        {QStringLiteral("signatureValidation"), shared.config.signatureValidation},
        {QStringLiteral("demo"), shared.config.demo},
        {QStringLiteral("workers"), shared.config.workerThreads},
    };
    QJsonObject prompts;
    for (int k = 0; k < kPromptKinds; ++k) {
        const PromptText p = shared.prompts.get(PromptKind(k));
        QJsonObject one{{QStringLiteral("origin"), p.origin}, {QStringLiteral("version"), p.version}};
        if (!p.lastError.isEmpty())
            one.insert(QStringLiteral("lastError"), publicText(p.lastError));
        prompts.insert(QLatin1String(promptKindName(PromptKind(k))), one);
    }
    body.insert(QStringLiteral("prompts"), prompts);
    QJsonArray models;
    for (const openai::ModelStatus &m : shared.health.modelStatus()) {
        QJsonObject one{
            {QStringLiteral("setting"), m.setting},
            {QStringLiteral("model"), m.model},
            {QStringLiteral("status"), QLatin1String(openai::ModelStatus::stateName(m.state))},
            {QStringLiteral("shutdownDate"), m.shutdownDate.isValid() ? QJsonValue(m.shutdownDate.toString(Qt::ISODate)) : QJsonValue()}};
        if (!m.detail.isEmpty())
            one.insert(QStringLiteral("detail"), publicText(m.detail));
        if (m.checkedAt.isValid())
            one.insert(QStringLiteral("checkedAt"), m.checkedAt.toString(Qt::ISODate));
        models.append(one);
    }
    QJsonObject openAi = body.value(QLatin1String("openai")).toObject();
    openAi.insert(QStringLiteral("models"), models);
    body.insert(QStringLiteral("openai"), openAi);
    QJsonArray warnings;
    for (const QString &w : shared.warnings())
        warnings.append(publicText(w));
    body.insert(QStringLiteral("warnings"), warnings);
    return HttpResponse::json(QJsonDocument(body).toJson(QJsonDocument::Compact), draining ? 503 : 200);
}

HttpResponse handleMetrics(const GatewayShared &shared, const QHttpServerRequest &request)
{
    const Metrics::Gauges g = shared.gauges();
    if (QUrlQuery(request.url()).queryItemValue(QStringLiteral("format")) == QLatin1String("json"))
        return HttpResponse::json(QJsonDocument(shared.metrics.json(g)).toJson(QJsonDocument::Compact));
    return {200, "text/plain; version=0.0.4; charset=utf-8", shared.metrics.prometheusText(g), {}};
}

} // namespace callgate
