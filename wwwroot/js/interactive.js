// Starts the circuit of an interactive page (the settings page); the other pages never load this.
//
// Links leave with a full page load: the static pages wire their own scripts when they load, which
// Blazor's enhanced navigation would skip. A lost connection is retried; when the server no longer
// has the circuit, the page reloads into the same flow (its id is in the address).
const dialog = document.getElementById('components-reconnect-modal');

dialog?.addEventListener('components-reconnect-state-changed', (event) => {
  if (event.detail?.state === 'rejected') location.reload();
});
document.getElementById('reconnect-reload')?.addEventListener('click', () => location.reload());

Blazor.start({
  ssr: { disableDomPreservation: true },
  circuit: {
    reconnectionOptions: {
      maxRetries: 30,
      retryIntervalMilliseconds: (attempt) => Math.min(500 * attempt, 5000),
    },
  },
});

// Tells the page's theme (MudBlazor's dark mode) whether the page is dark: the header's switch
// (html[data-scheme], js/scheme.js) or, without a choice, the system. Answers the state now.
export function watchScheme(dotnet) {
  const root = document.documentElement;
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  const isDark = () => (root.dataset.scheme ?? (system.matches ? 'dark' : 'light')) === 'dark';
  let last = isDark();
  const report = () => {
    const now = isDark();
    if (now === last) return;
    last = now;
    dotnet.invokeMethodAsync('SchemeChanged', now).catch(() => {});
  };
  system.addEventListener('change', report);
  new MutationObserver(report).observe(root, { attributes: true, attributeFilter: ['data-scheme'] });
  return last;
}
