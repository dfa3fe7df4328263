#pragma once
// E.164 phone numbers as the caller flow meets them: a caller ID from the webhook, or digits keyed
// on the phone's keypad. Pure functions; any thread.

#include "util/Result.h"

#include <QString>

namespace callgate::twilio {

// Keypad digits → E.164 (the formatPhoneNumber rules of protocols/twilio-webhooks-and-rest.md §9):
// a trailing '#' is dropped; 10 NANP digits get +1; 11 digits with a leading 1 get +; 011 or 00
// introduce an international number (8–15 digits, not starting with 0); '+' may stand for them.
// Short codes and N11 numbers are refused. The error says, in words a caller can be told, why.
Result<QString> formatPhoneNumber(QStringView keyed);

// A caller ID as Twilio sends it in From → E.164, or an empty string when there is none to use:
// withheld ("anonymous", "Restricted", …), a Voice SDK client ("client:alice"), or not a number.
QString callerIdToE164(QStringView from);

enum class PhoneError { Empty, NotDigits, TooShort, TooLong, BadAreaCode, ServiceNumber };
// Why formatPhoneNumber refused, for the prompt the caller hears.
PhoneError phoneErrorOf(QStringView keyed);

// "+14155550100" → "4 1 5, 5 5 5, 0 1 0 0": digits grouped the way people read numbers back (NANP
// without its 1 in 3-3-4 groups, others with their country code in threes), for <Say>.
QString spokenDigits(const QString &e164);

} // namespace callgate::twilio
