// The map in a real Chromium: markers, clicks, addresses, history, and the
// page without JavaScript. Every test also checks that nothing was fetched
// from another origin and that the console stayed free of errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveAndLaunch, closeAll, startServer, watch, linesDrawn, shows } from './harness.mjs';

let server;
let browser;
before(async () => ({ server, browser } = await serveAndLaunch()));
after(() => closeAll(browser, server));

// open gives a fresh page; done checks what every test must hold.
async function open(path, options = {}, { site = server.url, allowed = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(site + path);
  return {
    page,
    async done() {
      const origins = [new URL(site).origin, ...allowed];
      const foreign = seen.requests.filter((u) => !origins.includes(new URL(u).origin));
      assert.deepEqual(foreign, [], 'every request goes to the server itself');
      assert.deepEqual(seen.errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const path = (page) => new URL(page.url()).pathname;
const heading = (page) => page.locator('#details h1');

test('the network page shows one marker per city, the coordinator apart', async () => {
  const { page, done } = await open('/');
  const cityLinks = await page.locator('#cities a[data-slug]').count();
  assert.equal(cityLinks, 11);
  await page.waitForFunction((n) => document.querySelectorAll('.marker').length === n, cityLinks);

  const coordinators = page.locator('.marker.marker--coordinator');
  assert.equal(await coordinators.count(), 1);
  assert.equal(await coordinators.getAttribute('aria-label'), 'Berlin, Germany, coordinator');
  assert.equal(await page.locator('.marker[data-slug="palermo"]').getAttribute('aria-label'), 'Palermo, Italy');
  assert.equal(await page.locator('.marker[data-slug="malmo"]').getAttribute('title'), 'Malmö, Sweden');

  // Ten lead-partner links, and country outlines under them: a subpath
  // each, in the path of the partners' countries or of the others.
  await page.waitForFunction(() => [...document.querySelectorAll('#map path.map-country')].reduce((n, p) => n + p.getAttribute('d').split('M').length - 1, 0) > 10);
  assert.equal(await page.locator('#map .leaflet-basemap-pane path.map-country').count(), 2, 'the basemap is two paths, partners\' countries and the others');
  assert.equal(await page.locator('#map path.map-link').count(), 1, 'the lead-partner links are one path');
  assert.equal(await page.evaluate(linesDrawn), 10);

  // The view fits every city.
  const outside = await page.evaluate(() => {
    const box = document.getElementById('map').getBoundingClientRect();
    return [...document.querySelectorAll('.marker')]
      .filter((m) => {
        const r = m.getBoundingClientRect();
        return r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom;
      })
      .map((m) => m.dataset.slug);
  });
  assert.deepEqual(outside, []);

  if (process.env.SCREENSHOT) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: process.env.SCREENSHOT });
  }
  await done();
});

// inTinted tells whether the centre of a city's marker lies on a partner
// country of the basemap, read from the drawing itself: the drawing of
// the view, or the tiles drawn once zoomed in.
const inTinted = (page, slug) => page.evaluate((slug) => {
  const r = document.querySelector(`.marker[data-slug="${slug}"]`).getBoundingClientRect();
  const at = new DOMPoint(r.left + r.width / 2, r.top + r.height / 2);
  return [...document.querySelectorAll('#map path.map-country--tinted')].some((p) => p.isPointInFill(at.matrixTransform(p.getScreenCTM().inverse())));
}, slug);

test('the basemap lies under the cities at every zoom, down to the deepest the map allows', async () => {
  const { page, done } = await open('/', { reducedMotion: 'reduce' });
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-country--tinted').length > 0);
  await page.locator('.marker[data-slug="berlin"]').waitFor();
  assert.ok(await inTinted(page, 'berlin'), 'Berlin on Germany at the first zoom');
  assert.ok(await inTinted(page, 'sofia'), 'Sofia on Bulgaria at the first zoom');

  // The wheel zooms in about the pointer, held over Berlin, until the
  // control says the map goes no deeper.
  const box = await page.locator('.marker[data-slug="berlin"]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const zoomIn = page.locator('.leaflet-control-zoom-in');
  for (let i = 0; i < 40 && !(await zoomIn.getAttribute('class')).includes('leaflet-disabled'); i++) {
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(150);
  }
  assert.match(await zoomIn.getAttribute('class'), /leaflet-disabled/, 'the map has a deepest zoom');
  // There, tiles draw the basemap, each laid out at its size (2^24 pixels
  // wide for the world at zoom 18), and the drawing of the view is gone.
  await page.waitForFunction(() => document.querySelectorAll('#map .leaflet-tile-loaded path.map-country--tinted').length > 0);
  await page.waitForLoadState('networkidle');
  const drawn = await page.evaluate(() => ({
    overview: document.querySelectorAll('#map .leaflet-basemap-pane > svg').length,
    tile: document.querySelector('#map .leaflet-tile-loaded').getBoundingClientRect().width,
  }));
  assert.equal(drawn.overview, 0, 'the drawing of the view gave way to the tiles');
  assert.equal(drawn.tile, 2 ** 20, 'a tile of the deepest level (the world in 64 columns) is 2^20 pixels wide at zoom 18');
  assert.ok(await inTinted(page, 'berlin'), 'Berlin on Germany at the deepest zoom');
  await done();
});

test('markers take their sizes from the stylesheet', async () => {
  const sizes = (page) => page.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    const size = (slug) => document.querySelector(`.marker[data-slug="${slug}"]`).style.width;
    return {
      partner: [size('palermo'), root.getPropertyValue('--marker-partner').trim()],
      coordinator: [size('berlin'), root.getPropertyValue('--marker-coordinator').trim()],
    };
  });
  const { page, done } = await open('/');
  await page.waitForSelector('.marker[data-slug="berlin"]');
  const given = await sizes(page);
  for (const [kind, [marker, property]] of Object.entries(given)) {
    assert.match(property, /^\d+px$/, `--marker-${kind}`);
    assert.equal(marker, property, kind);
  }
  await done();

  // A stylesheet that sizes them otherwise: the map follows it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route(/\/static\/site\.[0-9a-f]+\.css$/, async (route) => {
    const css = await (await route.fetch()).text();
    await route.fulfill({ status: 200, contentType: 'text/css', body: css + ':root{--marker-partner:30px;--marker-coordinator:34px}' });
  });
  const restyled = await context.newPage();
  await restyled.goto(server.url + '/');
  await restyled.waitForSelector('.marker[data-slug="berlin"]');
  assert.deepEqual(await sizes(restyled), { partner: ['30px', '30px'], coordinator: ['34px', '34px'] });
  await context.close();
});

test('clicking markers opens cities in place; back and forward move between them', async () => {
  const { page, done } = await open('/');
  await page.waitForSelector('.marker[data-slug="berlin"]');
  await page.evaluate(() => { window.sameDocument = true; });

  await page.click('.marker[data-slug="berlin"]');
  await heading(page).filter({ hasText: 'Berlin' }).waitFor();
  assert.equal(path(page), '/cities/berlin/');
  assert.match(await page.title(), /^Berlin/);
  await shows(page, '#details .partner');
  const berlinPartners = await page.locator('#details .partner').allInnerTexts();
  assert.equal(berlinPartners.length, 1);
  assert.match(berlinPartners[0], /City of Berlin/);
  assert.match(berlinPartners[0], /Coordinator/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'panel-heading', 'focus moves to the details');
  assert.equal(await page.locator('#cities a[aria-current="page"]').getAttribute('data-slug'), 'berlin');
  assert.ok(await page.locator('.marker[data-slug="berlin"]').evaluate((m) => m.classList.contains('is-selected')));

  await page.click('.marker[data-slug="palermo"]');
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/cities/palermo/');
  await shows(page, '#details .partner__name');
  const palermoPartners = await page.locator('#details .partner__name').allInnerTexts();
  assert.deepEqual(palermoPartners, ['City of Palermo', 'CESIE']);

  await page.goBack();
  await heading(page).filter({ hasText: 'Berlin' }).waitFor();
  assert.equal(path(page), '/cities/berlin/');
  await page.goBack();
  await heading(page).filter({ hasText: 'CoNet' }).waitFor();
  assert.equal(path(page), '/');
  assert.equal(await page.locator('#cities a[aria-current]').count(), 0);
  await page.goForward();
  await heading(page).filter({ hasText: 'Berlin' }).waitFor();
  assert.equal(path(page), '/cities/berlin/');
  await page.goForward();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/cities/palermo/');
  // Straight back to the page's own entry, over Berlin's.
  await page.evaluate(() => history.go(-2));
  await heading(page).filter({ hasText: 'CoNet' }).waitFor();
  assert.equal(path(page), '/');

  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page was loaded');
  await done();
});

test('an address with a fragment is an entry of the history that keeps its city', async () => {
  const { page, done } = await open('/');
  await page.waitForSelector('.marker[data-slug="berlin"]');
  await page.evaluate(() => { window.sameDocument = true; });
  await page.click('.marker[data-slug="berlin"]');
  await heading(page).filter({ hasText: 'Berlin' }).waitFor();
  // The skip link's address, as a visitor who follows it makes it.
  await page.evaluate(() => { location.hash = 'cities'; });
  await page.waitForFunction(() => location.hash === '#cities');
  await page.click('#cities a[data-slug="palermo"]');
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();

  await page.goBack();
  await heading(page).filter({ hasText: 'Berlin' }).waitFor();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, '/cities/berlin/#cities');
  assert.ok(await page.locator('.marker[data-slug="berlin"]').evaluate((m) => m.classList.contains('is-selected')));
  await page.goBack();
  assert.equal(new URL(page.url()).hash, '');
  assert.match(await heading(page).innerText(), /Berlin/);
  await page.goBack();
  await heading(page).filter({ hasText: 'CoNet' }).waitFor();
  await page.goForward();
  await page.goForward();
  await page.goForward();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/cities/palermo/');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page was loaded');
  await done();
});

test('the city list opens cities in place too', async () => {
  const { page, done } = await open('/');
  await page.waitForSelector('.marker');
  await page.evaluate(() => { window.sameDocument = true; });
  await page.click('#cities a[data-slug="sofia"]');
  await heading(page).filter({ hasText: 'Sofia' }).waitFor();
  assert.equal(path(page), '/cities/sofia/');
  await shows(page, '#details', 'Fakulteta');
  assert.match(await page.locator('#details').innerText(), /Fakulteta/);
  assert.ok(await page.locator('.marker[data-slug="sofia"]').evaluate((m) => m.classList.contains('is-selected')));

  await page.click('#details a[data-home]');
  await heading(page).filter({ hasText: 'CoNet' }).waitFor();
  assert.equal(path(page), '/');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no page was loaded');
  await done();
});

test('a city address opens that city', async () => {
  const { page, done } = await open('/cities/gijon/');
  assert.match(await heading(page).innerText(), /Gijón/);
  assert.match(await page.title(), /^Gijón/);
  await page.waitForSelector('.marker.is-selected');
  assert.equal(await page.locator('.marker.is-selected').getAttribute('data-slug'), 'gijon');
  assert.equal(await page.locator('#cities a[aria-current="page"]').getAttribute('data-slug'), 'gijon');
  await done();
});

test('the details panel offers the data for download, with sizes', async () => {
  const { page, done } = await open('/');
  const heading = page.locator('#details h2', { hasText: 'Download the data' });
  assert.equal(await heading.count(), 1);
  const links = page.locator('#details h2:has-text("Download the data") + ul a[download]');
  assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ['/api/network.geojson', '/api/cities.geojson', '/api/links.geojson', '/api/network.csv', '/api/network.xlsx', '/api/network.kml']);

  const csv = page.locator('#details a[href="/api/network.csv"]');
  const res = await page.request.get(await csv.evaluate((a) => a.href));
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'text/csv; charset=utf-8; header=present');
  assert.equal(res.headers()['content-disposition'], 'attachment; filename="conet.csv"');
  const body = await res.body();
  const rows = body.toString('utf8').split('\r\n');
  assert.ok(rows[0].startsWith('network,partner,kind,role,city,'), rows[0]);
  assert.equal(rows.filter((r) => r !== '').length, 1 + 12);
  assert.equal(await csv.textContent(), `CSV, ${(body.length / 1024).toFixed(1)} KB`);

  // Clicking saves the file under the network's name.
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  assert.equal(download.suggestedFilename(), 'conet.csv');
  assert.equal(path(page), '/');

  // Beside the CSV, the workbook for Excel, which partnermap import reads
  // back: a zip archive, saved under the network's name.
  const xlsx = page.locator('#details a[href="/api/network.xlsx"]');
  const book = await page.request.get(await xlsx.evaluate((a) => a.href));
  assert.equal(book.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const bytes = await book.body();
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  assert.equal(await xlsx.textContent(), `Excel workbook, ${(bytes.length / 1024).toFixed(1)} KB`);
  const [saved] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
  assert.equal(saved.suggestedFilename(), 'conet.xlsx');
  await done();
});

test('without JavaScript every city is linked and a city page has its details', async () => {
  const { page, done } = await open('/', { javaScriptEnabled: false });
  const hrefs = await page.locator('#cities a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(hrefs.length, 11);
  for (const slug of ['berlin', 'palermo', 'malmo', 'gijon', 'vaulx-en-velin']) {
    assert.ok(hrefs.includes(`/cities/${slug}/`), slug);
  }
  // The map the server drew stands in for the live one: a dot per city,
  // each a link with the city's name.
  const picture = page.locator('svg.map-picture');
  assert.ok(await picture.isVisible());
  assert.match(await picture.locator('title').textContent(), /Map of the CoNet network/);
  const dots = await picture.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('aria-label')]));
  assert.equal(dots.length, 11);
  assert.deepEqual(dots[0], ['/cities/berlin/', 'Berlin, Germany, coordinator']);
  const box = await picture.boundingBox();
  assert.ok(box.width > 300 && box.height > 200, JSON.stringify(box));
  assert.equal(await page.locator('#map-keys').isVisible(), false, 'the keys are the live map\'s');

  await page.click('svg.map-picture a[href="/cities/palermo/"]');
  await page.waitForURL('**/cities/palermo/');
  assert.match(await heading(page).innerText(), /Palermo/);
  assert.ok(await page.locator('svg.map-picture .map-picture__label').isVisible());
  assert.equal(await page.locator('svg.map-picture .map-picture__label').textContent(), 'Palermo');
  await shows(page, '#details .partner__name');
  assert.deepEqual(await page.locator('#details .partner__name').allInnerTexts(), ['City of Palermo', 'CESIE']);
  await shows(page, '#details', 'Ballarò');
  assert.match(await page.locator('#details').innerText(), /Ballarò/);
  await done();
});

test('a tile layer can be switched on, and then only its origin is added', async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const tiles = [];
  const tileServer = createServer((req, res) => {
    tiles.push(req.url);
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(png);
  });
  tileServer.listen(0, '127.0.0.1');
  await once(tileServer, 'listening');
  const tileOrigin = `http://127.0.0.1:${tileServer.address().port}`;
  const tiled = await startServer(['--tile-url', `${tileOrigin}/{z}/{x}/{y}.png`, '--tile-attribution', 'Test tiles & friends']);
  try {
    const { page, done } = await open('/', {}, { site: tiled.url, allowed: [tileOrigin] });
    await page.waitForSelector('.leaflet-tile-loaded');
    assert.ok(tiles.length > 0, 'tiles were requested from the tile server');
    assert.ok(tiles.every((u) => /^\/\d+\/\d+\/\d+\.png$/.test(u)), tiles.join(' '));
    assert.match(await page.locator('.map-area__credits').innerText(), /Tiles: Test tiles & friends/);
    assert.ok(await page.locator('#map').evaluate((m) => m.classList.contains('has-tiles')));
    await done();
  } finally {
    await tiled.stop();
    tileServer.close();
  }
});

test('a tile template with {s} loads tiles from each subdomain, which the policy allows by a wildcard', async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const tiles = [];
  const tileServer = createServer((req, res) => {
    tiles.push(req.headers.host);
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(png);
  });
  // Chromium takes *.localhost for this machine, over IPv4 or IPv6.
  tileServer.listen(0);
  await once(tileServer, 'listening');
  const port = tileServer.address().port;
  const subdomains = ['a', 'b', 'c'].map((s) => `${s}.tiles.localhost:${port}`);
  const tiled = await startServer(['--tile-url', `http://{s}.tiles.localhost:${port}/{z}/{x}/{y}.png`, '--tile-attribution', 'Test tiles']);
  try {
    const csp = (await fetch(tiled.url + '/')).headers.get('content-security-policy');
    assert.match(csp, new RegExp(`img-src 'self' data: http://\\*\\.tiles\\.localhost:${port}; `));
    const { page, done } = await open('/', {}, { site: tiled.url, allowed: subdomains.map((h) => `http://${h}`) });
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-tile-loaded').length >= 4);
    assert.ok(tiles.every((h) => subdomains.includes(h)), tiles.join(' '));
    assert.ok(new Set(tiles).size > 1, `tiles came from ${[...new Set(tiles)]}, want several subdomains`);
    const broken = await page.locator('img.leaflet-tile').evaluateAll((imgs) => imgs.filter((i) => i.complete && i.naturalWidth === 0).length);
    assert.equal(broken, 0, 'no tile was refused');
    await done();
  } finally {
    await tiled.stop();
    tileServer.close();
  }
});

test('a city may have any slug the data file allows, "constructor" among them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'partnermap-slugs-'));
  const file = join(dir, 'slugs.toml');
  let toml = '[network]\nslug = "slugs"\nname = "Slugs"\nstart = 2020-01-01\nend = 2021-01-01\n';
  for (const [slug, name, lat, lon] of [['berlin', 'Berlin', 52.52, 13.405], ['constructor', 'Constructor', 48.137, 11.575], ['koln', 'Köln', 50.938, 6.96]]) {
    toml += `\n[[cities]]\nslug = "${slug}"\nname = "${name}"\ncountry = "DE"\nlat = ${lat}\nlon = ${lon}\n`;
  }
  for (const [slug, city, role] of [['p1', 'berlin', 'coordinator'], ['p2', 'constructor', 'partner'], ['p3', 'koln', 'partner']]) {
    toml += `\n[[partners]]\nslug = "${slug}"\nname = "Partner ${slug}"\nkind = "city"\nrole = "${role}"\ncity = "${city}"\n`;
  }
  await writeFile(file, toml);
  const slugs = await startServer(['--data', file]);
  try {
    const { page, done } = await open('/', {}, { site: slugs.url });
    await page.waitForFunction(() => document.querySelectorAll('.marker').length === 3);
    assert.equal(await page.evaluate(linesDrawn), 2);
    await page.click('.marker[data-slug="constructor"]');
    await heading(page).filter({ hasText: 'Constructor' }).waitFor();
    assert.equal(path(page), '/cities/constructor/');
    assert.ok(await page.locator('.marker[data-slug="constructor"]').evaluate((m) => m.classList.contains('is-selected')));
    await done();
  } finally {
    await slugs.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('where scripts run the drawn map is not laid out, unless Leaflet does not load', async () => {
  for (const leaflet of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (!leaflet) {
      await context.route('**/static/leaflet.*.js', (route) => route.abort());
    }
    // The deferred scripts, the map script's among them, have run when
    // the document is parsed.
    await context.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
      window.pictureWhenParsed = getComputedStyle(document.querySelector('.map-picture')).display;
    }));
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.readyState === 'complete');
    const picture = page.locator('svg.map-picture');
    if (leaflet) {
      assert.equal(await page.evaluate(() => window.pictureWhenParsed), 'none');
      await page.waitForSelector('.marker');
      assert.equal(await picture.isVisible(), false);
      assert.ok(await page.locator('#map-keys').isVisible());
    } else {
      assert.equal(await page.evaluate(() => window.pictureWhenParsed), 'block');
      assert.ok(await picture.isVisible(), 'the drawn map stands in for the live one');
      assert.equal(await picture.locator('a').count(), 11);
      assert.equal(await page.locator('#map-keys').isVisible(), false);
    }
    await context.close();
  }
});

test('the first frame already has the live map: the scripts hold it until the map is made', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Leaflet coming late leaves time for a frame of the page without it.
  await context.route('**/static/leaflet.*.js', async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.fulfill({ response });
  });
  // The deferred scripts have run, and the microtasks they queued, when
  // the document is parsed.
  await context.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    window.whenParsed = {
      paints: performance.getEntriesByType('paint').length,
      markers: document.querySelectorAll('#map .marker').length,
      at: performance.now(),
    };
  }));
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length === 1);
  const parsed = await page.evaluate(() => window.whenParsed);
  assert.equal(parsed.paints, 0, 'nothing is painted before the scripts have run');
  assert.equal(parsed.markers, 11, 'the map and its markers are made for the first frame');
  const firstPaint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime);
  assert.ok(firstPaint >= parsed.at, `the first paint (${firstPaint} ms) comes after the map was made (${parsed.at} ms)`);
  await context.close();
});

// markerLayers counts the compositing layers that Chromium gives the
// markers, from its layer tree: each layer is named by the element whose
// painting it starts with.
async function markerLayers(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  const changed = new Promise((resolve) => cdp.on('LayerTree.layerTreeDidChange', ({ layers }) => layers && resolve(layers)));
  await cdp.send('LayerTree.enable');
  // Scrolling makes the compositor send its tree again.
  await page.mouse.wheel(0, 1);
  let count = 0;
  for (const layer of await changed) {
    if (!layer.backendNodeId) continue;
    const { node } = await cdp.send('DOM.describeNode', { backendNodeId: layer.backendNodeId });
    const at = (node.attributes || []).indexOf('class');
    if (at >= 0 && node.attributes[at + 1].split(' ').includes('leaflet-marker-icon')) count++;
  }
  await cdp.detach();
  return count;
}

test('markers are placed with a flat transform, so that they do not each make a compositing layer', async () => {
  const { page, done } = await open('/', { reducedMotion: 'reduce' });
  await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
  const transforms = () => page.$$eval('.marker', (markers) => markers.map((m) => m.style.transform));
  const flat = (list) => list.every((t) => /^translate\(-?[\d.]+px, -?[\d.]+px\)$/.test(t));
  assert.ok(flat(await transforms()), (await transforms()).join(' '));
  // Leaflet's own translate3d gives each of the 11 markers a layer.
  const layers = await markerLayers(page);
  assert.ok(layers < 11, `${layers} layers for 11 markers`);
  // Zooming places them again, and Berlin stays on Berlin.
  const berlin = page.locator('.marker[data-slug="berlin"]');
  const before = await berlin.boundingBox();
  const placed = await berlin.evaluate((m) => m.style.transform);
  await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
  await page.mouse.wheel(0, -200);
  await page.waitForFunction((x) => document.querySelector('.marker[data-slug="berlin"]').style.transform !== x, placed);
  await page.waitForTimeout(300);
  assert.ok(flat(await transforms()), (await transforms()).join(' '));
  const after = await berlin.boundingBox();
  assert.ok(Math.abs(after.x - before.x) < 2 && Math.abs(after.y - before.y) < 2,
    `zoomed about Berlin, its marker stays under the pointer: ${JSON.stringify(before)} then ${JSON.stringify(after)}`);
  await done();
});

test('printing shows the drawn map instead of the live one', async () => {
  const { page, done } = await open('/cities/palermo/');
  await page.waitForSelector('.marker');
  assert.equal(await page.locator('svg.map-picture').isVisible(), false, 'the live map replaces the drawn one on screen');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('svg.map-picture').isVisible());
  assert.equal(await page.locator('#map').isVisible(), false);
  const box = await page.locator('svg.map-picture').boundingBox();
  assert.ok(box.width > 300 && box.height > 200, JSON.stringify(box));
  assert.ok(await page.locator('#details h1').isVisible());
  assert.ok(await page.locator('#cities').isVisible());
  await done();
});
