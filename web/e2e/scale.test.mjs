// Networks of every size in a real Chromium. The markers come from the
// city list, never from the GeoJSON; the default network keeps every
// marker and line on the map and loads nothing for large networks. A
// generated network of 300 cities clusters its markers, narrows the list
// and the map from the search field, lets the keyboard reach a city inside
// a cluster, and passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, watch, generatedNetwork, axeFind, linesDrawn } from './harness.mjs';

const size = 300;

let small;
let large;
let browser;
let dir;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partnermap-scale-'));
  const file = join(dir, 'scale.toml');
  await writeFile(file, generatedNetwork(size));
  [small, large] = await Promise.all([startServer(), startServer(['--data', file])]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await small?.stop();
  await large?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(site, path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(site.url + path);
  return {
    page,
    seen,
    async done() {
      assert.deepEqual(seen.requests.filter((u) => new URL(u).pathname === '/api/network.geojson'), [], 'the map does not fetch the GeoJSON');
      assert.deepEqual(seen.errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const shownItems = (page) => page.locator('#cities li:visible');
const path = (page) => new URL(page.url()).pathname;

// zoomScale is the width on screen of the widest country outline, which
// grows as the map zooms in.
const zoomScale = (page) => page.evaluate(() => Math.max(...[...document.querySelectorAll('#map path.map-country')].map((p) => p.getBoundingClientRect().width)));

test('the default network: a marker per city from the list, every line, nothing for large networks', async () => {
  const { page, seen, done } = await open(small, '/');
  await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
  const fromList = await page.locator('#cities a[data-slug]').evaluateAll((as) => as.map((a) => [a.dataset.slug, a.dataset.lat, a.dataset.lon]));
  const onMap = await page.locator('.marker').evaluateAll((ms) => ms.map((m) => m.dataset.slug));
  assert.deepEqual(onMap, fromList.map(([slug]) => slug), 'one marker per city, in list order');
  assert.deepEqual(fromList[0], ['berlin', '52.52', '13.405']);
  assert.equal(await page.evaluate(linesDrawn), 10);
  assert.equal(await page.locator('.marker-cluster').count(), 0);
  assert.equal(await page.locator('#cities-filter').count(), 0, 'eleven cities need no search field');
  const config = JSON.parse(await page.locator('#map-config').textContent());
  assert.equal(config.cluster, undefined);
  assert.equal(config.list, undefined);
  assert.deepEqual(seen.requests.filter((u) => /markercluster|MarkerCluster/.test(u)), [], 'the clustering script is not loaded');
  await done();
  // The open data stays where it was.
  const response = await fetch(small.url + '/api/network.geojson');
  assert.equal(response.status, 200);
  assert.equal((await response.json()).features.filter((f) => f.geometry.type === 'Point').length, 11);
});

test('a network of 300 cities clusters its markers; a click on a cluster zooms in', async () => {
  const { page, seen, done } = await open(large, '/', { reducedMotion: 'reduce' });
  await page.waitForSelector('.marker-cluster');
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
  assert.equal(await page.locator('#cities a[data-slug]').count(), size);
  assert.ok(seen.requests.some((u) => /\/static\/leaflet\.markercluster\.[0-9a-f]+\.js$/.test(u)), 'the clustering script is loaded');
  assert.ok(seen.requests.some((u) => /\/static\/MarkerCluster\.[0-9a-f]+\.css$/.test(u)), 'and its stylesheet');
  const clusters = await page.locator('.marker-cluster').count();
  const singles = await page.locator('.marker').count();
  assert.ok(clusters > 0 && singles < size, `${clusters} clusters and ${singles} single markers`);
  const counts = await page.locator('.marker-cluster').evaluateAll((cs) => cs.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label'), c.textContent]));
  for (const [role, label, text] of counts) {
    assert.equal(role, 'button');
    assert.equal(label, `${text} cities`);
  }
  // Each is as large as the stylesheet says a cluster of its kind is.
  const sizes = await page.locator('.marker-cluster').evaluateAll((cs) => cs.map((c) => {
    const kind = c.className.match(/marker-cluster--(\w+)/)[1];
    return [kind, c.style.width, getComputedStyle(document.documentElement).getPropertyValue(`--marker-cluster-${kind}`).trim()];
  }));
  for (const [kind, width, property] of sizes) {
    assert.match(property, /^\d+px$/, `--marker-cluster-${kind}`);
    assert.equal(width, property, kind);
  }
  const held = counts.reduce((sum, [, , text]) => sum + Number(text), 0);
  assert.equal(held + singles, size, 'every city is in a cluster or on its own');
  // The overview draws no lines: hundreds would hide the map.
  assert.equal(await page.locator('#map path.map-link').count(), 0);
  // The clusters are drawn in the site's colours, not the library's.
  const colours = await page.evaluate(() => {
    const c = getComputedStyle(document.querySelector('.marker-cluster'));
    const partner = getComputedStyle(document.querySelector('.marker-shape--partner'));
    return { cluster: c.backgroundColor, partner: partner.backgroundColor };
  });
  assert.equal(colours.cluster, colours.partner);

  const before = await zoomScale(page);
  const box = await page.locator('.marker-cluster').first().boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction((b) => Math.max(...[...document.querySelectorAll('#map path.map-country')].map((p) => p.getBoundingClientRect().width)) > b * 1.5, before);
  assert.ok((await zoomScale(page)) > before * 1.5, 'the map zoomed in');
  await done();
});

test('the search field narrows the list and the map, and says how many cities match', async () => {
  const { page, done } = await open(large, '/', { reducedMotion: 'reduce' });
  await page.waitForSelector('.marker-cluster');
  const search = page.getByLabel('Find a city or country');
  assert.ok(await search.isVisible(), 'the script shows the field');
  assert.equal(await search.getAttribute('type'), 'search');
  const status = page.locator('#cities-filter-status');
  assert.equal(await status.getAttribute('role'), 'status');

  // Neither case nor accents matter; the local name counts too.
  await search.pressSequentially('MALMO');
  await status.filter({ hasText: '1 city of 300 matches' }).waitFor();
  assert.deepEqual(await shownItems(page).locator('.cities__name').allTextContents(), ['Malmö Hamnen']);
  await page.waitForFunction(() => document.querySelectorAll('.marker-cluster').length === 0);
  assert.deepEqual(await page.locator('.marker').evaluateAll((ms) => ms.map((m) => m.dataset.slug)), ['city-42']);

  await search.fill('');
  await search.pressSequentially('xixon');
  await status.filter({ hasText: '1 city of 300 matches' }).waitFor();
  assert.deepEqual(await shownItems(page).locator('.cities__name').allTextContents(), ['Gijón Norte']);

  // A country's name finds its cities, on the list and on the map.
  await search.fill('');
  await search.pressSequentially('portugal');
  const portuguese = await page.locator('#cities a[data-slug]').evaluateAll((as) => as.filter((a) => a.querySelector('.cities__country').textContent === 'Portugal').length);
  assert.ok(portuguese >= 3, `${portuguese} cities in Portugal`);
  await status.filter({ hasText: `${portuguese} cities of 300 match` }).waitFor();
  assert.equal(await shownItems(page).count(), portuguese);
  await page.waitForFunction((n) => {
    const singles = document.querySelectorAll('.marker').length;
    const held = [...document.querySelectorAll('.marker-cluster')].reduce((sum, c) => sum + Number(c.textContent), 0);
    return singles + held === n;
  }, portuguese);

  // Escape in the field empties it, and leaves the open city alone.
  await search.fill('');
  await search.pressSequentially('malmö');
  await page.locator('#cities a[data-slug="city-42"]').click();
  await page.locator('#details h1').filter({ hasText: 'Malmö Hamnen' }).waitFor();
  assert.equal(path(page), '/cities/city-42/');
  await search.focus();
  await page.keyboard.press('Escape');
  assert.equal(await search.inputValue(), '');
  await status.filter({ hasText: '300 cities of 300 match' }).waitFor();
  assert.equal(await shownItems(page).count(), size);
  await page.waitForTimeout(300);
  assert.equal(path(page), '/cities/city-42/', 'the city stays open');
  // Once the field is empty, Escape closes the city as everywhere else.
  await page.keyboard.press('Escape');
  await page.locator('#details h1').filter({ hasText: 'Scale' }).waitFor();
  assert.equal(path(page), '/');
  await done();
});

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { slug: el.dataset.slug || null, marker: el.classList.contains('marker'), cluster: el.classList.contains('marker-cluster'), label: el.getAttribute('aria-label'), tabIndex: el.tabIndex };
});

test('the keyboard reaches cities inside clusters', async () => {
  const { page, done } = await open(large, '/');
  await page.waitForSelector('.marker-cluster');
  assert.equal(await page.locator('.marker[data-slug="city-1"]').count(), 0, 'the second city starts inside a cluster');
  assert.equal(await page.locator('#map .marker[tabindex="0"], #map .marker-cluster[tabindex="0"]').count(), 1, 'the map has one Tab stop');

  // Tab reaches the cluster that holds the first city, named by its size.
  let place;
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    place = await focused(page);
    if (place.marker || place.cluster) break;
  }
  assert.ok(place.cluster, JSON.stringify(place));
  assert.match(place.label, /^\d+ cities$/);

  // Enter opens the cluster onto its city.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.dataset.slug === 'city-0', null, { timeout: 10000 });
  assert.equal((await focused(page)).marker, true);

  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement.dataset.slug === 'city-1', null, { timeout: 10000 });
  assert.equal((await focused(page)).tabIndex, 0, 'the focused marker is the Tab stop');

  // End goes to the last city, far away in a tight group of three.
  await page.keyboard.press('End');
  await page.waitForFunction((s) => document.activeElement.dataset.slug === s, `city-${size - 1}`, { timeout: 10000 });
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((s) => document.activeElement.dataset.slug === s, `city-${size - 2}`, { timeout: 10000 });
  const marker = page.locator(`.marker[data-slug="city-${size - 2}"]`);
  assert.equal(await marker.getAttribute('aria-label'), 'Lisboa Belém, Portugal');

  // Enter opens it, Escape comes back to its marker; only its line is drawn.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.id === 'panel-heading');
  assert.equal(path(page), `/cities/city-${size - 2}/`);
  assert.equal(await page.evaluate(linesDrawn), 1, 'the line from the coordinator to the chosen city');
  await page.keyboard.press('Escape');
  await page.waitForFunction((s) => document.activeElement.dataset.slug === s, `city-${size - 2}`);
  assert.equal((await focused(page)).marker, true, 'focus is back on the marker');
  assert.equal(path(page), '/');
  await done();
});

test('a city page of the large network shows its city out of its cluster', async () => {
  const { page, seen, done } = await open(large, '/cities/city-1/', { reducedMotion: 'reduce' });
  await page.waitForSelector('.marker.is-selected');
  assert.equal(await page.locator('.marker.is-selected').getAttribute('data-slug'), 'city-1');
  assert.equal(await page.locator('#cities a[data-slug]').count(), size);
  assert.equal(await page.locator('#cities a[aria-current="page"]').getAttribute('data-slug'), 'city-1');
  await page.waitForFunction(linesDrawn, 1);
  const config = JSON.parse(await page.locator('#map-config').textContent());
  if (config.list) {
    // The page left the list out: the script fetched it.
    assert.ok(seen.requests.some((u) => new URL(u).pathname + new URL(u).search === config.list), `${config.list} was fetched`);
    assert.equal(await page.locator('#cities .cities__all').count(), 0, 'the list took the place of the link to it');
  } else {
    console.log('this city page carries its list: nothing to fetch');
  }
  await done();
});

test('axe finds no WCAG 2.2 AA violations on the large network, in the light and the dark scheme', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const found = [];
  for (const path of ['/', '/cities/city-42/', '/embed/']) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(large.url + path);
    await page.waitForSelector('.marker-cluster, .marker.is-selected');
    await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
    if (path === '/') {
      await page.getByLabel('Find a city or country').pressSequentially('city 1');
      await page.locator('#cities-filter-status').filter({ hasText: 'of 300 match' }).waitFor();
    }
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      found.push(...await axeFind(page, `${path}, ${colorScheme}`));
    }
  }
  assert.deepEqual(found, []);
  await context.close();
});
