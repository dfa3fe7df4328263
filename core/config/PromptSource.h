#pragma once
// Where a prompt comes from, as a PROMPT_* setting names it: a Google Doc (URL or gdoc:<ID>), a
// file, or the built-in text. Config validates the settings with it; the prompt fetcher follows it.

#include "util/Result.h"

#include <QString>

namespace callgate {

struct PromptSource {
    enum class Type { BuiltIn, GoogleDoc, File };
    Type type = Type::BuiltIn;
    QString docId;
    QString path;
};
// Parses a PROMPT_* setting; the error names what is wrong.
Result<PromptSource> parsePromptSource(const QString &setting);

} // namespace callgate
