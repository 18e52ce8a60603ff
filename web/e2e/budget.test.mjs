// Page weight in a real Chromium with an empty cache: what a first visit
// to / costs, and what opening a city costs after it; for the generated
// atlas that make bench serves (data/datatest), what a first visit to its
// home costs, and opening a network and a place after it. Each figure is
// printed and checked against its budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveAndLaunch, closeAll, startServer } from './harness.mjs';

const budget = { firstVisitBytes: 75.5 * 1024, firstVisitRequests: 8, openCityBytes: 4 * 1024 };
const atlasBudget = { firstVisitBytes: 120 * 1024, openBytes: 8 * 1024, zoomBytes: 160 * 1024 };

let server;
let browser;
let atlas;
let atlasDir;
before(async () => {
  ({ server, browser } = await serveAndLaunch([], { bestCompression: true }));
  atlasDir = await mkdtemp(join(tmpdir(), 'partnermap-atlas-'));
  execFileSync(process.env.GO || 'go', ['run', './data/datatest/gen', '-atlas', atlasDir], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  atlas = await startServer(['--data', atlasDir], { bestCompression: true });
});
after(async () => {
  await closeAll(browser, server, atlas);
  if (atlasDir) await rm(atlasDir, { recursive: true, force: true });
});

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

// report prints what a step cost, request by request.
function report(what, list, budgetBytes) {
  console.log(`${what}: ${list.length} requests, ${(total(list) / 1024).toFixed(1)} KB, ${total(list)} B (budget ${budgetBytes / 1024} KB)`);
  for (const r of list) console.log(`  ${String(r.body).padStart(7)} B  ${r.path}`);
}

// visit opens url in a new context and waits until its map shows marks
// and the basemap; step waits for the network to settle and returns what
// was fetched since the last step, the first visit first.
async function visit(url, marks) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const responses = [];
  context.on('response', (r) => responses.push(r));
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(marks);
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
  const step = async () => {
    await page.waitForLoadState('networkidle');
    return onWire(responses.splice(0));
  };
  return { context, page, step };
}

test('a first visit and opening a city stay within the budget', async () => {
  await server.best;
  const { context, page, step } = await visit(server.url + '/', '.marker');
  const first = await step();

  await page.click('#cities a[data-slug="palermo"]');
  await page.locator('#details h1').filter({ hasText: 'Palermo' }).waitFor();
  const open = await step();

  report(`first visit to / (budget ${budget.firstVisitRequests} requests)`, first, budget.firstVisitBytes);
  report('opening a city', open, budget.openCityBytes);
  assert.ok(first.length <= budget.firstVisitRequests, `${first.length} requests`);
  assert.ok(total(first) <= budget.firstVisitBytes, `${total(first)} bytes`);
  assert.ok(total(open) <= budget.openCityBytes, `${total(open)} bytes`);
  await context.close();
});

test('the atlas: a first visit and opening a network and a place stay within the budget', async () => {
  await atlas.best;
  const { context, page, step } = await visit(atlas.url + '/', '.marker-cluster, .place-marker');
  const first = await step();

  await page.click('#networks a[data-network="net-001"]');
  await page.locator('#details h1').filter({ hasText: 'Net 1' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-link').length > 0);
  // The map zooms in to the network: the basemap's tiles in view are
  // counted apart.
  const chosen = await step();
  const isTile = (r) => r.path.startsWith('/static/tiles/');
  const network = chosen.filter((r) => !isTile(r));
  const zoom = chosen.filter(isTile);

  // The network's coordinator's city opens its place.
  const marker = page.locator('#map .marker--coordinator');
  const label = await marker.getAttribute('aria-label');
  await marker.click();
  await page.locator('#details h1').filter({ hasText: label.split(',')[0] }).waitFor();
  const place = await step();

  report('first visit to the atlas\'s /', first, atlasBudget.firstVisitBytes);
  report('opening a network', network, atlasBudget.openBytes);
  report('zooming in to the network, tiles of the basemap', zoom, atlasBudget.zoomBytes);
  report('opening a place', place, atlasBudget.openBytes);
  assert.ok(total(first) <= atlasBudget.firstVisitBytes, `${total(first)} bytes`);
  assert.ok(total(network) > 0 && total(network) <= atlasBudget.openBytes, `${total(network)} bytes`);
  assert.ok(total(zoom) <= atlasBudget.zoomBytes, `${total(zoom)} bytes`);
  assert.ok(total(place) > 0 && total(place) <= atlasBudget.openBytes, `${total(place)} bytes`);
  await context.close();
});
