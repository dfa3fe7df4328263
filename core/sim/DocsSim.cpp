#include "sim/DocsSim.h"

#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

namespace callgate::sim {

DocsSim::DocsSim(QObject *parent)
    : QObject(parent), m_http(
                           [this](const SimRequest &r, SimHttpServer::Respond respond) {
                               static const QRegularExpression path(QStringLiteral("^/document/d/([A-Za-z0-9_-]+)/export$"));
                               const auto m = path.match(r.url.path());
                               if (!m.hasMatch() || QUrlQuery(r.url).queryItemValue(QStringLiteral("format")) != QLatin1String("txt")) {
                                   respond({404, "text/html; charset=utf-8", "<html><body>Not Found</body></html>", {}});
                                   return;
                               }
                               const QString id = m.captured(1);
                               ++m_fetches[id];
                               const auto it = m_docs.constFind(id);
                               const Mode mode = it == m_docs.cend() ? Mode::NotFound : it->mode;
                               switch (mode) {
                               case Mode::Text: respond({200, "text/plain; charset=utf-8", "\xEF\xBB\xBF" + it->text.toUtf8(), {}}); return;
                               case Mode::SignInPage:
                                   respond({200,
                                            "text/html; charset=utf-8",
                                            "<!DOCTYPE html><html><head><title>Google Docs: Sign-in</title></head>"
                                            "<body>Sign in to continue to Docs</body></html>",
                                            {}});
                                   return;
                               case Mode::NotFound:
                                   respond({404,
                                            "text/html; charset=utf-8",
                                            "<html><body>Sorry, the file you have requested does not exist.</body></html>",
                                            {}});
                                   return;
                               case Mode::ServerError:
                                   respond({500, "text/html; charset=utf-8", "<html><body>Server Error</body></html>", {}});
                                   return;
                               case Mode::Slow:
                                   QTimer::singleShot(60000, this, [respond] { respond({200, "text/plain", "too late", {}}); });
                                   return;
                               }
                           },
                           this)
{}

Status DocsSim::listen(quint16 port) { return m_http.listenLocal(port); }

void DocsSim::setDoc(const QString &id, const QString &text, Mode mode) { m_docs.insert(id, Doc{text, mode}); }

void DocsSim::setMode(const QString &id, Mode mode) { m_docs[id].mode = mode; }

} // namespace callgate::sim
