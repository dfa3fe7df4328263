#include "AudioPanel.h"

#include "ConsoleSettings.h"
#include "LevelMeter.h"
#include "UiLogging.h"
#include "audio/AudioEngine.h"
#include "audio/CallAudioTap.h"
#include "operator/OperatorLink.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace callgate {

using audio::AudioEngine;
using audio::CallAudioTap;
using audio::ListenMode;

namespace {

QString clock(qint64 ms) { return QStringLiteral("%1:%2").arg(ms / 60000).arg((ms / 1000) % 60, 2, 10, QLatin1Char('0')); }

bool typesText(QWidget *w)
{
    return qobject_cast<QLineEdit *>(w) || qobject_cast<QTextEdit *>(w) || qobject_cast<QPlainTextEdit *>(w)
        || qobject_cast<QAbstractSpinBox *>(w);
}

} // namespace

AudioPanel::AudioPanel(OperatorLink &link, QWidget *parent) : QWidget(parent), m_link(link)
{
    m_engine = new AudioEngine(this);
    m_listen = new QAction(this);
    m_listen->setCheckable(true);
    m_listen->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_listen, &QAction::triggered, this, &AudioPanel::setListening);

    m_split = new QAction(this);
    m_split->setCheckable(true);
    m_split->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(m_split, &QAction::toggled, this, [this](bool on) {
        m_engine->setListenMode(on ? ListenMode::Split : ListenMode::Mixed);
        ConsoleSettings c = ConsoleSettings::load();
        c.splitListening = on;
        c.save();
    });
    // Asked for while not listening: listen to the selected call, caller left and AI right.
    connect(m_split, &QAction::triggered, this, [this] {
        if (!m_listenSession.isEmpty() || !m_selectedLive || m_selected.isEmpty())
            return;
        m_split->setChecked(true);
        setListening(true);
    });

    m_mute = new QAction(this);
    m_mute->setCheckable(true);
    m_mute->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    connect(m_mute, &QAction::toggled, this, [this](bool on) {
        m_engine->setMuted(on);
        if (!m_talkSession.isEmpty())
            Q_EMIT message(on ? tr("Muted: the caller does not hear you") : tr("The caller hears you again"), 4000);
    });

    m_pushToTalk = new QAction(this);
    m_pushToTalk->setCheckable(true);
    connect(m_pushToTalk, &QAction::toggled, this, [this](bool on) {
        m_engine->setPushToTalk(on);
        ConsoleSettings c = ConsoleSettings::load();
        c.pushToTalk = on;
        c.save();
    });

    m_handBack = new QAction(this);
    m_handBack->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    connect(m_handBack, &QAction::triggered, this, &AudioPanel::handBack);

    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_state = new QLabel(this);
    m_caller = new LevelMeter(QString(), this);
    m_other = new LevelMeter(QString(), this);
    m_mic = new LevelMeter(QString(), this);
    m_figures = new QLabel(this);
    row->addWidget(m_state, 2);
    row->addWidget(m_caller, 1);
    row->addWidget(m_other, 1);
    row->addWidget(m_mic, 1);
    row->addWidget(m_figures, 2);

    connect(m_engine, &AudioEngine::deviceProblem, this, [this](const QString &text) {
        Q_EMIT notice(text);
        updateState();
    });
    connect(m_engine, &AudioEngine::deviceRestored, this, [this](const QString &text) {
        Q_EMIT message(text, 10000);
        updateState();
    });
    connect(m_engine, &AudioEngine::listeningEnded, this, &AudioPanel::onListeningEnded);
    connect(m_engine, &AudioEngine::playbackFinished, this, [this] {
        m_playing.clear();
        updateState();
    });
    connect(m_engine, &AudioEngine::stateChanged, this, &AudioPanel::updateState);
    connect(&m_timer, &QTimer::timeout, this, &AudioPanel::tick);
    m_timer.start(100);
    qApp->installEventFilter(this);
    loadSettings();
    retranslate();
}

void AudioPanel::retranslate()
{
    setAccessibleName(tr("Call audio"));
    m_listen->setText(tr("&Listen"));
    m_listen->setToolTip(tr("Hear the selected call on your headset (Ctrl+L)"));
    m_split->setText(tr("Caller left, AI right"));
    m_split->setToolTip(tr("Caller in the left ear, the AI or agent in the right; otherwise both in both (Ctrl+Shift+L)"));
    m_mute->setText(tr("&Mute"));
    m_mute->setToolTip(tr("The caller stops hearing your microphone (Ctrl+M)"));
    m_pushToTalk->setText(tr("&Push to talk"));
    m_pushToTalk->setToolTip(tr("Your microphone reaches the caller only while you hold Space"));
    m_handBack->setText(tr("Hand &back to the AI"));
    m_handBack->setToolTip(tr("The AI takes the call again and knows what was said meanwhile (Ctrl+Shift+B)"));
    m_state->setAccessibleName(tr("Audio state"));
    m_figures->setAccessibleName(tr("Sound figures"));
    m_caller->setName(tr("Caller"));
    m_mic->setName(tr("Microphone"));
    updateState(); // the state, and the AI or agent meter's name
}

void AudioPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

AudioPanel::~AudioPanel() { qApp->removeEventFilter(this); }

QList<QAction *> AudioPanel::actions() const { return {m_listen, m_split, m_mute, m_pushToTalk, m_handBack}; }

void AudioPanel::loadSettings()
{
    const ConsoleSettings c = ConsoleSettings::load();
    m_engine->setOutputDevice(c.outputDevice);
    m_engine->setInputDevice(c.inputDevice);
    m_split->setChecked(c.splitListening);
    m_pushToTalk->setChecked(c.pushToTalk);
}

std::shared_ptr<CallAudioTap> AudioPanel::tapFor(const QByteArray &sessionId)
{
    // One tap per call: listening and talking on the same call share it.
    if (!m_tap || m_tapSession != sessionId || m_tap->callEnded()) {
        if (m_tap)
            m_tap->close();
        m_tap = std::make_shared<CallAudioTap>();
        m_tapSession = sessionId;
        m_link.attachAudio(sessionId, m_tap);
    }
    return m_tap;
}

void AudioPanel::setSelectedCall(const QByteArray &sessionId, bool live, const QString &who)
{
    m_selected = sessionId;
    m_selectedLive = live;
    m_selectedWho = who;
    updateState();
}

void AudioPanel::setListening(bool on)
{
    if (!on) {
        stopListening();
        return;
    }
    if (m_selected.isEmpty() || !m_selectedLive) {
        m_listen->setChecked(false);
        Q_EMIT message(tr("Select a live call to listen to"), 5000);
        return;
    }
    m_playing.clear();
    const Status s = m_engine->listen(tapFor(m_selected), m_split->isChecked() ? ListenMode::Split : ListenMode::Mixed);
    if (!s) {
        m_listen->setChecked(false);
        qCWarning(lcUi).noquote() << "cannot listen:" << s.error();
        Q_EMIT notice(tr("Cannot listen: %1").arg(s.error()));
        updateState();
        return;
    }
    m_listenSession = m_selected;
    m_listenWho = m_selectedWho;
    Q_EMIT message(tr("Listening to %1").arg(m_listenWho), 4000);
    updateState();
}

void AudioPanel::stopListening()
{
    m_engine->stopListening();
    m_listenSession.clear();
    if (m_talkSession.isEmpty() && m_tap) {
        m_tap->close();
        m_tap.reset();
        m_tapSession.clear();
    }
    updateState();
}

void AudioPanel::tookCall(const QByteArray &sessionId, const QString &who)
{
    auto tap = tapFor(sessionId);
    // The caller in the headset (always, whatever was playing), the microphone to the caller.
    if (m_listenSession != sessionId) {
        const Status heard = m_engine->listen(tap, m_split->isChecked() ? ListenMode::Split : ListenMode::Mixed);
        if (heard) {
            m_listenSession = sessionId;
            m_listenWho = who;
        } else {
            qCWarning(lcUi).noquote() << "a taken call's sound cannot play:" << heard.error();
            Q_EMIT notice(tr("You took the call, but its sound cannot play: %1").arg(heard.error()));
        }
    }
    const Status talking = m_engine->startTalking(tap);
    if (!talking) {
        qCWarning(lcUi).noquote() << "the microphone cannot open for a taken call:" << talking.error();
        Q_EMIT notice(
            tr("You took the call, but the microphone cannot open: %1. The caller hears silence; hand the call back or transfer it.")
                .arg(talking.error()));
    } else {
        Q_EMIT message(
            m_pushToTalk->isChecked() ? tr("You have the call: hold Space to talk") : tr("You have the call: the caller hears you"), 8000);
    }
    m_talkSession = sessionId;
    m_mute->setChecked(false);
    updateState();
}

void AudioPanel::handBack()
{
    if (m_talkSession.isEmpty())
        return;
    m_link.handBack(m_talkSession);
    m_engine->stopTalking();
    m_talkSession.clear();
    Q_EMIT message(tr("The AI has the call again"), 6000);
    updateState();
}

void AudioPanel::lostCall(const QByteArray &sessionId)
{
    if (m_talkSession.isEmpty() || m_talkSession != sessionId)
        return;
    m_engine->stopTalking();
    m_talkSession.clear();
    updateState();
}

void AudioPanel::releaseAll()
{
    handBack(); // the AI has the caller before the microphone closes
    m_engine->stopPlayback();
    m_playing.clear();
    stopListening();
}

void AudioPanel::onListeningEnded()
{
    const bool wasTalking = !m_talkSession.isEmpty();
    m_listenSession.clear();
    m_talkSession.clear();
    m_engine->stopTalking();
    if (m_tap) {
        m_tap.reset();
        m_tapSession.clear();
    }
    Q_EMIT message(wasTalking ? tr("The call you had has ended") : tr("The call you listened to has ended"), 8000);
    updateState();
}

void AudioPanel::play(const QString &path, const QString &title)
{
    if (!m_talkSession.isEmpty()) {
        Q_EMIT message(tr("Hand the call back before playing a recording"), 8000);
        return;
    }
    const Status s = m_engine->play(path);
    if (!s) {
        Q_EMIT notice(tr("Cannot play the recording: %1").arg(s.error()));
        return;
    }
    m_listenSession.clear();
    if (m_tap) {
        m_tap->close();
        m_tap.reset();
        m_tapSession.clear();
    }
    m_playing = title.isEmpty() ? QFileInfo(path).fileName() : title;
    updateState();
}

void AudioPanel::updateState()
{
    const bool listening = m_engine->isListening() && !m_listenSession.isEmpty();
    const bool talking = !m_talkSession.isEmpty();
    m_listen->setChecked(listening);
    m_listen->setEnabled(listening || (m_selectedLive && !m_selected.isEmpty()));
    m_mute->setEnabled(talking);
    m_handBack->setEnabled(talking);
    m_other->setName(talking ? tr("Agent") : tr("AI"));
    QString state;
    if (m_engine->deviceLost())
        state = tr("Sound device lost; waiting for it to come back");
    else if (talking)
        state = m_engine->isTransmitting() ? tr("You have the call — on air")
            : m_engine->isMuted()          ? tr("You have the call — muted")
                                           : tr("You have the call — hold Space to talk");
    else if (listening)
        state = tr("Listening to %1").arg(m_listenWho);
    else if (m_engine->isPlaying())
        state = tr("Playing %1").arg(m_playing);
    else
        state = tr("Not listening");
    m_state->setText(state);
}

void AudioPanel::tick()
{
    const audio::AudioLevels levels = m_engine->levels();
    m_caller->setLevel(levels.caller);
    m_other->setLevel(levels.other);
    m_mic->setLevel(levels.mic);
    if (++m_ticks % 5 != 0)
        return;
    const audio::AudioStats s = m_engine->stats();
    if (s.outputRate == 0 && s.inputRate == 0) {
        m_figures->clear();
        return;
    }
    QStringList parts;
    if (s.outputRate)
        parts << tr("%1 kHz").arg(s.outputRate / 1000.0, 0, 'f', 1);
    if (s.delaySamples > 0)
        parts << tr("delay %1 ms").arg(qRound(s.delayNowMs));
    if (m_engine->isPlaying())
        parts << clock(m_engine->playbackPositionMs()) + QStringLiteral(" / ") + clock(m_engine->playbackLengthMs());
    parts << tr("underruns %1").arg(s.underruns) << tr("overruns %1").arg(s.overruns);
    m_figures->setText(parts.join(QStringLiteral(" · ")));
    m_figures->setToolTip(tr("Output: %1\nInput: %2\nLate call audio: %3\nDelay since listening began: median %4 ms, 95th percentile %5 ms")
                              .arg(s.outputDevice, s.inputDevice)
                              .arg(s.callerGaps)
                              .arg(qRound(s.delayP50Ms))
                              .arg(qRound(s.delayP95Ms)));
    updateState();
}

bool AudioPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Push-to-talk: Space held, anywhere in the console but a text field.
    if ((event->type() == QEvent::KeyPress || event->type() == QEvent::KeyRelease) && m_pushToTalk->isChecked()
        && !m_talkSession.isEmpty()) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Space && !typesText(QApplication::focusWidget())) {
            if (!key->isAutoRepeat())
                m_engine->setTalkKeyDown(event->type() == QEvent::KeyPress);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace callgate
