#pragma once
// The logging categories of sim/ (filter with QT_LOGGING_RULES, e.g. "callgate.sim.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSim) // callgate.sim: the simulators of the demo and the tests
