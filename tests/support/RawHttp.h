#pragma once
// A deliberately plain HTTP/1.1 client over a blocking QTcpSocket, for tests that must send exactly
// the bytes they mean (garbage, oversize heads, slow bodies) and see exactly what comes back.
// Use from the test thread while the gateway runs on its own threads.

#include <QByteArray>
#include <QList>
#include <QTcpSocket>

#include <memory>

struct RawResponse {
    int status = 0; // 0: no response
    QByteArray head;
    QByteArray body;
    QByteArray header(const QByteArray &name) const;
};

class RawConnection {
public:
    explicit RawConnection(quint16 port);
    bool isConnected() const;
    void send(const QByteArray &bytes);
    // Reads one whole response (head + Content-Length body), or status 0 on timeout/close.
    RawResponse readResponse(int timeoutMs = 5000);
    // True when the server closed the connection within the time.
    bool waitForClose(int timeoutMs = 5000);

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

// One request on a fresh connection.
RawResponse rawExchange(quint16 port, const QByteArray &request, int timeoutMs = 5000);

// A port on 127.0.0.1 that was free a moment ago (for a server process the test starts).
quint16 freePort();

// Builds a request with the given method, path, headers and body (Content-Length added when body
// is not empty).
QByteArray buildRequest(const QByteArray &method, const QByteArray &path, const QList<QPair<QByteArray, QByteArray>> &headers = {},
                        const QByteArray &body = {});
