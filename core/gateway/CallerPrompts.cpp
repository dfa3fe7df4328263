#include "gateway/CallerPrompts.h"

namespace callgate {
namespace {

CallerPrompts english()
{
    CallerPrompts p;
    p.bcp47 = QStringLiteral("en-US");
    p.defaultVoice = QStringLiteral("Polly.Joanna-Neural");
    p.askMobile = QStringLiteral("To continue, please enter your mobile phone number on your keypad, followed by the pound key.");
    p.askMobileAgain = QStringLiteral("Please enter your mobile phone number, followed by the pound key.");
    p.noInput = QStringLiteral("Sorry, I did not get any input.");
    p.notMobile = QStringLiteral("That number is not a mobile number. We need a mobile number to continue.");
    p.lookupFailed = QStringLiteral("Sorry, we could not check that number right now.");
    p.confirm = QStringLiteral("You entered %1.");
    p.pressOneOrTwo = QStringLiteral("If that is correct, press 1. To enter it again, press 2.");
    p.tooManyAttempts = QStringLiteral("Sorry, we could not verify a mobile number. Please call again later. Goodbye.");
    p.consentKeys = QStringLiteral("To agree, press 1. To decline, press 2.");
    p.consentInApp = QStringLiteral("You have given your consent in our app, so we connect you right away. "
                                    "To withdraw it, open the app and choose Withdraw consent.");
    p.declined = QStringLiteral("You have declined, so we cannot continue this call. Thank you for calling. Goodbye.");
    p.busy = QStringLiteral("All our lines are busy right now. Please call again later. Goodbye.");
    p.transferring = QStringLiteral("Please hold while I connect you to an agent.");
    p.noAgent = QStringLiteral("Sorry, no agent is available right now. Please call again later. Goodbye.");
    p.aiUnavailable = QStringLiteral("We are sorry: our assistant is having technical trouble.");
    p.goodbye = QStringLiteral("Thank you for calling. Goodbye.");
    p.smsSummary = QStringLiteral("Thank you for your call on %1 (about %2 min). %3Reference: %4.");
    p.smsTransferred = QStringLiteral("You were connected to one of our agents. ");
    p.defaults[int(PromptKind::System)] =
        QStringLiteral("You are the friendly phone assistant of this company. Speak briefly and clearly, as on a phone call. "
                       "Answer in English. Help the caller with their request. If the caller asks for a person, or you cannot help, "
                       "call escalate_to_agent. When the caller is done, say goodbye and call end_call.");
    p.defaults[int(PromptKind::Consent)] =
        QStringLiteral("This call is answered by an automated assistant and will be recorded and transcribed to help you and to "
                       "improve our service.");
    p.defaults[int(PromptKind::LiveAgent)] = QStringLiteral("I am connecting you to a member of our team. Please stay on the line.");
    p.defaults[int(PromptKind::Greeting)] = QStringLiteral("Hello, thank you for calling. How can I help you today?");
    return p;
}

CallerPrompts spanish()
{
    CallerPrompts p;
    p.bcp47 = QStringLiteral("es-US");
    p.defaultVoice = QStringLiteral("Polly.Lupe-Neural");
    p.askMobile = QStringLiteral("Para continuar, marque su número de teléfono móvil en el teclado, seguido de la tecla numeral.");
    p.askMobileAgain = QStringLiteral("Marque su número de teléfono móvil, seguido de la tecla numeral.");
    p.noInput = QStringLiteral("Disculpe, no recibí ninguna respuesta.");
    p.notMobile = QStringLiteral("Ese número no es un móvil. Necesitamos un número móvil para continuar.");
    p.lookupFailed = QStringLiteral("Disculpe, no pudimos verificar ese número en este momento.");
    p.confirm = QStringLiteral("Usted marcó %1.");
    p.pressOneOrTwo = QStringLiteral("Si es correcto, oprima 1. Para marcarlo de nuevo, oprima 2.");
    p.tooManyAttempts = QStringLiteral("Disculpe, no pudimos verificar un número móvil. Por favor, llame más tarde. Adiós.");
    p.consentKeys = QStringLiteral("Para aceptar, oprima 1. Para rechazar, oprima 2.");
    p.consentInApp = QStringLiteral("Usted dio su consentimiento en nuestra aplicación, así que le comunicamos enseguida. "
                                    "Para retirarlo, abra la aplicación y elija Retirar consentimiento.");
    p.declined = QStringLiteral("Usted no aceptó, así que no podemos continuar la llamada. Gracias por llamar. Adiós.");
    p.busy = QStringLiteral("Todas nuestras líneas están ocupadas. Por favor, llame más tarde. Adiós.");
    p.transferring = QStringLiteral("Por favor, espere mientras le comunico con un agente.");
    p.noAgent = QStringLiteral("Disculpe, no hay ningún agente disponible ahora. Por favor, llame más tarde. Adiós.");
    p.aiUnavailable = QStringLiteral("Lo sentimos: nuestro asistente tiene problemas técnicos.");
    p.goodbye = QStringLiteral("Gracias por llamar. Adiós.");
    p.smsSummary = QStringLiteral("Gracias por su llamada del %1 (unos %2 min). %3Referencia: %4.");
    p.smsTransferred = QStringLiteral("Le comunicamos con uno de nuestros agentes. ");
    p.defaults[int(PromptKind::System)] =
        QStringLiteral("Eres el asistente telefónico amable de esta empresa. Habla de forma breve y clara, como en una llamada. "
                       "Responde en español. Ayuda a la persona que llama con su consulta. Si pide hablar con una persona, o no puedes "
                       "ayudar, llama a escalate_to_agent. Cuando termine, despídete y llama a end_call.");
    p.defaults[int(PromptKind::Consent)] =
        QStringLiteral("Esta llamada la atiende un asistente automático y será grabada y transcrita para ayudarle y mejorar nuestro "
                       "servicio.");
    p.defaults[int(PromptKind::LiveAgent)] = QStringLiteral("Le comunico con una persona de nuestro equipo. Por favor, no cuelgue.");
    p.defaults[int(PromptKind::Greeting)] = QStringLiteral("Hola, gracias por llamar. ¿En qué puedo ayudarle hoy?");
    return p;
}

} // namespace

QString CallerPrompts::invalidNumber(twilio::PhoneError why) const
{
    const bool es = bcp47.startsWith(QLatin1String("es"));
    using E = twilio::PhoneError;
    switch (why) {
    case E::TooShort: return es ? QStringLiteral("Ese número es demasiado corto.") : QStringLiteral("That number is too short.");
    case E::TooLong: return es ? QStringLiteral("Ese número es demasiado largo.") : QStringLiteral("That number is too long.");
    case E::BadAreaCode: return es ? QStringLiteral("Ese código de área no es válido.") : QStringLiteral("That area code is not valid.");
    case E::ServiceNumber:
        return es ? QStringLiteral("No se pueden usar números de servicio.") : QStringLiteral("Service numbers cannot be used.");
    case E::NotDigits: return es ? QStringLiteral("Use solo dígitos, por favor.") : QStringLiteral("Please use digits only.");
    case E::Empty: return noInput;
    }
    return es ? QStringLiteral("Ese número no es válido.") : QStringLiteral("That number is not valid.");
}

const CallerPrompts &callerPrompts(CallerLanguage language)
{
    static const CallerPrompts en = english();
    static const CallerPrompts es = spanish();
    return language == CallerLanguage::Spanish ? es : en;
}

CallerLanguage callerLanguageFromCode(const QString &code)
{
    return code == QLatin1String("es") ? CallerLanguage::Spanish : CallerLanguage::English;
}

} // namespace callgate
