#include "util/Log.h"

#include "util/PhoneMask.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace callgate::log {
namespace {

std::atomic<Format> g_format{Format::Text};
std::mutex g_writeMutex;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "error";
    case QtFatalMsg: return "fatal";
    }
    return "info";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QByteArray line = formatLine(g_format.load(std::memory_order_relaxed), type, context.category ? context.category : "default", message);
    line.append('\n');
    {
        std::lock_guard lock(g_writeMutex);
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        std::fflush(stderr);
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

QByteArray formatLine(Format format, QtMsgType type, const char *category, const QString &message)
{
    const QString safe = maskPhoneNumbersIn(message);
    const QString ts = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    if (format == Format::Json) {
        QJsonObject o{{QStringLiteral("ts"), ts},
                      {QStringLiteral("level"), QLatin1String(levelName(type))},
                      {QStringLiteral("cat"), QLatin1String(category)},
                      {QStringLiteral("msg"), safe}};
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    QString flat = safe;
    flat.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return (ts + QLatin1Char(' ') + QLatin1String(levelName(type)) + QLatin1Char(' ') + QLatin1String(category) + QLatin1Char(' ') + flat)
        .toUtf8();
}

void install(Format format)
{
    g_format.store(format);
    qInstallMessageHandler(handler);
}

} // namespace callgate::log
