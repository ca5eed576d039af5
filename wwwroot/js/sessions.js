// "Sign out everywhere else" on the passkeys page: DELETE /sessions (Kratos disableMyOtherSessions).
// Same-origin only: a DELETE from another site would need a CORS preflight, which the portal never grants.
(() => {
  'use strict';
  const button = document.getElementById('sign-out-others');
  const status = document.getElementById('sessions-status');
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch('/sessions', { method: 'DELETE', credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      document.getElementById('other-sessions')?.remove();
      button.remove();
      status.textContent = button.dataset.done;
    } catch {
      status.textContent = button.dataset.failed;
      button.disabled = false;
    }
  });
})();
