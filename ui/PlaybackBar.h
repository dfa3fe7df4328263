#pragma once
// A recording's controls in History: pause or resume, stop, a seek bar and the time (position and
// length). It drives the AudioEngine's playback (the one AudioPanel owns) and follows it ten times a
// second while something plays; what to play comes from HistoryView's "Play recording". GUI thread.

#include <QTimer>
#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;

namespace callgate {

namespace audio {
class AudioEngine;
}

class PlaybackBar : public QWidget {
    Q_OBJECT
public:
    PlaybackBar(audio::AudioEngine &engine, QWidget *parent = nullptr);

    QToolButton *pauseButton() const { return m_pause; }
    QToolButton *stopButton() const { return m_stop; }
    QSlider *seekBar() const { return m_seek; }
    QLabel *timeLabel() const { return m_time; }

    // Follows the engine now (after play/stop from elsewhere).
    void update();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    audio::AudioEngine &m_engine;
    QToolButton *m_pause = nullptr;
    QToolButton *m_stop = nullptr;
    QSlider *m_seek = nullptr;
    QLabel *m_time = nullptr;
    QTimer m_tick;
};

} // namespace callgate
