#pragma once

#include <QStringList>

namespace callgate {

// `callgate add-operator NAME [--viewer] [--file F]`: makes (or renews) an operator account and
// prints its token once.
int runAddOperator(const QStringList &arguments);

} // namespace callgate
