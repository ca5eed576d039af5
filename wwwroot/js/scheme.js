// Light or dark by hand. The choice is kept in a cookie so the server renders the page in it
// from the first byte (no flash); without a choice the page follows prefers-color-scheme.
(() => {
  'use strict';
  const root = document.documentElement;
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  const isDark = () => (root.dataset.scheme ?? (system.matches ? 'dark' : 'light')) === 'dark';

  const wire = () => {
    const button = document.getElementById('scheme-toggle');
    if (!button) return;
    const show = () => button.setAttribute('aria-pressed', String(isDark()));
    button.hidden = false;
    show();
    system.addEventListener('change', show);
    button.addEventListener('click', () => {
      const scheme = isDark() ? 'light' : 'dark';
      root.dataset.scheme = scheme;
      document.cookie = `portal_scheme=${scheme}; path=/; max-age=31536000; samesite=lax`;
      show();
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
