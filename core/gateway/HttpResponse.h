#pragma once
// A response as the route handlers produce it; HttpFront writes it to the socket.

#include <QByteArray>

namespace callgate {

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    QByteArray extraHeaders; // whole lines, each ending in \r\n

    static HttpResponse text(int status, QByteArray body)
    {
        body.append('\n');
        return {status, "text/plain; charset=utf-8", std::move(body), {}};
    }
    static HttpResponse xml(QByteArray body) { return {200, "text/xml; charset=utf-8", std::move(body), {}}; }
    static HttpResponse json(QByteArray body, int status = 200) { return {status, "application/json", std::move(body), {}}; }
};

} // namespace callgate
