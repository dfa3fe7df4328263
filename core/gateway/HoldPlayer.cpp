#include "gateway/HoldPlayer.h"

#include "audio/G711.h"

#include <QFile>
#include <QtEndian>

void callgateInitGatewayResources();
void callgateInitGatewayResources() { Q_INIT_RESOURCE(gateway); }

namespace callgate {
namespace {

constexpr int kChunkMs = 100;
constexpr int kChunkBytes = 8 * kChunkMs; // μ-law at 8 kHz
constexpr int kLeadMs = 400;              // queued at Twilio ahead of what plays
constexpr qint64 kMaxFileBytes = 16 << 20;

Result<QByteArray> fromWav(const QByteArray &file)
{
    if (file.size() < 12 || !file.startsWith("RIFF") || file.mid(8, 4) != "WAVE")
        return Error{QStringLiteral("is not a WAV file")};
    int format = 0, channels = 0, rate = 0, bits = 0;
    QByteArray data;
    for (qsizetype at = 12; at + 8 <= file.size();) {
        const QByteArray id = file.mid(at, 4);
        const quint32 size = qFromLittleEndian<quint32>(file.constData() + at + 4);
        const qsizetype body = at + 8;
        if (size > quint32(file.size() - body))
            return Error{QStringLiteral("is a cut-off WAV file")};
        if (id == "fmt " && size >= 16) {
            format = qFromLittleEndian<quint16>(file.constData() + body);
            channels = qFromLittleEndian<quint16>(file.constData() + body + 2);
            rate = int(qFromLittleEndian<quint32>(file.constData() + body + 4));
            bits = qFromLittleEndian<quint16>(file.constData() + body + 14);
        } else if (id == "data") {
            data = file.mid(body, size);
        }
        at = body + size + (size & 1);
    }
    if (channels != 1 || rate != 8000 || !((format == 1 && bits == 16) || (format == 7 && bits == 8)))
        return Error{QStringLiteral("must be 8 kHz mono, 16-bit PCM or μ-law (it is %1 channel(s) at %2 Hz, format %3, %4 bits)")
                         .arg(channels)
                         .arg(rate)
                         .arg(format)
                         .arg(bits)};
    if (format == 7)
        return data;
    QByteArray ulaw(data.size() / 2, Qt::Uninitialized);
    for (qsizetype i = 0; i < ulaw.size(); ++i)
        ulaw[i] = char(audio::linearToUlaw(qFromLittleEndian<qint16>(data.constData() + 2 * i)));
    return ulaw;
}

} // namespace

Result<QByteArray> loadCallerClip(const QString &path, CallerClip builtIn)
{
    if (path.isEmpty()) {
        callgateInitGatewayResources();
        QFile f(builtIn == CallerClip::Hold ? QStringLiteral(":/callgate/audio/hold.ulaw")
                                            : QStringLiteral(":/callgate/audio/reconnect.ulaw"));
        if (!f.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("the built-in clip %1 is missing").arg(f.fileName())};
        return f.readAll();
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, f.errorString())};
    if (f.size() > kMaxFileBytes)
        return Error{QStringLiteral("%1 is larger than 16 MB").arg(path)};
    auto clip = fromWav(f.readAll());
    if (!clip)
        return Error{path + QLatin1Char(' ') + clip.error()};
    if (clip.value().size() < kChunkBytes)
        return Error{QStringLiteral("%1 holds less than %2 ms of audio").arg(path).arg(kChunkMs)};
    return clip;
}

HoldPlayer::HoldPlayer(const QByteArray &clip, Hooks hooks, QObject *parent) : QObject(parent), m_clip(clip), m_hooks(std::move(hooks))
{
    m_timer.setInterval(kChunkMs);
    connect(&m_timer, &QTimer::timeout, this, &HoldPlayer::tick);
}

void HoldPlayer::start()
{
    if (m_clip.isEmpty() || m_timer.isActive())
        return;
    m_sentMs = 0;
    m_position = 0;
    m_since.invalidate();
    m_timer.start();
}

void HoldPlayer::stop(bool clearQueued)
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    if (clearQueued && m_since.isValid())
        m_hooks.clear();
}

void HoldPlayer::tick()
{
    if (!m_since.isValid()) {
        if (!m_hooks.mayPlay())
            return; // the AI is still saying it connects the caller
        m_since.start();
    }
    while (m_sentMs < m_since.elapsed() + kLeadMs) {
        QByteArray chunk;
        while (chunk.size() < kChunkBytes) {
            const qsizetype n = qMin<qsizetype>(kChunkBytes - chunk.size(), m_clip.size() - m_position);
            chunk += QByteArrayView(m_clip).sliced(m_position, n);
            m_position = (m_position + n) % m_clip.size();
        }
        m_hooks.send(chunk);
        m_sentMs += kChunkMs;
    }
}

} // namespace callgate
