#pragma once
// The Twilio REST client's settings as the configuration gives them (base URLs, account, token,
// timeout), for every place that makes a client: the caller flow, the console, point-number.

#include "config/Config.h"
#include "twilio/RestClient.h"

namespace callgate {

inline twilio::RestSettings twilioRestSettings(const Config &c)
{
    twilio::RestSettings rs;
    rs.apiBaseUrl = c.twilioApiBaseUrl;
    rs.lookupBaseUrl = c.twilioLookupBaseUrl;
    rs.accountSid = c.twilioAccountSid;
    rs.authToken = c.twilioAuthToken;
    rs.timeoutMs = c.twilioRestTimeoutMs;
    return rs;
}

} // namespace callgate
