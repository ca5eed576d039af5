// A product team's UI on its own origin: Ory Elements renders the portal's flows from their JSON,
// as it renders Kratos's. The portal's address comes from config.json, written by whoever serves
// this folder, so the bundle is built once.
import { createRoot } from 'react-dom/client';
import { Configuration, FrontendApi } from '@ory/client-fetch';
import { Login, Registration } from '@ory/elements-react/theme';
import '@ory/elements-react/theme/styles.css';

const settings = await (await fetch('/config.json')).json();
const portal = settings.portal.replace(/\/$/, '');
const here = window.location.origin;
const frontend = new FrontendApi(new Configuration({ basePath: portal, credentials: 'include' }));

const config = {
  sdk: { url: portal, options: { credentials: 'include' } },
  project: {
    name: 'Elements',
    default_redirect_url: `${here}/welcome`,
    error_ui_url: `${here}/error`,
    login_ui_url: `${here}/login`,
    registration_ui_url: `${here}/registration`,
    recovery_ui_url: `${here}/recovery`,
    verification_ui_url: `${here}/verification`,
    settings_ui_url: `${here}/settings`,
    recovery_enabled: true,
    registration_enabled: true,
    verification_enabled: true,
  },
};

const root = createRoot(document.getElementById('root'));
const show = (element) => root.render(element);
const flowId = new URLSearchParams(window.location.search).get('flow');

// As Ory's own guides do: without a flow, start one at the portal, which sends the browser back here with ?flow=.
const page = {
  '/login': async () => {
    if (!flowId) return window.location.assign(`${portal}/self-service/login/browser`);
    const flow = await frontend.getLoginFlow({ id: flowId });
    show(<Login flow={flow} config={config} />);
  },
  '/registration': async () => {
    if (!flowId) return window.location.assign(`${portal}/self-service/registration/browser`);
    const flow = await frontend.getRegistrationFlow({ id: flowId });
    show(<Registration flow={flow} config={config} />);
  },
  '/welcome': async () => {
    try {
      const session = await frontend.toSession();
      show(<main><h1>Welcome</h1><p data-testid="signed-in-as">{session.identity?.traits?.email}</p></main>);
    } catch {
      show(<main><h1>Not signed in</h1></main>);
    }
  },
}[window.location.pathname];

(page ?? (() => show(<main><h1>Not found</h1></main>)))().catch((error) => {
  show(<main><h1>Something went wrong</h1><pre data-testid="error">{String(error)}</pre></main>);
});
