#pragma once
// What QtHttpServer 6.4 lacks in front of it: size caps, timeouts, an answer to garbage, Expect:
// 100-continue and Connection: close. A ConnectionGuard is attached to each accepted socket before
// the HTTP server sees it; its readyRead slot runs before the server's, so it inspects every
// request (peeking, never consuming) and answers or closes before the server parses a bad one.
// Lives on the thread of its socket.

#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace callgate {

class Metrics;

struct HttpLimits {
    qint64 maxBodyBytes = 65536;
    int maxHeaderBytes = 16384;
    int requestTimeoutMs = 10000;
    int idleTimeoutMs = 60000;
};

// What the guard decides from a complete request head (request line and headers, up to and
// including the blank line). Pure; any thread.
struct HeadVerdict {
    int status = 0;          // 0: acceptable; else the status to refuse it with
    const char *reason = ""; // the refusal's reason, for the log and /metrics
    const char *text = "";   // the refusal's body
    qint64 contentLength = 0;
    bool closeAfterResponse = false;
    bool expectContinue = false; // answer 100 Continue before the body
};
HeadVerdict checkRequestHead(QByteArrayView head, const HttpLimits &limits);
// Offset just past the blank line that ends a head (CRLFCRLF, LFLF, or mixed), or -1.
qsizetype requestHeadEnd(QByteArrayView data);
// How many bytes of CR, LF and blanks lead the data (allowed between requests).
qsizetype skipLeadingWhitespace(QByteArrayView data);

class ConnectionGuard : public QObject {
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits, Metrics &metrics);

private:
    enum class Phase { Idle, Head, Body, AwaitingResponse, Closing };

    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    // Inspects a complete head; returns false when it rejected the request.
    bool checkHead(QByteArrayView head);
    void reject(int status, const char *reason, QByteArrayView text);
    void enterIdle();

    QTcpSocket *m_socket;
    const HttpLimits m_limits;
    Metrics &m_metrics;
    QTimer m_timer;
    Phase m_phase = Phase::Idle;
    QByteArray m_head; // the current request's head while incomplete
    qint64 m_bodyRemaining = 0;
    bool m_closeAfterResponse = false;
};

} // namespace callgate
