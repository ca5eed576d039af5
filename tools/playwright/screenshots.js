// Takes the README's pictures from a running portal: node screenshots.js BASE_URL ADMIN_URL OUT_DIR [HARBOUR_BASE_URL]
// Every picture comes from the real pages; a DevTools virtual authenticator makes the passkeys.
const { chromium } = require('playwright-core');
const path = require('path');

const [base, admin, out, harbour] = process.argv.slice(2);
const authenticator = { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true };

async function context(browser, { width = 1000, height = 720, scheme = 'light', language = 'en' } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, locale: language, extraHTTPHeaders: { 'Accept-Language': language } });
  const page = await ctx.newPage();
  return { ctx, page };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  console.log(`${name}.png`);
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  for (const scheme of ['light', 'dark']) {
    const { ctx, page } = await context(browser, { scheme });
    await page.goto(`${base}/login`);
    await shot(page, `sign-in-${scheme}`);
    await ctx.close();
  }
  {
    const { ctx, page } = await context(browser, { width: 360, height: 760 });
    await page.goto(`${base}/login`);
    await page.getByText("Can't use passkey?").click();
    await shot(page, 'sign-in-mobile');
    await ctx.close();
  }
  {
    const { ctx, page } = await context(browser, { width: 360, height: 760, scheme: 'dark', language: 'de' });
    await page.goto(`${base}/registration`);
    await shot(page, 'registration-mobile-de-dark');
    await ctx.close();
  }
  {
    // Sign up with a passkey, save a second one, and show the passkeys page.
    const { ctx, page } = await context(browser);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const first = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticator });
    const email = `ada-${Date.now()}@example.com`;
    await page.goto(`${base}/registration`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign up with passkey' }).click();
    // A sign-up ends on the backup question; "Back" goes on to where the person was going.
    await page.waitForURL(/\/settings/);
    await page.getByRole('heading', { name: /Save another passkey/ }).waitFor();
    // Once the circuit is live: the question's buttons are enabled.
    await page.waitForFunction(() => document.querySelector('.backup-question button:not([disabled])'));
    await page.mouse.move(0, 0);
    await shot(page, 'backup-question');
    await page.getByRole('link', { name: 'Back' }).click();
    await page.waitForURL(/\/welcome/);
    await shot(page, 'welcome');
    await page.getByRole('link', { name: 'Add a passkey' }).click();
    await page.waitForURL(/\/settings/);
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: first.authenticatorId });
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticator });
    await page.getByRole('button', { name: 'Add passkey' }).click();
    await page.getByText('Your changes have been saved!').waitFor();
    // The picture shows the page at rest: no focus or pointer left on the button pressed.
    await page.evaluate(() => document.activeElement?.blur());
    await page.mouse.move(0, 0);
    await shot(page, 'settings');

    // Backup codes saved; then the same person, made an administrator, in the admin console.
    await page.getByRole('button', { name: 'Generate backup codes' }).click();
    await page.getByRole('button', { name: 'I saved them' }).click();
    await page.locator('#backup-codes-left').waitFor();
    const api = admin.replace('//localhost:', '//127.0.0.1:');
    const [{ id }] = await (await fetch(`${api}/admin/identities?credentials_identifier=${encodeURIComponent(email)}`)).json();
    const made = await fetch(`${api}/admin/identities/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ op: 'add', path: '/metadata_admin', value: { roles: ['admin'] } }]) });
    if (!made.ok) throw new Error(`PATCH /admin/identities: ${made.status} ${await made.text()}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${admin}/admin`);
    await page.getByRole('button', { name: 'Sign in with passkey' }).click();
    await page.getByRole('searchbox', { name: 'Search identities' }).fill(email);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('list', { name: 'Identities found' }).getByRole('button', { name: email }).click();
    await page.getByRole('heading', { name: email, level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Issue recovery link' }).waitFor();
    await page.evaluate(() => document.activeElement?.blur());
    await page.mouse.move(0, 0);
    await shot(page, 'admin-console');

    // The admin API's reference, open at one operation.
    await page.goto(`${admin}/admin/docs`);
    await page.getByText('identity', { exact: true }).first().click();
    await page.getByText('List identities').first().click();
    await page.getByText('credentials_identifier').first().waitFor();
    await page.screenshot({ path: path.join(out, 'api-reference.png') });

    // "Can't use passkey?" from another browser: the page after "Send link".
    const other = await context(browser);
    await other.page.goto(`${base}/login`);
    await other.page.getByText("Can't use passkey?").click();
    await other.page.locator('#fallback-email').fill(email);
    await other.page.getByRole('button', { name: 'Send link' }).click();
    await other.page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await shot(other.page, 'check-email');
    await other.ctx.close();
    await ctx.close();
  }
  if (harbour) {
    for (const scheme of ['light', 'dark']) {
      const { ctx, page } = await context(browser, { scheme });
      await page.goto(`${harbour}/login`);
      await shot(page, `theme-harbour-${scheme}`);
      await ctx.close();
    }
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
