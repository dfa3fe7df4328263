#pragma once
// A transcript list that follows its end while the reader is at the end, and stays put once they
// have scrolled up to read (until they scroll back down). GUI thread only.

#include <QListView>

namespace callgate {

class TranscriptView : public QListView {
    Q_OBJECT
public:
    explicit TranscriptView(QWidget *parent = nullptr);
    void setModel(QAbstractItemModel *model) override;
    bool isFollowing() const { return m_following; }

private:
    void aboutToGrow();
    void grew();
    bool m_following = true;
    bool m_wasAtEnd = true;
};

} // namespace callgate
