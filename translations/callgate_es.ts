<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>CallDetails</name>
    <message>
        <source>Select a call to see its details.</source>
        <translation>Seleccione una llamada para ver sus detalles.</translation>
    </message>
    <message>
        <source>caller ID, checked with Lookup</source>
        <translation>identificador de llamada, comprobado con Lookup</translation>
    </message>
    <message>
        <source>keyed in, read back and confirmed, checked with Lookup</source>
        <translation>marcado, leído en voz alta y confirmado, comprobado con Lookup</translation>
    </message>
    <message>
        <source>keyed in and confirmed; Lookup could not check it</source>
        <translation>marcado y confirmado; Lookup no pudo comprobarlo</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <source>Caller ID</source>
        <translation>Identificador de llamada</translation>
    </message>
    <message>
        <source>Verified mobile</source>
        <translation>Móvil verificado</translation>
    </message>
    <message>
        <source>Line type</source>
        <translation>Tipo de línea</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>Verificado mediante</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>accepted by %1 at %2 (message version %3)</source>
        <translation>aceptado por %1 a las %2 (versión del mensaje %3)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>not looked up</source>
        <translation>no consultado</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Asked for an agent</source>
        <translation>Pidió un agente</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Finalizada</translation>
    </message>
    <message>
        <source>Barge-ins</source>
        <translation>Interrupciones</translation>
    </message>
</context>
<context>
    <name>CallWords</name>
    <message>
        <source>Live</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Terminada</translation>
    </message>
    <message>
        <source>Line dropped</source>
        <translation>Línea caída</translation>
    </message>
    <message>
        <source>The AI failed</source>
        <translation>La IA falló</translation>
    </message>
    <message>
        <source>Never connected</source>
        <translation>Nunca se conectó</translation>
    </message>
    <message>
        <source>Ended at shutdown</source>
        <translation>Terminada al apagar</translation>
    </message>
    <message>
        <source>Turned away: busy</source>
        <translation>Rechazada: ocupado</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transferida</translation>
    </message>
    <message>
        <source>No agent was free</source>
        <translation>Ningún agente estaba libre</translation>
    </message>
    <message>
        <source>Declined consent</source>
        <translation>Rechazó el consentimiento</translation>
    </message>
    <message>
        <source>Number not verified</source>
        <translation>Número no verificado</translation>
    </message>
    <message>
        <source>A supervisor hung up</source>
        <translation>Un supervisor colgó</translation>
    </message>
    <message>
        <source>%1 hung up</source>
        <translation>%1 colgó</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>un supervisor</translation>
    </message>
    <message>
        <source>A supervisor</source>
        <translation>Un supervisor</translation>
    </message>
    <message>
        <source>%1, then the AI</source>
        <translation>%1, luego la IA</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Transferred by %1</source>
        <translation>Transferida por %1</translation>
    </message>
    <message>
        <source>Transferred to %1 (no one took it in time)</source>
        <translation>Transferida a %1 (nadie la atendió a tiempo)</translation>
    </message>
    <message>
        <source>Transferred to %1 by %2</source>
        <translation>Transferida a %1 por %2</translation>
    </message>
    <message>
        <source>The AI</source>
        <translation>La IA</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>Follow-up needed</source>
        <translation>Requiere seguimiento</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Devolver la llamada</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Queja</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>Número equivocado</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
</context>
<context>
    <name>callgate::AudioPanel</name>
    <message>
        <source>Call audio</source>
        <translation>Audio de la llamada</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>&amp;Escuchar</translation>
    </message>
    <message>
        <source>Hear the selected call on your headset (Ctrl+L)</source>
        <translation>Escuchar la llamada seleccionada en los auriculares (Ctrl+L)</translation>
    </message>
    <message>
        <source>Caller left, AI right</source>
        <translation>Llamante a la izquierda, IA a la derecha</translation>
    </message>
    <message>
        <source>Caller in the left ear, the AI or agent in the right; otherwise both in both (Ctrl+Shift+L)</source>
        <translation>El llamante en el oído izquierdo, la IA o el agente en el derecho; si no, ambos en ambos (Ctrl+Mayús+L)</translation>
    </message>
    <message>
        <source>&amp;Mute</source>
        <translation>&amp;Silenciar</translation>
    </message>
    <message>
        <source>The caller stops hearing your microphone (Ctrl+M)</source>
        <translation>El llamante deja de oír su micrófono (Ctrl+M)</translation>
    </message>
    <message>
        <source>&amp;Push to talk</source>
        <translation>&amp;Pulsar para hablar</translation>
    </message>
    <message>
        <source>Your microphone reaches the caller only while you hold Space</source>
        <translation>Su micrófono llega al llamante solo mientras mantiene pulsada la barra espaciadora</translation>
    </message>
    <message>
        <source>Hand &amp;back to the AI</source>
        <translation>&amp;Devolver a la IA</translation>
    </message>
    <message>
        <source>The AI takes the call again and knows what was said meanwhile (Ctrl+Shift+B)</source>
        <translation>La IA retoma la llamada y sabe lo que se dijo mientras tanto (Ctrl+Mayús+B)</translation>
    </message>
    <message>
        <source>Audio state</source>
        <translation>Estado del audio</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Llamante</translation>
    </message>
    <message>
        <source>AI</source>
        <translation>IA</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Micrófono</translation>
    </message>
    <message>
        <source>Sound figures</source>
        <translation>Cifras de sonido</translation>
    </message>
    <message>
        <source>Select a live call to listen to</source>
        <translation>Seleccione una llamada en curso para escucharla</translation>
    </message>
    <message>
        <source>Cannot listen: %1</source>
        <translation>No se puede escuchar: %1</translation>
    </message>
    <message>
        <source>Listening to %1</source>
        <translation>Escuchando a %1</translation>
    </message>
    <message>
        <source>You took the call, but its sound cannot play: %1</source>
        <translation>Ha tomado la llamada, pero su audio no se puede reproducir: %1</translation>
    </message>
    <message>
        <source>You took the call, but the microphone cannot open: %1. The caller hears silence; hand the call back or transfer it.</source>
        <translation>Ha tomado la llamada, pero el micrófono no se puede abrir: %1. El llamante oye silencio; devuelva la llamada o transfiérala.</translation>
    </message>
    <message>
        <source>You have the call: hold Space to talk</source>
        <translation>Tiene la llamada: mantenga pulsada la barra espaciadora para hablar</translation>
    </message>
    <message>
        <source>You have the call: the caller hears you</source>
        <translation>Tiene la llamada: el llamante le oye</translation>
    </message>
    <message>
        <source>The AI has the call again</source>
        <translation>La IA tiene de nuevo la llamada</translation>
    </message>
    <message>
        <source>The call you had has ended</source>
        <translation>La llamada que tenía ha terminado</translation>
    </message>
    <message>
        <source>The call you listened to has ended</source>
        <translation>La llamada que escuchaba ha terminado</translation>
    </message>
    <message>
        <source>Hand the call back before playing a recording</source>
        <translation>Devuelva la llamada antes de reproducir una grabación</translation>
    </message>
    <message>
        <source>Cannot play the recording: %1</source>
        <translation>No se puede reproducir la grabación: %1</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Sound device lost; waiting for it to come back</source>
        <translation>Dispositivo de sonido perdido; esperando a que vuelva</translation>
    </message>
    <message>
        <source>You have the call — on air</source>
        <translation>Tiene la llamada — en el aire</translation>
    </message>
    <message>
        <source>You have the call — muted</source>
        <translation>Tiene la llamada — silenciado</translation>
    </message>
    <message>
        <source>You have the call — hold Space to talk</source>
        <translation>Tiene la llamada — mantenga la barra espaciadora para hablar</translation>
    </message>
    <message>
        <source>Playing %1</source>
        <translation>Reproduciendo %1</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>Sin escuchar</translation>
    </message>
    <message>
        <source>%1 kHz</source>
        <translation>%1 kHz</translation>
    </message>
    <message>
        <source>delay %1 ms</source>
        <translation>retardo %1 ms</translation>
    </message>
    <message>
        <source>underruns %1</source>
        <translation>subdesbordamientos %1</translation>
    </message>
    <message>
        <source>overruns %1</source>
        <translation>desbordamientos %1</translation>
    </message>
    <message>
        <source>Output: %1
Input: %2
Late call audio: %3
Delay since listening began: median %4 ms, 95th percentile %5 ms</source>
        <translation>Salida: %1
Entrada: %2
Audio de llamada tardío: %3
Retardo desde que empezó la escucha: mediana %4 ms, percentil 95 %5 ms</translation>
    </message>
    <message>
        <source>Muted: the caller does not hear you</source>
        <translation>Silenciado: quien llama no le oye</translation>
    </message>
    <message>
        <source>The caller hears you again</source>
        <translation>Quien llama le vuelve a oír</translation>
    </message>
</context>
<context>
    <name>callgate::CallerFlow</name>
    <message>
        <source>no caller ID: asked for a mobile number</source>
        <translation>sin identificador: se pidió un número móvil</translation>
    </message>
    <message>
        <source>calls from a mobile: hears the consent message</source>
        <translation>llama desde un móvil: escucha el mensaje de consentimiento</translation>
    </message>
    <message>
        <source>caller ID is not a mobile (%1): asked for one</source>
        <translation>el identificador no es un móvil (%1): se pidió uno</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>no válido</translation>
    </message>
    <message>
        <source>Lookup failed: asked for a mobile number</source>
        <translation>Lookup falló: se pidió un número móvil</translation>
    </message>
    <message>
        <source>no mobile number after %1 attempts: goodbye</source>
        <translation>sin número móvil tras %1 intentos: despedida</translation>
    </message>
    <message>
        <source>keyed a number that will not do (%1): asked again</source>
        <translation>marcó un número que no sirve (%1): se volvió a pedir</translation>
    </message>
    <message>
        <source>keyed a mobile number: hears it read back</source>
        <translation>marcó un número móvil: lo escucha leído</translation>
    </message>
    <message>
        <source>confirmed the number: hears the consent message</source>
        <translation>confirmó el número: escucha el mensaje de consentimiento</translation>
    </message>
    <message>
        <source>consented: connecting to the assistant</source>
        <translation>consintió: conectando con el asistente</translation>
    </message>
    <message>
        <source>declined consent: goodbye</source>
        <translation>rechazó el consentimiento: despedida</translation>
    </message>
    <message>
        <source>no answer: goodbye</source>
        <translation>sin respuesta: despedida</translation>
    </message>
    <message>
        <source>no answer: asked again</source>
        <translation>sin respuesta: se volvió a preguntar</translation>
    </message>
    <message>
        <source>consented in the app: connecting to the assistant</source>
        <translation>consintió en la aplicación: conectando con el asistente</translation>
    </message>
</context>
<context>
    <name>callgate::CallsModel</name>
    <message>
        <source>waiting · transfers in %1</source>
        <translation>en espera · se transfiere en %1</translation>
    </message>
    <message>
        <source>waiting · ends in %1</source>
        <translation>en espera · termina en %1</translation>
    </message>
    <message>
        <source>in the caller flow</source>
        <translation>en la verificación</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>conectando</translation>
    </message>
    <message>
        <source>listening</source>
        <translation>escuchando</translation>
    </message>
    <message>
        <source>caller speaking</source>
        <translation>habla quien llama</translation>
    </message>
    <message>
        <source>AI speaking</source>
        <translation>habla la IA</translation>
    </message>
    <message>
        <source>waiting for agent</source>
        <translation>espera a un agente</translation>
    </message>
    <message>
        <source>with agent</source>
        <translation>con un agente</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>finalizada</translation>
    </message>
    <message>
        <source>Verified mobile %1 (%2)</source>
        <translation>Móvil verificado %1 (%2)</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>sin verificar</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Llamante</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Line type</source>
        <translation>Tipo de línea</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Last answer</source>
        <translation>Última respuesta</translation>
    </message>
    <message>
        <source>Last words</source>
        <translation>Últimas palabras</translation>
    </message>
    <message>
        <source>ended: %1</source>
        <translation>terminada: %1</translation>
    </message>
    <message>
        <source>unreachable · was %1</source>
        <translation>inaccesible · estaba %1</translation>
    </message>
    <message>
        <source>with %1</source>
        <translation>con %1</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>este equipo</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Pasarela</translation>
    </message>
</context>
<context>
    <name>callgate::CallsProxy</name>
    <message>
        <source>with you</source>
        <translation>con usted</translation>
    </message>
</context>
<context>
    <name>callgate::ClosingDialog</name>
    <message>
        <source>Closing Callgate</source>
        <translation>Cerrando Callgate</translation>
    </message>
    <message>
        <source>New callers hear that the line is busy. The calls still live may finish; when the time is up they are ended politely.</source>
        <translation>Quien llame ahora oye que la línea está ocupada. Las llamadas en curso pueden terminar; al acabarse el tiempo se cierran con cortesía.</translation>
    </message>
    <message>
        <source>Calls still live</source>
        <translation>Llamadas aún en curso</translation>
    </message>
    <message>
        <source>Time left before the calls are ended</source>
        <translation>Tiempo que queda hasta cerrar las llamadas</translation>
    </message>
    <message>
        <source>End the calls now</source>
        <translation>Terminar las llamadas ya</translation>
    </message>
    <message>
        <source>No call is live any more: closing.</source>
        <translation>Ya no hay llamadas en curso: cerrando.</translation>
    </message>
    <message numerus="yes">
        <source>Ending %n call(s)…</source>
        <translation>
            <numerusform>Terminando %n llamada…</numerusform>
            <numerusform>Terminando %n llamadas…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) still live — the rest are ended in %1</source>
        <translation>
            <numerusform>%n llamada aún en curso — el resto se termina en %1</numerusform>
            <numerusform>%n llamadas aún en curso — el resto se termina en %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>callgate::ConsoleWindow</name>
    <message>
        <source>%1 is not a number in E.164 form</source>
        <translation>%1 no es un número en formato E.164</translation>
    </message>
    <message>
        <source>Live agent line</source>
        <translation>Línea de agentes</translation>
    </message>
    <message>
        <source>End the call you hold, or else the selected one, through Twilio (Ctrl+Shift+H)</source>
        <translation>Terminar la llamada que atiende, o si no la seleccionada, a través de Twilio (Ctrl+Mayús+H)</translation>
    </message>
    <message>
        <source>Hang up on %1?</source>
        <translation>¿Colgar a %1?</translation>
    </message>
    <message>
        <source>The caller is disconnected at once.</source>
        <translation>La persona que llama se desconecta de inmediato.</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Colgar</translation>
    </message>
    <message>
        <source>Hanging up on %1</source>
        <translation>Colgando a %1</translation>
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
        <translation>Páginas</translation>
    </message>
    <message>
        <source>&amp;Live calls</source>
        <translation>&amp;Llamadas en curso</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historial</translation>
    </message>
    <message>
        <source>Listening address</source>
        <translation>Dirección de escucha</translation>
    </message>
    <message>
        <source>Webhook URL for Twilio</source>
        <translation>URL del webhook para Twilio</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Llamadas</translation>
    </message>
    <message>
        <source>OpenAI status</source>
        <translation>Estado de OpenAI</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>&amp;Take call</source>
        <translation>&amp;Atender llamada</translation>
    </message>
    <message>
        <source>Show full &amp;numbers</source>
        <translation>Mostrar &amp;números completos</translation>
    </message>
    <message>
        <source>&amp;Copy webhook URL</source>
        <translation>&amp;Copiar URL del webhook</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>Copiado %1</translation>
    </message>
    <message>
        <source>&amp;Point my Twilio number here…</source>
        <translation>&amp;Dirigir mi número de Twilio aquí…</translation>
    </message>
    <message>
        <source>Find ngrok &amp;address</source>
        <translation>Buscar dirección de ngr&amp;ok</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Con&amp;figuración…</translation>
    </message>
    <message>
        <source>Filter calls</source>
        <translation>Filtrar llamadas</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Filter calls (number, customer, state, words)…  Ctrl+F</source>
        <translation>Filtrar llamadas (número, cliente, estado, palabras)…  Ctrl+F</translation>
    </message>
    <message>
        <source>Live calls</source>
        <translation>Llamadas en curso</translation>
    </message>
    <message>
        <source>Selected call</source>
        <translation>Llamada seleccionada</translation>
    </message>
    <message>
        <source>Live transcript of the selected call</source>
        <translation>Transcripción en vivo de la llamada seleccionada</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcripción</translation>
    </message>
    <message>
        <source>Details of the selected call</source>
        <translation>Detalles de la llamada seleccionada</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Filter events, e.g. response. or error</source>
        <translation>Filtrar eventos, p. ej. response. o error</translation>
    </message>
    <message>
        <source>Filter protocol events</source>
        <translation>Filtrar eventos del protocolo</translation>
    </message>
    <message>
        <source>Protocol events of the selected call</source>
        <translation>Eventos del protocolo de la llamada seleccionada</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>A caller waits for an agent</source>
        <translation>Alguien espera a un agente</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 waits for an agent: select the call and press Ctrl+T to take it</source>
        <translation>%1 espera a un agente: seleccione la llamada y pulse Ctrl+T para atenderla</translation>
    </message>
    <message>
        <source>Listening on %1:%2</source>
        <translation>Escuchando en %1:%2</translation>
    </message>
    <message>
        <source>Webhook: %1</source>
        <translation>Webhook: %1</translation>
    </message>
    <message>
        <source>%1 live, %2 waiting for an agent</source>
        <translation>%1 en curso, %2 esperan a un agente</translation>
    </message>
    <message>
        <source>%1 live, %2 waiting for an agent, %3 in the caller flow</source>
        <translation>%1 en curso, %2 esperan a un agente, %3 en la verificación</translation>
    </message>
    <message>
        <source>OpenAI: %1 · %2</source>
        <translation>OpenAI: %1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>Callgate — %n waiting for an agent</source>
        <translation>
            <numerusform>Callgate — %n espera a un agente</numerusform>
            <numerusform>Callgate — %n esperan a un agente</numerusform>
        </translation>
    </message>
    <message>
        <source>Point my Twilio number here</source>
        <translation>Dirigir mi número de Twilio aquí</translation>
    </message>
    <message>
        <source>Your Twilio number (E.164, e.g. +18005550100); its calls will come to
%1</source>
        <translation>Su número de Twilio (E.164, p. ej. +18005550100); sus llamadas llegarán a
%1</translation>
    </message>
    <message>
        <source>Asking Twilio…</source>
        <translation>Consultando a Twilio…</translation>
    </message>
    <message>
        <source>%1 now sends its calls to %2</source>
        <translation>%1 envía ahora sus llamadas a %2</translation>
    </message>
    <message>
        <source>Asking the ngrok agent…</source>
        <translation>Consultando al agente de ngrok…</translation>
    </message>
    <message>
        <source>ngrok forwards %1 here</source>
        <translation>ngrok reenvía %1 aquí</translation>
    </message>
    <message>
        <source>ngrok forwards %1 here; Twilio signs with that address, so set PUBLIC_URL=%1 and restart</source>
        <translation>ngrok reenvía %1 aquí; Twilio firma con esa dirección, así que ponga PUBLIC_URL=%1 y reinicie</translation>
    </message>
    <message>
        <source>Settings saved to %1; gateway settings take effect at the next start</source>
        <translation>Configuración guardada en %1; la del gateway se aplica en el próximo inicio</translation>
    </message>
    <message>
        <source>Whisper to the AI</source>
        <translation>Susurrar a la IA</translation>
    </message>
    <message>
        <source>Whisper to the AI — the caller does not hear it (Ctrl+W, Enter sends)</source>
        <translation>Susurrar a la IA — quien llama no lo oye (Ctrl+W, Intro envía)</translation>
    </message>
    <message>
        <source>Whisper an instruction to the AI</source>
        <translation>Susurrar una instrucción a la IA</translation>
    </message>
    <message>
        <source>Whispered to the AI</source>
        <translation>Susurrado a la IA</translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation>&amp;Colgar</translation>
    </message>
    <message>
        <source>T&amp;ransfer to a number…</source>
        <translation>&amp;Transferir a un número…</translation>
    </message>
    <message>
        <source>Transferring the call to %1</source>
        <translation>Transfiriendo la llamada a %1</translation>
    </message>
    <message>
        <source>Take the selected call with your headset: the AI stops, no transfer happens (Ctrl+T)</source>
        <translation>Tomar la llamada seleccionada con los auriculares: la IA se detiene, no hay transferencia (Ctrl+T)</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Auriculares</translation>
    </message>
    <message numerus="yes">
        <source>End the %n live call(s) now?</source>
        <translation>
            <numerusform>¿Terminar ya la %n llamada en curso?</numerusform>
            <numerusform>¿Terminar ya las %n llamadas en curso?</numerusform>
        </translation>
    </message>
    <message>
        <source>Each caller hears a goodbye and is disconnected.</source>
        <translation>Cada persona oye una despedida y se corta la llamada.</translation>
    </message>
    <message>
        <source>End them now</source>
        <translation>Terminar ya</translation>
    </message>
    <message>
        <source>You hold a call: it goes back to the AI.</source>
        <translation>Tiene usted una llamada: vuelve a la IA.</translation>
    </message>
    <message numerus="yes">
        <source>%n caller(s) wait for an agent.</source>
        <translation>
            <numerusform>%n persona espera a un agente.</numerusform>
            <numerusform>%n personas esperan a un agente.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New callers hear that the line is busy; the live calls may go on for up to %n second(s), then they are ended.</source>
        <translation>
            <numerusform>Quien llame ahora oye que la línea está ocupada; las llamadas en curso pueden seguir hasta %n segundo y luego se terminan.</numerusform>
            <numerusform>Quien llame ahora oye que la línea está ocupada; las llamadas en curso pueden seguir hasta %n segundos y luego se terminan.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Close Callgate with %n live call(s)?</source>
        <translation>
            <numerusform>¿Cerrar Callgate con %n llamada en curso?</numerusform>
            <numerusform>¿Cerrar Callgate con %n llamadas en curso?</numerusform>
        </translation>
    </message>
    <message>
        <source>Close after the calls</source>
        <translation>Cerrar tras las llamadas</translation>
    </message>
    <message>
        <source>Set-&amp;up</source>
        <translation>&amp;Configurar</translation>
    </message>
    <message>
        <source>The webhook URL, pointing your Twilio number here, finding an ngrok address</source>
        <translation>La URL del webhook, dirigir su número de Twilio aquí, buscar una dirección de ngrok</translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation>Ajustes (Ctrl+,)</translation>
    </message>
    <message>
        <source>Console settings saved; the demo&apos;s gateway settings are its own</source>
        <translation>Ajustes de la consola guardados; los del gateway de la demo son los suyos</translation>
    </message>
    <message>
        <source>Lost the link to gateway %1: %2. Retrying by itself; its calls show as they were last seen.</source>
        <translation>Se perdió el enlace con la pasarela %1: %2. Se reintenta sola; sus llamadas se muestran como se vieron por última vez.</translation>
    </message>
    <message>
        <source>Gateway %1 is attached again</source>
        <translation>La pasarela %1 vuelve a estar conectada</translation>
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
        <translation>%1: conectando</translation>
    </message>
    <message>
        <source>%1: retrying in %2 s</source>
        <translation>%1: reintento en %2 s</translation>
    </message>
    <message>
        <source>Webhook: %1 · gateways: %2</source>
        <translation>Webhook: %1 · pasarelas: %2</translation>
    </message>
    <message>
        <source>No gateway attached: add one in Settings → Gateways</source>
        <translation>Ninguna pasarela conectada: añada una en Ajustes → Pasarelas</translation>
    </message>
    <message>
        <source>Gateways: %1</source>
        <translation>Pasarelas: %1</translation>
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
        <translation>Bienvenido a Callgate</translation>
    </message>
    <message>
        <source>Where are the calls this console shows?</source>
        <translation>¿Dónde están las llamadas que muestra esta consola?</translation>
    </message>
    <message>
        <source>Try the demo: simulated callers and a simulated AI, nothing to set up</source>
        <translation>Probar la demo: llamantes simulados y una IA simulada, nada que configurar</translation>
    </message>
    <message>
        <source>Run a gateway on this computer, with my OpenAI and Twilio accounts</source>
        <translation>Ejecutar una pasarela en este equipo, con mis cuentas de OpenAI y Twilio</translation>
    </message>
    <message>
        <source>Attach to gateways that run elsewhere (a server, a colleague&apos;s desk)</source>
        <translation>Conectarse a pasarelas que funcionan en otro sitio (un servidor, el puesto de un colega)</translation>
    </message>
    <message>
        <source>Callers dial in every few seconds and talk with a simulated AI; you can listen, whisper and take their calls. Nothing leaves this computer.</source>
        <translation>Cada pocos segundos llama alguien y habla con una IA simulada; puede escuchar, susurrar y tomar sus llamadas. Nada sale de este equipo.</translation>
    </message>
    <message>
        <source>OpenAI API key</source>
        <translation>Clave de la API de OpenAI</translation>
    </message>
    <message>
        <source>Twilio Account SID</source>
        <translation>SID de la cuenta de Twilio</translation>
    </message>
    <message>
        <source>Twilio Auth Token</source>
        <translation>Token de autenticación de Twilio</translation>
    </message>
    <message>
        <source>Public address</source>
        <translation>Dirección pública</translation>
    </message>
    <message>
        <source>Saved to %1 (readable by you alone). Everything else can be changed later in Settings.</source>
        <translation>Se guarda en %1 (solo usted puede leerlo). Todo lo demás se puede cambiar luego en Ajustes.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>The gateway&apos;s operator prints a token with `callgate add-operator YOUR-NAME`. More gateways can be added in Settings → Gateways.</source>
        <translation>Quien opera la pasarela genera su token con `callgate add-operator SU-NOMBRE`. Puede añadir más pasarelas en Ajustes → Pasarelas.</translation>
    </message>
    <message>
        <source>No gateway can start here yet: %1</source>
        <translation>Aquí todavía no puede arrancar ninguna pasarela: %1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Address: %1</source>
        <translation>Dirección: %1</translation>
    </message>
    <message>
        <source>Token: the gateway refuses a console without one</source>
        <translation>Token: la pasarela rechaza una consola sin él</translation>
    </message>
</context>
<context>
    <name>callgate::HistoryView</name>
    <message>
        <source>Number (any part)</source>
        <translation>Número (cualquier parte)</translation>
    </message>
    <message>
        <source>Search by number</source>
        <translation>Buscar por número</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Desde la fecha</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Hasta la fecha</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Cualquier resultado</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>Search call history</source>
        <translation>Buscar en el historial</translation>
    </message>
    <message>
        <source>from</source>
        <translation>desde</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Llamante</translation>
    </message>
    <message>
        <source>Verified mobile</source>
        <translation>Móvil verificado</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>Atendida por</translation>
    </message>
    <message>
        <source>Past calls</source>
        <translation>Llamadas anteriores</translation>
    </message>
    <message>
        <source>Transcript of the selected past call</source>
        <translation>Transcripción de la llamada anterior seleccionada</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>Cannot read the call records: %1</source>
        <translation>No se pueden leer los registros de llamadas: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n llamada</numerusform>
            <numerusform>%n llamadas</numerusform>
        </translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation>(sin transcripción)</translation>
    </message>
    <message>
        <source>&amp;Play recording</source>
        <translation>&amp;Reproducir grabación</translation>
    </message>
    <message>
        <source>Play the selected call&apos;s recording: caller on the left, the AI or agent on the right</source>
        <translation>Reproducir la grabación de la llamada seleccionada: el llamante a la izquierda, la IA o el agente a la derecha</translation>
    </message>
    <message>
        <source>the call of %1</source>
        <translation>la llamada del %1</translation>
    </message>
    <message>
        <source>This call was not recorded</source>
        <translation>Esta llamada no se grabó</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>&amp;Disposition</source>
        <translation>&amp;Resultado</translation>
    </message>
    <message>
        <source>Disposition of the selected call</source>
        <translation>Resultado de la llamada seleccionada</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>N&amp;otas</translation>
    </message>
    <message>
        <source>Notes on the selected call</source>
        <translation>Notas sobre la llamada seleccionada</translation>
    </message>
    <message>
        <source>What was agreed, what follows…</source>
        <translation>Qué se acordó, qué sigue…</translation>
    </message>
    <message>
        <source>Sa&amp;ve notes</source>
        <translation>&amp;Guardar notas</translation>
    </message>
    <message>
        <source>Keep the disposition and notes with the call&apos;s record (Ctrl+S)</source>
        <translation>Guardar el resultado y las notas con el registro de la llamada (Ctrl+S)</translation>
    </message>
    <message>
        <source>Notes can be added once the call has ended.</source>
        <translation>Se pueden añadir notas cuando la llamada haya terminado.</translation>
    </message>
    <message>
        <source>Noted by %1 at %2</source>
        <translation>Anotado por %1 a las %2</translation>
    </message>
    <message>
        <source>a supervisor</source>
        <translation>un supervisor</translation>
    </message>
    <message>
        <source>The notes were not kept: %1</source>
        <translation>Las notas no se guardaron: %1</translation>
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
        <translation>Nivel de %1</translation>
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
        <translation>Llamadas en el tiempo y tiempos de respuesta</translation>
    </message>
    <message>
        <source>%1 live calls; no answer times yet</source>
        <translation>%1 llamadas en curso; aún sin tiempos de respuesta</translation>
    </message>
    <message>
        <source>%1 live calls; answer time p50 %2 ms, p95 %3 ms over the last %4 answers</source>
        <translation>%1 llamadas en curso; tiempo de respuesta p50 %2 ms, p95 %3 ms en las últimas %4 respuestas</translation>
    </message>
    <message>
        <source>Live calls, last 10 min: %1 now, %2 waiting</source>
        <translation>Llamadas en curso, últimos 10 min: %1 ahora, %2 esperando</translation>
    </message>
    <message>
        <source>Answer time (seconds)</source>
        <translation>Tiempo de respuesta (segundos)</translation>
    </message>
    <message>
        <source>Answer time (seconds), p50 %1 ms</source>
        <translation>Tiempo de respuesta (segundos), p50 %1 ms</translation>
    </message>
</context>
<context>
    <name>callgate::NoticeBar</name>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Cerrar este mensaje</translation>
    </message>
</context>
<context>
    <name>callgate::OperatorLink</name>
    <message>
        <source>Caller: </source>
        <translation>Llamante: </translation>
    </message>
    <message>
        <source>Assistant: </source>
        <translation>Asistente: </translation>
    </message>
    <message>
        <source>(%1 more events not shown)</source>
        <translation>(%1 eventos más no mostrados)</translation>
    </message>
    <message>
        <source>Whisper: </source>
        <translation>Susurro: </translation>
    </message>
    <message>
        <source>Live agent: </source>
        <translation>Agente en vivo: </translation>
    </message>
    <message>
        <source>Gateway %1 cannot be reached: %2. Retrying by itself; its calls show as they were last seen.</source>
        <translation>No se puede llegar a la pasarela %1: %2. Se reintenta sola; sus llamadas se muestran como se vieron por última vez.</translation>
    </message>
    <message>
        <source>Gateway %1: %2</source>
        <translation>Pasarela %1: %2</translation>
    </message>
    <message>
        <source>Gateway %1 is stopping: it takes no new calls</source>
        <translation>La pasarela %1 se está deteniendo: no acepta llamadas nuevas</translation>
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
        <translation>Reproducción de la grabación</translation>
    </message>
    <message>
        <source>Pause or resume the recording</source>
        <translation>Pausar o reanudar la grabación</translation>
    </message>
    <message>
        <source>Pause or resume the recording (Space when this button has focus)</source>
        <translation>Pausar o reanudar la grabación (Espacio cuando este botón tiene el foco)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Stop the recording</source>
        <translation>Detener la grabación</translation>
    </message>
    <message>
        <source>Position in the recording</source>
        <translation>Posición en la grabación</translation>
    </message>
    <message>
        <source>Drag or click to move through the recording</source>
        <translation>Arrastre o haga clic para moverse por la grabación</translation>
    </message>
    <message>
        <source>Recording time</source>
        <translation>Tiempo de la grabación</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
</context>
<context>
    <name>callgate::QueuePanel</name>
    <message>
        <source>Queue</source>
        <translation>Cola</translation>
    </message>
    <message>
        <source>waiting now</source>
        <translation>esperan ahora</translation>
    </message>
    <message>
        <source>Callers waiting for a person now</source>
        <translation>Personas que esperan ahora a un agente</translation>
    </message>
    <message>
        <source>longest wait</source>
        <translation>espera más larga</translation>
    </message>
    <message>
        <source>How long the caller who has waited longest has waited</source>
        <translation>Cuánto lleva esperando quien más ha esperado</translation>
    </message>
    <message>
        <source>by the AI today</source>
        <translation>hoy por la IA</translation>
    </message>
    <message>
        <source>Calls today the AI handled alone</source>
        <translation>Llamadas de hoy que la IA atendió sola</translation>
    </message>
    <message>
        <source>by a person</source>
        <translation>por una persona</translation>
    </message>
    <message>
        <source>Calls today a supervisor took</source>
        <translation>Llamadas de hoy que atendió un supervisor</translation>
    </message>
    <message>
        <source>transferred</source>
        <translation>transferidas</translation>
    </message>
    <message>
        <source>Calls today handed to another number</source>
        <translation>Llamadas de hoy pasadas a otro número</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>abandonadas</translation>
    </message>
    <message>
        <source>Callers today who asked for a person and were never answered by one: they hung up, or no one was free</source>
        <translation>Personas que hoy pidieron un agente y nunca las atendió uno: colgaron, o nadie estaba libre</translation>
    </message>
    <message>
        <source>service level</source>
        <translation>nivel de servicio</translation>
    </message>
    <message>
        <source>answered in %1 s</source>
        <translation>atendidas en %1 s</translation>
    </message>
    <message>
        <source>No caller has asked for a person today</source>
        <translation>Hoy nadie ha pedido todavía un agente</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 of %2 callers who asked for a person today were taken within %3 s</source>
        <translation>%1 de %2 personas que hoy pidieron un agente fueron atendidas en %3 s</translation>
    </message>
    <message>
        <source>The call records cannot be read: %1</source>
        <translation>No se pueden leer los registros de llamadas: %1</translation>
    </message>
</context>
<context>
    <name>callgate::RemoteGateway</name>
    <message>
        <source>closed (%1)</source>
        <translation>cerrado (%1)</translation>
    </message>
    <message>
        <source>the gateway refused the token (401)</source>
        <translation>la pasarela rechazó el token (401)</translation>
    </message>
    <message>
        <source>too many failed attempts from this address; the gateway waits a minute (429)</source>
        <translation>demasiados intentos fallidos desde esta dirección; la pasarela espera un minuto (429)</translation>
    </message>
    <message>
        <source>the gateway is stopping (503)</source>
        <translation>la pasarela se está deteniendo (503)</translation>
    </message>
    <message>
        <source>ended while the gateway was unreachable</source>
        <translation>terminó mientras la pasarela era inaccesible</translation>
    </message>
    <message>
        <source>gateway %1 cannot be reached now</source>
        <translation>la pasarela %1 no es accesible ahora</translation>
    </message>
</context>
<context>
    <name>callgate::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin definir</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Show full caller numbers when the console opens</source>
        <translation>Mostrar los números completos al abrir la consola</translation>
    </message>
    <message>
        <source>Show full numbers by default</source>
        <translation>Mostrar números completos por defecto</translation>
    </message>
    <message>
        <source>Written to %1 (readable only by you); gateway settings take effect at the next start.</source>
        <translation>Se guarda en %1 (solo usted puede leerlo); la configuración del gateway se aplica en el próximo inicio.</translation>
    </message>
    <message>
        <source>Console language</source>
        <translation>Idioma de la consola</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>Output device (headset or speakers)</source>
        <translation>Dispositivo de salida (auriculares o altavoces)</translation>
    </message>
    <message>
        <source>Input device (headset microphone)</source>
        <translation>Dispositivo de entrada (micrófono de los auriculares)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>Output device</source>
        <translation>Dispositivo de salida</translation>
    </message>
    <message>
        <source>Input device</source>
        <translation>Dispositivo de entrada</translation>
    </message>
    <message>
        <source>When listening: caller in the left ear, the AI or agent in the right</source>
        <translation>Al escuchar: el llamante en el oído izquierdo, la IA o el agente en el derecho</translation>
    </message>
    <message>
        <source>Split the call left and right</source>
        <translation>Dividir la llamada a izquierda y derecha</translation>
    </message>
    <message>
        <source>Push to talk: the caller hears you only while you hold Space</source>
        <translation>Pulsar para hablar: el llamante le oye solo mientras mantiene pulsada la barra espaciadora</translation>
    </message>
    <message>
        <source>Push to talk</source>
        <translation>Pulsar para hablar</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (no conectado)</translation>
    </message>
    <message>
        <source>Demo mode: the gateway runs on the demo&apos;s own settings (simulated Twilio and OpenAI, no keys), shown here as they are. Start Callgate without --demo to set up your own; these pages then edit %1. Your console settings are saved either way.</source>
        <translation>Modo demo: el gateway funciona con los ajustes de la demo (Twilio y OpenAI simulados, sin claves), mostrados aquí tal cual. Inicie Callgate sin --demo para configurar los suyos; estas páginas editarán entonces %1. Los ajustes de su consola se guardan en cualquier caso.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Where Twilio reaches this gateway, and the keys it uses.</source>
        <translation>Dónde llega Twilio a este gateway y qué claves usa.</translation>
    </message>
    <message>
        <source>Public address (https)</source>
        <translation>Dirección pública (https)</translation>
    </message>
    <message>
        <source>OpenAI API key</source>
        <translation>Clave de la API de OpenAI</translation>
    </message>
    <message>
        <source>OpenAI voice API</source>
        <translation>API de voz de OpenAI</translation>
    </message>
    <message>
        <source>Twilio account SID</source>
        <translation>SID de la cuenta de Twilio</translation>
    </message>
    <message>
        <source>Twilio auth token</source>
        <translation>Token de autenticación de Twilio</translation>
    </message>
    <message>
        <source>Callers</source>
        <translation>Llamantes</translation>
    </message>
    <message>
        <source>What callers hear, and what the AI knows of them.</source>
        <translation>Qué oyen quienes llaman y qué sabe la IA de ellos.</translation>
    </message>
    <message>
        <source>Callers&apos; language</source>
        <translation>Idioma de quien llama</translation>
    </message>
    <message>
        <source>The AI&apos;s voice</source>
        <translation>Voz de la IA</translation>
    </message>
    <message>
        <source>Voice of the gateway&apos;s messages</source>
        <translation>Voz de los mensajes del gateway</translation>
    </message>
    <message>
        <source>Instructions for the AI</source>
        <translation>Instrucciones para la IA</translation>
    </message>
    <message>
        <source>The AI&apos;s greeting</source>
        <translation>Saludo de la IA</translation>
    </message>
    <message>
        <source>Consent message</source>
        <translation>Mensaje de consentimiento</translation>
    </message>
    <message>
        <source>Message when a person takes over</source>
        <translation>Mensaje cuando atiende una persona</translation>
    </message>
    <message>
        <source>Customer lookup address</source>
        <translation>Dirección de búsqueda de clientes</translation>
    </message>
    <message>
        <source>Customer lookup token</source>
        <translation>Token de búsqueda de clientes</translation>
    </message>
    <message>
        <source>Agents and records</source>
        <translation>Agentes y registros</translation>
    </message>
    <message>
        <source>Live agent line</source>
        <translation>Línea de agentes</translation>
    </message>
    <message>
        <source>Transfer numbers by name</source>
        <translation>Números de transferencia con nombre</translation>
    </message>
    <message>
        <source>Time to take a waiting call</source>
        <translation>Tiempo para atender una llamada en espera</translation>
    </message>
    <message>
        <source>Text callers a summary afterwards</source>
        <translation>Enviar un resumen por SMS después</translation>
    </message>
    <message>
        <source>Number the summary comes from</source>
        <translation>Número que envía el resumen</translation>
    </message>
    <message>
        <source>Record calls (with the caller&apos;s consent)</source>
        <translation>Grabar llamadas (con consentimiento)</translation>
    </message>
    <message>
        <source>Recordings folder</source>
        <translation>Carpeta de grabaciones</translation>
    </message>
    <message>
        <source>Keep call records for</source>
        <translation>Conservar registros durante</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>This console&apos;s own choices; they take effect at once.</source>
        <translation>Las opciones de esta consola; se aplican al momento.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
    <message>
        <source>&lt;p&gt;Kept with the calls you take, transfer, hang up or write notes on.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Se guarda con las llamadas que atiende, transfiere, cuelga o anota.&lt;/p&gt;</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Service level target</source>
        <translation>Objetivo de nivel de servicio</translation>
    </message>
    <message>
        <source>&lt;p&gt;The queue panel&apos;s service level: the share of callers who asked for a person that a supervisor took within this time.&lt;/p&gt;</source>
        <translation>&lt;p&gt;El nivel de servicio de la cola: la parte de quienes pidieron una persona y a quienes un supervisor atendió en este tiempo.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Auriculares</translation>
    </message>
    <message>
        <source>Devices by the names the sound system gives them; one not plugged in is kept and the default is used until it is.</source>
        <translation>Dispositivos con el nombre que les da el sistema de sonido; uno no conectado se conserva y se usa el predeterminado hasta que lo esté.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <source>always</source>
        <translation>siempre</translation>
    </message>
    <message>
        <source>Realtime API</source>
        <translation>API Realtime</translation>
    </message>
    <message>
        <source>GPT-Live</source>
        <translation>GPT-Live</translation>
    </message>
    <message>
        <source>(set)</source>
        <translation>(definido)</translation>
    </message>
    <message>
        <source>Gateways elsewhere whose calls this console shows: a name, the address (wss://…/operator) and the token `callgate add-operator` printed for you. Attached as soon as you save.</source>
        <translation>Pasarelas en otros sitios cuyas llamadas muestra esta consola: un nombre, la dirección (wss://…/operator) y el token que `callgate add-operator` generó para usted. Se conectan en cuanto guarda.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Trusted certificate (optional)</source>
        <translation>Certificado de confianza (opcional)</translation>
    </message>
    <message>
        <source>Gateways</source>
        <translation>Pasarelas</translation>
    </message>
    <message>
        <source>Add a gateway</source>
        <translation>Añadir una pasarela</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Gateway %1: %2</source>
        <translation>Pasarela %1: %2</translation>
    </message>
    <message>
        <source>Gateway %1: the token is missing</source>
        <translation>Pasarela %1: falta el token</translation>
    </message>
</context>
<context>
    <name>callgate::TranscriptModel</name>
    <message>
        <source>Caller</source>
        <translation>Llamante</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Asistente</translation>
    </message>
    <message>
        <source>Whisper to the AI</source>
        <translation>Susurrar a la IA</translation>
    </message>
    <message>
        <source>Live agent</source>
        <translation>Agente en vivo</translation>
    </message>
</context>
<context>
    <name>callgate::TransferDialog</name>
    <message>
        <source>Transfer %1</source>
        <translation>Transferir a %1</translation>
    </message>
    <message>
        <source>Transfer %1 to:</source>
        <translation>Transferir a %1 a:</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>A number in E.164 form, e.g. +14155550100</source>
        <translation>Un número en formato E.164, p. ej. +14155550100</translation>
    </message>
    <message>
        <source>Number to transfer the caller to</source>
        <translation>Número al que se transfiere la llamada</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transferir</translation>
    </message>
    <message>
        <source>Type a number, or pick one from the list.</source>
        <translation>Escriba un número o elija uno de la lista.</translation>
    </message>
    <message>
        <source>“%1” is not a phone number in E.164 form: a + and the country code, then the number, e.g. +14155550100.</source>
        <translation>«%1» no es un número de teléfono en formato E.164: un + y el código de país, luego el número, p. ej. +14155550100.</translation>
    </message>
</context>
</TS>
