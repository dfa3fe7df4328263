#pragma once
// Call recordings: each call to an Ogg Opus file (libopusenc), caller on the left, the AI (or the
// agent) on the right, as the caller heard it. Two parts:
//   CallRecording — one per recorded call, on the call's worker thread. It takes the caller's
//     frames and the assistant's audio as they pass through the bridge (decoding μ-law is all it
//     does there), lays the assistant's audio out on the timeline the way Twilio plays it (one
//     piece after another, cut at a barge-in), and every second hands finished stereo PCM on.
//   CallRecorder — shared, with a thread of its own that encodes and writes the files, so the
//     media path never waits on the encoder or the disk.

#include "util/Result.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThread>

#include <memory>
#include <vector>

namespace callgate {

class CallRecorder {
public:
    explicit CallRecorder(QString directory);
    ~CallRecorder(); // finishes every open file

    QString directory() const { return m_directory; }

    // Called from worker threads; the work happens on the recorder thread, in order per file.
    void open(const QString &path, const QString &title);
    void write(const QString &path, QByteArray interleavedStereo16); // 8 kHz, 2 channels
    // Audio left out because the encoder fell behind (see kMaxBacklogBytes).
    qint64 droppedBytes() const;
    // Closes the file; `done` runs on the recorder thread with the path, or an error.
    void close(const QString &path, std::function<void(Result<QString>)> done);

private:
    struct Impl;
    QString m_directory;
    std::unique_ptr<Impl> m_impl;
};

class CallRecording {
public:
    CallRecording(CallRecorder &recorder, const QString &callSid);
    ~CallRecording();

    QString path() const { return m_path; }
    void callerFrame(QByteArrayView ulaw);    // 20 ms from Twilio, in real time
    void assistantAudio(QByteArrayView ulaw); // as sent to Twilio (faster than real time)
    void assistantCut();                      // barge-in: what was not yet heard is dropped
    // Writes the rest and closes the file; `done` gets the path (recorder thread).
    void finish(std::function<void(Result<QString>)> done);

private:
    qint64 nowSample() const;
    void flush(qint64 upTo);

    CallRecorder &m_recorder;
    QString m_path;
    QElapsedTimer m_clock;
    qint64 m_flushed = 0;             // samples handed on so far
    std::vector<int16_t> m_caller;    // from m_flushed on
    std::vector<int16_t> m_assistant; // from m_flushed on
    qint64 m_callerEnd = 0;           // next caller sample position
    qint64 m_assistantEnd = 0;        // where the next assistant audio starts at the earliest
    bool m_finished = false;
};

} // namespace callgate
