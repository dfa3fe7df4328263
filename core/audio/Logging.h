#pragma once
// The logging categories of audio/ (filter with QT_LOGGING_RULES, e.g. "callgate.audio.debug=true").

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcAudio) // callgate.audio: sound devices, the mixer, call recordings
