// Measures a visit of the passkeys page on a running (published) portal: what its first load
// transfers in a fresh headless Chromium, signed in but with nothing cached, and how much server
// memory one idle circuit holds (live GC heap, from dotnet-gcdump, with N circuits open at once).
// Exits 1 when the first load is over the budget.
//
//   node settings-visit.js BASE_URL PORTAL_PID DOTNET_GCDUMP [CIRCUITS] [BUDGET_BYTES]
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const [base, pid, gcdump, circuitsArg = '20', budgetArg = '150000'] = process.argv.slice(2);
if (!base || !pid || !gcdump) {
  console.error('usage: node settings-visit.js BASE_URL PORTAL_PID DOTNET_GCDUMP [CIRCUITS] [BUDGET_BYTES]');
  process.exit(2);
}
const circuits = Number(circuitsArg);
const budget = Number(budgetArg);
const authenticator = { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true };
const pad = (text, width, right) => (right ? String(text).padStart(width) : String(text).padEnd(width));

// The live GC heap of the portal, after the full collection a gcdump makes.
function heapBytes() {
  const file = path.join(os.tmpdir(), `portal-${process.pid}-${Date.now()}.gcdump`);
  execFileSync(gcdump, ['collect', '-p', pid, '-o', file], { stdio: 'ignore' });
  const report = execFileSync(gcdump, ['report', file], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  const match = report.match(/([\d,]+)\s+GC Heap bytes/);
  if (!match) throw new Error(`no heap size in the gcdump report:\n${report}`);
  return Number(match[1].replace(/,/g, ''));
}
const rssBytes = () => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// permessage-deflate, per message and without a shared window: at most what the wire carries.
const wireSize = (payload) => Math.min(zlib.deflateRawSync(payload).length, payload.length) + (payload.length < 126 ? 2 : 4);

async function openSettings(browser, state) {
  const context = await browser.newContext({ storageState: state });
  const page = await context.newPage();
  await page.goto(`${base}/self-service/settings/browser`, { waitUntil: 'networkidle' });
  // The prerendered buttons are disabled until the circuit runs.
  await page.getByRole('button', { name: 'Add passkey' }).and(page.locator(':enabled')).waitFor();
  return { context, page };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    // Sign up once; every visit below is that account's browser with nothing cached.
    const signUp = await browser.newContext();
    const page = await signUp.newPage();
    const cdp = await signUp.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticator });
    await page.goto(`${base}/registration`);
    await page.getByLabel('Email').fill(`visit-${Date.now()}@example.com`);
    await page.getByRole('button', { name: 'Sign up with passkey' }).click();
    await page.waitForURL(/\/settings/); // a sign-up ends on the passkeys page's backup question
    const state = await signUp.storageState();
    await signUp.close();

    // The first load.
    const context = await browser.newContext({ storageState: state });
    const visit = await context.newPage();
    const responses = [];
    let frames = 0, framesRaw = 0, frameCount = 0;
    visit.on('response', (response) => responses.push(response));
    visit.on('websocket', (socket) => {
      const count = (frame) => {
        const payload = Buffer.isBuffer(frame.payload) ? frame.payload : Buffer.from(frame.payload);
        frameCount++; framesRaw += payload.length; frames += wireSize(payload);
      };
      socket.on('framereceived', count);
      socket.on('framesent', count);
    });
    await visit.goto(`${base}/self-service/settings/browser`, { waitUntil: 'networkidle' });
    await visit.getByRole('button', { name: 'Add passkey' }).and(visit.locator(':enabled')).waitFor();
    await visit.waitForLoadState('networkidle');
    await sleep(500);
    const rows = [];
    for (const response of responses) {
      const sizes = await response.request().sizes();
      const headers = await response.allHeaders();
      const url = new URL(response.url());
      rows.push({
        status: response.status(), type: (headers['content-type'] ?? '').split(';')[0], encoding: headers['content-encoding'] ?? '-',
        body: sizes.responseBodySize, headers: sizes.responseHeadersSize, path: url.pathname + (url.search.length > 30 ? url.search.slice(0, 30) + '…' : url.search),
      });
    }
    await context.close();

    console.log(`First load of /settings, signed in, nothing cached (${new Date().toISOString()}), Chromium ${browser.version()}`);
    console.log('');
    console.log(`${pad('status', 6)}  ${pad('type', 22)}  ${pad('encoding', 8)}  ${pad('body B', 7, true)}  ${pad('headers B', 9, true)}  ${pad('total B', 7, true)}  path`);
    let body = 0, head = 0;
    for (const r of rows) {
      body += r.body; head += r.headers;
      console.log(`${pad(r.status, 6)}  ${pad(r.type || '-', 22)}  ${pad(r.encoding, 8)}  ${pad(r.body, 7, true)}  ${pad(r.headers, 9, true)}  ${pad(r.body + r.headers, 7, true)}  ${r.path}`);
    }
    console.log(`${pad('ws', 6)}  ${pad(`${frameCount} circuit frames`, 22)}  ${pad('deflate', 8)}  ${pad(frames, 7, true)}  ${pad('', 9)}  ${pad(frames, 7, true)}  /_blazor (${framesRaw} B inflated)`);
    const total = body + head + frames;
    console.log(`${pad('total', 6)}  ${pad(`${rows.length} responses`, 22)}  ${pad('', 8)}  ${pad(body + frames, 7, true)}  ${pad(head, 9, true)}  ${pad(total, 7, true)}`);
    console.log('');
    console.log(`Transferred: ${(total / 1000).toFixed(1)} kB (bodies ${(body / 1000).toFixed(1)} kB + headers ${(head / 1000).toFixed(1)} kB + circuit ${(frames / 1000).toFixed(1)} kB); budget ${(budget / 1000).toFixed(0)} kB: ${total <= budget ? 'within' : 'OVER'}`);

    // Idle circuits: warm up, measure the heap, open N more, measure again.
    for (let i = 0; i < 2; i++) await (await openSettings(browser, state)).context.close();
    await sleep(2000);
    const before = heapBytes();
    const rssBefore = rssBytes();
    const open = [];
    for (let i = 0; i < circuits; i++) open.push(await openSettings(browser, state));
    await sleep(3000);
    const after = heapBytes();
    const rssAfter = rssBytes();
    for (const { context: c } of open) await c.close();
    console.log('');
    console.log(`Idle circuits: ${circuits} passkeys pages open at once, each with its circuit`);
    console.log(`  live GC heap ${(before / 1e6).toFixed(2)} MB -> ${(after / 1e6).toFixed(2)} MB: ${((after - before) / circuits / 1000).toFixed(1)} kB per circuit`);
    console.log(`  process RSS  ${(rssBefore / 1e6).toFixed(1)} MB -> ${(rssAfter / 1e6).toFixed(1)} MB: ${((rssAfter - rssBefore) / circuits / 1000).toFixed(1)} kB per circuit`);
    process.exitCode = total <= budget ? 0 : 1;
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
