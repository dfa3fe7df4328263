#include "audio/OggOpusReader.h"

#include <QFile>

#include <opus/opus.h>

#include <algorithm>
#include <cstring>

namespace callgate::audio {
namespace {

quint32 le32(const char *p)
{
    return quint32(quint8(p[0])) | quint32(quint8(p[1])) << 8 | quint32(quint8(p[2])) << 16 | quint32(quint8(p[3])) << 24;
}

qint64 le64(const char *p) { return qint64(le32(p)) | qint64(le32(p + 4)) << 32; }

constexpr int kMaxFrame48k = 5760; // 120 ms at 48 kHz, Opus's longest packet

struct Page {
    qint64 granule = 0;
    bool continued = false;
    QByteArrayView segments;
    QByteArrayView body;
    qsizetype size = 0;
};

bool parsePage(const QByteArray &file, qsizetype at, Page &page)
{
    if (at + 27 > file.size() || std::memcmp(file.constData() + at, "OggS", 4) != 0)
        return false;
    const char *h = file.constData() + at;
    page.continued = (quint8(h[5]) & 0x01) != 0;
    page.granule = le64(h + 6);
    const int count = quint8(h[26]);
    if (at + 27 + count > file.size())
        return false;
    page.segments = QByteArrayView(h + 27, count);
    qsizetype bodySize = 0;
    for (char s : page.segments)
        bodySize += quint8(s);
    if (at + 27 + count + bodySize > file.size())
        return false;
    page.body = QByteArrayView(h + 27 + count, bodySize);
    page.size = 27 + count + bodySize;
    return true;
}

} // namespace

struct OggOpusReader::Decoder {
    OpusDecoder *opus = nullptr;
    ~Decoder()
    {
        if (opus)
            opus_decoder_destroy(opus);
    }
};

OggOpusReader::OggOpusReader() = default;
OggOpusReader::~OggOpusReader() = default;

Status OggOpusReader::open(const QString &path, int rate)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot open %1: %2").arg(path, f.errorString())};
    return openBytes(f.readAll(), rate, path);
}

Status OggOpusReader::openBytes(QByteArray file, int rate, const QString &name)
{
    const QString &path = name;
    m_file = std::move(file);
    m_rate = rate;
    m_pageAt = 0;
    m_packets.clear();
    m_packetIndex = 0;
    m_partial.clear();
    QByteArray head;
    QByteArray tags;
    if (!nextPacket(head) || !head.startsWith("OpusHead") || head.size() < 19)
        return Error{QStringLiteral("%1 is not an Ogg Opus file").arg(path)};
    m_channels = quint8(head[9]);
    if (m_channels < 1 || m_channels > 2 || quint8(head[18]) != 0)
        return Error{QStringLiteral("%1: only mono and stereo Opus files can be played").arg(path)};
    const qint64 preSkip48 = quint8(head[10]) | quint8(head[11]) << 8;
    if (!nextPacket(tags) || !tags.startsWith("OpusTags"))
        return Error{QStringLiteral("%1 has no OpusTags header").arg(path)};
    // Headers end on a page boundary; the rest is audio.
    m_audioStart = m_pageAt;
    // The last page's granule position says how long the file is (48 kHz units, pre-skip included).
    qint64 lastGranule = 0;
    m_pageMarks.clear();
    for (qsizetype at = m_audioStart; at < m_file.size();) {
        Page page;
        if (!parsePage(m_file, at, page))
            break;
        if (page.granule >= 0) {
            lastGranule = page.granule;
            m_pageMarks.push_back({at, page.granule});
        }
        at += page.size;
    }
    // A granule position past a day of audio is a damaged file, not a long call.
    constexpr qint64 kMaxGranule = qint64(48000) * 86400;
    if (lastGranule > kMaxGranule)
        return Error{QStringLiteral("%1 is damaged (it claims to last %2 hours)").arg(path).arg(lastGranule / 48000 / 3600)};
    m_preSkip = preSkip48 * rate / 48000;
    m_totalFrames = qMax<qint64>(0, (lastGranule - preSkip48) * rate / 48000);
    int error = OPUS_OK;
    m_decoder = std::make_unique<Decoder>();
    m_decoder->opus = opus_decoder_create(rate, m_channels, &error);
    if (error != OPUS_OK)
        return Error{QStringLiteral("Opus decoder: %1").arg(QString::fromLatin1(opus_strerror(error)))};
    rewind();
    return Ok{};
}

void OggOpusReader::rewind()
{
    m_pageAt = m_audioStart;
    m_packets.clear();
    m_packetIndex = 0;
    m_partial.clear();
    m_pcm.clear();
    m_pcmAt = 0;
    m_position = 0;
    m_toSkip = m_preSkip;
    m_dropContinued = false;
    if (m_decoder && m_decoder->opus)
        opus_decoder_ctl(m_decoder->opus, OPUS_RESET_STATE);
}

void OggOpusReader::seek(qint64 frame)
{
    frame = std::clamp<qint64>(frame, 0, m_totalFrames);
    const qint64 preSkip48 = m_preSkip * 48000 / m_rate;
    const qint64 wanted48 = frame * 48000 / m_rate + preSkip48 - 3840; // 80 ms of pre-roll
    // The last page that ends at or before that point: decoding starts with the page after it.
    const auto after =
        std::upper_bound(m_pageMarks.begin(), m_pageMarks.end(), wanted48, [](qint64 g, const PageMark &m) { return g < m.granule; });
    if (after == m_pageMarks.begin() || (after - 1)->granule <= preSkip48) {
        rewind();
        m_toSkip = m_preSkip + frame;
        m_position = frame;
        return;
    }
    const PageMark &before = *(after - 1);
    rewind();
    Page page;
    m_pageAt = parsePage(m_file, before.offset, page) ? before.offset + page.size : m_file.size();
    m_dropContinued = true;
    const qint64 startFrame = (before.granule - preSkip48) * m_rate / 48000;
    m_toSkip = frame - startFrame; // the pre-roll, decoded and dropped
    m_position = frame;
}

bool OggOpusReader::nextPacket(QByteArray &packet)
{
    while (m_packetIndex >= m_packets.size()) {
        m_packets.clear();
        m_packetIndex = 0;
        Page page;
        if (!parsePage(m_file, m_pageAt, page))
            return false;
        m_pageAt += page.size;
        if (!page.continued)
            m_partial.clear();
        // After a seek, the rest of a packet begun on the page before is dropped with it.
        bool dropping = std::exchange(m_dropContinued, false) && page.continued;
        qsizetype offset = 0;
        for (char s : page.segments) {
            const int len = quint8(s);
            if (!dropping)
                m_partial.append(page.body.data() + offset, len);
            offset += len;
            if (len < 255) {
                if (!dropping)
                    m_packets.push_back(std::exchange(m_partial, QByteArray()));
                dropping = false;
            }
        }
    }
    packet = m_packets[m_packetIndex++];
    return true;
}

bool OggOpusReader::decodeNext()
{
    QByteArray packet;
    if (!m_decoder || !nextPacket(packet))
        return false;
    const int maxFrames = kMaxFrame48k * m_rate / 48000;
    m_pcm.resize(size_t(maxFrames * m_channels));
    m_pcmAt = 0;
    const int n = opus_decode_float(m_decoder->opus, reinterpret_cast<const unsigned char *>(packet.constData()), opus_int32(packet.size()),
                                    m_pcm.data(), maxFrames, 0);
    if (n < 0) {
        m_pcm.clear(); // a damaged packet: skip it
        return true;
    }
    m_pcm.resize(size_t(n * m_channels));
    const qint64 skip = qMin<qint64>(m_toSkip, n);
    m_toSkip -= skip;
    m_pcmAt = size_t(skip * m_channels);
    return true;
}

size_t OggOpusReader::read(std::vector<float> &out, size_t frames)
{
    size_t given = 0;
    while (given < frames && m_position < m_totalFrames) {
        if (m_pcmAt >= m_pcm.size()) {
            if (!decodeNext())
                break;
            continue;
        }
        const size_t available = (m_pcm.size() - m_pcmAt) / size_t(m_channels);
        const size_t n = std::min({frames - given, available, size_t(m_totalFrames - m_position)});
        out.insert(out.end(), m_pcm.begin() + std::ptrdiff_t(m_pcmAt), m_pcm.begin() + std::ptrdiff_t(m_pcmAt + n * size_t(m_channels)));
        m_pcmAt += n * size_t(m_channels);
        m_position += qint64(n);
        given += n;
    }
    return given;
}

} // namespace callgate::audio
