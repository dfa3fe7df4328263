#pragma once
// Whether the OpenAI models a gateway is set to use still exist, and when they shut down: asked of
// the models endpoint (GET /v1/models/{model}, which carries `shutdown_date`) at start-up and twice
// a day, so a model about to disappear is said out loud long before calls start failing. The
// endpoint sits next to the Realtime one: wss://host/v1/realtime → https://host/v1/models/{model}.

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace callgate::openai {

// A REST endpoint of the API the socket `socketUrl` belongs to: wss://host/v1/realtime (or
// …/v1/live/sessions) and "models/x" → https://host/v1/models/x; ws:// gives http://.
QUrl restUrlNextTo(const QUrl &socketUrl, const QString &path);

struct ModelStatus {
    enum class State {
        Unchecked,    // not asked yet
        Current,      // exists, no shutdown announced
        ShuttingDown, // exists, shutdown_date set
        Gone,         // 404: shut down, misspelt, or not open to this key
        Unknown,      // the question could not be answered (network, 5xx, key without that right)
        KeyRefused,   // 401: the API key itself is wrong
    };
    QString setting; // e.g. OPENAI_MODEL
    QString model;
    State state = State::Unchecked;
    QDate shutdownDate; // ShuttingDown only
    QString detail;     // Unknown / KeyRefused: what happened
    QDateTime checkedAt;

    static ModelStatus unchecked(const QString &setting, const QString &model)
    {
        ModelStatus s;
        s.setting = setting;
        s.model = model;
        return s;
    }
    static const char *stateName(State s); // unchecked | current | shutting-down | gone | unknown | key-refused
    // What to tell an operator, one line; empty when there is nothing to say (current, unchecked).
    // e.g. "gpt-realtime (OPENAI_MODEL) shuts down on 2027-01-20; OpenAI names gpt-realtime-2.1 as
    // its replacement"
    QString warning() const;
    // The one line a gateway stops on at start-up (Gone, KeyRefused); empty otherwise.
    QString fatalError() const;
};

// The models endpoint for `model` next to the Realtime (…/v1/realtime) or GPT-Live
// (…/v1/live/sessions) endpoint `realtimeUrl`.
QUrl modelUrl(const QUrl &realtimeUrl, const QString &model);

// An answer of the models endpoint → a status (setting and model are filled in by the caller).
ModelStatus::State readModelAnswer(int httpStatus, const QByteArray &body, QDate *shutdownDate, QString *detail);

// The replacement OpenAI's deprecations page names for a model that is going away (as of
// 2026-12-01), or empty.
QString namedReplacement(const QString &model);

// Reasoning-capable Realtime models take `reasoning.effort`; the earlier ones refuse it.
bool isReasoningModel(const QString &model);

// Asks the models endpoint about a list of (setting, model) pairs at once. Lives on the thread that
// made it.
class ModelCheck : public QObject {
    Q_OBJECT
public:
    ModelCheck(QUrl realtimeUrl, QString apiKey, QObject *parent = nullptr);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // `done` gets one status per pair, in order, once every answer is in (or timed out).
    void check(const QList<QPair<QString, QString>> &settingModels, std::function<void(QList<ModelStatus>)> done);

private:
    QUrl m_realtimeUrl;
    QString m_apiKey;
    int m_timeoutMs = 5000;
    QNetworkAccessManager *m_network;
};

} // namespace callgate::openai
