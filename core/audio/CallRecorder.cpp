#include "audio/CallRecorder.h"

#include "audio/G711.h"
#include "audio/Logging.h"

#include <QDir>
#include <QHash>

#include <opusenc.h>

#include <algorithm>
#include <atomic>

namespace callgate {

constexpr int kRate = 8000;
constexpr qint64 kFlushEverySamples = kRate; // hand on a second at a time
constexpr qint64 kJitterSamples = kRate / 2; // keep half a second back for late caller frames

// Encoding costs about 0.9 % of a core per recorded call (libopusenc's resampling to 48 kHz and
// the encoder; bench figure in the README), so one recorder thread keeps up with ~100 calls. Past
// that the backlog is bounded: audio beyond it is dropped (a gap in the recording, counted and
// logged), never the memory.
constexpr qint64 kMaxBacklogBytes = 64 * 1024 * 1024;

struct CallRecorder::Impl {
    QThread thread;
    std::atomic<qint64> backlog{0};
    std::atomic<qint64> dropped{0};
    QObject *context = nullptr;         // lives on thread
    QHash<QString, OggOpusEnc *> files; // recorder thread only
};

CallRecorder::CallRecorder(QString directory) : m_directory(std::move(directory)), m_impl(std::make_unique<Impl>())
{
    QDir().mkpath(m_directory);
    m_impl->thread.setObjectName(QStringLiteral("callgate-recorder"));
    m_impl->context = new QObject;
    m_impl->context->moveToThread(&m_impl->thread);
    QObject::connect(&m_impl->thread, &QThread::finished, m_impl->context, &QObject::deleteLater);
    m_impl->thread.start();
}

CallRecorder::~CallRecorder()
{
    QMetaObject::invokeMethod(
        m_impl->context,
        [this] {
            for (OggOpusEnc *enc : std::as_const(m_impl->files)) {
                ope_encoder_drain(enc);
                ope_encoder_destroy(enc);
            }
            m_impl->files.clear();
        },
        Qt::BlockingQueuedConnection);
    m_impl->thread.quit();
    m_impl->thread.wait();
}

void CallRecorder::open(const QString &path, const QString &title)
{
    QMetaObject::invokeMethod(
        m_impl->context,
        [this, path, title] {
            OggOpusComments *comments = ope_comments_create();
            ope_comments_add(comments, "TITLE", title.toUtf8().constData());
            ope_comments_add(comments, "ENCODER", "callgate");
            int error = 0;
            OggOpusEnc *enc = ope_encoder_create_file(QFile::encodeName(path).constData(), comments, kRate, 2, 0, &error);
            ope_comments_destroy(comments);
            if (!enc) {
                qCWarning(lcAudio).noquote() << "cannot record to" << path << ":" << ope_strerror(error);
                return;
            }
            // Speech at telephone quality: a low complexity keeps hundreds of calls cheap to encode,
            // and short look-ahead buffers keep each open file small in memory.
            ope_encoder_ctl(enc, OPUS_SET_BITRATE(24000));
            ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(2));
            ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
            ope_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(OPUS_BANDWIDTH_NARROWBAND)); // the call is 8 kHz anyway
            ope_encoder_ctl(enc, OPE_SET_DECISION_DELAY(4800));
            ope_encoder_ctl(enc, OPE_SET_MUXING_DELAY(48000));
            m_impl->files.insert(path, enc);
        },
        Qt::QueuedConnection);
}

void CallRecorder::write(const QString &path, QByteArray pcm)
{
    const qint64 size = pcm.size();
    if (m_impl->backlog.load(std::memory_order_relaxed) + size > kMaxBacklogBytes) {
        if (m_impl->dropped.fetch_add(size, std::memory_order_relaxed) == 0)
            qCWarning(lcAudio) << "the recorder cannot keep up with this many calls: recordings get gaps";
        return;
    }
    m_impl->backlog.fetch_add(size, std::memory_order_relaxed);
    QMetaObject::invokeMethod(
        m_impl->context,
        [this, path, size, pcm = std::move(pcm)] {
            m_impl->backlog.fetch_sub(size, std::memory_order_relaxed);
            OggOpusEnc *enc = m_impl->files.value(path);
            if (!enc || pcm.isEmpty())
                return;
            const int frames = int(pcm.size() / int(2 * sizeof(int16_t)));
            if (const int rc = ope_encoder_write(enc, reinterpret_cast<const opus_int16 *>(pcm.constData()), frames); rc != OPE_OK)
                qCWarning(lcAudio).noquote() << "recording" << path << "write failed:" << ope_strerror(rc);
        },
        Qt::QueuedConnection);
}

qint64 CallRecorder::droppedBytes() const { return m_impl->dropped.load(std::memory_order_relaxed); }

void CallRecorder::close(const QString &path, std::function<void(Result<QString>)> done)
{
    QMetaObject::invokeMethod(
        m_impl->context,
        [this, path, done = std::move(done)] {
            OggOpusEnc *enc = m_impl->files.take(path);
            if (!enc) {
                done(Error{QStringLiteral("no recording was open at %1").arg(path)});
                return;
            }
            const int drained = ope_encoder_drain(enc);
            ope_encoder_destroy(enc);
            if (drained != OPE_OK)
                done(Error{QStringLiteral("recording %1 could not be finished: %2").arg(path, QString::fromUtf8(ope_strerror(drained)))});
            else
                done(path);
        },
        Qt::QueuedConnection);
}

CallRecording::CallRecording(CallRecorder &recorder, const QString &callSid) : m_recorder(recorder)
{
    m_clock.start();
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    m_path = QDir(recorder.directory()).filePath(QStringLiteral("%1-%2.opus").arg(stamp, callSid));
    m_recorder.open(m_path, QStringLiteral("Call %1").arg(callSid));
}

CallRecording::~CallRecording()
{
    if (!m_finished)
        finish([](Result<QString>) {});
}

qint64 CallRecording::nowSample() const { return m_clock.elapsed() * kRate / 1000; }

void CallRecording::callerFrame(QByteArrayView ulaw)
{
    // Twilio's frames arrive in real time; a late or missing one leaves silence, never a shift.
    const qint64 at = std::max(m_callerEnd, std::max(m_flushed, nowSample() - qint64(ulaw.size()) - kJitterSamples / 2));
    const qint64 offset = at - m_flushed;
    if (m_caller.size() < size_t(offset + ulaw.size()))
        m_caller.resize(size_t(offset + ulaw.size()), 0);
    for (qsizetype i = 0; i < ulaw.size(); ++i)
        m_caller[size_t(offset + i)] = audio::ulawToLinear(uint8_t(ulaw[i]));
    m_callerEnd = at + ulaw.size();
    if (nowSample() - m_flushed >= kFlushEverySamples + kJitterSamples)
        flush(nowSample() - kJitterSamples);
}

void CallRecording::assistantAudio(QByteArrayView ulaw)
{
    // Twilio plays what it gets one piece after another, starting when it arrives.
    const qint64 at = std::max({m_assistantEnd, nowSample(), m_flushed});
    const qint64 offset = at - m_flushed;
    if (m_assistant.size() < size_t(offset + ulaw.size()))
        m_assistant.resize(size_t(offset + ulaw.size()), 0);
    for (qsizetype i = 0; i < ulaw.size(); ++i)
        m_assistant[size_t(offset + i)] = audio::ulawToLinear(uint8_t(ulaw[i]));
    m_assistantEnd = at + ulaw.size();
}

void CallRecording::assistantCut()
{
    const qint64 now = std::max(nowSample(), m_flushed);
    if (m_assistantEnd > now && size_t(now - m_flushed) < m_assistant.size())
        m_assistant.resize(size_t(now - m_flushed));
    m_assistantEnd = std::min(m_assistantEnd, now);
}

void CallRecording::flush(qint64 upTo)
{
    const qint64 n = upTo - m_flushed;
    if (n <= 0)
        return;
    QByteArray pcm(int(n * 2 * sizeof(int16_t)), Qt::Uninitialized);
    auto *out = reinterpret_cast<int16_t *>(pcm.data());
    for (qint64 i = 0; i < n; ++i) {
        out[2 * i] = size_t(i) < m_caller.size() ? m_caller[size_t(i)] : 0;
        out[2 * i + 1] = size_t(i) < m_assistant.size() ? m_assistant[size_t(i)] : 0;
    }
    m_caller.erase(m_caller.begin(), m_caller.begin() + std::min<qint64>(n, qint64(m_caller.size())));
    m_assistant.erase(m_assistant.begin(), m_assistant.begin() + std::min<qint64>(n, qint64(m_assistant.size())));
    m_flushed = upTo;
    m_recorder.write(m_path, std::move(pcm));
}

void CallRecording::finish(std::function<void(Result<QString>)> done)
{
    if (m_finished)
        return;
    m_finished = true;
    // Up to now, or to the end of what the assistant was still going to say if the call ended first.
    flush(std::max({nowSample(), m_callerEnd}));
    m_recorder.close(m_path, std::move(done));
}

} // namespace callgate
