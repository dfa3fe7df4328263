#pragma once
// The Google Docs export endpoint, GET /document/d/{ID}/export?format=txt, on 127.0.0.1: the text
// of a doc (with the byte-order mark Google puts first), or what goes wrong in real life — an HTML
// sign-in page (a doc not shared publicly) with 200, a 404, a 500, or an answer too slow to wait
// for. Lives on the thread that created it.

#include "sim/SimHttpServer.h"

namespace callgate::sim {

class DocsSim : public QObject {
    Q_OBJECT
public:
    enum class Mode { Text, SignInPage, NotFound, ServerError, Slow };

    explicit DocsSim(QObject *parent = nullptr);
    Status listen(quint16 port = 0);
    QUrl url() const { return m_http.url(); }

    void setDoc(const QString &id, const QString &text, Mode mode = Mode::Text);
    void setMode(const QString &id, Mode mode);
    int fetches(const QString &id) const { return m_fetches.value(id); }

private:
    struct Doc {
        QString text;
        Mode mode = Mode::Text;
    };
    SimHttpServer m_http;
    QHash<QString, Doc> m_docs;
    QHash<QString, int> m_fetches;
};

} // namespace callgate::sim
