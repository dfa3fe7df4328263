#pragma once
// What /health and the console say of the services a gateway leans on: the last OpenAI connection,
// what OpenAI said of the configured models, and the call store. Written by the calls (any worker),
// the model check (main thread) and the store; read by /health and the console. Thread-safe.

#include "openai/ModelStatus.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <mutex>

namespace callgate {

struct OpenAiConnectionStatus {
    QString result = QStringLiteral("never"); // never | ok | failed
    QString detail;
    QDateTime at;
};

class ServiceHealth {
public:
    void setOpenAiStatus(bool ok, const QString &detail);
    OpenAiConnectionStatus openAiStatus() const;

    void setModelStatus(const QList<openai::ModelStatus> &models);
    QList<openai::ModelStatus> modelStatus() const;

    // The call store: "ok", or failing with what went wrong.
    void setStoreStatus(bool ok, const QString &detail);
    QPair<bool, QString> storeStatus() const;

private:
    mutable std::mutex m_mutex;
    OpenAiConnectionStatus m_openAi;
    QList<openai::ModelStatus> m_models;
    bool m_storeOk = true;
    QString m_storeDetail;
};

} // namespace callgate
