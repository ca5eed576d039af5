// The interactive settings page's passkey ceremony, called from the server through JS interop.
// js/passkeys.js runs it (the one caller of navigator.credentials); this keeps what it made.
//
// A credential the browser made is kept in sessionStorage, per flow, until the server has
// answered it. If the circuit drops before the submission arrives, the page submits it again once
// it reconnects, or after a reload of the same flow. The server's ceremony state is single-use,
// so a credential that did arrive is refused the second time, harmlessly.
import './passkeys.js';

const prefix = 'portal.pending-passkey.';
// Older than this, the flow's challenge has expired anyway.
const maxAge = 15 * 60 * 1000;

export async function createPasskey(options, key) {
  const made = await window.portalPasskeys.createPasskey(options);
  if (made.credential) {
    try {
      sessionStorage.setItem(prefix + key, JSON.stringify({ credential: made.credential, at: Date.now() }));
    } catch {
      // Storage may be full or off; the submission below still goes ahead.
    }
  }
  return made;
}

export function pendingPasskey(key) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(prefix + key) ?? 'null');
    if (kept && Date.now() - kept.at < maxAge) return kept.credential;
    sessionStorage.removeItem(prefix + key);
  } catch {
    // Nothing readable is kept.
  }
  return null;
}

export function forgetPasskey(key) {
  try {
    sessionStorage.removeItem(prefix + key);
  } catch {
    // Nothing to forget.
  }
}
