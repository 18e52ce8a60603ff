// Embedding in a real Chromium: host pages on another origin frame the map
// with the snippet the server makes, /embed.js sizes the frame, the wheel
// belongs to the host page, only /embed* may be framed, and the builder's
// snippet works when pasted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startHost, launch, watch, smallFrame, frameAt, linesDrawn } from './harness.mjs';

let site;
let host;
let browser;

// snippet asks the server's oEmbed endpoint for the markup to paste.
async function snippet(page, params = {}) {
  const url = new URL('/oembed', site.url);
  url.searchParams.set('url', site.url + page);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const response = await fetch(url);
  assert.equal(response.status, 200);
  return (await response.json()).html;
}

before(async () => {
  site = await startServer();
  host = await startHost({
    // A long article with the pasted snippet in the middle.
    '/article.html': (url) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body style="margin:0">
      <div style="height:600px">Introduction</div>
      <div style="width:${url.searchParams.get('width') || '800'}px">${url.searchParams.get('snippet')}</div>
      <div style="height:2000px">More text</div></body></html>`,
    '/frames-site.html': (url) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body>
      <iframe id="framed" src="${site.url}${url.searchParams.get('path')}" width="600" height="400"></iframe></body></html>`,
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await host?.stop();
});

async function open(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page, seen };
}

function article(html, width) {
  const url = new URL('/article.html', host.url);
  url.searchParams.set('snippet', html);
  if (width) url.searchParams.set('width', width);
  return url.href;
}

const embedFrame = (page) => frameAt(page, site.url + '/embed/');

test('a city embedded on another origin renders, opens cities and follows its height', async () => {
  const html = await snippet('/cities/palermo/', { height: 'auto' });
  assert.match(html, /<script src="[^"]+\/embed\.js" async><\/script>/);
  const { context, page, seen } = await open(article(html));
  const iframe = page.locator('iframe');
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
  const frame = await embedFrame(page);
  await frame.waitForSelector('.marker[data-slug="palermo"].is-selected');
  assert.match(await frame.locator('#details h1').innerText(), /Palermo/);
  assert.equal(await iframe.getAttribute('title'), 'Palermo – CoNet partner map');

  const fits = async () => {
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    const box = await iframe.boundingBox();
    return Math.abs(box.height - content) <= 1 ? content : `frame ${box.height} vs content ${content}`;
  };
  // The frame follows the content once the embed has settled.
  const settled = async () => {
    let result;
    for (let i = 0; i < 30 && typeof (result = await fits()) !== 'number'; i++) {
      await page.waitForTimeout(100);
    }
    return result;
  };
  const initial = await settled();
  assert.equal(typeof initial, 'number', String(initial));

  // A click inside the frame opens the city in place, without adding to
  // the host page's history, and the frame follows the new height.
  const historyLength = await page.evaluate(() => history.length);
  await frame.locator('.marker[data-slug="berlin"]').scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  await frame.click('.marker[data-slug="berlin"]');
  await frame.locator('#details h1').filter({ hasText: 'Berlin' }).waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'a click in the map does not scroll the host page');
  assert.equal(new URL(frame.url()).pathname, '/embed/cities/berlin/');
  assert.equal(await page.evaluate(() => history.length), historyLength);
  await frame.click('#details a[data-home]');
  await frame.locator('#details h1').filter({ hasText: 'CoNet' }).waitFor();
  const after = await settled();
  assert.equal(typeof after, 'number', String(after));

  // Links out of the frame open a new tab, without a handle on this one.
  const full = frame.locator('#details .panel__more a');
  assert.equal(await full.getAttribute('target'), '_blank');
  assert.equal(await full.getAttribute('rel'), 'noopener');

  const origins = new Set(seen.requests.map((u) => new URL(u).origin));
  assert.deepEqual([...origins].sort(), [host.url, new URL(site.url).origin].sort());
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('embed.js ignores messages from other frames and other origins', async () => {
  const html = await snippet('/', { height: 'auto' });
  const { context, page } = await open(article(html));
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
  const settled = await page.evaluate(() => document.querySelector('iframe').style.height);
  // The host page itself, and a frame of its own origin, post fake heights.
  await page.evaluate(() => {
    window.postMessage({ type: 'partnermap:height', height: 9999 }, '*');
    const other = document.createElement('iframe');
    other.setAttribute('data-partnermap-height', 'auto');
    document.body.appendChild(other);
    other.contentWindow.parent.postMessage({ type: 'partnermap:height', height: 7777 }, '*');
  });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelector('iframe').style.height), settled);
  // The embed's own message is clamped to a sane range.
  const frame = await embedFrame(page);
  await frame.evaluate(() => window.parent.postMessage({ type: 'partnermap:height', height: 1e9 }, '*'));
  await page.waitForFunction(() => document.querySelector('iframe').style.height === '5000px');
  await frame.evaluate(() => window.parent.postMessage({ type: 'partnermap:height', height: 'tall' }, '*'));
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => document.querySelector('iframe').style.height), '5000px');
  await context.close();
});

test('the wheel scrolls the host page; Ctrl + wheel zooms the map', async () => {
  const html = await snippet('/', { height: 'auto' });
  const { context, page, seen } = await open(article(html));
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
  const frame = await embedFrame(page);
  await frame.waitForSelector('.marker[data-slug="berlin"]');
  await page.evaluate(() => window.scrollTo(0, 500));
  const mapBox = await frame.locator('#map').boundingBox();
  const markerAt = () => frame.locator('.marker[data-slug="berlin"]').evaluate((m) => m.getBoundingClientRect().x);

  const x0 = await markerAt();
  const y0 = await page.evaluate(() => window.scrollY);
  await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
  await page.mouse.wheel(0, 300);
  await page.waitForFunction((y) => window.scrollY > y, y0);
  await frame.waitForSelector('.map-hint.is-shown');
  assert.equal(await markerAt(), x0, 'the map did not zoom');
  assert.match(await frame.locator('.map-hint').innerText(), /scroll to zoom/);

  const y1 = await page.evaluate(() => window.scrollY);
  const box = await frame.locator('#map').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  await frame.waitForFunction((x) => document.querySelector('.marker[data-slug="berlin"]').getBoundingClientRect().x !== x, x0);
  assert.equal(await page.evaluate(() => window.scrollY), y1, 'the page did not scroll');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('only /embed/ may be framed by another site', async () => {
  for (const [path, framed] of [['/', false], ['/cities/palermo/', false], ['/embed-builder/', false], ['/embed/', true], ['/embed/cities/palermo/?list=0', true]]) {
    const url = new URL('/frames-site.html', host.url);
    url.searchParams.set('path', path);
    const { context, page } = await open(url.href);
    await page.waitForTimeout(500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const hasMap = await frame.evaluate(() => !!document.getElementById('map')).catch(() => false);
    assert.equal(hasMap, framed, `${path} framed: ${hasMap}`);
    await context.close();
  }
});

test('options hide parts; unknown values fall back to the defaults', async () => {
  const { context, page, seen } = await open(`${site.url}/embed/cities/palermo/?list=0&lines=no&details=0`);
  // The list stays in the page, hidden, for the markers to be made from;
  // its links open full pages, so they name their city in data-city.
  await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
  assert.equal(await page.locator('#cities').isVisible(), false);
  assert.equal(await page.locator('#cities a[data-slug]').count(), 0);
  assert.equal(await page.locator('#cities a[data-city]').count(), 11);
  assert.equal(await page.locator('#details').count(), 0);
  await page.waitForTimeout(200);
  assert.equal(await page.locator('#map path.map-link').count(), 0);
  // Without the panel, a city opens its full page in a new tab.
  const [tab] = await Promise.all([context.waitForEvent('page'), page.click('.marker[data-slug="sofia"]')]);
  await tab.waitForLoadState();
  assert.equal(new URL(tab.url()).pathname, '/cities/sofia/');
  assert.equal(await tab.evaluate(() => window.opener), null);

  const odd = await context.newPage();
  const response = await odd.goto(`${site.url}/embed/?list=maybe&lines=&details=%ZZ&colour=red`);
  assert.equal(response.status(), 200);
  assert.equal(await odd.locator('#cities a').count(), 11);
  assert.equal(await odd.locator('#details').count(), 1);
  await odd.waitForFunction(linesDrawn, 10);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('at 280 pixels the list comes first and nothing is cut off', async () => {
  const html = await snippet('/cities/palermo/', { height: 'auto' });
  const { context, page } = await open(article(html, 280), { viewport: { width: 400, height: 800 } });
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
  const frame = await embedFrame(page);
  await frame.waitForSelector('.marker');
  const layout = await frame.evaluate(() => ({
    width: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    list: document.getElementById('cities').getBoundingClientRect().top,
    map: document.getElementById('map').getBoundingClientRect().top,
    details: document.getElementById('details').getBoundingClientRect().top,
  }));
  assert.equal(layout.width, 280);
  assert.ok(layout.scrollWidth <= layout.width, `content is ${layout.scrollWidth} wide`);
  assert.ok(layout.list < layout.map && layout.map < layout.details, JSON.stringify(layout));
  await context.close();
});

// At 300 by 200 pixels, as oEmbed gives them for maxwidth=300 and
// maxheight=200, a city's embed shows the map alone, centred on the city,
// and its name, a link to its full page.
test('a frame of 300 by 200 shows the city, its name and a link to its page, and nothing else', async () => {
  const html = await snippet('/cities/palermo/', { maxwidth: 300, maxheight: 200 });
  assert.match(html, /width="300" height="200"/);
  const { context, page, seen } = await open(article(html));
  await page.locator('iframe').waitFor();
  const frame = await (await page.locator('iframe').elementHandle()).contentFrame();
  await frame.waitForURL(/\/embed\/cities\/palermo\//);
  assert.equal(new URL(frame.url()).pathname + new URL(frame.url()).search, '/embed/cities/palermo/?list=0&details=0');
  const shows = await smallFrame(frame, '.marker.is-selected');
  assert.deepEqual(shows.frame, [300, 200]);
  assert.deepEqual(shows.map, [300, 200], 'the map fills the frame');
  assert.equal(shows.scrolls, false);
  assert.deepEqual(shows.texts, ['Palermo']);
  assert.deepEqual(shows.links, [{ text: 'Palermo', href: '/cities/palermo/', target: '_blank' }]);
  assert.ok(Math.abs(shows.mark[0]) <= 2 && Math.abs(shows.mark[1]) <= 2, `the city is ${shows.mark} from the middle`);
  // The city's marker opens its full page, in a new tab.
  const [opened] = await Promise.all([context.waitForEvent('page'), frame.locator('.marker.is-selected').click()]);
  await opened.waitForLoadState();
  assert.equal(new URL(opened.url()).pathname, '/cities/palermo/');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('the snippet from the builder works when pasted into a page', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  const seen = watch(context);
  const builder = await context.newPage();
  await builder.goto(`${site.url}/embed-builder/?city=zabrze`);
  assert.equal(await builder.locator('#builder-target').inputValue(), 'zabrze');
  await builder.uncheck('input[name="lines"]');
  await builder.waitForFunction(() => document.getElementById('builder-snippet').value.includes('/embed/cities/zabrze/?lines=0'));
  // The preview shows what the snippet will.
  await builder.waitForFunction(() => document.getElementById('builder-preview').getAttribute('src') === '/embed/cities/zabrze/?lines=0');
  await builder.click('#builder-copy');
  await builder.locator('#builder-status').filter({ hasText: 'Copied' }).waitFor();
  const copied = await builder.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await builder.locator('#builder-snippet').inputValue());
  assert.match(copied, /title="Zabrze – CoNet partner map"/);
  assert.match(copied, /loading="lazy"/);
  assert.match(copied, /allow="fullscreen"/);
  assert.match(copied, /<a href="[^"]+\/cities\/zabrze\/">/);

  const page = await context.newPage();
  await page.goto(article(copied));
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
  const frame = await embedFrame(page);
  await frame.waitForSelector('.marker[data-slug="zabrze"].is-selected');
  assert.equal(await frame.locator('#map path.map-link').count(), 0);
  assert.match(await frame.locator('#details h1').innerText(), /Zabrze/);

  // A fixed height instead: no script, the height as chosen.
  await builder.check('input[value="fixed"]');
  await builder.fill('input[name="pixels"]', '420');
  await builder.waitForFunction(() => document.getElementById('builder-snippet').value.includes('height="420"'));
  assert.doesNotMatch(await builder.locator('#builder-snippet').inputValue(), /embed\.js/);
  assert.deepEqual(seen.errors, []);
  await context.close();
});
