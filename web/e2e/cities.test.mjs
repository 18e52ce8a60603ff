// Adding cities in a real Chromium (serve --edit): an editor adds
// München, Torino and Den Haag to a network by typing them in City and
// choosing a suggestion, by mouse and by keyboard alone, moves a point on
// the map, and does the same without JavaScript by the forms alone; axe
// finds nothing on the page in either colour scheme, on a wide screen
// and a phone's; the first visit to the page stays within the editing
// pages' weight, the map coming only once a place is chosen; and the map
// draws the operator's raster tiles (--tile-url) as the public maps do,
// and opens on a network around the Pacific as they do, past 180°.
// Then the editor gives the three cities their partners, mending the row
// saved without its city, submits, an admin publishes, and the public
// map has the three cities where they were placed. The accounts are
// made with the real `partnermap users` command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, copyFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, openWatched, checkClean, signInAs, axeFind } from './harness.mjs';

const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const conet = fileURLToPath(new URL('../../data/conet.toml', import.meta.url));
const password = 'violet kettle under the bridge';
const budgetBytes = 60 * 1024;
const payload = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">';

// The three cities, as they are typed and as the fields take them.
const cities = [
  { typed: 'München', name: 'Munich', local: 'München', country: 'DE', lat: 48.14, lon: 11.58, slug: 'munich', countryName: 'Germany' },
  { typed: 'Torino', name: 'Turin', local: 'Torino', country: 'IT', lat: 45.07, lon: 7.69, slug: 'turin', countryName: 'Italy' },
  { typed: 'Den Haag', name: 'The Hague', local: 'Den Haag', country: 'NL', lat: 52.08, lon: 4.3, slug: 'the-hague', countryName: 'Netherlands' },
];

let dir;
let server;
let browser;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partnermap-cities-'));
  await mkdir(join(dir, 'data'));
  await copyFile(conet, join(dir, 'data', 'conet.toml'));
  const users = join(dir, 'users.toml');
  execFileSync(binary, ['users', 'add', '--users', users, 'anna', '--role', 'admin'], { input: password + '\n' });
  for (const name of ['ben', 'carla', 'dora', 'emil']) {
    execFileSync(binary, ['users', 'add', '--users', users, name, '--role', 'editor', '--networks', 'conet'], { input: password + '\n' });
  }
  server = await startServer(['--data', join(dir, 'data', 'conet.toml'), '--edit', '--users', users, '--state', join(dir, 'state')]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const open = (options) => openWatched(browser, options);

const clean = (seen) => checkClean(seen, server.url);

const signIn = (page, name) => signInAs(page, server.url, name, password);

const field = (page, label) => page.getByLabel(label, { exact: true });

// filled checks that the fields hold a city, its point within 0.05° of
// where it is.
async function filled(page, city) {
  assert.equal(await field(page, 'Name (required)').inputValue(), city.name);
  assert.equal(await field(page, 'Local name').inputValue(), city.local);
  assert.equal(await field(page, 'Country (required)').inputValue(), city.country);
  const lat = Number(await field(page, 'Latitude (required)').inputValue());
  const lon = Number(await field(page, 'Longitude (required)').inputValue());
  assert.ok(Math.abs(lat - city.lat) < 0.05 && Math.abs(lon - city.lon) < 0.05, `${city.name} at ${lat}, ${lon}`);
}

// typeCity types text into the field City, by the keyboard or into
// locator, and waits for the list of places to be the answer to all of
// it: an answer to what was typed first may come, and be shown, before.
async function typeCity(page, text, locator = null) {
  const answered = page.waitForResponse((r) => r.url().includes('/admin/places?') && new URL(r.url()).searchParams.get('q') === text);
  if (locator) await locator.pressSequentially(text, { delay: 40 });
  else await page.keyboard.type(text, { delay: 40 });
  const { places } = await (await answered).json();
  await page.waitForFunction((label) => document.querySelector('#city-options [role=option] .admin-place__name')?.textContent === label, places[0].label);
}

// pointSays waits for the check of the point to say where it is.
async function pointSays(page, words) {
  await page.locator('#city-point', { hasText: words }).waitFor();
}

// draftOf is the text of the draft the page names.
async function draftText(page) {
  const href = await page.locator('#city-added a').getAttribute('href');
  const draft = await page.context().newPage();
  await draft.goto(server.url + href);
  const text = await draft.getByLabel('The data file').inputValue();
  await draft.close();
  return text;
}

// hasCities checks that a draft has a table for each city, and kept the
// comments of the file it began from.
function hasCities(text, list) {
  for (const city of list) {
    assert.match(text, new RegExp(`\\[\\[cities\\]\\]\\nslug = "${city.slug}"\\nname = "${city.name}"\\nlocal_name = "${city.local}"\\ncountry = "${city.country}"\\n`));
  }
  assert.match(text, /^# /m, 'the comments of the file are kept');
  assert.match(text, /slug = "palermo"/);
}

test('an editor adds München, Torino and Den Haag by typing and choosing, by mouse', async () => {
  const { context, page, seen } = await open();
  await signIn(page, 'ben');
  for (const city of cities) {
    await page.goto(server.url + '/admin/networks/conet/');
    await page.getByRole('link', { name: 'Add a city' }).click();
    const combobox = page.getByRole('combobox', { name: 'City' });
    assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
    if (city.slug === 'munich') {
      // The map can be opened before a place is chosen, its marker in the
      // middle of the network's cities, focused, the fields following.
      await page.getByRole('button', { name: 'Place it on the map' }).click();
      await page.locator('#city-map .marker.is-selected').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('is-selected')), true);
      assert.match(await field(page, 'Latitude (required)').inputValue(), /^\d+(\.\d+)?$/);
      assert.equal(await page.getByRole('button', { name: 'Place it on the map' }).isVisible(), false);
    }
    await typeCity(page, city.typed, combobox);
    const option = page.getByRole('option', { name: new RegExp(city.name) }).first();
    await option.waitFor();
    assert.equal(await combobox.getAttribute('aria-expanded'), 'true');
    assert.match(await option.textContent(), new RegExp(`${city.countryName}.*inhabitants`));
    await option.click();
    assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
    await filled(page, city);
    await page.locator('#city-map .marker.is-selected').waitFor();
    await pointSays(page, `The point is in ${city.countryName}.`);
    if (city.slug === 'turin') {
      // Dragged a little, and placed by a click: the fields follow.
      const before = await field(page, 'Longitude (required)').inputValue();
      await page.locator('#city-map').scrollIntoViewIfNeeded();
      const box = await page.locator('#city-map .marker.is-selected').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 5, { steps: 5 });
      await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2 + 10, { steps: 5 });
      await page.mouse.up();
      assert.ok(Number(await field(page, 'Longitude (required)').inputValue()) > Number(before), 'dragged east');
      const map = await page.locator('#city-map').boundingBox();
      await page.mouse.click(map.x + map.width / 2 - 30, map.y + map.height / 2);
      await pointSays(page, 'The point is in Italy.');
      assert.ok(Number(await field(page, 'Longitude (required)').inputValue()) < Number(before), 'placed west by a click');
    }
    await page.getByRole('button', { name: 'Add a city' }).click();
    await page.locator('#city-added', { hasText: `${city.name} is added to your draft.` }).waitFor();
  }
  hasCities(await draftText(page), cities);
  clean(seen);
  await context.close();
});

// tabTo presses Tab until the focused element is the one wanted.
async function tabTo(page, describe, matches) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName.toLowerCase(), name: a.getAttribute('name'), text: a.textContent.trim(), id: a.id, role: a.getAttribute('role'), cls: a.className };
    });
    if (matches(el)) return;
  }
  assert.fail(`Tab never reached ${describe}`);
}

const fieldValue = (page, name) => page.evaluate((n) => document.getElementById('city-form').elements[n].value, name);

test('the same by keyboard alone', async () => {
  const { context, page, seen } = await open();
  await page.goto(server.url + '/admin/');
  await tabTo(page, 'the Name field', (el) => el.name === 'name');
  await page.keyboard.type('carla');
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/admin/');
  for (const city of cities) {
    await page.goto(server.url + '/admin/networks/conet/');
    await tabTo(page, 'Add a city', (el) => el.tag === 'a' && el.text === 'Add a city');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cities\/new$/);
    await tabTo(page, 'City', (el) => el.id === 'city-search');
    await typeCity(page, city.typed);
    await page.keyboard.press('ArrowDown');
    const input = page.locator('#city-search');
    const active = await input.getAttribute('aria-activedescendant');
    assert.equal(active, 'city-options-0');
    assert.equal(await page.locator('#city-options-0').getAttribute('aria-selected'), 'true');
    // Down from the last option goes round to the first; up from the
    // first, to the last.
    await page.keyboard.press('ArrowUp');
    const count = await page.locator('#city-options').getByRole('option').count();
    assert.equal(await input.getAttribute('aria-activedescendant'), `city-options-${count - 1}`);
    await page.keyboard.press('ArrowDown');
    assert.match(await page.locator('#city-options-0').textContent(), new RegExp(city.name));
    await page.keyboard.press('Enter');
    await filled(page, city);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'city-search');
    await pointSays(page, `The point is in ${city.countryName}.`);
    if (city.slug === 'munich') {
      // Escape closes the list, and again clears the field.
      await page.keyboard.press('Control+A');
      await typeCity(page, 'Mün');
      await page.keyboard.press('Escape');
      assert.equal(await input.getAttribute('aria-expanded'), 'false');
      await page.keyboard.press('Escape');
      assert.equal(await input.inputValue(), '');
      // The marker moves with the arrow keys, further with Shift.
      const lat = Number(await fieldValue(page, 'lat'));
      const lon = Number(await fieldValue(page, 'lon'));
      await tabTo(page, 'the marker', (el) => typeof el.cls === 'string' && el.cls.includes('is-selected'));
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Shift+ArrowUp');
      assert.ok(Number(await fieldValue(page, 'lon')) > lon, 'moved east');
      assert.ok(Number(await fieldValue(page, 'lat')) > lat, 'moved north');
      await pointSays(page, 'The point is in Germany.');
    }
    await tabTo(page, 'the button Add a city', (el) => el.tag === 'button' && el.text === 'Add a city');
    await page.keyboard.press('Enter');
    await page.locator('#city-added', { hasText: `${city.name} is added to your draft.` }).waitFor();
  }
  hasCities(await draftText(page), cities);
  clean(seen);
  await context.close();
});

test('the same without JavaScript, by the forms alone', async () => {
  const { context, page, seen } = await open({ javaScriptEnabled: false });
  await signIn(page, 'dora');
  for (const city of cities) {
    await page.goto(server.url + '/admin/networks/conet/');
    await page.getByRole('link', { name: 'Add a city' }).click();
    assert.equal(await page.locator('#city-map-box').isVisible(), false, 'no map without the script');
    await page.getByLabel('City', { exact: true }).fill(city.typed);
    await page.getByLabel('City', { exact: true }).press('Enter');
    const radio = page.getByRole('radio', { name: new RegExp(`${city.name}.*${city.countryName}`) }).first();
    await radio.waitFor();
    await radio.check();
    await page.getByRole('button', { name: 'Use this place' }).click();
    await filled(page, city);
    if (city.slug === 'the-hague') {
      // A point in the sea is refused, with why beside Latitude.
      await field(page, 'Latitude (required)').fill('52.5');
      await field(page, 'Longitude (required)').fill('3.5');
      await page.getByRole('button', { name: 'Add a city' }).click();
      const problem = page.locator('#city-lat-problem');
      await problem.waitFor();
      assert.match(await problem.textContent(), /km outside Netherlands, at sea\. Move it into Netherlands, or correct the country\./);
      assert.equal(await field(page, 'Latitude (required)').getAttribute('aria-invalid'), 'true');
      await field(page, 'Latitude (required)').fill(String(city.lat));
      await field(page, 'Longitude (required)').fill(String(city.lon));
    }
    await page.getByRole('button', { name: 'Add a city' }).click();
    await page.locator('#city-added', { hasText: `${city.name} is added to your draft.` }).waitFor();
  }
  hasCities(await draftText(page), cities);
  clean(seen);
  await context.close();
});

test('hostile text typed in City and the fields runs nothing', async () => {
  const { context, page, seen } = await open();
  await signIn(page, 'emil');
  await page.goto(server.url + '/admin/networks/conet/cities/new');
  await page.getByRole('combobox', { name: 'City' }).pressSequentially(payload, { delay: 5 });
  await page.locator('#city-options-status', { hasText: 'No place found' }).waitFor();
  await field(page, 'Name (required)').fill(payload);
  await field(page, 'Country (required)').fill(payload);
  await field(page, 'Latitude (required)').fill(payload);
  await field(page, 'Longitude (required)').fill('1');
  await page.getByRole('button', { name: 'Add a city' }).click();
  await page.locator('#city-lat-problem').waitFor();
  assert.equal(await field(page, 'Name (required)').inputValue(), payload);
  const state = await page.evaluate(() => ({ pwned: window.pwned, imgs: document.querySelectorAll('main img').length }));
  assert.deepEqual(state, { pwned: undefined, imgs: 0 });
  clean(seen);
  await context.close();
});

// Each state of the page is checked in both colour schemes.
for (const [screen, viewport] of [['a wide screen', { width: 1280, height: 900 }], ['a phone', { width: 360, height: 740 }]]) {
  test(`axe finds nothing on the page that adds a city, in both colour schemes, on ${screen}`, async () => {
    const phone = screen === 'a phone';
    const { context, page, seen } = await open({ viewport, isMobile: phone, hasTouch: phone });
    const found = [];
    const check = async (what) => {
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        found.push(...await axeFind(page, `${what}, ${colorScheme}`));
      }
    };
    await signIn(page, 'emil');
    await page.goto(server.url + '/admin/networks/conet/cities/new');
    await check('empty');
    await typeCity(page, 'Tor', page.getByRole('combobox', { name: 'City' }));
    await page.keyboard.press('ArrowDown');
    await check('suggestions');
    await page.keyboard.press('Enter');
    await page.locator('#city-map .marker.is-selected').waitFor();
    await pointSays(page, 'The point is in');
    await check('a place chosen, on the map');
    await field(page, 'Country (required)').fill('FR');
    await page.getByRole('button', { name: 'Add a city' }).click();
    await page.locator('#city-lat-problem').waitFor();
    await check('a problem beside a field');
    await page.goto(server.url + '/admin/networks/conet/cities/new?city=Torino');
    await check('places to choose without the script');
    assert.deepEqual(found, []);
    clean(seen);
    await context.close();
  });
}

test('the first visit to the page stays within 60 KB; the map comes with a place', async () => {
  const { context, page } = await open();
  await signIn(page, 'emil');
  // A first visit: nothing cached but the session.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: await context.storageState() });
  const visit = await fresh.newPage();
  const responses = [];
  fresh.on('response', (r) => responses.push(r));
  const weigh = async (from) => {
    let bytes = 0;
    const lines = [];
    for (const r of responses.slice(from)) {
      const sizes = await r.request().sizes();
      bytes += sizes.responseHeadersSize + sizes.responseBodySize;
      lines.push(`  ${String(sizes.responseBodySize).padStart(7)} B  ${r.status()} ${new URL(r.url()).pathname}`);
    }
    return { bytes, lines };
  };
  await visit.goto(server.url + '/admin/networks/conet/cities/new');
  await visit.waitForLoadState('networkidle');
  const first = await weigh(0);
  console.log(`first visit to the page that adds a city: ${responses.length} responses, ${(first.bytes / 1024).toFixed(1)} KB (budget ${budgetBytes / 1024} KB)\n${first.lines.join('\n')}`);
  assert.ok(first.bytes <= budgetBytes, `${first.bytes} B is more than ${budgetBytes} B`);
  assert.ok(!responses.some((r) => r.url().includes('leaflet')), 'Leaflet waits for a place');
  const before = responses.length;
  await typeCity(visit, 'Torino', visit.getByRole('combobox', { name: 'City' }));
  await visit.locator('#city-options').getByRole('option').first().click();
  await visit.locator('#city-map .marker.is-selected').waitFor();
  await visit.waitForLoadState('networkidle');
  const map = await weigh(before);
  console.log(`then City and the map: ${responses.length - before} responses, ${(map.bytes / 1024).toFixed(1)} KB\n${map.lines.join('\n')}`);
  await fresh.close();
  await context.close();
});

// editingServer serves a copy of a data file, in a folder of its own
// named name, for editing by the accounts of the tests above, with args
// added to the server's.
async function editingServer(name, file, args = []) {
  const own = join(dir, name);
  const data = join(own, 'data', basename(file));
  await mkdir(join(own, 'data'), { recursive: true });
  await copyFile(file, data);
  return startServer(['--data', data, '--edit', '--users', join(dir, 'users.toml'), '--state', join(own, 'state'), ...args]);
}

// placingANewCity signs name in to site and opens the map of a new city
// of network, its marker placed.
async function placingANewCity(site, name, network) {
  const opened = await open();
  await signInAs(opened.page, site.url, name, password);
  await opened.page.goto(`${site.url}/admin/networks/${network}/cities/new`);
  await opened.page.getByRole('button', { name: 'Place it on the map' }).click();
  await opened.page.locator('#city-map .marker.is-selected').waitFor();
  return opened;
}

// A tile server of another origin, as --tile-url names one: every tile is
// the same small image, and each path asked for is kept.
async function startTiles() {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const asked = [];
  const tiles = createServer((req, res) => {
    asked.push(req.url);
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
  });
  tiles.listen(0, 'localhost');
  await once(tiles, 'listening');
  return { url: `http://localhost:${tiles.address().port}`, asked, stop: () => new Promise((resolve) => tiles.close(resolve)) };
}

test("the map draws the server's raster tiles and names them, as the public maps do", async () => {
  const tiles = await startTiles();
  const withTiles = await editingServer('tiles', conet, ['--tile-url', tiles.url + '/{z}/{x}/{y}.png', '--tile-attribution', '© Test Tiles']);
  try {
    const { context, page, seen } = await placingANewCity(withTiles, 'ben', 'conet');
    await page.locator(`#city-map img.leaflet-tile-loaded[src^="${tiles.url}/"]`).first().waitFor();
    assert.ok(tiles.asked.length > 0 && tiles.asked.every((p) => /^\/\d+\/\d+\/\d+\.png$/.test(p)), `tiles asked for: ${tiles.asked.join(' ')}`);
    assert.ok(await page.locator('#city-map.has-tiles').count() === 1, 'the outlines give way to the tiles, as on the public maps');
    assert.match(await page.locator('#city-map-credits').innerText(), /Tiles: © Test Tiles/);
    assert.deepEqual(seen.errors, [], 'the policy lets the tiles in');
    assert.deepEqual(seen.requests.filter((u) => !u.startsWith(withTiles.url) && !u.startsWith(tiles.url + '/')), []);
    // The public map of the same server asks the same tile server.
    const before = tiles.asked.length;
    await page.goto(withTiles.url + '/');
    await page.locator(`#map img.leaflet-tile-loaded[src^="${tiles.url}/"]`).first().waitFor();
    assert.ok(tiles.asked.length > before);
    await context.close();
  } finally {
    await withTiles.stop();
    await tiles.stop();
  }
});

// A network around the Pacific opens the map on its cities, past 180° as
// the public map draws them, and a point placed east of 180° is written
// as a longitude within ±180°, as a data file takes it.
test('across the antimeridian, the map opens on the network, and a point east of 180° is written as its longitude', async () => {
  const pacific = await editingServer('pacific', fileURLToPath(new URL('testdata/pacific.toml', import.meta.url)));
  try {
    const { context, page, seen } = await placingANewCity(pacific, 'anna', 'pacific');
    const map = await page.locator('#city-map').boundingBox();
    const marks = await page.locator('#city-map .admin-city__other').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON()));
    assert.equal(marks.length, 3);
    for (const m of marks) {
      assert.ok(m.x >= map.x && m.x + m.width <= map.x + map.width && m.y >= map.y && m.y + m.height <= map.y + map.height, `${JSON.stringify(m)} in the map ${JSON.stringify(map)}`);
    }
    // The marker opens in the middle of the cities, east of 180°.
    const lon = Number(await field(page, 'Longitude (required)').inputValue());
    assert.ok(lon > -180 && lon < -170, `the middle of Auckland, Suva and Apia written as ${lon}`);
    // A click east of the marker, nearer Apia, still writes a longitude.
    const marker = await page.locator('#city-map .marker.is-selected').boundingBox();
    await page.mouse.click(marker.x + marker.width / 2 + 40, marker.y + marker.height / 2);
    await page.waitForFunction((before) => document.getElementById('city-form').elements.lon.value !== before, String(lon));
    const after = Number(await field(page, 'Longitude (required)').inputValue());
    assert.ok(after > lon && after < -170, `placed east: ${after}`);
    assert.deepEqual(seen.errors, []);
    await context.close();
  } finally {
    await pacific.stop();
  }
});

// The cities the first test added have no partners yet: the editor
// adds one for each on the partners' rows, mends the row saved without its city,
// submits, and an admin publishes. The public map has the three cities
// where the gazetteer put them.
test('the editor adds their partners, submits, an admin publishes, and the public map shows the three cities', async () => {
  const { context, page, seen } = await open();
  await signIn(page, 'ben');
  await page.goto(server.url + '/admin/networks/conet/');
  await page.getByRole('link', { name: 'Edit the partners' }).click();
  const rows = page.locator('fieldset.admin-row');
  const before = await rows.count();
  for (const [i, city] of cities.entries()) {
    await page.getByRole('button', { name: 'Add a partner' }).click();
    const row = page.getByRole('group', { name: `Partner ${before + i + 1}` });
    await row.getByLabel('Name (required)').fill(`City of ${city.name}`);
    await row.getByLabel('Kind').selectOption('city');
    // Munich's row is saved first without its city.
    if (city.slug !== 'munich') await row.getByLabel('City (required)').selectOption(city.slug);
  }
  await page.getByRole('button', { name: 'Save the partners' }).first().click();
  const munich = page.getByRole('group', { name: `Partner ${before + 1}` }).getByLabel('City (required)');
  assert.equal(await munich.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#' + (await munich.getAttribute('aria-describedby')).split(' ')[0]).textContent(), 'Choose the city the partner is based in.');
  await munich.selectOption('munich');
  await page.getByRole('button', { name: 'Save the partners' }).first().click();
  await page.getByText('The partners are saved in your draft.').waitFor();
  await page.getByRole('link', { name: /^draft \d+$/ }).click();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('The draft is submitted for review.').waitFor();
  const draft = page.url().replace(/\?.*$/, '');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'anna');
  await page.goto(draft);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('The draft is published.').waitFor();
  let points = {};
  for (let i = 0; i < 100 && Object.keys(points).length < cities.length; i++) {
    const geojson = await (await fetch(server.url + '/api/network.geojson')).json();
    points = Object.fromEntries(geojson.features.filter((f) => cities.some((c) => c.slug === f.properties.slug)).map((f) => [f.properties.slug, f.geometry.coordinates]));
    if (Object.keys(points).length < cities.length) await page.waitForTimeout(100);
  }
  for (const city of cities) {
    const [lon, lat] = points[city.slug] ?? [NaN, NaN];
    assert.ok(Math.abs(lat - city.lat) < 0.5 && Math.abs(lon - city.lon) < 0.5, `${city.name} is on the public map at ${lat}, ${lon}`);
  }
  await page.goto(server.url + '/');
  for (const city of cities) await page.locator(`#map .marker[data-slug="${city.slug}"]`).waitFor();
  seen.errors = seen.errors.filter((e) => !e.includes('status of 422'));
  clean(seen);
  await context.close();
});
