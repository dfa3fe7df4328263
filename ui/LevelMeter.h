#pragma once
// A level meter for one side of a call: a bar from −60 dBFS to 0, green, then amber above −12 dB,
// red above −3 dB, with the side's name. The owner sets the level (linear RMS, 0 … 1) a few
// times a second. GUI thread.

#include <QWidget>

namespace callgate {

class LevelMeter : public QWidget {
    Q_OBJECT
public:
    explicit LevelMeter(const QString &name, QWidget *parent = nullptr);

    void setName(const QString &name);
    void setLevel(float rms);
    float level() const { return m_level; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *) override;

private:
    QString m_name;
    float m_level = 0;
    float m_shown = 0; // falls back slowly, as meters do
};

} // namespace callgate
