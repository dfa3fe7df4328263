#pragma once
// What the caller flow learned about a caller before the AI answers: the verified mobile number,
// how it was verified, the consent given, and what the customer API knows. Travels with the
// session into the bridge, the console and the store. Value types; any thread.

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace callgate {

struct CustomerInfo {
    bool found = false; // the customer API knew the number
    QString name;
    QList<QPair<QString, QString>> fields; // account fields, in the API's order
    QString error;                         // why there is nothing (down, slow, garbage), if so
};

struct CallerVerification {
    QString number;         // E.164 of the verified mobile; empty if none
    QString lineType;       // Lookup's type
    QString source;         // "caller-id" or "keypad"
    QString language;       // "en" / "es"
    QString consentVersion; // which consent message the caller accepted
    QDateTime consentAt;
    QString consentMethod; // "keypad"
};

} // namespace callgate
