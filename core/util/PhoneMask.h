#pragma once
// Phone numbers never reach a log line in full: "+14155550123" becomes "+1******0123".

#include <QString>

namespace callgate {

// Masks one number: keeps a leading '+', the first digit and the last four; stars in between.
// Anything that is not a number of 7+ digits is returned masked whole ("****").
QString maskPhone(QStringView number);

// Finds every "+" followed by 7 to 15 digits in free text and masks it. The log handler calls this
// on every line, so a number that slipped into a message is still not written.
QString maskPhoneNumbersIn(const QString &text);

} // namespace callgate
