// An atlas in a real Chromium: the test atlas (CoNet and two networks that
// share Palermo and Berlin with it) served from its folder. Places are
// marked by their number of networks, a network chosen from the list is
// drawn and its panel swapped in, a place opens across its networks, the
// filter narrows the list, back and forward move between them, every page
// is complete without JavaScript, axe finds nothing, and the export of the
// folder works on a plain static host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { serveAndLaunch, closeAll, watch } from './harness.mjs';

const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const atlas = fileURLToPath(new URL('../../data/testdata/atlas', import.meta.url));

let server;
let browser;
before(async () => ({ server, browser } = await serveAndLaunch(['--data', atlas])));
after(() => closeAll(browser, server));

async function open(origin, path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const failed = [];
  context.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  const page = await context.newPage();
  await page.goto(origin + path);
  return {
    page,
    async done() {
      assert.deepEqual(failed, [], 'every request is answered');
      assert.deepEqual(seen.errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const path = (page) => new URL(page.url()).pathname;
const heading = (page) => page.locator('#details h1');
const status = (page) => page.locator('#map-status');

test('places are marked by their number of networks; a network chosen is drawn; back and forward work', async () => {
  const { page, done } = await open(server.url, '/');
  await page.waitForSelector('.place-marker, .marker-cluster');
  const palermo = page.locator('.place-marker[aria-label="Palermo, Italy: 3 networks"]');
  await palermo.waitFor();
  assert.equal((await palermo.textContent()).trim(), '3');
  await page.evaluate(() => { window.sameDocument = true; });

  await page.click('#networks a[data-network="harbours"]');
  await heading(page).filter({ hasText: 'Harbour Cities' }).waitFor();
  assert.equal(path(page), '/networks/harbours/');
  // Lines from Palermo, its coordinator's city, to its three other cities.
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-link').length === 3);
  await page.waitForFunction(() => document.getElementById('map-status').textContent !== '');
  assert.equal(await status(page).textContent(), 'Showing the network Harbour Cities');

  await palermo.click();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/places/palermo/');
  assert.equal(await page.locator('#details .visit').count(), 3);
  assert.ok(await palermo.evaluate((m) => m.classList.contains('is-selected')));
  assert.equal(await page.locator('#map path.map-link').count(), 0, 'a place draws no network');

  await page.goBack();
  await heading(page).filter({ hasText: 'Harbour Cities' }).waitFor();
  assert.equal(path(page), '/networks/harbours/');
  await page.goBack();
  await heading(page).filter({ hasText: 'Test atlas' }).waitFor();
  assert.equal(path(page), '/');
  await page.goForward();
  await heading(page).filter({ hasText: 'Harbour Cities' }).waitFor();
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the panels came as fragments');

  // A network of a place's panel is drawn in place too.
  await page.goForward();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  await page.click('#details a[data-network="courtyards"]');
  await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
  assert.equal(path(page), '/networks/courtyards/');
  await page.click('#networks a[data-network="conet"]');
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-link').length === 10);
  await done();
});

test('places close together share a cluster, which the keyboard opens onto its places, and a place onto its panel', async () => {
  const { page, done } = await open(server.url, '/');
  const cluster = page.locator('.marker-cluster');
  await cluster.first().waitFor();
  const marks = () => page.locator('#map .leaflet-marker-icon').evaluateAll((es) => es.map((e) => ({
    cluster: e.classList.contains('marker-cluster'),
    count: Number(e.textContent),
    label: e.getAttribute('aria-label'),
    role: e.getAttribute('role'),
    tabIndex: e.tabIndex,
  })));
  const before = await marks();
  const clusters = before.filter((m) => m.cluster);
  assert.ok(clusters.length > 0, JSON.stringify(before));
  // Every place is on the map once, alone or in a cluster that says how
  // many it holds.
  assert.equal(before.reduce((sum, m) => sum + (m.cluster ? m.count : 1), 0), 15);
  for (const m of before) {
    assert.equal(m.role, 'button');
    assert.equal(m.tabIndex, 0);
  }
  assert.equal(clusters[0].label, `${clusters[0].count} cities`);

  // Enter zooms in until the cluster's places show alone.
  const alone = new Set(before.filter((m) => !m.cluster).map((m) => m.label));
  await cluster.first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('#map .marker-cluster').length < n, clusters.length);
  const opened = (await marks()).filter((m) => !m.cluster && !alone.has(m.label));
  assert.equal(opened.length, clusters[0].count, JSON.stringify(opened));
  // The focus moved to the first of them, which Enter opens.
  await page.waitForFunction(() => document.activeElement.classList.contains('place-marker'));
  const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.ok(opened.some((m) => m.label === focused), focused);
  await page.keyboard.press('Enter');
  await heading(page).filter({ hasText: focused.split(',')[0] }).waitFor();
  assert.match(path(page), /^\/places\/[a-z-]+\/$/);
  await done();
});

test('a place\'s address opens it; a network\'s address is its own site', async () => {
  let { page, done } = await open(server.url, '/places/berlin/');
  assert.match(await heading(page).innerText(), /Berlin/);
  await page.waitForSelector('.place-marker.is-selected, .marker-cluster');
  await done();
  ({ page, done } = await open(server.url, '/networks/harbours/cities/valencia/'));
  assert.match(await heading(page).innerText(), /Valencia/);
  await page.waitForSelector('.marker.is-selected');
  assert.equal(await page.locator('.marker').count(), 4, 'the network\'s own map, its four cities');
  await done();
});

test('the filter narrows the list of networks by text, programme and year, and says how many match', async () => {
  const { page, done } = await open(server.url, '/');
  const shown = () => page.locator('#networks li:not([hidden]) a[data-network]').evaluateAll((as) => as.map((a) => a.dataset.network));
  await page.fill('#networks-filter', 'court');
  assert.deepEqual(await shown(), ['courtyards']);
  await page.locator('#networks-filter-status').filter({ hasText: '1 network of 3 matches' }).waitFor();
  await page.fill('#networks-filter', '');
  await page.selectOption('#networks-year', '2010');
  assert.deepEqual(await shown(), ['conet']);
  await page.selectOption('#networks-year', '');
  await page.selectOption('#networks-programme', 'URBACT III transfer network');
  assert.deepEqual(await shown(), ['courtyards']);
  await page.selectOption('#networks-programme', '');
  assert.equal((await shown()).length, 3);
  await done();
});

test('without JavaScript every page is complete', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  assert.deepEqual(await page.locator('#networks a[data-network]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ['/networks/conet/', '/networks/courtyards/', '/networks/harbours/']);
  await page.click('text=All 15 places');
  assert.equal(path(page), '/places/');
  await page.click('a[data-place="palermo"]');
  assert.equal(path(page), '/places/palermo/');
  assert.equal(await page.locator('#details .visit').count(), 3);
  await page.click('text=Palermo in Harbour Cities');
  assert.equal(path(page), '/networks/harbours/cities/palermo/');
  assert.match(await page.locator('#details h1').innerText(), /Palermo/);
  await context.close();
});

test('axe finds nothing on the atlas\'s pages in either colour scheme', async () => {
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const p of ['/', '/places/palermo/', '/places/', '/embed/places/palermo/', '/it/', '/nowhere/']) {
      await page.goto(server.url + p);
      await page.waitForTimeout(p.includes('nowhere') || p === '/places/' ? 0 : 800);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      for (const v of violations) {
        found.push(`${colorScheme} ${p}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
    await context.close();
  }
  assert.deepEqual(found, []);
});

// freePort is a loopback port nothing listens on just now.
async function freePort() {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test('the export of the atlas works on a plain static host', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'partnermap-atlas-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const site = join(tmp, 'site');
  execFileSync(binary, ['export', site, '--data', atlas, '--base-url', origin]);
  const host = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', site, String(port)], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 200; i++) {
      try {
        await fetch(origin + '/robots.txt');
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    const { page, done } = await open(origin, '/places/palermo');
    assert.equal(path(page), '/places/palermo/');
    await page.waitForSelector('.place-marker, .marker-cluster');
    await page.click('#networks a[data-network="courtyards"]');
    await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
    await page.reload();
    assert.equal(path(page), '/networks/courtyards/');
    await page.waitForSelector('.marker');
    assert.equal(await page.locator('.marker').count(), 4);
    await done();
  } finally {
    host.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
});
