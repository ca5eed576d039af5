// Loads one page of the portal in a fresh headless Chromium (nothing cached) and prints what its
// first load transferred: every response, redirects included, with its compressed body and its
// headers as they came over the wire. Exits 1 when the total is over the budget.
//
//   node measure.js BASE_URL [PATH] [BUDGET_BYTES]
'use strict';
const { chromium } = require('playwright-core');

const [base, path = '/login', budgetArg = '60000'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node measure.js BASE_URL [PATH] [BUDGET_BYTES]');
  process.exit(2);
}
const budget = Number(budgetArg);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses = [];
    page.on('response', (response) => responses.push(response));
    await page.goto(base + path, { waitUntil: 'networkidle' });

    const rows = [];
    for (const response of responses) {
      const sizes = await response.request().sizes();
      const headers = await response.allHeaders();
      const url = new URL(response.url());
      rows.push({
        status: response.status(),
        type: (headers['content-type'] ?? '').split(';')[0],
        encoding: headers['content-encoding'] ?? '-',
        body: sizes.responseBodySize,
        headers: sizes.responseHeadersSize,
        path: url.pathname + (url.search.length > 40 ? url.search.slice(0, 40) + '…' : url.search),
      });
    }

    const pad = (text, width, right) => (right ? String(text).padStart(width) : String(text).padEnd(width));
    console.log(`First load of ${path} (${new Date().toISOString()}), Chromium ${browser.version()}`);
    console.log(`Accept-Encoding sent: ${(await responses[0].request().allHeaders())['accept-encoding'] ?? '(none)'}`);
    console.log('');
    console.log(`${pad('status', 6)}  ${pad('type', 22)}  ${pad('encoding', 8)}  ${pad('body B', 7, true)}  ${pad('headers B', 9, true)}  ${pad('total B', 7, true)}  path`);
    let body = 0, head = 0;
    for (const r of rows) {
      body += r.body; head += r.headers;
      console.log(`${pad(r.status, 6)}  ${pad(r.type || '-', 22)}  ${pad(r.encoding, 8)}  ${pad(r.body, 7, true)}  ${pad(r.headers, 9, true)}  ${pad(r.body + r.headers, 7, true)}  ${r.path}`);
    }
    const total = body + head;
    console.log(`${pad('total', 6)}  ${pad(`${rows.length} responses`, 22)}  ${pad('', 8)}  ${pad(body, 7, true)}  ${pad(head, 9, true)}  ${pad(total, 7, true)}`);
    console.log('');
    console.log(`Transferred: ${(total / 1000).toFixed(1)} kB (bodies ${(body / 1000).toFixed(1)} kB + headers ${(head / 1000).toFixed(1)} kB); budget ${(budget / 1000).toFixed(0)} kB: ${total <= budget ? 'within' : 'OVER'}`);
    process.exitCode = total <= budget ? 0 : 1;
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
