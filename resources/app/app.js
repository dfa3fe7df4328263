// The caller's companion: sign in with a code sent by SMS, give or withdraw consent, follow the
// call. Speaks the /user protocol (docs/user-protocol.md). No framework, no build step.
'use strict';

const TEXT = {
  en: {
    title: 'Your call', offline: 'Connecting…', signInTitle: 'Sign in',
    signInHelp: 'Enter the mobile number you call us from. We send you a code by SMS.',
    phoneLabel: 'Mobile number', sendCode: 'Send code', codeTitle: 'Enter the code', codeLabel: '6-digit code',
    codeHelp: 'We sent a code to {0}. It is good for 5 minutes.', verify: 'Sign in', otherNumber: 'Use another number',
    signedInAs: 'Signed in as', callTitle: 'Your call', consentTitle: 'Consent', agree: 'I agree',
    withdraw: 'Withdraw consent', askAgent: 'Talk to a person', signOut: 'Sign out',
    consentNone: 'You have not answered yet. When you call, we ask on the keypad.',
    consentGiven: 'You agreed on {0}. Your calls until {1} skip the question.',
    consentOld: 'You agreed on {0}, but that no longer counts (the text changed or it is too old). Please agree again.',
    consentWithdrawn: 'You withdrew consent on {0}. When you call, we ask on the keypad.',
    state_none: 'No call right now', state_in_flow: 'Your call is starting', state_assistant: 'Talking to the assistant',
    state_waiting_for_agent: 'Waiting for a person', state_with_agent: 'With a member of our team',
    state_transferred: 'Handed to an agent', state_ended: 'Call ended', agentRequested: 'A person will take your call shortly.',
    err_invalid_number: 'That is not a phone number we can use.', err_not_mobile: 'That number is not a mobile. We need a mobile number for the SMS.',
    err_too_many_codes: 'Too many codes were asked for. Try again in {0} minutes.',
    err_locked: 'Too many wrong codes. This number is locked; try again in {0} minutes.',
    err_wrong_code: 'That code is not right. Check the SMS and try again.',
    err_code_expired: 'That code has expired. Ask for a new one.', err_no_code: 'Ask for a code first.',
    err_invalid_token: 'Please sign in again.', err_sms_failed: 'We could not send the SMS. Try again in a minute.',
    err_unavailable: 'The service is not available right now. Try again in a minute.',
    err_no_call: 'You have no call in progress.', err_not_connected_yet: 'Your call is still starting. Try again in a moment.',
    err_too_fast: 'Slow down a little, please.', err_other: 'Something went wrong ({0}).',
  },
  de: {
    title: 'Ihr Anruf', offline: 'Verbinde…', signInTitle: 'Anmelden',
    signInHelp: 'Geben Sie die Mobilnummer ein, von der Sie uns anrufen. Wir schicken Ihnen einen Code per SMS.',
    phoneLabel: 'Mobilnummer', sendCode: 'Code senden', codeTitle: 'Code eingeben', codeLabel: '6-stelliger Code',
    codeHelp: 'Wir haben einen Code an {0} geschickt. Er gilt 5 Minuten.', verify: 'Anmelden', otherNumber: 'Andere Nummer verwenden',
    signedInAs: 'Angemeldet als', callTitle: 'Ihr Anruf', consentTitle: 'Einwilligung', agree: 'Ich willige ein',
    withdraw: 'Einwilligung widerrufen', askAgent: 'Mit einer Person sprechen', signOut: 'Abmelden',
    consentNone: 'Sie haben noch nicht geantwortet. Bei Ihrem Anruf fragen wir über die Tastatur.',
    consentGiven: 'Sie haben am {0} eingewilligt. Ihre Anrufe bis {1} überspringen die Frage.',
    consentOld: 'Sie haben am {0} eingewilligt, doch das gilt nicht mehr (der Text hat sich geändert oder es ist zu lange her). Bitte willigen Sie erneut ein.',
    consentWithdrawn: 'Sie haben am {0} widerrufen. Bei Ihrem Anruf fragen wir über die Tastatur.',
    state_none: 'Gerade kein Anruf', state_in_flow: 'Ihr Anruf beginnt', state_assistant: 'Im Gespräch mit dem Assistenten',
    state_waiting_for_agent: 'Wartet auf eine Person', state_with_agent: 'Im Gespräch mit unserem Team',
    state_transferred: 'An einen Mitarbeiter übergeben', state_ended: 'Anruf beendet', agentRequested: 'Gleich übernimmt eine Person Ihren Anruf.',
    err_invalid_number: 'Diese Telefonnummer können wir nicht verwenden.', err_not_mobile: 'Das ist keine Mobilnummer. Für die SMS brauchen wir eine Mobilnummer.',
    err_too_many_codes: 'Es wurden zu viele Codes angefordert. Versuchen Sie es in {0} Minuten wieder.',
    err_locked: 'Zu viele falsche Codes. Diese Nummer ist gesperrt; versuchen Sie es in {0} Minuten wieder.',
    err_wrong_code: 'Der Code stimmt nicht. Prüfen Sie die SMS und versuchen Sie es erneut.',
    err_code_expired: 'Der Code ist abgelaufen. Fordern Sie einen neuen an.', err_no_code: 'Fordern Sie zuerst einen Code an.',
    err_invalid_token: 'Bitte melden Sie sich erneut an.', err_sms_failed: 'Die SMS konnte nicht gesendet werden. Versuchen Sie es in einer Minute wieder.',
    err_unavailable: 'Der Dienst ist gerade nicht erreichbar. Versuchen Sie es in einer Minute wieder.',
    err_no_call: 'Sie führen gerade keinen Anruf.', err_not_connected_yet: 'Ihr Anruf beginnt noch. Versuchen Sie es gleich noch einmal.',
    err_too_fast: 'Bitte etwas langsamer.', err_other: 'Etwas ist schiefgegangen ({0}).',
  },
  es: {
    title: 'Su llamada', offline: 'Conectando…', signInTitle: 'Iniciar sesión',
    signInHelp: 'Escriba el número móvil desde el que nos llama. Le enviamos un código por SMS.',
    phoneLabel: 'Número móvil', sendCode: 'Enviar código', codeTitle: 'Escriba el código', codeLabel: 'Código de 6 dígitos',
    codeHelp: 'Enviamos un código al {0}. Vale 5 minutos.', verify: 'Entrar', otherNumber: 'Usar otro número',
    signedInAs: 'Sesión de', callTitle: 'Su llamada', consentTitle: 'Consentimiento', agree: 'Acepto',
    withdraw: 'Retirar consentimiento', askAgent: 'Hablar con una persona', signOut: 'Cerrar sesión',
    consentNone: 'Aún no ha respondido. Cuando llame, le preguntaremos por el teclado.',
    consentGiven: 'Aceptó el {0}. Sus llamadas hasta el {1} no repiten la pregunta.',
    consentOld: 'Aceptó el {0}, pero ya no vale (el texto cambió o pasó demasiado tiempo). Acepte de nuevo, por favor.',
    consentWithdrawn: 'Retiró su consentimiento el {0}. Cuando llame, le preguntaremos por el teclado.',
    state_none: 'Ninguna llamada ahora', state_in_flow: 'Su llamada está empezando', state_assistant: 'Hablando con el asistente',
    state_waiting_for_agent: 'Esperando a una persona', state_with_agent: 'Con una persona de nuestro equipo',
    state_transferred: 'Pasada a un agente', state_ended: 'Llamada terminada', agentRequested: 'Una persona atenderá su llamada en breve.',
    err_invalid_number: 'No podemos usar ese número de teléfono.', err_not_mobile: 'Ese número no es un móvil. Necesitamos un móvil para el SMS.',
    err_too_many_codes: 'Se pidieron demasiados códigos. Inténtelo de nuevo en {0} minutos.',
    err_locked: 'Demasiados códigos incorrectos. Este número está bloqueado; inténtelo en {0} minutos.',
    err_wrong_code: 'Ese código no es correcto. Revise el SMS e inténtelo de nuevo.',
    err_code_expired: 'El código venció. Pida uno nuevo.', err_no_code: 'Pida primero un código.',
    err_invalid_token: 'Inicie sesión de nuevo, por favor.', err_sms_failed: 'No pudimos enviar el SMS. Inténtelo en un minuto.',
    err_unavailable: 'El servicio no está disponible ahora. Inténtelo en un minuto.',
    err_no_call: 'No tiene ninguna llamada en curso.', err_not_connected_yet: 'Su llamada aún está empezando. Inténtelo en un momento.',
    err_too_fast: 'Más despacio, por favor.', err_other: 'Algo salió mal ({0}).',
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: pickLanguage(), ws: null, token: localStorage.getItem('callgate.token'), signedIn: false, stage: 'signin',
  codeTo: '', consent: null, call: 'none', liveAgent: '', backoff: 500, lastError: null,
};

function pickLanguage() {
  const saved = localStorage.getItem('callgate.lang');
  if (saved && TEXT[saved]) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const code = String(l).slice(0, 2).toLowerCase();
    if (TEXT[code]) return code;
  }
  return 'en';
}

function t(key, ...args) {
  const s = (TEXT[state.lang] && TEXT[state.lang][key]) || TEXT.en[key] || key;
  return s.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

function date(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleDateString(state.lang, { year: 'numeric', month: 'long', day: 'numeric' });
}

function render() {
  document.documentElement.lang = state.lang;
  $('language').value = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.title = t('title');
  const open = state.ws && state.ws.readyState === WebSocket.OPEN;
  $('connection').hidden = open;
  $('signin').hidden = !open || state.signedIn || state.stage !== 'signin';
  $('code-step').hidden = !open || state.signedIn || state.stage !== 'code';
  $('account').hidden = !state.signedIn;
  $('code-help').textContent = t('codeHelp', state.codeTo);
  if (state.lastError) {
    $('error').hidden = false;
    $('error').textContent = state.lastError;
  } else {
    $('error').hidden = true;
  }
  if (!state.signedIn) return;
  $('my-number').textContent = state.phone;
  const c = state.consent || {};
  $('consent-text').textContent = c.text || '';
  let line = t('consentNone');
  if (c.decided_at && c.accepted && c.counts) line = t('consentGiven', date(c.decided_at), date(c.valid_until));
  else if (c.decided_at && c.accepted) line = t('consentOld', date(c.decided_at));
  else if (c.decided_at) line = t('consentWithdrawn', date(c.decided_at));
  $('consent-state').textContent = line;
  $('consent-state').dataset.consent = c.decided_at ? (c.accepted && c.counts ? 'given' : c.accepted ? 'old' : 'withdrawn') : 'none';
  $('agree').disabled = !!(c.accepted && c.counts);
  $('withdraw').disabled = !(c.decided_at && c.accepted);
  $('call-state').textContent = t('state_' + state.call);
  $('call-state').dataset.state = state.call;
  $('call-dot').dataset.state = state.call;
  $('live-agent').hidden = !state.liveAgent;
  $('live-agent').textContent = state.liveAgent;
  $('ask-agent').hidden = state.call !== 'assistant';
}

function send(message) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
}

function showError(m) {
  const minutes = m.retry_after ? Math.max(1, Math.ceil(m.retry_after / 60)) : '';
  const key = 'err_' + m.reason;
  state.lastError = TEXT.en[key] ? t(key, minutes) : t('err_other', m.reason);
  if (m.reason === 'invalid_token') {
    localStorage.removeItem('callgate.token');
    state.token = null;
  }
  if (m.reason === 'locked' || m.reason === 'code_expired' || m.reason === 'no_code') state.stage = 'signin';
}

function onMessage(event) {
  let m;
  try { m = JSON.parse(event.data); } catch { return; }
  switch (m.type) {
    case 'code_sent':
      state.stage = 'code'; state.codeTo = m.phone; state.lastError = null;
      $('code').value = ''; setTimeout(() => $('code').focus(), 0);
      break;
    case 'signed_in':
      state.signedIn = true; state.token = m.token; state.phone = m.phone; state.consent = m.consent; state.lastError = null;
      localStorage.setItem('callgate.token', m.token);
      break;
    case 'consent_recorded':
      state.consent = Object.assign({}, state.consent, { accepted: m.accepted, decided_at: m.decided_at, valid_until: m.valid_until,
        version: m.version, counts: m.accepted });
      state.lastError = null;
      break;
    case 'call':
      state.call = m.state;
      if (m.state === 'assistant' || m.state === 'in_flow' || m.state === 'ended') state.liveAgent = '';
      break;
    case 'live_agent': state.liveAgent = m.text; break;
    case 'agent_requested': state.liveAgent = state.liveAgent || t('agentRequested'); break;
    case 'signed_out':
      localStorage.removeItem('callgate.token');
      Object.assign(state, { token: null, signedIn: false, stage: 'signin', consent: null, call: 'none', liveAgent: '' });
      break;
    case 'error': showError(m); break;
  }
  render();
}

function connect() {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/user';
  const ws = new WebSocket(url);
  state.ws = ws;
  ws.onopen = () => {
    state.backoff = 500;
    state.signedIn = false;
    if (state.token) send({ type: 'resume', token: state.token });
    render();
  };
  ws.onmessage = onMessage;
  ws.onclose = () => {
    state.signedIn = false;
    render();
    if (state.stopped) return;
    setTimeout(connect, state.backoff);
    state.backoff = Math.min(state.backoff * 2, 15000);
  };
}

document.addEventListener('DOMContentLoaded', () => {
  $('language').addEventListener('change', (e) => {
    state.lang = e.target.value;
    localStorage.setItem('callgate.lang', state.lang);
    render();
  });
  $('phone-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.lastError = null;
    send({ type: 'login', phone: $('phone').value, language: state.lang });
  });
  $('code-form').addEventListener('submit', (e) => {
    e.preventDefault();
    send({ type: 'verify', code: $('code').value.trim() });
  });
  $('other-number').addEventListener('click', () => { state.stage = 'signin'; state.lastError = null; render(); });
  $('agree').addEventListener('click', () => send({ type: 'consent', accepted: true }));
  $('withdraw').addEventListener('click', () => send({ type: 'consent', accepted: false }));
  $('ask-agent').addEventListener('click', () => send({ type: 'ask_agent' }));
  $('sign-out').addEventListener('click', () => send({ type: 'sign_out' }));
  render();
  connect();
});
