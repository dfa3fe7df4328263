#include "config/DotEnv.h"

#include <QFile>
#include <QSaveFile>

#include <algorithm>

namespace callgate {
namespace {

bool validKey(QStringView key)
{
    if (key.isEmpty() || key.front().isDigit())
        return false;
    return std::all_of(key.begin(), key.end(),
                       [](QChar c) { return (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_'); });
}

QString quoteForDotEnv(const QString &value)
{
    QString out = QStringLiteral("\"");
    for (QChar c : value) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        if (c == QLatin1Char('\n')) {
            out += QLatin1String("\\n");
            continue;
        }
        out += c;
    }
    return out + QLatin1Char('"');
}

} // namespace

Result<EnvMap> parseDotEnv(const QString &text)
{
    EnvMap out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QStringView line = QStringView(lines[n]).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1String("export ")))
            line = line.sliced(7).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const auto fail = [&](const char *why) { return Error{QStringLiteral(".env line %1: %2").arg(n + 1).arg(QLatin1String(why))}; };
        if (eq <= 0)
            return fail("expected KEY=VALUE");
        const QString key = line.first(eq).trimmed().toString();
        if (!validKey(key))
            return fail("the name may hold only letters, digits and _");
        QStringView rest = line.sliced(eq + 1).trimmed();
        QString value;
        if (rest.startsWith(QLatin1Char('\''))) {
            const qsizetype end = rest.indexOf(QLatin1Char('\''), 1);
            if (end < 0)
                return fail("unterminated single quote");
            value = rest.sliced(1, end - 1).toString();
        } else if (rest.startsWith(QLatin1Char('"'))) {
            qsizetype i = 1;
            bool closed = false;
            for (; i < rest.size(); ++i) {
                const QChar c = rest[i];
                if (c == QLatin1Char('\\') && i + 1 < rest.size()) {
                    const QChar e = rest[++i];
                    value += e == QLatin1Char('n') ? QLatin1Char('\n') : e;
                } else if (c == QLatin1Char('"')) {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed)
                return fail("unterminated double quote");
        } else {
            const qsizetype hash = rest.indexOf(QLatin1String(" #"));
            value = (hash >= 0 ? rest.first(hash) : rest).trimmed().toString();
        }
        out.insert(key, value);
    }
    return out;
}

Result<EnvMap> readDotEnvFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return EnvMap{};
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    auto parsed = parseDotEnv(QString::fromUtf8(file.readAll()));
    if (!parsed)
        return Error{path + QLatin1String(": ") + parsed.error()};
    return parsed;
}

Status writeDotEnvFile(const QString &path, const EnvMap &values)
{
    QStringList keys = values.keys();
    keys.sort();
    QByteArray text;
    for (const QString &k : keys)
        text += (k + QLatin1Char('=') + quoteForDotEnv(values.value(k)) + QLatin1Char('\n')).toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(text);
    if (!file.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    return Ok{};
}

} // namespace callgate
