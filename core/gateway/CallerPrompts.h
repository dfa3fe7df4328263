#pragma once
// Every sentence the caller hears from the gateway itself (not the AI), in each language the
// product speaks, and the built-in defaults of the operator's four prompts. Chosen by
// CALLER_LANGUAGE; the TTS voice by CALLER_VOICE. Const data; any thread.

#include "content/PromptLibrary.h"
#include "twilio/PhoneNumber.h"

#include <QString>

namespace callgate {

enum class CallerLanguage { English, Spanish };

struct CallerPrompts {
    QString bcp47;        // <Say language>
    QString defaultVoice; // <Say voice> when CALLER_VOICE is empty
    QString askMobile;    // caller ID is not a usable mobile
    QString askMobileAgain;
    QString noInput;
    QString notMobile;    // Lookup says the keyed number is not a mobile
    QString lookupFailed; // Lookup could not check the keyed number
    QString confirm;      // %1: the number read digit by digit
    QString pressOneOrTwo;
    QString tooManyAttempts;
    QString consentKeys;  // "press 1 to agree, 2 to decline"
    QString consentInApp; // instead of the question: consent was given in the app, and how to withdraw it
    QString declined;
    QString busy;
    QString transferring;
    QString noAgent;
    QString aiUnavailable; // before transferring / noAgent: the AI cannot be reached
    QString goodbye;
    QString smsSummary; // %1 date and time, %2 minutes, %3 smsTransferred or nothing, %4 reference
    QString smsTransferred;
    QString defaults[kPromptKinds]; // system, consent, live-agent, greeting

    QString invalidNumber(twilio::PhoneError why) const;
};

const CallerPrompts &callerPrompts(CallerLanguage language);
// "en" / "es" → language; anything else is refused by the settings.
CallerLanguage callerLanguageFromCode(const QString &code);

} // namespace callgate
