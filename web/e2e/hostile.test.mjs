// A data file written to break out: every text field carries <script>,
// "><img onerror>, </script>, {{ }}, direction overrides, emoji and
// combining marks, some as long as the limits allow (testdata/hostile.toml).
// It loads, and on every page, panel, embed, drawn map, oEmbed snippet and
// JSON-LD block nothing runs, nothing is injected, and the text shows as
// text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer, startHost, launch, watch, frameAt } from './harness.mjs';

const file = fileURLToPath(new URL('testdata/hostile.toml', import.meta.url));
const payload = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">{{ .Name }}</script>\u202eevil\u202c 😀 é̃ a̶b';

let server;
let host;
let browser;

before(async () => {
  server = await startServer(['--data', file]);
  host = await startHost({ '/article.html': (url) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body>${url.searchParams.get('snippet')}</body></html>` });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.stop();
});

// untouched checks that nothing ran and nothing was injected in a document.
async function untouched(frame, where) {
  const state = await frame.evaluate(() => ({
    pwned: window.pwned,
    injected: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src && !/json/.test(s.type)).length,
    bold: document.querySelectorAll('b').length,
    text: document.body.innerText,
  }));
  assert.equal(state.pwned, undefined, `${where}: a payload ran`);
  assert.deepEqual(state.injected, [], `${where}: an image was injected`);
  assert.equal(state.scripts, 0, `${where}: an inline script is in the page`);
  assert.equal(state.bold, 0, `${where}: markup from a link was injected`);
  return state.text;
}

test('hostile text stays text on every page, panel and embed', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const seen = watch(context);
  const page = await context.newPage();
  page.on('dialog', (d) => { assert.fail(`a dialog opened: ${d.message()}`); });
  const geojson = await (await fetch(server.url + '/api/network.geojson')).json();
  const slugs = geojson.features.filter((f) => f.geometry.type === 'Point').map((f) => f.properties.slug);
  assert.deepEqual(slugs, ['alpha', 'beta', 'gamma']);

  const paths = ['/', '/embed/', '/embed/?details=0&list=0', '/embed-builder/', '/fragments/network.html', '/fragments/embed/network.html', '/nowhere'];
  for (const slug of slugs) {
    paths.push(`/cities/${slug}/`, `/embed/cities/${slug}/`, `/embed/cities/${slug}/?details=0`, `/fragments/cities/${slug}.html`, `/fragments/embed/cities/${slug}.html`);
  }
  for (const path of paths) {
    const errorsBefore = seen.errors.length;
    const response = await page.goto(server.url + path);
    if (path === '/nowhere') {
      seen.errors.splice(errorsBefore); // the browser reports the 404 itself
    }
    assert.ok([200, 404].includes(response.status()), `${path}: ${response.status()}`);
    if (await page.locator('#map').count()) {
      await page.waitForSelector('.marker');
    }
    const text = await untouched(page, path);
    if (path !== '/nowhere' && path !== '/embed-builder/' && !path.includes('details=0')) {
      assert.ok(text.includes(payload.slice(0, 40)), `${path}: the payload does not show as text`);
    }
  }

  // The map: markers and the drawn picture name the cities as text.
  await page.goto(server.url + '/cities/beta/');
  await page.waitForSelector('.marker');
  assert.equal(await page.locator('.marker[data-slug="beta"]').getAttribute('aria-label'), `Beta ${payload}, Italy`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('svg.map-picture .map-picture__label').textContent(), `Beta ${payload}`);
  await page.emulateMedia({ media: 'screen' });

  // JSON-LD and the map's configuration parse, and carry the text intact.
  const blocks = await page.locator('script[type="application/ld+json"], script[type="application/json"]').allTextContents();
  assert.equal(blocks.length, 2);
  const ld = JSON.parse(blocks[0]);
  assert.equal(ld['@graph'][0].name, `Beta ${payload}`);
  JSON.parse(blocks[1]);

  // Opening cities in place swaps in the panels, still as text.
  await page.click('.marker[data-slug="gamma"]');
  await page.locator('#details h1').filter({ hasText: 'Gamma LLLL' }).waitFor();
  await untouched(page, 'after opening gamma');
  assert.equal(await page.title(), `Gamma ${'L'.repeat(194)} – Net ${payload} partner map`);

  assert.deepEqual(seen.errors, [], 'no script was refused by the Content-Security-Policy either');
  await context.close();
});

test('the oEmbed snippet keeps the hostile title inside its attribute', async () => {
  const url = new URL('/oembed', server.url);
  url.searchParams.set('url', server.url + '/cities/alpha/');
  url.searchParams.set('height', 'auto');
  const { html, title } = await (await fetch(url)).json();
  assert.equal(title, `Alpha ${payload} – Net ${payload} partner map`);
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => { assert.fail(`a dialog opened: ${d.message()}`); });
  const article = new URL('/article.html', host.url);
  article.searchParams.set('snippet', html);
  await page.goto(article.href);
  assert.equal(await page.locator('iframe').count(), 1);
  assert.equal(await page.locator('iframe').getAttribute('title'), title);
  assert.equal(await page.locator('body > script').count(), 1, 'only the auto-height script');
  await untouched(page, 'the host page');
  const frame = await frameAt(page, server.url + '/embed/cities/alpha/');
  await frame.waitForSelector('.marker');
  await untouched(frame, 'the embed in the host page');
  await context.close();
});

test('the builder fills its snippet with the hostile title as text', async () => {
  const context = await browser.newContext();
  const builder = await context.newPage();
  builder.on('dialog', (d) => { assert.fail(`a dialog opened: ${d.message()}`); });
  await builder.goto(server.url + '/embed-builder/?city=alpha');
  await builder.waitForFunction(() => document.getElementById('builder-snippet').value.includes('/embed/cities/alpha/'));
  const snippet = await builder.locator('#builder-snippet').inputValue();
  const title = `Alpha ${payload} – Net ${payload} partner map`;
  const page = await context.newPage();
  page.on('dialog', (d) => { assert.fail(`a dialog opened: ${d.message()}`); });
  const article = new URL('/article.html', host.url);
  article.searchParams.set('snippet', snippet);
  await page.goto(article.href);
  assert.equal(await page.locator('iframe').getAttribute('title'), title);
  assert.equal(await page.locator('p a').textContent(), title);
  assert.equal(await page.locator('body > script').count(), 1, 'only the auto-height script');
  await untouched(page, 'the host page');
  await untouched(builder, 'the builder');
  await context.close();
});
