#include "PlaybackBar.h"

#include "audio/AudioEngine.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

namespace callgate {
namespace {

QString clock(qint64 ms) { return QStringLiteral("%1:%2").arg(ms / 60000).arg((ms / 1000) % 60, 2, 10, QLatin1Char('0')); }

} // namespace

PlaybackBar::PlaybackBar(audio::AudioEngine &engine, QWidget *parent) : QWidget(parent), m_engine(engine)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_pause = new QToolButton(this);
    m_stop = new QToolButton(this);
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_seek = new QSlider(Qt::Horizontal, this);
    m_seek->setPageStep(10000);
    m_seek->setSingleStep(5000); // arrow keys: 5 s
    m_time = new QLabel(this);
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("00:00 / 00:00")));
    row->addWidget(m_pause);
    row->addWidget(m_stop);
    row->addWidget(m_seek, 1);
    row->addWidget(m_time);

    connect(m_pause, &QToolButton::clicked, this, [this] {
        m_engine.setPlaybackPaused(!m_engine.isPlaybackPaused());
        update();
    });
    connect(m_stop, &QToolButton::clicked, this, [this] {
        m_engine.stopPlayback();
        update();
    });
    // A drag moves the time shown; the sound follows when it is let go. A click or a key moves at once.
    connect(m_seek, &QSlider::sliderMoved, this,
            [this](int ms) { m_time->setText(clock(ms) + QStringLiteral(" / ") + clock(m_engine.playbackLengthMs())); });
    connect(m_seek, &QSlider::actionTriggered, this, [this](int action) {
        if (action != QAbstractSlider::SliderMove)
            QTimer::singleShot(0, this, [this] { m_engine.seekPlayback(m_seek->sliderPosition()); });
    });
    connect(m_seek, &QSlider::sliderReleased, this, [this] { m_engine.seekPlayback(m_seek->sliderPosition()); });
    connect(&m_engine, &audio::AudioEngine::stateChanged, this, &PlaybackBar::update);
    connect(&m_engine, &audio::AudioEngine::playbackFinished, this, &PlaybackBar::update);
    connect(&m_tick, &QTimer::timeout, this, &PlaybackBar::update);
    retranslate();
}

void PlaybackBar::retranslate()
{
    setAccessibleName(tr("Recording playback"));
    m_pause->setAccessibleName(tr("Pause or resume the recording"));
    m_pause->setToolTip(tr("Pause or resume the recording (Space when this button has focus)"));
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop the recording"));
    m_stop->setAccessibleName(tr("Stop the recording"));
    m_seek->setAccessibleName(tr("Position in the recording"));
    m_seek->setToolTip(tr("Drag or click to move through the recording"));
    m_time->setAccessibleName(tr("Recording time"));
    update();
}

void PlaybackBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_stop)
        retranslate();
    QWidget::changeEvent(event);
}

void PlaybackBar::update()
{
    const bool playing = m_engine.isPlaying();
    const bool paused = m_engine.isPlaybackPaused();
    m_pause->setEnabled(playing);
    m_stop->setEnabled(playing);
    m_seek->setEnabled(playing);
    m_pause->setIcon(style()->standardIcon(paused || !playing ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (!playing) {
        m_tick.stop();
        m_seek->setRange(0, 0);
        m_time->setText(QString());
        return;
    }
    if (!m_tick.isActive())
        m_tick.start(100);
    const qint64 length = m_engine.playbackLengthMs();
    const qint64 at = m_engine.playbackPositionMs();
    m_seek->setRange(0, int(length));
    if (!m_seek->isSliderDown()) {
        const QSignalBlocker quiet(m_seek);
        m_seek->setValue(int(at));
        m_time->setText(clock(at) + QStringLiteral(" / ") + clock(length));
    }
}

} // namespace callgate
