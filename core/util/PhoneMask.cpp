#include "util/PhoneMask.h"

namespace callgate {

QString maskPhone(QStringView number)
{
    const bool plus = number.startsWith(QLatin1Char('+'));
    const QStringView digits = plus ? number.mid(1) : number;
    bool allDigits = !digits.isEmpty();
    for (QChar c : digits)
        allDigits = allDigits && c.isDigit();
    if (!allDigits || digits.size() < 7)
        return QStringLiteral("****");
    QString out;
    out.reserve(number.size());
    if (plus)
        out += QLatin1Char('+');
    out += digits.first(1);
    out += QString(digits.size() - 5, QLatin1Char('*'));
    out += digits.last(4);
    return out;
}

QString maskPhoneNumbersIn(const QString &text)
{
    const qsizetype plusAt = text.indexOf(QLatin1Char('+'));
    if (plusAt < 0)
        return text;
    QString out;
    out.reserve(text.size());
    out += QStringView(text).first(plusAt);
    qsizetype i = plusAt;
    while (i < text.size()) {
        if (text[i] == QLatin1Char('+')) {
            qsizetype j = i + 1;
            while (j < text.size() && text[j].isDigit())
                ++j;
            const qsizetype n = j - i - 1;
            if (n >= 7 && n <= 15) {
                out += maskPhone(QStringView(text).sliced(i, j - i));
                i = j;
                continue;
            }
        }
        out += text[i];
        ++i;
    }
    return out;
}

} // namespace callgate
