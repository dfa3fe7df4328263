#include "net/Tls.h"

#include "net/Transport.h"

#include <QFile>
#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include <mutex>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace callgate::net {
namespace {

// One client context for the process (SSL_CTX is safe to share between threads once set up;
// certificates added to its store later are seen by the connections made after).
SSL_CTX *clientContext()
{
    static SSL_CTX *ctx = [] {
        SSL_CTX *c = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
        SSL_CTX_set_verify(c, SSL_VERIFY_PEER, nullptr);
        SSL_CTX_set_default_verify_paths(c);
        SSL_CTX_set_mode(c, SSL_MODE_RELEASE_BUFFERS); // idle connections keep no 34 KB of buffers
        return c;
    }();
    return ctx;
}

QString lastSslError()
{
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0)
        return QStringLiteral("connection closed during the TLS handshake");
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    return QString::fromLatin1(text);
}

class TlsClient : public QObject, public Transport {
public:
    TlsClient(std::unique_ptr<Transport> raw, const QString &host) : m_raw(std::move(raw)), m_host(host)
    {
        m_ssl = SSL_new(clientContext());
        BIO *in = BIO_new(BIO_s_mem());
        BIO *out = BIO_new(BIO_s_mem());
        m_in = in;
        m_out = out;
        SSL_set_bio(m_ssl, in, out); // owned by m_ssl from here
        SSL_set_connect_state(m_ssl);
        const QByteArray name = host.toUtf8();
        if (QHostAddress(host).isNull()) {
            SSL_set_tlsext_host_name(m_ssl, name.constData()); // SNI
            SSL_set1_host(m_ssl, name.constData());            // the certificate must name it
        } else {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), name.constData());
        }
        m_raw->onConnected = [this] { handshake(); };
        m_raw->onReadable = [this] { pump(); };
        m_raw->onClosed = [this](const QString &reason) { rawClosed(reason); };
    }
    ~TlsClient() override
    {
        m_raw->onReadable = nullptr;
        m_raw->onConnected = nullptr;
        m_raw->onClosed = nullptr;
        SSL_free(m_ssl);
    }

    qint64 read(char *buffer, qint64 max) override
    {
        if (!m_ready || closedReported())
            return closedReported() ? -1 : 0;
        // SSL_read gives one record at a time; the owner takes a short read to mean "nothing more
        // now", so fill the buffer from every record OpenSSL holds (the socket will not wake us
        // for bytes it has already handed over).
        qint64 total = 0;
        int n = 0;
        while (total < max) {
            n = SSL_read(m_ssl, buffer + total, int(qMin<qint64>(max - total, 1 << 30)));
            if (n <= 0)
                break;
            total += n;
        }
        if (total > 0)
            return total; // an error after it comes again on the next read
        const int error = SSL_get_error(m_ssl, n);
        flush(); // a key update or ticket may want an answer
        if (error == SSL_ERROR_WANT_READ) {
            if (m_rawGone) {
                reportClosed(m_rawReason);
                return -1;
            }
            return 0;
        }
        reportClosed(error == SSL_ERROR_ZERO_RETURN ? QStringLiteral("connection closed by peer") : lastSslError());
        return -1;
    }

    void write(const char *data, qint64 size) override
    {
        if (!m_ready || closedReported() || size <= 0)
            return;
        // A memory BIO takes everything: one record (or a few), flushed in one send.
        if (SSL_write(m_ssl, data, int(size)) <= 0) {
            fail(lastSslError());
            return;
        }
        flush();
    }

    bool isConnected() const override { return m_ready && !closedReported() && m_raw->isConnected(); }
    qint64 queuedBytes() const override { return m_raw->queuedBytes() + qint64(BIO_ctrl_pending(m_out)); }

    void closeGracefully() override
    {
        if (m_ready && !closedReported()) {
            SSL_shutdown(m_ssl); // close_notify
            flush();
        }
        m_raw->closeGracefully();
    }
    void abort() override { m_raw->abort(); }
    QByteArray peerAddress() const override { return m_raw->peerAddress(); }

private:
    // Sends what OpenSSL has written for the network, in one write.
    void flush()
    {
        const size_t pending = BIO_ctrl_pending(m_out);
        if (pending == 0)
            return;
        // One buffer per thread: the raw transport copies what it cannot send at once.
        thread_local QByteArray scratch;
        scratch.resize(qsizetype(pending));
        const int n = BIO_read(m_out, scratch.data(), int(pending));
        if (n > 0)
            m_raw->write(scratch.constData(), n);
        if (scratch.capacity() > 65536)
            scratch = QByteArray();
    }

    // Takes everything the socket has into OpenSSL, then handshakes or lets the owner read.
    void pump()
    {
        if (closedReported())
            return;
        m_pumping = true;
        char buffer[65536];
        for (;;) {
            const qint64 n = m_raw->read(buffer, sizeof buffer);
            if (n <= 0)
                break;
            BIO_write(m_in, buffer, int(n));
            if (n < qint64(sizeof buffer))
                break;
        }
        m_pumping = false;
        if (!m_ready)
            handshake();
        else if (onReadable)
            onReadable(); // reads the plaintext through read(); may delete us
    }

    void handshake()
    {
        if (m_ready || closedReported())
            return;
        const int r = SSL_do_handshake(m_ssl);
        flush();
        if (r == 1) {
            m_ready = true;
            if (onConnected)
                onConnected();
            return;
        }
        const int error = SSL_get_error(m_ssl, r);
        if (error == SSL_ERROR_WANT_READ && !m_rawGone)
            return;
        const long verify = SSL_get_verify_result(m_ssl);
        fail(verify != X509_V_OK ? QStringLiteral("TLS: the certificate of %1 is not trusted: %2")
                                       .arg(m_host, QString::fromLatin1(X509_verify_cert_error_string(verify)))
                                 : QStringLiteral("TLS handshake with %1 failed: %2").arg(m_host, lastSslError()));
    }

    void rawClosed(const QString &reason)
    {
        m_rawGone = true;
        m_rawReason = reason;
        if (m_pumping)
            return; // pump() goes on and the owner reads what is left first
        if (!m_ready) {
            handshake(); // reports the failure
            return;
        }
        // Whatever was decrypted but not read yet is read first; read() then reports the end.
        if (onReadable)
            QTimer::singleShot(0, this, [this] {
                if (!closedReported() && onReadable)
                    onReadable();
                if (!closedReported())
                    reportClosed(m_rawReason);
            });
        else
            reportClosed(reason);
    }

    void fail(const QString &reason)
    {
        m_raw->abort();
        QTimer::singleShot(0, this, [this, reason] { reportClosed(reason); });
    }

    std::unique_ptr<Transport> m_raw;
    const QString m_host;
    SSL *m_ssl = nullptr;
    BIO *m_in = nullptr;  // network → OpenSSL
    BIO *m_out = nullptr; // OpenSSL → network
    bool m_ready = false;
    bool m_pumping = false;
    bool m_rawGone = false;
    QString m_rawReason;
};

std::mutex g_trustMutex;

} // namespace

Status trustCaCertificates(const QString &pemFile)
{
    QFile f(pemFile);
    if (!f.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(pemFile, f.errorString())};
    const QByteArray pem = f.readAll();
    const QList<QSslCertificate> certs = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certs.isEmpty())
        return Error{QStringLiteral("%1 holds no PEM certificate").arg(pemFile)};
    std::lock_guard lock(g_trustMutex);
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.addCaCertificates(certs);
    QSslConfiguration::setDefaultConfiguration(c);
    X509_STORE *store = SSL_CTX_get_cert_store(clientContext());
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    while (X509 *cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store, cert); // one already there is no error worth stopping for
        X509_free(cert);
    }
    BIO_free(bio);
    ERR_clear_error(); // the end of the file reads as an error
    return Ok{};
}

std::unique_ptr<Transport> tlsClientOver(std::unique_ptr<Transport> raw, const QString &host)
{
    return std::make_unique<TlsClient>(std::move(raw), host);
}

} // namespace callgate::net
