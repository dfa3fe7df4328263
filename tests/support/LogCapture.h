#pragma once
// Every log line of the test process, kept for the test to search (a message handler installed for
// the object's life, passing each line on to the one before it — make it in initTestCase, after
// QTest has installed its own). Thread-safe.

#include <QMutex>
#include <QStringList>
#include <QtGlobal>

namespace testing {

class LogCapture {
public:
    LogCapture() { s_previous = qInstallMessageHandler(&LogCapture::keep); }
    ~LogCapture() { qInstallMessageHandler(s_previous); }
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;

    QStringList lines() const
    {
        QMutexLocker lock(&s_mutex);
        return s_lines;
    }
    bool contains(const QString &part) const
    {
        QMutexLocker lock(&s_mutex);
        for (const QString &l : std::as_const(s_lines))
            if (l.contains(part))
                return true;
        return false;
    }

private:
    static void keep(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        {
            QMutexLocker lock(&s_mutex);
            s_lines.append(message);
        }
        if (s_previous)
            s_previous(type, context, message);
    }
    static inline QMutex s_mutex;
    static inline QStringList s_lines;
    static inline QtMessageHandler s_previous = nullptr;
};

} // namespace testing
