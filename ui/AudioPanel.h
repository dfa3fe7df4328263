#pragma once
// The console's ears and voice: listen to the selected call (caller and AI mixed, or caller left
// and AI right), take a call over with the headset (microphone to the caller, push-to-talk, mute),
// hand it back to the AI, and play recordings from the history. A strip of level meters (caller,
// AI or agent, microphone) and the sound figures (device rate, listen delay, under- and overruns).
// Owns the AudioEngine; reaches calls only through OperatorLink. GUI thread.

#include <QTimer>
#include <QWidget>

#include <memory>

class QAction;
class QLabel;

namespace callgate {

class LevelMeter;
class OperatorLink;
namespace audio {
class AudioEngine;
class CallAudioTap;
} // namespace audio

class AudioPanel : public QWidget {
    Q_OBJECT
public:
    explicit AudioPanel(OperatorLink &link, QWidget *parent = nullptr);
    ~AudioPanel() override;

    audio::AudioEngine &engine() { return *m_engine; }
    QList<QAction *> actions() const;
    QAction *listenAction() const { return m_listen; }
    QAction *splitAction() const { return m_split; }
    QAction *muteAction() const { return m_mute; }
    QAction *pushToTalkAction() const { return m_pushToTalk; }
    QAction *handBackAction() const { return m_handBack; }

    // The call selected in the console (empty: none); `live` when it can be listened to.
    void setSelectedCall(const QByteArray &sessionId, bool live, const QString &who);
    // The supervisor took the call: their headset goes on it.
    void tookCall(const QByteArray &sessionId, const QString &who);
    QByteArray listeningTo() const { return m_listenSession; }
    QByteArray talkingOn() const { return m_talkSession; }
    // The gateway refused this console the call (someone else has it): the microphone closes,
    // listening goes on.
    void lostCall(const QByteArray &sessionId);
    // A recording from the history.
    void play(const QString &path, const QString &title);
    // The console closes: a call the supervisor holds goes back to the AI first, then listening,
    // the microphone and playback stop.
    void releaseAll();
    // Devices and preferences from ConsoleSettings (after the settings dialog saved them).
    void loadSettings();

Q_SIGNALS:
    // A passing confirmation (the status bar), and a message that must stay until read (a device
    // that failed, a call that cannot be heard).
    void message(const QString &text, int timeoutMs);
    void notice(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void setListening(bool on);
    void stopListening();
    void handBack();
    void onListeningEnded();
    void updateState();
    void tick();
    std::shared_ptr<audio::CallAudioTap> tapFor(const QByteArray &sessionId);

    OperatorLink &m_link;
    audio::AudioEngine *m_engine = nullptr; // child
    QAction *m_listen = nullptr;
    QAction *m_split = nullptr;
    QAction *m_mute = nullptr;
    QAction *m_pushToTalk = nullptr;
    QAction *m_handBack = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_figures = nullptr;
    LevelMeter *m_caller = nullptr;
    LevelMeter *m_other = nullptr;
    LevelMeter *m_mic = nullptr;
    QTimer m_timer;
    int m_ticks = 0;

    QByteArray m_selected;
    bool m_selectedLive = false;
    QString m_selectedWho;
    QByteArray m_listenSession;
    QString m_listenWho;
    QByteArray m_talkSession;
    QString m_playing;
    std::shared_ptr<audio::CallAudioTap> m_tap; // the call we listen to and/or talk on
    QByteArray m_tapSession;
};

} // namespace callgate
