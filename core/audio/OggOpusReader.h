#pragma once
// Reads an Ogg Opus file (RFC 7845), such as a call recording, and decodes it with libopus at a
// rate of the caller's choosing (8 kHz for call audio): pre-skip and end trimming honoured, so the
// samples out are exactly the samples the writer put in. The file is read into memory at open
// (recordings are small: tens of kB a minute); packets are decoded as they are asked for.

#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace callgate::audio {

class OggOpusReader {
public:
    OggOpusReader();
    ~OggOpusReader();
    OggOpusReader(const OggOpusReader &) = delete;
    OggOpusReader &operator=(const OggOpusReader &) = delete;

    // rate: 8000, 12000, 16000, 24000 or 48000.
    Status open(const QString &path, int rate = 8000);
    // The same over a file already in memory; `name` is what errors call it.
    Status openBytes(QByteArray file, int rate = 8000, const QString &name = QStringLiteral("the recording"));
    int channels() const { return m_channels; }
    int rate() const { return m_rate; }
    // Samples per channel in the whole file (from the last page's granule position).
    qint64 totalFrames() const { return m_totalFrames; }
    qint64 position() const { return m_position; }

    // Appends up to `frames` samples per channel, interleaved, to `out`; 0 at the end.
    size_t read(std::vector<float> &out, size_t frames);
    // Back to the start (a player's restart).
    void rewind();
    // To `frame` (samples per channel from the start, clamped to the file): decoding resumes at
    // the page that ends at least 80 ms before it (Opus's pre-roll, RFC 7845 §4.6) and what lies
    // between is decoded and dropped, so what follows sounds as if played through.
    void seek(qint64 frame);

private:
    bool nextPacket(QByteArray &packet);
    bool decodeNext();

    struct Decoder;
    std::unique_ptr<Decoder> m_decoder;
    QByteArray m_file;
    qsizetype m_pageAt = 0;            // next page to parse
    std::vector<QByteArray> m_packets; // parsed from the current page, not yet decoded
    size_t m_packetIndex = 0;
    QByteArray m_partial; // a packet continued on the next page
    int m_channels = 0;
    int m_rate = 8000;
    qint64 m_preSkip = 0; // at m_rate
    qint64 m_toSkip = 0;
    qint64 m_totalFrames = 0;
    qint64 m_position = 0;
    qsizetype m_audioStart = 0; // first page after the two headers
    struct PageMark {
        qsizetype offset;
        qint64 granule; // 48 kHz, pre-skip included
    };
    std::vector<PageMark> m_pageMarks; // the audio pages with a granule position, in order
    bool m_dropContinued = false;      // after a seek: a packet begun before the page is not ours
    std::vector<float> m_pcm;          // decoded, not yet handed out
    size_t m_pcmAt = 0;
};

} // namespace callgate::audio
