// Page weight in a real Chromium with an empty cache: what a first visit
// to / costs, and what opening a city costs after it. Each figure is
// printed and checked against its budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveAndLaunch, closeAll } from './harness.mjs';

const budget = { firstVisitBytes: 80 * 1024, firstVisitRequests: 8, openCityBytes: 4 * 1024 };

let server;
let browser;
before(async () => ({ server, browser } = await serveAndLaunch()));
after(() => closeAll(browser, server));

// onWire keeps the responses that came over the network, with what each
// put on the wire: headers and the body as sent (compressed). Responses
// from the browser's cache (the favicon, checked again when the address
// changes) cost nothing and are left out.
async function onWire(responses) {
  const out = [];
  for (const r of responses) {
    const sizes = await r.request().sizes();
    if (sizes.responseHeadersSize > 0 && sizes.responseBodySize >= 0) {
      out.push({ path: new URL(r.url()).pathname, body: sizes.responseBodySize, bytes: sizes.responseHeadersSize + sizes.responseBodySize });
    }
  }
  return out;
}

const total = (list) => list.reduce((sum, r) => sum + r.bytes, 0);

test('a first visit and opening a city stay within the budget', async () => {
  await server.best;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const responses = [];
  context.on('response', (r) => responses.push(r));
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.waitForSelector('.marker');
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
  await page.waitForLoadState('networkidle');
  const first = await onWire(responses.splice(0));
  const firstBytes = total(first);

  await page.click('#cities a[data-slug="palermo"]');
  await page.locator('#details h1').filter({ hasText: 'Palermo' }).waitFor();
  await page.waitForLoadState('networkidle');
  const open = await onWire(responses.splice(0));
  const openBytes = total(open);

  console.log(`first visit to /: ${first.length} requests, ${(firstBytes / 1024).toFixed(1)} KB (budget ${budget.firstVisitRequests} requests, ${budget.firstVisitBytes / 1024} KB)`);
  for (const r of first) console.log(`  ${String(r.body).padStart(7)} B  ${r.path}`);
  console.log(`opening a city: ${open.length} requests, ${openBytes} B (budget ${budget.openCityBytes} B)`);
  for (const r of open) console.log(`  ${String(r.body).padStart(7)} B  ${r.path}`);
  assert.ok(first.length <= budget.firstVisitRequests, `${first.length} requests`);
  assert.ok(firstBytes <= budget.firstVisitBytes, `${firstBytes} bytes`);
  assert.ok(openBytes <= budget.openCityBytes, `${openBytes} bytes`);
  await context.close();
});
