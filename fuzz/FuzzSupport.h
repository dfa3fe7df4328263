#pragma once
// What every fuzz target shares: a QCoreApplication (Qt's timers and event objects want one) and
// a way to stop on a broken promise with a message. The targets hold the parsers to what they
// promise (round trips, invariants), not only to "no crash".

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

namespace callgate::fuzz {

inline void ensureApp()
{
    static int argc = 1;
    static char name[] = "callgate-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    (void)app;
}

// A finding: print what was promised and abort, so libFuzzer saves the input.
#define CALLGATE_FUZZ_CHECK(cond)                                                                                                          \
    do {                                                                                                                                   \
        if (!(cond)) {                                                                                                                     \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);                                            \
            std::abort();                                                                                                                  \
        }                                                                                                                                  \
    } while (0)

} // namespace callgate::fuzz
