// The Ogg Opus reader (History's playback) on any file: it opens or says why, and reading stops
// with what it handed out counted in its position.

#include "FuzzSupport.h"
#include "audio/OggOpusReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    callgate::audio::OggOpusReader reader;
    if (!reader.openBytes(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), 8000))
        return 0;
    CALLGATE_FUZZ_CHECK(reader.channels() == 1 || reader.channels() == 2);
    std::vector<float> pcm;
    qint64 frames = 0;
    for (int i = 0; i < 2000; ++i) {
        const size_t got = reader.read(pcm, 960);
        if (got == 0)
            break;
        frames += qint64(got);
        CALLGATE_FUZZ_CHECK(pcm.size() == got * size_t(reader.channels()));
        pcm.clear();
    }
    CALLGATE_FUZZ_CHECK(reader.position() == frames);
    return 0;
}
