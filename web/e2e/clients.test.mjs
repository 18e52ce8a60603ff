// The map against clients nobody on this project wrote: a script on
// another site reading the open data, an oEmbed consumer that asks for a
// size, GDAL reading the downloads as a GIS user would, and the W3C Nu
// HTML Checker reading every kind of page, embed, snippet and error page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, startHost, launch, watch, generatedNetwork } from './harness.mjs';

const vnu = fileURLToPath(new URL('../../node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));
const hostile = fileURLToPath(new URL('testdata/hostile.toml', import.meta.url));
const atlas = fileURLToPath(new URL('../../data/testdata/atlas', import.meta.url));

let site;
let hostileSite;
let largeSite; // a network large enough for its pages to leave the cities out
let atlasSite;
let host;
let browser;
let tmp;

before(async () => {
  site = await startServer();
  hostileSite = await startServer(['--data', hostile]);
  tmp = mkdtempSync(join(tmpdir(), 'partnermap-clients-'));
  writeFileSync(join(tmp, 'large.toml'), generatedNetwork(200));
  largeSite = await startServer(['--data', join(tmp, 'large.toml')]);
  atlasSite = await startServer(['--data', atlas]);
  host = await startHost({
    '/blank.html': () => '<!doctype html><html lang="en"><head><title>Another site</title><link rel="icon" href="data:,"></head><body></body></html>',
    // A column of the width asked for, holding the snippet.
    '/column.html': (url) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body style="margin:0">
      <div id="column" style="width:${url.searchParams.get('width')}px">${url.searchParams.get('snippet')}</div></body></html>`,
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await hostileSite?.stop();
  await largeSite?.stop();
  await atlasSite?.stop();
  await host?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// The open data and the oEmbed files: nothing in them is private.
const openData = ['/api/network.geojson', '/api/cities.geojson', '/api/links.geojson', '/api/network.csv',
  '/api/network.kml', '/api/cities/palermo.geojson', '/oembed/network.json', '/it/oembed/cities/palermo.xml'];

test('a script on another site reads every open-data file', async () => {
  const context = await browser.newContext();
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(host.url + '/blank.html');
  const read = await page.evaluate(async ({ origin, paths }) => Promise.all(paths.map(async (p) => {
    try {
      const response = await fetch(origin + p);
      return { path: p, status: response.status, length: (await response.text()).length };
    } catch (e) {
      return { path: p, error: String(e) };
    }
  })), { origin: site.url, paths: openData });
  for (const r of read) {
    assert.equal(r.error, undefined, `${r.path}: ${r.error}`);
    assert.equal(r.status, 200, r.path);
    assert.ok(r.length > 100, `${r.path}: ${r.length} characters`);
  }
  assert.deepEqual(seen.errors, []);
  await context.close();
});

// Width and height of a laid-out element, in CSS pixels.
const box = (locator) => locator.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { width: Math.round(r.width), height: Math.round(r.height) };
});

test('an oEmbed consumer that asks for a size gets an embed no larger than reported', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  // The snippets set their frames' size, with no script to change it:
  // what the frames hold does not count, and is not loaded.
  await page.route(`${site.url}/embed/**`, (route) => route.fulfill({ contentType: 'text/html', body: '' }));
  const file = site.url + '/oembed/cities/palermo.json';
  for (const [maxwidth, maxheight] of [[400, 300], [320, 480], [1000, 250], [720, 560], [200, 200], [5000, 5000]]) {
    const endpoint = new URL('/oembed', site.url);
    endpoint.searchParams.set('url', site.url + '/cities/palermo/');
    for (const address of [`${endpoint}&maxwidth=${maxwidth}&maxheight=${maxheight}`, `${file}?maxwidth=${maxwidth}&maxheight=${maxheight}`]) {
      const oembed = await (await fetch(address)).json();
      assert.ok(oembed.width <= maxwidth && oembed.height <= maxheight, `${address}: ${oembed.width}x${oembed.height}`);
      assert.doesNotMatch(oembed.html, /<script/);
      for (const column of [900, 300]) {
        const url = new URL('/column.html', host.url);
        url.searchParams.set('width', column);
        url.searchParams.set('snippet', oembed.html);
        await page.goto(url.href);
        const frame = await box(page.locator('iframe'));
        const all = await box(page.locator('#column'));
        assert.ok(frame.width <= oembed.width && frame.height <= oembed.height,
          `${address} in ${column} px: the frame is ${frame.width}x${frame.height}, reported ${oembed.width}x${oembed.height}`);
        assert.ok(frame.width <= column, `${address}: the frame is wider than its ${column} px column`);
        assert.ok(all.height <= oembed.height, `${address}: the HTML takes ${all.height} px, reported ${oembed.height}`);
      }
    }
  }
  await context.close();
});

test('GDAL reads the downloads: places and links each save as a Shapefile', async (t) => {
  if (!existsSync('/usr/bin/ogr2ogr')) return t.skip('ogr2ogr missing: make test-browser installs gdal-bin');
  const layers = { '/api/cities.geojson': ['Point', 11], '/api/links.geojson': ['Line String', 10], '/api/network.kml': [null, 21] };
  for (const [p, [type, count]] of Object.entries(layers)) {
    const file = join(tmp, p.split('/').pop());
    writeFileSync(file, Buffer.from(await (await fetch(site.url + p)).arrayBuffer()));
    const info = execFileSync('ogrinfo', ['-so', '-al', file], { encoding: 'utf8' });
    assert.match(info, new RegExp(`Feature Count: ${count}\\b`), `${p}:\n${info}`);
    if (!type) continue;
    assert.match(info, new RegExp(`Geometry: ${type}\\b`), `${p}:\n${info}`);
    const shp = join(tmp, p.split('/').pop().replace('.geojson', '.shp'));
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', shp, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(execFileSync('ogrinfo', ['-so', '-al', shp], { encoding: 'utf8' }), new RegExp(`Feature Count: ${count}\\b`));
  }
});

test('GDAL reads the KML\'s fields as plain text, as written in the data file', async (t) => {
  if (!existsSync('/usr/bin/ogr2ogr')) return t.skip('ogr2ogr missing: make test-browser installs gdal-bin');
  const file = join(tmp, 'hostile.kml');
  writeFileSync(file, Buffer.from(await (await fetch(hostileSite.url + '/api/network.kml')).arrayBuffer()));
  const info = execFileSync('ogrinfo', ['-al', '-q', file], { encoding: 'utf8' });
  // The partner in Gamma, its name full of markup and quotes.
  const name = 'Partner <script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">{{ .Name }}</script>\u202Eevil\u202C 😀 é̃ a̶b';
  for (const field of [`partners (String) = ${name}`, 'roles (String) = partner', 'country (String) = ES', 'country_name (String) = Spain',
    `page_url (String) = ${hostileSite.url}/cities/gamma/`]) {
    assert.ok(info.includes(field), `no "${field}" in\n${info}`);
  }
  for (const line of info.split('\n').filter((l) => / (partners|kinds|roles|local_name) \(String\)/.test(l))) {
    assert.doesNotMatch(line, /&(lt|gt|amp|#\d+);/, `an entity in a field: ${line}`);
  }
});

// document wraps markup that is not a document (a snippet, a fragment) in
// the least a valid one needs, as the page it goes into would.
const document = (markup, title) => `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>\n${markup}\n</body></html>\n`;

test('the Nu HTML Checker finds no error in any kind of page, embed, snippet or error page', async (t) => {
  if (!existsSync('/usr/bin/java')) return t.skip('java missing: make test-browser installs default-jre-headless');
  const documents = [];
  const siteName = (origin) => ({ [site.url]: '', [hostileSite.url]: 'hostile ', [largeSite.url]: 'large ', [atlasSite.url]: 'atlas ' })[origin];
  const page = async (origin, path, method = 'GET') => {
    const response = await fetch(origin + path, { method });
    // The error pages are asked for by addresses that do not exist.
    const missing = method !== 'GET' || /atlantis|no\/such/.test(path);
    assert.equal(response.status === 200, !missing, `${method} ${siteName(origin)}${path}: ${response.status}`);
    documents.push({ name: `${method} ${siteName(origin)}${path}`, html: await response.text() });
  };
  const fragment = async (origin, path) => {
    const response = await fetch(origin + path);
    assert.equal(response.status, 200, `${siteName(origin)}${path}`);
    documents.push({ name: `${siteName(origin)}${path} in a page`, html: document(await response.text(), path) });
  };
  // A large network's pages, which fetch the list of cities as a
  // fragment, and an atlas's.
  for (const path of ['/', '/cities/city-5/', '/it/cities/city-5/', '/embed/', '/embed/cities/city-5/?list=0']) {
    await page(largeSite.url, path);
  }
  for (const path of ['/fragments/cities.html', '/fragments/embed/cities.html', '/fragments/cities/city-5.html']) {
    await fragment(largeSite.url, path);
  }
  for (const path of ['/', '/places/', '/places/palermo/', '/de/places/berlin/', '/embed/', '/embed/places/palermo/',
    '/networks/harbours/', '/networks/harbours/cities/valencia/', '/networks/harbours/embed/', '/no/such/place/']) {
    await page(atlasSite.url, path);
  }
  for (const path of ['/fragments/atlas.html', '/fragments/places/palermo.html', '/networks/harbours/fragments/network.html']) {
    await fragment(atlasSite.url, path);
  }
  for (const origin of [site.url, hostileSite.url]) {
    const city = origin === site.url ? 'palermo' : 'alpha';
    for (const path of ['/', `/cities/${city}/`, '/embed-builder/', '/cities/atlantis/', '/it/', `/bg/cities/${city}/`,
      '/embed/', `/embed/cities/${city}/`, `/embed/cities/${city}/?list=0&lines=0&details=0`, `/de/embed/?details=0`]) {
      await page(origin, path);
    }
    await page(origin, '/', 'POST');
    // Fragments go into pages: checked inside one.
    for (const path of ['/fragments/network.html', `/fragments/cities/${city}.html`, '/fragments/embed/network.html?list=0', '/it/fragments/suggestion.html']) {
      await fragment(origin, path);
    }
    // The snippets oEmbed gives, as pasted into a page.
    for (const query of ['', '&height=auto', '&maxwidth=400&maxheight=300', '&height=420&list=0']) {
      const url = `${origin}/oembed?url=${encodeURIComponent(origin + `/cities/${city}/`)}${query}`;
      documents.push({ name: `oEmbed ${query}`, html: document((await (await fetch(url)).json()).html, 'oEmbed') });
    }
    // The builder's snippets, as its script makes them.
    const context = await browser.newContext();
    const builder = await context.newPage();
    await builder.goto(`${origin}/embed-builder/?city=${city}`);
    await builder.waitForFunction((c) => document.getElementById('builder-snippet').value.includes(`/embed/cities/${c}/`), city);
    documents.push({ name: 'builder, automatic height', html: document(await builder.locator('#builder-snippet').inputValue(), 'builder') });
    await builder.check('input[value="fixed"]');
    await builder.waitForFunction(() => !document.getElementById('builder-snippet').value.includes('embed.js'));
    documents.push({ name: 'builder, fixed height', html: document(await builder.locator('#builder-snippet').inputValue(), 'builder') });
    await context.close();
  }
  const files = documents.map((d, i) => {
    const file = join(tmp, `${i}.html`);
    writeFileSync(file, d.html);
    return file;
  });
  let out;
  try {
    out = execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stderr || e.stdout; // vnu exits 1 when it finds errors, and writes JSON to stderr
  }
  const { messages } = JSON.parse(out || '{"messages":[]}');
  const errors = messages.map((m) => `${documents[Number(m.url.match(/(\d+)\.html$/)[1])].name}:${m.lastLine}: ${m.message}`);
  t.diagnostic(`${documents.length} documents checked`);
  assert.deepEqual(errors, []);
});
