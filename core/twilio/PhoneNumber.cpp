#include "twilio/PhoneNumber.h"

#include <QStringList>

namespace callgate::twilio {
namespace {

bool allDigits(QStringView s)
{
    for (QChar c : s) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return !s.isEmpty();
}

bool nanpValid(QStringView ten) { return ten.size() == 10 && ten[0] >= QLatin1Char('2') && ten[3] >= QLatin1Char('2'); }

// N11 service codes (211 … 911) in the exchange or as the whole area code.
bool isServiceCode(QStringView ten)
{
    const auto n11 = [](QStringView three) { return three[1] == QLatin1Char('1') && three[2] == QLatin1Char('1'); };
    return n11(ten.first(3)) || n11(ten.sliced(3, 3));
}

struct Parsed {
    QString e164;
    PhoneError error = PhoneError::Empty;
};

Parsed parse(QStringView keyed)
{
    QString s = keyed.trimmed().toString();
    if (s.endsWith(QLatin1Char('#')))
        s.chop(1);
    if (s.isEmpty())
        return {{}, PhoneError::Empty};
    QString international;
    if (s.startsWith(QLatin1Char('+')))
        international = s.mid(1);
    else if (s.startsWith(QLatin1String("011")))
        international = s.mid(3);
    else if (s.startsWith(QLatin1String("00")))
        international = s.mid(2);
    if (!international.isNull() || s.startsWith(QLatin1Char('+'))) {
        if (!allDigits(international))
            return {{}, international.isEmpty() ? PhoneError::TooShort : PhoneError::NotDigits};
        if (international.startsWith(QLatin1Char('1'))) {
            const QStringView national = QStringView(international).sliced(1);
            if (national.size() != 10)
                return {{}, national.size() < 10 ? PhoneError::TooShort : PhoneError::TooLong};
            if (!nanpValid(national))
                return {{}, PhoneError::BadAreaCode};
            if (isServiceCode(national))
                return {{}, PhoneError::ServiceNumber};
            return {QLatin1Char('+') + international, {}};
        }
        if (international.startsWith(QLatin1Char('0')))
            return {{}, PhoneError::BadAreaCode};
        if (international.size() < 8)
            return {{}, PhoneError::TooShort};
        if (international.size() > 15)
            return {{}, PhoneError::TooLong};
        return {QLatin1Char('+') + international, {}};
    }
    if (!allDigits(s))
        return {{}, PhoneError::NotDigits};
    if (s.size() == 11 && s.startsWith(QLatin1Char('1')))
        s.remove(0, 1);
    if (s.size() < 10)
        return {{}, PhoneError::TooShort};
    if (s.size() > 10)
        return {{}, PhoneError::TooLong};
    if (!nanpValid(s))
        return {{}, PhoneError::BadAreaCode};
    if (isServiceCode(s))
        return {{}, PhoneError::ServiceNumber};
    return {QStringLiteral("+1") + s, {}};
}

} // namespace

Result<QString> formatPhoneNumber(QStringView keyed)
{
    Parsed p = parse(keyed);
    if (!p.e164.isEmpty())
        return p.e164;
    switch (p.error) {
    case PhoneError::Empty: return Error{QStringLiteral("no digits were entered")};
    case PhoneError::NotDigits: return Error{QStringLiteral("only digits can be part of a phone number")};
    case PhoneError::TooShort: return Error{QStringLiteral("the number is too short")};
    case PhoneError::TooLong: return Error{QStringLiteral("the number is too long")};
    case PhoneError::BadAreaCode: return Error{QStringLiteral("the area code is not valid")};
    case PhoneError::ServiceNumber: return Error{QStringLiteral("service numbers cannot be used")};
    }
    return Error{QStringLiteral("the number is not valid")};
}

PhoneError phoneErrorOf(QStringView keyed) { return parse(keyed).error; }

QString callerIdToE164(QStringView from)
{
    const QString f = from.trimmed().toString();
    if (!f.startsWith(QLatin1Char('+')))
        return {}; // anonymous, restricted, client:…, sip:…, or a national string we cannot place
    // What Twilio puts in From for a withheld caller ID: ANONYMOUS, RESTRICTED, UNAVAILABLE and
    // BLOCKED spelled on a keypad. They look like numbers but belong to no one.
    for (const char *withheld : {"+266696687", "+7378742833", "+86282452253", "+2562533"}) {
        if (f == QLatin1String(withheld))
            return {};
    }
    const Parsed p = parse(f);
    return p.e164;
}

QString spokenDigits(const QString &e164)
{
    QString digits = e164;
    if (digits.startsWith(QLatin1Char('+')))
        digits.remove(0, 1);
    QList<int> groups;
    if (digits.size() == 11 && digits.startsWith(QLatin1Char('1'))) {
        digits.remove(0, 1); // NANP: read the national number as 3-3-4
        groups = {3, 3, 4};
    } else {
        for (int left = int(digits.size()); left > 0; left -= 3)
            groups << qMin(3, left);
    }
    QStringList parts;
    qsizetype pos = 0;
    for (int g : groups) {
        QStringList one;
        for (QChar c : digits.mid(pos, g))
            one << QString(c);
        parts << one.join(QLatin1Char(' '));
        pos += g;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace callgate::twilio
