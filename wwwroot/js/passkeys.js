// The one place the portal calls navigator.credentials.
//
// It runs both as the hosted pages' module and, unchanged, as Kratos's
// /.well-known/ory/webauthn.js for Kratos-compatible UIs, so it has no
// import/export and exposes Kratos's trigger names on window.
(() => {
  'use strict';
  if (window.__portalPasskeys) return;
  window.__portalPasskeys = true;

  let conditional = null; // AbortController of a pending autofill request

  const decode = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
  };
  const encode = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  // The page's language: the server puts this script's sentences on <body data-texts>. The English
  // fallbacks are for Kratos UIs that load this script as webauthn.js without them.
  const texts = (() => {
    try { return JSON.parse(document.body?.dataset.texts ?? '{}'); } catch { return {}; }
  })();
  const text = (key, fallback) => texts[key] ?? fallback;

  const input = (name) => document.querySelector(`[name="${name}"]`);
  const formOf = (name) => input(name)?.form ?? document.querySelector('form');

  // The status region is a live region from the first render, so screen readers announce what is
  // put in it: politely while a ceremony runs, at once when it fails. The same text said twice
  // (a second cancelled prompt) changes nothing in the DOM and would go unannounced, so it is
  // cleared first and put back a moment later.
  const say = (text, kind) => {
    const region = document.getElementById('passkey-status');
    if (!region) return;
    const error = kind === 'error';
    region.dataset.kind = kind;
    region.setAttribute('role', error ? 'alert' : 'status');
    region.setAttribute('aria-live', error ? 'assertive' : 'polite');
    if (region.textContent === text) {
      region.textContent = '';
      setTimeout(() => { region.textContent = text; }, 100);
    } else {
      region.textContent = text;
    }
  };

  // After a failed ceremony the way out is shown at once: "Use email instead" opens the email
  // form with what was typed so far.
  const offerFallback = () => {
    const button = document.getElementById('use-email');
    if (button) button.hidden = false;
  };
  const useEmail = () => {
    const fallback = document.getElementById('passkey-fallback');
    const email = document.getElementById('fallback-email');
    if (!fallback) return;
    fallback.open = true;
    const typed = input('identifier')?.value?.trim();
    if (email && !email.value && typed) email.value = typed;
    (email ?? fallback).focus();
  };

  // Messages for the DOMException names the WebAuthn spec defines for create()/get().
  const explain = (error, creating) => {
    switch (error?.name) {
      case 'NotAllowedError':
        return creating
          ? text('cancelled_create', 'No passkey was created.')
          : text('cancelled_get', 'No passkey was used.');
      case 'InvalidStateError':
        return text('exists', 'This device already has a passkey for this account.');
      case 'SecurityError':
        return text('security', 'Passkeys cannot be used on this address.');
      case 'NotSupportedError':
        return text('not_supported', 'This device does not support the passkey this portal needs.');
      default:
        return text('other', 'Something went wrong with the passkey. Please try again.');
    }
  };

  const requestOptions = (json) => {
    const options = JSON.parse(json).publicKey;
    options.challenge = decode(options.challenge);
    for (const credential of options.allowCredentials ?? []) credential.id = decode(credential.id);
    return options;
  };

  const creationOptions = (json, form) => {
    const data = JSON.parse(json);
    const options = (data.credentialOptions ?? data).publicKey;
    options.challenge = decode(options.challenge);
    options.user.id = decode(options.user.id);
    for (const credential of options.excludeCredentials ?? []) credential.id = decode(credential.id);
    const names = data.displayNameFieldNames ?? (data.displayNameFieldName ? [data.displayNameFieldName] : []);
    const name = names.map((n) => form.querySelector(`[name="${n}"]`)?.value?.trim()).find((v) => v);
    if (name) {
      options.user.name = name;
      options.user.displayName = name;
    }
    return options;
  };

  const toJSON = (credential) => {
    const r = credential.response;
    const json = {
      id: credential.id,
      rawId: encode(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
      response: { clientDataJSON: encode(r.clientDataJSON) },
    };
    if (r.attestationObject) {
      json.response.attestationObject = encode(r.attestationObject);
      json.response.transports = r.getTransports?.() ?? [];
    } else {
      json.response.authenticatorData = encode(r.authenticatorData);
      json.response.signature = encode(r.signature);
      if (r.userHandle) json.response.userHandle = encode(r.userHandle);
    }
    return json;
  };

  const submitWith = (form, name, credential) => {
    const target = form.querySelector(`[name="${name}"]`);
    target.value = JSON.stringify(toJSON(credential));
    say(name === 'passkey_settings_register' ? text('saving', 'Saving your passkey…') : text('signing_in', 'Signing you in…'), 'info');
    form.submit();
  };

  const abortConditional = () => {
    if (!conditional) return;
    conditional.abort();
    conditional = null;
  };

  // Email-first: ask the flow for a challenge that lists this account's credentials, for security
  // keys that cannot be discovered. The answer is the same shape for unknown addresses.
  const challengeFor = async (form, identifier) => {
    const response = await fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        method: 'passkey',
        identifier,
        csrf_token: form.querySelector('[name="csrf_token"]')?.value ?? '',
      }),
    });
    const flow = await response.json();
    const node = flow?.ui?.nodes?.find((n) => n.attributes?.name === 'passkey_challenge');
    if (!node) throw new Error(text('form_expired', 'The sign-in form expired. Reload the page.'));
    input('passkey_challenge').value = node.attributes.value;
    return node.attributes.value;
  };

  async function oryPasskeyLoginAutocompleteInit() {
    if (!window.PublicKeyCredential?.isConditionalMediationAvailable) return;
    if (!(await PublicKeyCredential.isConditionalMediationAvailable())) return;
    const form = formOf('passkey_login');
    const challenge = input('passkey_challenge')?.value;
    if (!form || !challenge) return;
    abortConditional();
    const controller = new AbortController();
    conditional = controller;
    try {
      const credential = await navigator.credentials.get({
        publicKey: requestOptions(challenge),
        mediation: 'conditional',
        signal: controller.signal,
      });
      if (credential) submitWith(form, 'passkey_login', credential);
    } catch (error) {
      // Autofill is optional: a cancelled or aborted request needs no message.
      if (error?.name !== 'AbortError' && conditional === controller) console.debug('passkey autofill ended', error);
    } finally {
      if (conditional === controller) conditional = null;
    }
  }

  async function oryPasskeyLogin() {
    abortConditional();
    const form = formOf('passkey_login');
    if (!form) return;
    say(text('waiting', 'Waiting for your passkey…'), 'info');
    try {
      // A typed address asks for that account's passkeys; a fixed (hidden) one came with them already.
      const field = form.querySelector('[name="identifier"]');
      const identifier = field && field.type !== 'hidden' ? field.value.trim() : '';
      const challenge = identifier ? await challengeFor(form, identifier) : input('passkey_challenge').value;
      const credential = await navigator.credentials.get({ publicKey: requestOptions(challenge) });
      submitWith(form, 'passkey_login', credential);
    } catch (error) {
      say(explain(error, false), 'error');
      offerFallback();
    }
  }

  // The second factor: the options came with the trigger (Kratos puts them in its value).
  async function oryWebAuthnLogin(options) {
    abortConditional();
    const form = formOf('webauthn_login');
    if (!form) return;
    say(text('waiting_key', 'Touch your security key…'), 'info');
    try {
      const json = options ? JSON.stringify(options)
        : document.getElementById('webauthn-login-options')?.dataset.options ?? input('webauthn_login_trigger').value;
      const credential = await navigator.credentials.get({ publicKey: requestOptions(json) });
      submitWith(form, 'webauthn_login', credential);
    } catch (error) {
      say(explain(error, false), 'error');
    }
  }

  async function register(responseName) {
    abortConditional();
    const form = formOf(responseName);
    if (!form) return;
    if (!form.reportValidity()) return;
    if (!window.PublicKeyCredential) {
      say(text('unsupported', 'This browser does not support passkeys.'), 'error');
      return;
    }
    say(text('creating', 'Follow the prompt to create your passkey…'), 'info');
    try {
      const credential = await navigator.credentials.create({
        publicKey: creationOptions(input('passkey_create_data').value, form),
      });
      submitWith(form, responseName, credential);
    } catch (error) {
      say(explain(error, true), 'error');
    }
  }

  // For the interactive settings page (js/passkey-settings.js calls it over the circuit): makes a
  // passkey for creation options {"publicKey": …} and answers its JSON, or the WebAuthn error's
  // name. The page says what happened; this only runs the ceremony.
  async function createPasskey(optionsJson) {
    abortConditional();
    if (!window.PublicKeyCredential) return { error: 'unsupported' };
    try {
      const credential = await navigator.credentials.create({ publicKey: creationOptions(optionsJson, document) });
      return { credential: JSON.stringify(toJSON(credential)) };
    } catch (error) {
      return { error: error?.name ?? 'Error' };
    }
  }

  // WebAuthn L3 Signal API (https://w3c.github.io/webauthn/#sctn-signal-methods): tells the
  // credential provider which passkeys the server knows, so it stops offering the others. Each call
  // happens only where the browser has it, and never says anything on the page.
  const signal = async (name, data) => {
    const method = window.PublicKeyCredential?.[name];
    if (typeof method !== 'function') return false;
    try {
      await method.call(PublicKeyCredential, data);
      return true;
    } catch (error) {
      console.debug(`${name} was not taken`, error);
      return false;
    }
  };
  const signalUnknownCredential = (rpId, credentialId) => signal('signalUnknownCredential', { rpId, credentialId });
  const signalAllAcceptedCredentials = (rpId, userId, allAcceptedCredentialIds) =>
    signal('signalAllAcceptedCredentials', { rpId, userId, allAcceptedCredentialIds });
  // For a changed name or address: the provider shows the new one beside the passkey.
  const signalCurrentUserDetails = (rpId, userId, name, displayName) =>
    signal('signalCurrentUserDetails', { rpId, userId, name, displayName });

  // What the page says to signal: the accepted passkeys of the signed-in account (welcome page), or
  // the credential of a sign-in no account has (the login flow's passkey_unknown_credential node).
  const signalFromPage = () => {
    const data = document.getElementById('passkey-signals')?.dataset.signal;
    if (data) {
      try {
        const { rpId, userId, allAcceptedCredentialIds } = JSON.parse(data);
        signalAllAcceptedCredentials(rpId, userId, allAcceptedCredentialIds);
      } catch (error) {
        console.debug('passkey signals unreadable', error);
      }
    }
    const unknown = input('passkey_unknown_credential')?.value;
    const challenge = input('passkey_challenge')?.value;
    if (unknown && challenge) {
      try {
        signalUnknownCredential(JSON.parse(challenge).publicKey.rpId, unknown);
      } catch (error) {
        console.debug('passkey challenge unreadable', error);
      }
    }
  };

  // Automatic passkey upgrade (WebAuthn L3 conditional create): after a sign-in without a passkey,
  // the password manager may save one without a prompt. Offered only where the browser says it can,
  // and silent either way: a browser that declines leaves no trace on the page.
  async function upgrade(form) {
    try {
      if (typeof window.PublicKeyCredential?.getClientCapabilities !== 'function') return;
      const capabilities = await PublicKeyCredential.getClientCapabilities();
      if (!capabilities?.conditionalCreate) return;
      const options = creationOptions(form.querySelector('[name="passkey_create_data"]').value, form);
      const credential = await navigator.credentials.create({ mediation: 'conditional', publicKey: options });
      if (!credential) return;
      await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          method: 'passkey',
          csrf_token: form.querySelector('[name="csrf_token"]')?.value ?? '',
          passkey_settings_register: JSON.stringify(toJSON(credential)),
        }),
      });
    } catch (error) {
      console.debug('automatic passkey upgrade ended', error);
    }
  }

  window.portalPasskeys = { createPasskey, signalUnknownCredential, signalAllAcceptedCredentials, signalCurrentUserDetails };
  window.oryPasskeyLogin = oryPasskeyLogin;
  window.oryWebAuthnLogin = oryWebAuthnLogin;
  window.oryPasskeyLoginAutocompleteInit = oryPasskeyLoginAutocompleteInit;
  window.oryPasskeyRegistration = () => register('passkey_register');
  window.oryPasskeySettingsRegistration = () => register('passkey_settings_register');

  const wire = () => {
    document.getElementById('use-email')?.addEventListener('click', useEmail);
    for (const button of document.querySelectorAll('[data-trigger]')) {
      const trigger = window[button.dataset.trigger];
      if (typeof trigger === 'function') button.addEventListener('click', (event) => { event.preventDefault(); trigger(); });
    }
    signalFromPage();
    for (const form of document.querySelectorAll('form[data-passkey-upgrade]')) upgrade(form);
    for (const element of document.querySelectorAll('[data-onload-trigger]')) {
      const trigger = window[element.dataset.onloadTrigger];
      if (typeof trigger === 'function') trigger();
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
