#pragma once
// Every column of a table at least as wide as its heading (in whatever language it is now), the
// last one left to stretch. GUI thread.

#include <QHeaderView>

namespace callgate {

inline void fitHeadings(QHeaderView *header)
{
    for (int i = 0; i + 1 < header->count(); ++i)
        header->resizeSection(i, qMax(header->sectionSize(i), header->sectionSizeHint(i)));
}

} // namespace callgate
