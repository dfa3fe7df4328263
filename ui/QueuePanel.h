#pragma once
// The queue at a glance, above the live calls: callers waiting for a person now and the longest
// wait (from the live table), and today's calls — handled by the AI alone, answered by a person,
// transferred, abandoned — with the service level (of the callers who asked for a person today,
// the share a supervisor took within the target time; ConsoleSettings::serviceLevelSeconds). The
// day's figures come from the call records. GUI thread.

#include "store/QueueFigures.h"

#include <QHash>
#include <QWidget>

class QLabel;

namespace callgate {

class QueuePanel : public QWidget {
    Q_OBJECT
public:
    explicit QueuePanel(QWidget *parent = nullptr);

    void setWaiting(int count, qint64 longestWaitSeconds);
    void setDay(const store::QueueFigures &figures, int serviceLevelSeconds);
    void setDayUnavailable(const QString &why);

    // The figure shown on a tile: waiting, longestWait, byAi, byPerson, transferred, abandoned,
    // serviceLevel.
    QString figure(const QString &key) const;
    QString caption(const QString &key) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void addTile(const QString &key);
    void set(const QString &key, const QString &value, const QString &tip = {});

    struct Tile {
        QLabel *value = nullptr;
        QLabel *caption = nullptr;
        QString help;
    };
    QHash<QString, Tile> m_tiles;
    store::QueueFigures m_day;
    int m_serviceLevelSeconds = 0; // 0: no day read yet
};

} // namespace callgate
