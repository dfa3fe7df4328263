<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CallDetails</name>
    <message>
        <source>Select a call to see its details.</source>
        <translation>Wählen Sie einen Anruf, um seine Einzelheiten zu sehen.</translation>
    </message>
    <message>
        <source>caller ID, checked with Lookup</source>
        <translation>Rufnummer des Anrufers, mit Lookup geprüft</translation>
    </message>
    <message>
        <source>keyed in, read back and confirmed, checked with Lookup</source>
        <translation>eingetippt, vorgelesen und bestätigt, mit Lookup geprüft</translation>
    </message>
    <message>
        <source>keyed in and confirmed; Lookup could not check it</source>
        <translation>eingetippt und bestätigt; Lookup konnte sie nicht prüfen</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Anruf</translation>
    </message>
    <message>
        <source>Caller ID</source>
        <translation>Rufnummer des Anrufers</translation>
    </message>
    <message>
        <source>Verified mobile</source>
        <translation>Geprüfte Mobilnummer</translation>
    </message>
    <message>
        <source>Line type</source>
        <translation>Anschlussart</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>Geprüft durch</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
    <message>
        <source>accepted by %1 at %2 (message version %3)</source>
        <translation>angenommen per %1 um %2 (Textversion %3)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>not looked up</source>
        <translation>nicht abgefragt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Asked for an agent</source>
        <translation>Wollte einen Mitarbeiter</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Barge-ins</source>
        <translation>Unterbrechungen</translation>
    </message>
</context>
<context>
    <name>CallWords</name>
    <message>
        <source>Live</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Line dropped</source>
        <translation>Verbindung abgebrochen</translation>
    </message>
    <message>
        <source>The AI failed</source>
        <translation>Die KI ist ausgefallen</translation>
    </message>
    <message>
        <source>Never connected</source>
        <translation>Nie verbunden</translation>
    </message>
    <message>
        <source>Ended at shutdown</source>
        <translation>Beim Herunterfahren beendet</translation>
    </message>
    <message>
        <source>Turned away: busy</source>
        <translation>Abgewiesen: besetzt</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Weitergeleitet</translation>
    </message>
    <message>
        <source>No agent was free</source>
        <translation>Kein Mitarbeiter war frei</translation>
    </message>
    <message>
        <source>Declined consent</source>
        <translation>Zustimmung abgelehnt</translation>
    </message>
    <message>
        <source>Number not verified</source>
        <translation>Nummer nicht bestätigt</translation>
    </message>
    <message>
        <source>A supervisor hung up</source>
        <translation>Ein Supervisor hat aufgelegt</translation>
    </message>
    <message>
        <source>%1 hung up</source>
        <translation>%1 hat aufgelegt</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>ein Supervisor</translation>
    </message>
    <message>
        <source>A supervisor</source>
        <translation>Ein Supervisor</translation>
    </message>
    <message>
        <source>%1, then the AI</source>
        <translation>%1, dann die KI</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Transferred by %1</source>
        <translation>Weitergeleitet von %1</translation>
    </message>
    <message>
        <source>Transferred to %1 (no one took it in time)</source>
        <translation>Weitergeleitet an %1 (niemand hat rechtzeitig übernommen)</translation>
    </message>
    <message>
        <source>Transferred to %1 by %2</source>
        <translation>Von %2 an %1 weitergeleitet</translation>
    </message>
    <message>
        <source>The AI</source>
        <translation>Die KI</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Follow-up needed</source>
        <translation>Nachfassen nötig</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Zurückrufen</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Beschwerde</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>Falsch verbunden</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
</context>
<context>
    <name>callgate::AudioPanel</name>
    <message>
        <source>Call audio</source>
        <translation>Ton des Anrufs</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>&amp;Mithören</translation>
    </message>
    <message>
        <source>Hear the selected call on your headset (Ctrl+L)</source>
        <translation>Den gewählten Anruf im Headset hören (Strg+L)</translation>
    </message>
    <message>
        <source>Caller left, AI right</source>
        <translation>Anrufer links, KI rechts</translation>
    </message>
    <message>
        <source>Caller in the left ear, the AI or agent in the right; otherwise both in both (Ctrl+Shift+L)</source>
        <translation>Anrufer im linken Ohr, KI oder Mitarbeiter im rechten; sonst beide auf beiden (Strg+Umschalt+L)</translation>
    </message>
    <message>
        <source>&amp;Mute</source>
        <translation>&amp;Stumm</translation>
    </message>
    <message>
        <source>The caller stops hearing your microphone (Ctrl+M)</source>
        <translation>Der Anrufer hört Ihr Mikrofon nicht mehr (Strg+M)</translation>
    </message>
    <message>
        <source>&amp;Push to talk</source>
        <translation>&amp;Sprechtaste</translation>
    </message>
    <message>
        <source>Your microphone reaches the caller only while you hold Space</source>
        <translation>Ihr Mikrofon erreicht den Anrufer nur, solange Sie die Leertaste halten</translation>
    </message>
    <message>
        <source>Hand &amp;back to the AI</source>
        <translation>An die KI &amp;zurückgeben</translation>
    </message>
    <message>
        <source>The AI takes the call again and knows what was said meanwhile (Ctrl+Shift+B)</source>
        <translation>Die KI übernimmt den Anruf wieder und weiß, was inzwischen gesagt wurde (Strg+Umschalt+B)</translation>
    </message>
    <message>
        <source>Audio state</source>
        <translation>Tonstatus</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Anrufer</translation>
    </message>
    <message>
        <source>AI</source>
        <translation>KI</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>Sound figures</source>
        <translation>Tonwerte</translation>
    </message>
    <message>
        <source>Select a live call to listen to</source>
        <translation>Wählen Sie einen laufenden Anruf zum Mithören</translation>
    </message>
    <message>
        <source>Cannot listen: %1</source>
        <translation>Mithören nicht möglich: %1</translation>
    </message>
    <message>
        <source>Listening to %1</source>
        <translation>Hört %1 mit</translation>
    </message>
    <message>
        <source>You took the call, but its sound cannot play: %1</source>
        <translation>Sie haben den Anruf übernommen, aber sein Ton kann nicht abgespielt werden: %1</translation>
    </message>
    <message>
        <source>You took the call, but the microphone cannot open: %1. The caller hears silence; hand the call back or transfer it.</source>
        <translation>Sie haben den Anruf übernommen, aber das Mikrofon lässt sich nicht öffnen: %1. Der Anrufer hört Stille; geben Sie den Anruf zurück oder leiten Sie ihn weiter.</translation>
    </message>
    <message>
        <source>You have the call: hold Space to talk</source>
        <translation>Sie haben den Anruf: Leertaste halten zum Sprechen</translation>
    </message>
    <message>
        <source>You have the call: the caller hears you</source>
        <translation>Sie haben den Anruf: der Anrufer hört Sie</translation>
    </message>
    <message>
        <source>The AI has the call again</source>
        <translation>Die KI hat den Anruf wieder</translation>
    </message>
    <message>
        <source>The call you had has ended</source>
        <translation>Ihr Anruf ist beendet</translation>
    </message>
    <message>
        <source>The call you listened to has ended</source>
        <translation>Der mitgehörte Anruf ist beendet</translation>
    </message>
    <message>
        <source>Hand the call back before playing a recording</source>
        <translation>Geben Sie den Anruf zurück, bevor Sie eine Aufnahme abspielen</translation>
    </message>
    <message>
        <source>Cannot play the recording: %1</source>
        <translation>Die Aufnahme kann nicht abgespielt werden: %1</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>Sound device lost; waiting for it to come back</source>
        <translation>Tongerät verloren; warte auf seine Rückkehr</translation>
    </message>
    <message>
        <source>You have the call — on air</source>
        <translation>Sie haben den Anruf — auf Sendung</translation>
    </message>
    <message>
        <source>You have the call — muted</source>
        <translation>Sie haben den Anruf — stumm</translation>
    </message>
    <message>
        <source>You have the call — hold Space to talk</source>
        <translation>Sie haben den Anruf — Leertaste halten zum Sprechen</translation>
    </message>
    <message>
        <source>Playing %1</source>
        <translation>Spielt %1 ab</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>Kein Mithören</translation>
    </message>
    <message>
        <source>%1 kHz</source>
        <translation>%1 kHz</translation>
    </message>
    <message>
        <source>delay %1 ms</source>
        <translation>Verzögerung %1 ms</translation>
    </message>
    <message>
        <source>underruns %1</source>
        <translation>Unterläufe %1</translation>
    </message>
    <message>
        <source>overruns %1</source>
        <translation>Überläufe %1</translation>
    </message>
    <message>
        <source>Output: %1
Input: %2
Late call audio: %3
Delay since listening began: median %4 ms, 95th percentile %5 ms</source>
        <translation>Ausgabe: %1
Eingabe: %2
Verspäteter Anrufton: %3
Verzögerung seit Beginn des Mithörens: Median %4 ms, 95. Perzentil %5 ms</translation>
    </message>
    <message>
        <source>Muted: the caller does not hear you</source>
        <translation>Stumm: Der Anrufer hört Sie nicht</translation>
    </message>
    <message>
        <source>The caller hears you again</source>
        <translation>Der Anrufer hört Sie wieder</translation>
    </message>
</context>
<context>
    <name>callgate::CallerFlow</name>
    <message>
        <source>no caller ID: asked for a mobile number</source>
        <translation>keine Rufnummer: nach einer Mobilnummer gefragt</translation>
    </message>
    <message>
        <source>calls from a mobile: hears the consent message</source>
        <translation>ruft vom Mobiltelefon an: hört den Einwilligungstext</translation>
    </message>
    <message>
        <source>caller ID is not a mobile (%1): asked for one</source>
        <translation>Rufnummer ist keine Mobilnummer (%1): nach einer gefragt</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>ungültig</translation>
    </message>
    <message>
        <source>Lookup failed: asked for a mobile number</source>
        <translation>Lookup fehlgeschlagen: nach einer Mobilnummer gefragt</translation>
    </message>
    <message>
        <source>no mobile number after %1 attempts: goodbye</source>
        <translation>keine Mobilnummer nach %1 Versuchen: verabschiedet</translation>
    </message>
    <message>
        <source>keyed a number that will not do (%1): asked again</source>
        <translation>eine unbrauchbare Nummer eingetippt (%1): erneut gefragt</translation>
    </message>
    <message>
        <source>keyed a mobile number: hears it read back</source>
        <translation>eine Mobilnummer eingetippt: hört sie vorgelesen</translation>
    </message>
    <message>
        <source>confirmed the number: hears the consent message</source>
        <translation>Nummer bestätigt: hört den Einwilligungstext</translation>
    </message>
    <message>
        <source>consented: connecting to the assistant</source>
        <translation>eingewilligt: wird mit dem Assistenten verbunden</translation>
    </message>
    <message>
        <source>declined consent: goodbye</source>
        <translation>Einwilligung abgelehnt: verabschiedet</translation>
    </message>
    <message>
        <source>no answer: goodbye</source>
        <translation>keine Antwort: verabschiedet</translation>
    </message>
    <message>
        <source>no answer: asked again</source>
        <translation>keine Antwort: erneut gefragt</translation>
    </message>
    <message>
        <source>consented in the app: connecting to the assistant</source>
        <translation>hat in der App eingewilligt: wird mit dem Assistenten verbunden</translation>
    </message>
</context>
<context>
    <name>callgate::CallsModel</name>
    <message>
        <source>waiting · transfers in %1</source>
        <translation>wartet · Weiterleitung in %1</translation>
    </message>
    <message>
        <source>waiting · ends in %1</source>
        <translation>wartet · endet in %1</translation>
    </message>
    <message>
        <source>in the caller flow</source>
        <translation>in der Anmeldung</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>listening</source>
        <translation>hört zu</translation>
    </message>
    <message>
        <source>caller speaking</source>
        <translation>Anrufer spricht</translation>
    </message>
    <message>
        <source>AI speaking</source>
        <translation>KI spricht</translation>
    </message>
    <message>
        <source>waiting for agent</source>
        <translation>wartet auf Mitarbeiter</translation>
    </message>
    <message>
        <source>with agent</source>
        <translation>beim Mitarbeiter</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>Verified mobile %1 (%2)</source>
        <translation>Geprüfte Mobilnummer %1 (%2)</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>ungeprüft</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Anrufer</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Line type</source>
        <translation>Anschlussart</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Last answer</source>
        <translation>Letzte Antwortzeit</translation>
    </message>
    <message>
        <source>Last words</source>
        <translation>Zuletzt gesagt</translation>
    </message>
    <message>
        <source>ended: %1</source>
        <translation>beendet: %1</translation>
    </message>
    <message>
        <source>unreachable · was %1</source>
        <translation>nicht erreichbar · war %1</translation>
    </message>
    <message>
        <source>with %1</source>
        <translation>bei %1</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>dieser Computer</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
</context>
<context>
    <name>callgate::CallsProxy</name>
    <message>
        <source>with you</source>
        <translation>bei Ihnen</translation>
    </message>
</context>
<context>
    <name>callgate::ClosingDialog</name>
    <message>
        <source>Closing Callgate</source>
        <translation>Callgate wird geschlossen</translation>
    </message>
    <message>
        <source>New callers hear that the line is busy. The calls still live may finish; when the time is up they are ended politely.</source>
        <translation>Neue Anrufer hören, dass die Leitung besetzt ist. Laufende Anrufe dürfen zu Ende gehen; ist die Zeit um, werden sie höflich beendet.</translation>
    </message>
    <message>
        <source>Calls still live</source>
        <translation>Noch laufende Anrufe</translation>
    </message>
    <message>
        <source>Time left before the calls are ended</source>
        <translation>Verbleibende Zeit, bis die Anrufe beendet werden</translation>
    </message>
    <message>
        <source>End the calls now</source>
        <translation>Anrufe jetzt beenden</translation>
    </message>
    <message>
        <source>No call is live any more: closing.</source>
        <translation>Kein Anruf läuft mehr: wird geschlossen.</translation>
    </message>
    <message numerus="yes">
        <source>Ending %n call(s)…</source>
        <translation>
            <numerusform>%n Anruf wird beendet…</numerusform>
            <numerusform>%n Anrufe werden beendet…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) still live — the rest are ended in %1</source>
        <translation>
            <numerusform>%n Anruf läuft noch — der Rest wird in %1 beendet</numerusform>
            <numerusform>%n Anrufe laufen noch — der Rest wird in %1 beendet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>callgate::ConsoleWindow</name>
    <message>
        <source>%1 is not a number in E.164 form</source>
        <translation>%1 ist keine Nummer im E.164-Format</translation>
    </message>
    <message>
        <source>Live agent line</source>
        <translation>Mitarbeiter-Leitung</translation>
    </message>
    <message>
        <source>End the call you hold, or else the selected one, through Twilio (Ctrl+Shift+H)</source>
        <translation>Den Anruf, den Sie halten, sonst den ausgewählten, über Twilio beenden (Strg+Umschalt+H)</translation>
    </message>
    <message>
        <source>Hang up on %1?</source>
        <translation>Anruf von %1 beenden?</translation>
    </message>
    <message>
        <source>The caller is disconnected at once.</source>
        <translation>Die Verbindung zum Anrufer wird sofort getrennt.</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>Hanging up on %1</source>
        <translation>Anruf von %1 wird beendet</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Callgate</source>
        <translation>Callgate</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>&amp;Live calls</source>
        <translation>&amp;Laufende Anrufe</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>Listening address</source>
        <translation>Empfangsadresse</translation>
    </message>
    <message>
        <source>Webhook URL for Twilio</source>
        <translation>Webhook-Adresse für Twilio</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Anrufe</translation>
    </message>
    <message>
        <source>OpenAI status</source>
        <translation>OpenAI-Status</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>&amp;Take call</source>
        <translation>Anruf &amp;übernehmen</translation>
    </message>
    <message>
        <source>Show full &amp;numbers</source>
        <translation>&amp;Nummern ganz zeigen</translation>
    </message>
    <message>
        <source>&amp;Copy webhook URL</source>
        <translation>Webhook-Adresse &amp;kopieren</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>&amp;Point my Twilio number here…</source>
        <translation>Meine Twilio-Nummer hierher &amp;leiten…</translation>
    </message>
    <message>
        <source>Find ngrok &amp;address</source>
        <translation>ngrok-&amp;Adresse suchen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Filter calls</source>
        <translation>Anrufe filtern</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Filter calls (number, customer, state, words)…  Ctrl+F</source>
        <translation>Anrufe filtern (Nummer, Kunde, Status, Worte)…  Strg+F</translation>
    </message>
    <message>
        <source>Live calls</source>
        <translation>Laufende Anrufe</translation>
    </message>
    <message>
        <source>Selected call</source>
        <translation>Gewählter Anruf</translation>
    </message>
    <message>
        <source>Live transcript of the selected call</source>
        <translation>Live-Mitschrift des gewählten Anrufs</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Mitschrift</translation>
    </message>
    <message>
        <source>Details of the selected call</source>
        <translation>Einzelheiten des gewählten Anrufs</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>Filter events, e.g. response. or error</source>
        <translation>Ereignisse filtern, z. B. response. oder error</translation>
    </message>
    <message>
        <source>Filter protocol events</source>
        <translation>Protokollereignisse filtern</translation>
    </message>
    <message>
        <source>Protocol events of the selected call</source>
        <translation>Protokollereignisse des gewählten Anrufs</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>A caller waits for an agent</source>
        <translation>Ein Anrufer wartet auf einen Mitarbeiter</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 waits for an agent: select the call and press Ctrl+T to take it</source>
        <translation>%1 wartet auf einen Mitarbeiter: Anruf wählen und mit Strg+T übernehmen</translation>
    </message>
    <message>
        <source>Listening on %1:%2</source>
        <translation>Empfängt auf %1:%2</translation>
    </message>
    <message>
        <source>Webhook: %1</source>
        <translation>Webhook: %1</translation>
    </message>
    <message>
        <source>%1 live, %2 waiting for an agent</source>
        <translation>%1 laufend, %2 warten auf Mitarbeiter</translation>
    </message>
    <message>
        <source>%1 live, %2 waiting for an agent, %3 in the caller flow</source>
        <translation>%1 laufend, %2 warten auf Mitarbeiter, %3 in der Anmeldung</translation>
    </message>
    <message>
        <source>OpenAI: %1 · %2</source>
        <translation>OpenAI: %1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>Callgate — %n waiting for an agent</source>
        <translation>
            <numerusform>Callgate — %n wartet auf einen Mitarbeiter</numerusform>
            <numerusform>Callgate — %n warten auf Mitarbeiter</numerusform>
        </translation>
    </message>
    <message>
        <source>Point my Twilio number here</source>
        <translation>Meine Twilio-Nummer hierher leiten</translation>
    </message>
    <message>
        <source>Your Twilio number (E.164, e.g. +18005550100); its calls will come to
%1</source>
        <translation>Ihre Twilio-Nummer (E.164, z. B. +18005550100); ihre Anrufe gehen dann an
%1</translation>
    </message>
    <message>
        <source>Asking Twilio…</source>
        <translation>Frage Twilio…</translation>
    </message>
    <message>
        <source>%1 now sends its calls to %2</source>
        <translation>%1 leitet seine Anrufe jetzt an %2</translation>
    </message>
    <message>
        <source>Asking the ngrok agent…</source>
        <translation>Frage den ngrok-Agenten…</translation>
    </message>
    <message>
        <source>ngrok forwards %1 here</source>
        <translation>ngrok leitet %1 hierher</translation>
    </message>
    <message>
        <source>ngrok forwards %1 here; Twilio signs with that address, so set PUBLIC_URL=%1 and restart</source>
        <translation>ngrok leitet %1 hierher; Twilio signiert mit dieser Adresse, also PUBLIC_URL=%1 setzen und neu starten</translation>
    </message>
    <message>
        <source>Settings saved to %1; gateway settings take effect at the next start</source>
        <translation>Einstellungen in %1 gespeichert; Gateway-Einstellungen gelten ab dem nächsten Start</translation>
    </message>
    <message>
        <source>Whisper to the AI</source>
        <translation>Der KI zuflüstern</translation>
    </message>
    <message>
        <source>Whisper to the AI — the caller does not hear it (Ctrl+W, Enter sends)</source>
        <translation>Der KI zuflüstern — der Anrufer hört es nicht (Strg+W, Eingabe sendet)</translation>
    </message>
    <message>
        <source>Whisper an instruction to the AI</source>
        <translation>Der KI eine Anweisung zuflüstern</translation>
    </message>
    <message>
        <source>Whispered to the AI</source>
        <translation>Der KI zugeflüstert</translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation>&amp;Auflegen</translation>
    </message>
    <message>
        <source>T&amp;ransfer to a number…</source>
        <translation>An eine Nummer &amp;weiterleiten…</translation>
    </message>
    <message>
        <source>Transferring the call to %1</source>
        <translation>Anruf wird an %1 weitergeleitet</translation>
    </message>
    <message>
        <source>Take the selected call with your headset: the AI stops, no transfer happens (Ctrl+T)</source>
        <translation>Den gewählten Anruf mit dem Headset übernehmen: die KI schweigt, keine Weiterleitung (Strg+T)</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Headset</translation>
    </message>
    <message numerus="yes">
        <source>End the %n live call(s) now?</source>
        <translation>
            <numerusform>Den %n laufenden Anruf jetzt beenden?</numerusform>
            <numerusform>Die %n laufenden Anrufe jetzt beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Each caller hears a goodbye and is disconnected.</source>
        <translation>Jeder Anrufer hört eine Verabschiedung und wird getrennt.</translation>
    </message>
    <message>
        <source>End them now</source>
        <translation>Jetzt beenden</translation>
    </message>
    <message>
        <source>You hold a call: it goes back to the AI.</source>
        <translation>Sie halten einen Anruf: Er geht an die KI zurück.</translation>
    </message>
    <message numerus="yes">
        <source>%n caller(s) wait for an agent.</source>
        <translation>
            <numerusform>%n Anrufer wartet auf einen Mitarbeiter.</numerusform>
            <numerusform>%n Anrufer warten auf einen Mitarbeiter.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New callers hear that the line is busy; the live calls may go on for up to %n second(s), then they are ended.</source>
        <translation>
            <numerusform>Neue Anrufer hören, dass die Leitung besetzt ist; laufende Anrufe dürfen noch bis zu %n Sekunde weitergehen, dann werden sie beendet.</numerusform>
            <numerusform>Neue Anrufer hören, dass die Leitung besetzt ist; laufende Anrufe dürfen noch bis zu %n Sekunden weitergehen, dann werden sie beendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Close Callgate with %n live call(s)?</source>
        <translation>
            <numerusform>Callgate mit %n laufendem Anruf schließen?</numerusform>
            <numerusform>Callgate mit %n laufenden Anrufen schließen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Close after the calls</source>
        <translation>Nach den Anrufen schließen</translation>
    </message>
    <message>
        <source>Set-&amp;up</source>
        <translation>Ein&amp;richten</translation>
    </message>
    <message>
        <source>The webhook URL, pointing your Twilio number here, finding an ngrok address</source>
        <translation>Die Webhook-URL, Ihre Twilio-Nummer hierher leiten, eine ngrok-Adresse finden</translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation>Einstellungen (Strg+,)</translation>
    </message>
    <message>
        <source>Console settings saved; the demo&apos;s gateway settings are its own</source>
        <translation>Konsoleneinstellungen gespeichert; die Gateway-Einstellungen der Demo bleiben ihre eigenen</translation>
    </message>
    <message>
        <source>Lost the link to gateway %1: %2. Retrying by itself; its calls show as they were last seen.</source>
        <translation>Verbindung zum Gateway %1 verloren: %2. Sie wird selbst neu aufgebaut; seine Anrufe erscheinen wie zuletzt gesehen.</translation>
    </message>
    <message>
        <source>Gateway %1 is attached again</source>
        <translation>Gateway %1 ist wieder verbunden</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 ✓</source>
        <translation>%1 ✓</translation>
    </message>
    <message>
        <source>%1: connecting</source>
        <translation>%1: verbindet</translation>
    </message>
    <message>
        <source>%1: retrying in %2 s</source>
        <translation>%1: neuer Versuch in %2 s</translation>
    </message>
    <message>
        <source>Webhook: %1 · gateways: %2</source>
        <translation>Webhook: %1 · Gateways: %2</translation>
    </message>
    <message>
        <source>No gateway attached: add one in Settings → Gateways</source>
        <translation>Kein Gateway verbunden: unter Einstellungen → Gateways eines hinzufügen</translation>
    </message>
    <message>
        <source>Gateways: %1</source>
        <translation>Gateways: %1</translation>
    </message>
    <message>
        <source>OpenAI: %1</source>
        <translation>OpenAI: %1</translation>
    </message>
</context>
<context>
    <name>callgate::FirstRunDialog</name>
    <message>
        <source>Welcome to Callgate</source>
        <translation>Willkommen bei Callgate</translation>
    </message>
    <message>
        <source>Where are the calls this console shows?</source>
        <translation>Wo sind die Anrufe, die diese Konsole zeigt?</translation>
    </message>
    <message>
        <source>Try the demo: simulated callers and a simulated AI, nothing to set up</source>
        <translation>Die Demo ausprobieren: simulierte Anrufer und eine simulierte KI, nichts einzurichten</translation>
    </message>
    <message>
        <source>Run a gateway on this computer, with my OpenAI and Twilio accounts</source>
        <translation>Ein Gateway auf diesem Computer betreiben, mit meinen OpenAI- und Twilio-Konten</translation>
    </message>
    <message>
        <source>Attach to gateways that run elsewhere (a server, a colleague&apos;s desk)</source>
        <translation>Mit Gateways verbinden, die anderswo laufen (ein Server, der Platz eines Kollegen)</translation>
    </message>
    <message>
        <source>Callers dial in every few seconds and talk with a simulated AI; you can listen, whisper and take their calls. Nothing leaves this computer.</source>
        <translation>Alle paar Sekunden ruft jemand an und spricht mit einer simulierten KI; Sie können mithören, flüstern und Anrufe übernehmen. Nichts verlässt diesen Computer.</translation>
    </message>
    <message>
        <source>OpenAI API key</source>
        <translation>OpenAI-API-Schlüssel</translation>
    </message>
    <message>
        <source>Twilio Account SID</source>
        <translation>Twilio-Konto-SID</translation>
    </message>
    <message>
        <source>Twilio Auth Token</source>
        <translation>Twilio-Auth-Token</translation>
    </message>
    <message>
        <source>Public address</source>
        <translation>Öffentliche Adresse</translation>
    </message>
    <message>
        <source>Saved to %1 (readable by you alone). Everything else can be changed later in Settings.</source>
        <translation>Gespeichert in %1 (nur für Sie lesbar). Alles andere lässt sich später in den Einstellungen ändern.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>The gateway&apos;s operator prints a token with `callgate add-operator YOUR-NAME`. More gateways can be added in Settings → Gateways.</source>
        <translation>Wer das Gateway betreibt, erzeugt Ihr Token mit `callgate add-operator IHR-NAME`. Weitere Gateways unter Einstellungen → Gateways.</translation>
    </message>
    <message>
        <source>No gateway can start here yet: %1</source>
        <translation>Hier kann noch kein Gateway starten: %1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Address: %1</source>
        <translation>Adresse: %1</translation>
    </message>
    <message>
        <source>Token: the gateway refuses a console without one</source>
        <translation>Token: ohne Token weist das Gateway die Konsole ab</translation>
    </message>
</context>
<context>
    <name>callgate::HistoryView</name>
    <message>
        <source>Number (any part)</source>
        <translation>Nummer (beliebiger Teil)</translation>
    </message>
    <message>
        <source>Search by number</source>
        <translation>Nach Nummer suchen</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Von Datum</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Bis Datum</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Jedes Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Search call history</source>
        <translation>Anrufverlauf durchsuchen</translation>
    </message>
    <message>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Anrufer</translation>
    </message>
    <message>
        <source>Verified mobile</source>
        <translation>Geprüfte Mobilnummer</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>Bearbeitet von</translation>
    </message>
    <message>
        <source>Past calls</source>
        <translation>Frühere Anrufe</translation>
    </message>
    <message>
        <source>Transcript of the selected past call</source>
        <translation>Mitschrift des gewählten früheren Anrufs</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche…</translation>
    </message>
    <message>
        <source>Cannot read the call records: %1</source>
        <translation>Die Anrufdaten sind nicht lesbar: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n Anruf</numerusform>
            <numerusform>%n Anrufe</numerusform>
        </translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation>(keine Mitschrift)</translation>
    </message>
    <message>
        <source>&amp;Play recording</source>
        <translation>Aufnahme &amp;abspielen</translation>
    </message>
    <message>
        <source>Play the selected call&apos;s recording: caller on the left, the AI or agent on the right</source>
        <translation>Die Aufnahme des gewählten Anrufs abspielen: Anrufer links, KI oder Mitarbeiter rechts</translation>
    </message>
    <message>
        <source>the call of %1</source>
        <translation>den Anruf vom %1</translation>
    </message>
    <message>
        <source>This call was not recorded</source>
        <translation>Dieser Anruf wurde nicht aufgenommen</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Abschluss</translation>
    </message>
    <message>
        <source>&amp;Disposition</source>
        <translation>&amp;Abschluss</translation>
    </message>
    <message>
        <source>Disposition of the selected call</source>
        <translation>Abschluss des ausgewählten Anrufs</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>N&amp;otizen</translation>
    </message>
    <message>
        <source>Notes on the selected call</source>
        <translation>Notizen zum ausgewählten Anruf</translation>
    </message>
    <message>
        <source>What was agreed, what follows…</source>
        <translation>Was vereinbart wurde, was folgt…</translation>
    </message>
    <message>
        <source>Sa&amp;ve notes</source>
        <translation>Notizen &amp;speichern</translation>
    </message>
    <message>
        <source>Keep the disposition and notes with the call&apos;s record (Ctrl+S)</source>
        <translation>Abschluss und Notizen beim Datensatz des Anrufs speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Notes can be added once the call has ended.</source>
        <translation>Notizen sind möglich, sobald der Anruf beendet ist.</translation>
    </message>
    <message>
        <source>Noted by %1 at %2</source>
        <translation>Notiert von %1 um %2</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>ein Supervisor</translation>
    </message>
    <message>
        <source>The notes were not kept: %1</source>
        <translation>Die Notizen wurden nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>callgate::LevelMeter</name>
    <message>
        <source>%1 level</source>
        <translation>Pegel %1</translation>
    </message>
    <message>
        <source>%1: %2 dBFS</source>
        <translation>%1: %2 dBFS</translation>
    </message>
</context>
<context>
    <name>callgate::LiveCharts</name>
    <message>
        <source>Calls over time and answer times</source>
        <translation>Anrufe im Zeitverlauf und Antwortzeiten</translation>
    </message>
    <message>
        <source>%1 live calls; no answer times yet</source>
        <translation>%1 laufende Anrufe; noch keine Antwortzeiten</translation>
    </message>
    <message>
        <source>%1 live calls; answer time p50 %2 ms, p95 %3 ms over the last %4 answers</source>
        <translation>%1 laufende Anrufe; Antwortzeit p50 %2 ms, p95 %3 ms über die letzten %4 Antworten</translation>
    </message>
    <message>
        <source>Live calls, last 10 min: %1 now, %2 waiting</source>
        <translation>Laufende Anrufe, letzte 10 Min.: %1 jetzt, %2 wartend</translation>
    </message>
    <message>
        <source>Answer time (seconds)</source>
        <translation>Antwortzeit (Sekunden)</translation>
    </message>
    <message>
        <source>Answer time (seconds), p50 %1 ms</source>
        <translation>Antwortzeit (Sekunden), p50 %1 ms</translation>
    </message>
</context>
<context>
    <name>callgate::NoticeBar</name>
    <message>
        <source>Messages</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
</context>
<context>
    <name>callgate::OperatorLink</name>
    <message>
        <source>Caller: </source>
        <translation>Anrufer: </translation>
    </message>
    <message>
        <source>Assistant: </source>
        <translation>Assistent: </translation>
    </message>
    <message>
        <source>(%1 more events not shown)</source>
        <translation>(%1 weitere Ereignisse nicht gezeigt)</translation>
    </message>
    <message>
        <source>Whisper: </source>
        <translation>Geflüstert: </translation>
    </message>
    <message>
        <source>Live agent: </source>
        <translation>Mitarbeiter: </translation>
    </message>
    <message>
        <source>Gateway %1 cannot be reached: %2. Retrying by itself; its calls show as they were last seen.</source>
        <translation>Gateway %1 ist nicht erreichbar: %2. Neuer Versuch folgt von selbst; seine Anrufe erscheinen wie zuletzt gesehen.</translation>
    </message>
    <message>
        <source>Gateway %1: %2</source>
        <translation>Gateway %1: %2</translation>
    </message>
    <message>
        <source>Gateway %1 is stopping: it takes no new calls</source>
        <translation>Gateway %1 wird beendet: es nimmt keine neuen Anrufe an</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>callgate::PlaybackBar</name>
    <message>
        <source>Recording playback</source>
        <translation>Wiedergabe der Aufnahme</translation>
    </message>
    <message>
        <source>Pause or resume the recording</source>
        <translation>Aufnahme anhalten oder fortsetzen</translation>
    </message>
    <message>
        <source>Pause or resume the recording (Space when this button has focus)</source>
        <translation>Aufnahme anhalten oder fortsetzen (Leertaste, wenn diese Schaltfläche den Fokus hat)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop the recording</source>
        <translation>Aufnahme stoppen</translation>
    </message>
    <message>
        <source>Position in the recording</source>
        <translation>Position in der Aufnahme</translation>
    </message>
    <message>
        <source>Drag or click to move through the recording</source>
        <translation>Ziehen oder klicken, um in der Aufnahme zu springen</translation>
    </message>
    <message>
        <source>Recording time</source>
        <translation>Zeit der Aufnahme</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
</context>
<context>
    <name>callgate::QueuePanel</name>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>waiting now</source>
        <translation>warten jetzt</translation>
    </message>
    <message>
        <source>Callers waiting for a person now</source>
        <translation>Anrufer, die jetzt auf einen Menschen warten</translation>
    </message>
    <message>
        <source>longest wait</source>
        <translation>längste Wartezeit</translation>
    </message>
    <message>
        <source>How long the caller who has waited longest has waited</source>
        <translation>Wie lange der am längsten wartende Anrufer schon wartet</translation>
    </message>
    <message>
        <source>by the AI today</source>
        <translation>heute von der KI</translation>
    </message>
    <message>
        <source>Calls today the AI handled alone</source>
        <translation>Anrufe heute, die die KI allein bearbeitet hat</translation>
    </message>
    <message>
        <source>by a person</source>
        <translation>von einem Menschen</translation>
    </message>
    <message>
        <source>Calls today a supervisor took</source>
        <translation>Anrufe heute, die ein Supervisor übernommen hat</translation>
    </message>
    <message>
        <source>transferred</source>
        <translation>weitergeleitet</translation>
    </message>
    <message>
        <source>Calls today handed to another number</source>
        <translation>Anrufe heute, die an eine andere Nummer gingen</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <source>Callers today who asked for a person and were never answered by one: they hung up, or no one was free</source>
        <translation>Anrufer heute, die nach einem Menschen gefragt haben und nie einen bekamen: Sie haben aufgelegt, oder niemand war frei</translation>
    </message>
    <message>
        <source>service level</source>
        <translation>Servicelevel</translation>
    </message>
    <message>
        <source>answered in %1 s</source>
        <translation>angenommen in %1 s</translation>
    </message>
    <message>
        <source>No caller has asked for a person today</source>
        <translation>Heute hat noch kein Anrufer nach einem Menschen gefragt</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 of %2 callers who asked for a person today were taken within %3 s</source>
        <translation>%1 von %2 Anrufern, die heute nach einem Menschen gefragt haben, wurden innerhalb von %3 s übernommen</translation>
    </message>
    <message>
        <source>The call records cannot be read: %1</source>
        <translation>Die Anrufdaten können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>callgate::RemoteGateway</name>
    <message>
        <source>closed (%1)</source>
        <translation>geschlossen (%1)</translation>
    </message>
    <message>
        <source>the gateway refused the token (401)</source>
        <translation>das Gateway hat das Token abgewiesen (401)</translation>
    </message>
    <message>
        <source>too many failed attempts from this address; the gateway waits a minute (429)</source>
        <translation>zu viele Fehlversuche von dieser Adresse; das Gateway wartet eine Minute (429)</translation>
    </message>
    <message>
        <source>the gateway is stopping (503)</source>
        <translation>das Gateway wird beendet (503)</translation>
    </message>
    <message>
        <source>ended while the gateway was unreachable</source>
        <translation>beendet, während das Gateway nicht erreichbar war</translation>
    </message>
    <message>
        <source>gateway %1 cannot be reached now</source>
        <translation>Gateway %1 ist gerade nicht erreichbar</translation>
    </message>
</context>
<context>
    <name>callgate::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Englisch</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spanisch</translation>
    </message>
    <message>
        <source>Show full caller numbers when the console opens</source>
        <translation>Nummern der Anrufer beim Öffnen ganz zeigen</translation>
    </message>
    <message>
        <source>Show full numbers by default</source>
        <translation>Nummern standardmäßig ganz zeigen</translation>
    </message>
    <message>
        <source>Written to %1 (readable only by you); gateway settings take effect at the next start.</source>
        <translation>Wird in %1 geschrieben (nur für Sie lesbar); Gateway-Einstellungen gelten ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Console language</source>
        <translation>Sprache der Konsole</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Output device (headset or speakers)</source>
        <translation>Ausgabegerät (Headset oder Lautsprecher)</translation>
    </message>
    <message>
        <source>Input device (headset microphone)</source>
        <translation>Eingabegerät (Headset-Mikrofon)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Output device</source>
        <translation>Ausgabegerät</translation>
    </message>
    <message>
        <source>Input device</source>
        <translation>Eingabegerät</translation>
    </message>
    <message>
        <source>When listening: caller in the left ear, the AI or agent in the right</source>
        <translation>Beim Mithören: Anrufer im linken Ohr, KI oder Mitarbeiter im rechten</translation>
    </message>
    <message>
        <source>Split the call left and right</source>
        <translation>Anruf auf links und rechts aufteilen</translation>
    </message>
    <message>
        <source>Push to talk: the caller hears you only while you hold Space</source>
        <translation>Sprechtaste: der Anrufer hört Sie nur, solange Sie die Leertaste halten</translation>
    </message>
    <message>
        <source>Push to talk</source>
        <translation>Sprechtaste</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (nicht verbunden)</translation>
    </message>
    <message>
        <source>Demo mode: the gateway runs on the demo&apos;s own settings (simulated Twilio and OpenAI, no keys), shown here as they are. Start Callgate without --demo to set up your own; these pages then edit %1. Your console settings are saved either way.</source>
        <translation>Demo-Modus: Das Gateway läuft mit den Einstellungen der Demo (simuliertes Twilio und OpenAI, keine Schlüssel), hier so gezeigt, wie sie sind. Starten Sie Callgate ohne --demo, um Ihre eigenen einzurichten; diese Seiten bearbeiten dann %1. Ihre Konsoleneinstellungen werden in jedem Fall gespeichert.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Where Twilio reaches this gateway, and the keys it uses.</source>
        <translation>Wo Twilio dieses Gateway erreicht und welche Schlüssel es verwendet.</translation>
    </message>
    <message>
        <source>Public address (https)</source>
        <translation>Öffentliche Adresse (https)</translation>
    </message>
    <message>
        <source>OpenAI API key</source>
        <translation>OpenAI-API-Schlüssel</translation>
    </message>
    <message>
        <source>OpenAI voice API</source>
        <translation>OpenAI-Sprach-API</translation>
    </message>
    <message>
        <source>Twilio account SID</source>
        <translation>Twilio-Konto-SID</translation>
    </message>
    <message>
        <source>Twilio auth token</source>
        <translation>Twilio-Auth-Token</translation>
    </message>
    <message>
        <source>Callers</source>
        <translation>Anrufer</translation>
    </message>
    <message>
        <source>What callers hear, and what the AI knows of them.</source>
        <translation>Was Anrufer hören und was die KI über sie weiß.</translation>
    </message>
    <message>
        <source>Callers&apos; language</source>
        <translation>Sprache der Anrufer</translation>
    </message>
    <message>
        <source>The AI&apos;s voice</source>
        <translation>Stimme der KI</translation>
    </message>
    <message>
        <source>Voice of the gateway&apos;s messages</source>
        <translation>Stimme der Gateway-Ansagen</translation>
    </message>
    <message>
        <source>Instructions for the AI</source>
        <translation>Anweisungen für die KI</translation>
    </message>
    <message>
        <source>The AI&apos;s greeting</source>
        <translation>Begrüßung der KI</translation>
    </message>
    <message>
        <source>Consent message</source>
        <translation>Einwilligungsansage</translation>
    </message>
    <message>
        <source>Message when a person takes over</source>
        <translation>Ansage, wenn ein Mensch übernimmt</translation>
    </message>
    <message>
        <source>Customer lookup address</source>
        <translation>Adresse der Kundensuche</translation>
    </message>
    <message>
        <source>Customer lookup token</source>
        <translation>Token der Kundensuche</translation>
    </message>
    <message>
        <source>Agents and records</source>
        <translation>Mitarbeiter und Daten</translation>
    </message>
    <message>
        <source>Live agent line</source>
        <translation>Mitarbeiter-Leitung</translation>
    </message>
    <message>
        <source>Transfer numbers by name</source>
        <translation>Weiterleitungsnummern mit Namen</translation>
    </message>
    <message>
        <source>Time to take a waiting call</source>
        <translation>Zeit, einen wartenden Anruf zu übernehmen</translation>
    </message>
    <message>
        <source>Text callers a summary afterwards</source>
        <translation>Anrufern danach eine Zusammenfassung simsen</translation>
    </message>
    <message>
        <source>Number the summary comes from</source>
        <translation>Absendernummer der Zusammenfassung</translation>
    </message>
    <message>
        <source>Record calls (with the caller&apos;s consent)</source>
        <translation>Anrufe aufzeichnen (mit Einwilligung)</translation>
    </message>
    <message>
        <source>Recordings folder</source>
        <translation>Ordner für Aufnahmen</translation>
    </message>
    <message>
        <source>Keep call records for</source>
        <translation>Anrufdaten aufbewahren</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>This console&apos;s own choices; they take effect at once.</source>
        <translation>Die Einstellungen dieser Konsole; sie gelten sofort.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>&lt;p&gt;Kept with the calls you take, transfer, hang up or write notes on.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wird bei den Anrufen gespeichert, die Sie übernehmen, weiterleiten, beenden oder mit Notizen versehen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Service level target</source>
        <translation>Servicelevel-Ziel</translation>
    </message>
    <message>
        <source>&lt;p&gt;The queue panel&apos;s service level: the share of callers who asked for a person that a supervisor took within this time.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Servicelevel der Warteschlange: der Anteil der Anrufer, die nach einem Menschen gefragt haben und innerhalb dieser Zeit von einem Supervisor übernommen wurden.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Headset</translation>
    </message>
    <message>
        <source>Devices by the names the sound system gives them; one not plugged in is kept and the default is used until it is.</source>
        <translation>Geräte unter den Namen, die das Soundsystem ihnen gibt; ein nicht angeschlossenes bleibt gewählt, bis dahin gilt das Standardgerät.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>always</source>
        <translation>immer</translation>
    </message>
    <message>
        <source>Realtime API</source>
        <translation>Realtime-API</translation>
    </message>
    <message>
        <source>GPT-Live</source>
        <translation>GPT-Live</translation>
    </message>
    <message>
        <source>(set)</source>
        <translation>(gesetzt)</translation>
    </message>
    <message>
        <source>Gateways elsewhere whose calls this console shows: a name, the address (wss://…/operator) and the token `callgate add-operator` printed for you. Attached as soon as you save.</source>
        <translation>Gateways anderswo, deren Anrufe diese Konsole zeigt: ein Name, die Adresse (wss://…/operator) und das Token, das `callgate add-operator` für Sie ausgegeben hat. Verbunden, sobald Sie speichern.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Trusted certificate (optional)</source>
        <translation>Vertrauenswürdiges Zertifikat (optional)</translation>
    </message>
    <message>
        <source>Gateways</source>
        <translation>Gateways</translation>
    </message>
    <message>
        <source>Add a gateway</source>
        <translation>Gateway hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Gateway %1: %2</source>
        <translation>Gateway %1: %2</translation>
    </message>
    <message>
        <source>Gateway %1: the token is missing</source>
        <translation>Gateway %1: das Token fehlt</translation>
    </message>
</context>
<context>
    <name>callgate::TranscriptModel</name>
    <message>
        <source>Caller</source>
        <translation>Anrufer</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Whisper to the AI</source>
        <translation>Der KI zuflüstern</translation>
    </message>
    <message>
        <source>Live agent</source>
        <translation>Mitarbeiter</translation>
    </message>
</context>
<context>
    <name>callgate::TransferDialog</name>
    <message>
        <source>Transfer %1</source>
        <translation>%1 weiterleiten</translation>
    </message>
    <message>
        <source>Transfer %1 to:</source>
        <translation>%1 weiterleiten an:</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>A number in E.164 form, e.g. +14155550100</source>
        <translation>Eine Nummer im E.164-Format, z. B. +14155550100</translation>
    </message>
    <message>
        <source>Number to transfer the caller to</source>
        <translation>Nummer, an die der Anrufer weitergeleitet wird</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Weiterleiten</translation>
    </message>
    <message>
        <source>Type a number, or pick one from the list.</source>
        <translation>Geben Sie eine Nummer ein oder wählen Sie eine aus der Liste.</translation>
    </message>
    <message>
        <source>“%1” is not a phone number in E.164 form: a + and the country code, then the number, e.g. +14155550100.</source>
        <translation>„%1“ ist keine Telefonnummer im E.164-Format: ein + und die Ländervorwahl, dann die Nummer, z. B. +14155550100.</translation>
    </message>
</context>
</TS>
