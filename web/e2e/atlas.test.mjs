// An atlas in a real Chromium: the test atlas (CoNet and two networks that
// share Palermo and Berlin with it) served from its folder. Places are
// marked by their number of networks, a network chosen from the list is
// drawn as on its own map and its panel swapped in, under an address that
// shows the same when reloaded, a place opens across its networks and its
// page shows it, the filter narrows the list, back and forward move
// between them, every page is complete without JavaScript, axe finds
// nothing, the export of the folder works on a plain static host, and a
// crawl of the site, live and exported, finds no link that fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveAndLaunch, closeAll, watch, smallFrame, crawl, axeFind, freePort, runHost, linesDrawn } from './harness.mjs';

const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const atlas = fileURLToPath(new URL('../../data/testdata/atlas', import.meta.url));

let server;
let browser;
let exported; // the export on a static host, made once for the tests that need it
before(async () => ({ server, browser } = await serveAndLaunch(['--data', atlas])));
after(async () => {
  await closeAll(browser, server);
  if (exported) {
    await (await exported).stop();
  }
});

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
const address = (page) => new URL(page.url()).pathname + new URL(page.url()).search;
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
  assert.equal(address(page), '/?network=harbours');
  // Lines from Palermo, its coordinator's city, to its three other cities.
  await page.waitForFunction(linesDrawn, 3);
  await page.waitForFunction(() => document.getElementById('map-status').textContent !== '');
  assert.equal(await status(page).textContent(), 'Showing the network Harbour Cities');

  // The network's Palermo opens the place.
  await page.click('#map .marker--coordinator');
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/places/palermo/');
  assert.equal(await page.locator('#details .visit').count(), 3);
  assert.ok(await palermo.evaluate((m) => m.classList.contains('is-selected')));
  assert.equal(await page.locator('#map path.map-link').count(), 0, 'a place draws no network');

  await page.goBack();
  await heading(page).filter({ hasText: 'Harbour Cities' }).waitFor();
  assert.equal(address(page), '/?network=harbours');
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
  assert.equal(address(page), '/?network=courtyards');
  await page.click('#networks a[data-network="conet"]');
  await page.waitForFunction(linesDrawn, 10);
  await done();
});

test('an address with a fragment keeps what the atlas shows, and back returns to it', async () => {
  const { page, done } = await open(server.url, '/places/palermo/');
  await page.waitForSelector('.place-marker, .marker-cluster');
  await page.evaluate(() => { window.sameDocument = true; });
  // The skip link's address, as a visitor who follows it makes it.
  await page.evaluate(() => { location.hash = 'networks'; });
  await page.waitForFunction(() => location.hash === '#networks');
  await page.click('#networks a[data-network="harbours"]');
  await heading(page).filter({ hasText: 'Harbour Cities' }).waitFor();

  await page.goBack();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, '/places/palermo/#networks');
  await page.goBack();
  assert.equal(new URL(page.url()).hash, '');
  assert.match(await heading(page).innerText(), /Palermo/);
  await page.goForward();
  await page.goForward();
  await heading(page).filter({ hasText: 'Harbour Cities' }).waitFor();
  // Straight back to the page's own entry.
  await page.evaluate(() => history.go(-2));
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/places/palermo/');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page was loaded');
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

test('a place\'s page shows its place marked and in view; a network\'s site leads back to the atlas', async () => {
  let { page, done } = await open(server.url, '/places/gijon/');
  assert.match(await heading(page).innerText(), /Gijón/);
  await placeInView(page, 'Gijón');
  await done();
  ({ page, done } = await open(server.url, '/networks/harbours/cities/valencia/'));
  assert.match(await heading(page).innerText(), /Valencia/);
  await page.waitForSelector('.marker.is-selected');
  assert.equal(await page.locator('.marker').count(), 4, 'the network\'s own map, its four cities');
  await page.click('#details .panel__place a');
  assert.equal(path(page), '/places/valencia/');
  await page.goBack();
  await page.click('.site-header__atlas a');
  assert.equal(path(page), '/');
  await done();
});

// placeInView waits until the place named is marked by itself, selected,
// in no cluster, and within the map's box: in its middle half where the
// map opened on it (centred).
async function placeInView(page, name, centred = true) {
  const marker = page.locator(`.place-marker.is-selected[aria-label^="${name},"]`);
  await marker.waitFor();
  const box = await page.locator('#map').boundingBox();
  const at = await marker.boundingBox();
  const middle = { x: at.x + at.width / 2, y: at.y + at.height / 2 };
  const margin = centred ? 4 : 20;
  assert.ok(middle.x > box.x + box.width / margin && middle.x < box.x + box.width * (1 - 1 / margin) &&
    middle.y > box.y + box.height / margin && middle.y < box.y + box.height * (1 - 1 / margin), `${JSON.stringify(middle)} in ${JSON.stringify(box)}`);
  assert.equal(await page.locator('.place-marker.is-selected').count(), 1);
}

test('a network chosen is drawn as on its own map, and the same comes back when reloaded', async () => {
  const { page, done } = await open(server.url, '/');
  await page.waitForSelector('.place-marker, .marker-cluster');
  await page.click('#networks a[data-network="conet"]');
  await heading(page).filter({ hasText: 'CoNet' }).waitFor();
  const drawn = async () => {
    await page.waitForFunction(linesDrawn, 10);
    return {
      address: address(page),
      heading: (await heading(page).innerText()).split('\n')[0],
      coordinator: await page.locator('#map .marker--coordinator').getAttribute('aria-label'),
      partners: await page.locator('#map .marker--partner').count(),
      places: await page.locator('#map .place-marker, #map .marker-cluster').count(),
      legend: await page.locator('.legend:visible').innerText(),
      listed: await page.locator('#details .network-cities a[data-place]').count(),
      current: await page.locator('#networks a[aria-current]').getAttribute('data-network'),
      title: await page.title(),
    };
  };
  const chosen = await drawn();
  assert.deepEqual(chosen, {
    address: '/?network=conet',
    heading: 'CoNet',
    coordinator: 'Berlin, Germany, coordinator',
    partners: 10,
    places: 0,
    legend: 'Coordinator city\nPartner city\nLink to the lead partner',
    listed: 11,
    current: 'conet',
    title: 'CoNet – Test atlas',
  });
  await page.reload();
  assert.deepEqual(await drawn(), chosen, 'the same view, rendered on the server');
  // Back to the overview: the places again, with their legend.
  await page.click('#details a[data-home]');
  await heading(page).filter({ hasText: 'Test atlas' }).waitFor();
  await page.waitForSelector('#map .place-marker, #map .marker-cluster');
  assert.equal(await page.locator('#map .marker--partner, #map path.map-link').count(), 0);
  const legend = await page.locator('.legend:visible').innerText();
  assert.ok(legend.includes('A place, with the number of networks it took part in') && legend.includes('Places close together') && !legend.includes('Coordinator'), legend);
  // A place chosen from a network's list of cities is marked and in view.
  await page.click('#networks a[data-network="harbours"]');
  await page.click('#details .network-cities a[data-place="valencia"]');
  await heading(page).filter({ hasText: 'Valencia' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('#map .marker--partner'));
  await page.waitForTimeout(600); // the map glides to it, if need be
  await placeInView(page, 'Valencia', false);
  await page.reload();
  await placeInView(page, 'Valencia');
  await done();
});

// At 300 by 200 pixels, as oEmbed gives it for maxwidth=300 and
// maxheight=200, a place's embed shows the map alone, on the place, out
// of any cluster, and its name, a link to its page.
test('a place\'s embed of 300 by 200 shows the place, its name and a link to its page, and nothing else', async () => {
  const oembed = await (await fetch(`${server.url}/oembed?url=${encodeURIComponent(server.url + '/places/gijon/')}&maxwidth=300&maxheight=200`)).json();
  assert.match(oembed.html, new RegExp(`src="${server.url}/embed/places/gijon/" .*width="300" height="200"`));
  const { page, done } = await open(server.url, '/embed/places/gijon/', { viewport: { width: 300, height: 200 } });
  const shows = await smallFrame(page, '.place-marker.is-selected');
  assert.deepEqual(shows.map, [300, 200], 'the map fills the frame');
  assert.equal(shows.scrolls, false);
  assert.deepEqual(shows.texts.filter((t) => !/^\d+$/.test(t)), ['Gijón'], 'the name, and the numbers of the marks');
  assert.deepEqual(shows.links, [{ text: 'Gijón', href: '/places/gijon/', target: '_blank' }]);
  assert.ok(Math.abs(shows.mark[0]) <= 2 && Math.abs(shows.mark[1]) <= 2, `the place is ${shows.mark} from the middle`);
  assert.deepEqual(await axeFind(page, '300 by 200'), []);
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  for (const p of ['/', '/places/palermo/', '/?network=harbours', '/places/', '/embed/places/palermo/', '/embed-builder/', '/it/', '/nowhere/']) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url + p);
    await page.waitForTimeout(p.includes('nowhere') || p === '/places/' || p.includes('builder') ? 0 : 800);
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      found.push(...await axeFind(page, `${colorScheme} ${p}`));
    }
  }
  await context.close();
  assert.deepEqual(found, []);
});


// exportOnce exports the atlas and serves the export with Python's
// http.server, which knows nothing but files: once, for the tests that
// need it.
function exportOnce() {
  exported ||= (async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'partnermap-atlas-'));
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const site = join(tmp, 'site');
    execFileSync(binary, ['export', site, '--data', atlas, '--base-url', origin]);
    const host = await runHost('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', site, String(port)], `${origin}/robots.txt`);
    return {
      origin,
      async stop() {
        await host.stop();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  })();
  return exported;
}

test('the export of the atlas works on a plain static host', async () => {
  const { origin } = await exportOnce();
  const { page, done } = await open(origin, '/places/palermo');
  assert.equal(path(page), '/places/palermo/');
  await page.waitForSelector('.place-marker, .marker-cluster');
  await page.click('#networks a[data-network="courtyards"]');
  await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
  assert.equal(address(page), '/?network=courtyards');
  // The host serves the home for it, where the script chooses the network.
  await page.reload();
  await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
  await page.waitForFunction(linesDrawn, 3);
  assert.equal(await page.locator('#map .marker--coordinator, #map .marker--partner').count(), 4);
  await page.goto(origin + '/networks/courtyards/');
  await page.waitForSelector('.marker');
  assert.equal(await page.locator('.marker').count(), 4);
  await done();
});

// Every page of the atlas, its networks' included, in English and in
// Italian, live and exported: every address they write answers, once
// each. The other languages' pages are the same pages, asked for once.
test('no link fails, live or exported, in two languages', async () => {
  const { origin } = await exportOnce();
  for (const [what, at] of [['live', server.url], ['exported', origin]]) {
    const began = Date.now();
    const { pages, fetched, problems } = await crawl(at, '', ['/', '/it/']);
    console.log(`${what}: crawled ${pages} pages, fetched ${fetched} addresses in ${Date.now() - began} ms`);
    assert.deepEqual(problems, [], what);
    assert.ok(pages > 150, `${what}: only ${pages} pages`);
  }
});
