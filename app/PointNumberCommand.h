#pragma once
// `callgate point-number +1800… [--url URL]`: points one of the account's Twilio numbers at this
// gateway (IncomingPhoneNumbers: VoiceUrl = PUBLIC_URL/incoming-call, VoiceMethod = POST), so a
// developer behind ngrok does not have to open the Twilio console each time the address changes.

#include <QStringList>

namespace callgate {

int runPointNumber(const QStringList &arguments);

} // namespace callgate
