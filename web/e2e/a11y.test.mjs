// Accessibility in a real Chromium: axe-core finds nothing on any page in
// either colour scheme; every city opens from the list and from the map
// with the keyboard alone; reduced motion stops the map's animations;
// nothing scrolls sideways at 320 px; markers and lines keep their
// contrast on the basemap.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, watch, axeFind } from './harness.mjs';

let server;
let browser;
let slugs;

before(async () => {
  server = await startServer();
  browser = await launch();
  const geojson = await (await fetch(server.url + '/api/network.geojson')).json();
  slugs = geojson.features.filter((f) => f.geometry.type === 'Point').map((f) => f.properties.slug);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(server.url + path);
  return { context, page, seen };
}

function pages() {
  return ['/', ...slugs.map((s) => `/cities/${s}/`), '/embed/', ...slugs.map((s) => `/embed/cities/${s}/`), '/embed-builder/', '/no-such-page'];
}

// Each page is loaded once and checked in both colour schemes: the
// schemes differ in CSS alone.
test('axe finds no WCAG 2.2 AA violations, in the light and the dark scheme', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const found = [];
  for (const path of pages()) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url + path);
    if (await page.locator('#map').count()) {
      await page.waitForSelector('.marker');
      await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
    }
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      found.push(...await axeFind(page, `${path}, ${colorScheme}`));
    }
  }
  assert.deepEqual(found, []);
  await context.close();
});

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { id: el.id, slug: el.dataset.slug || null, marker: el.classList.contains('marker'), text: el.textContent.trim() };
});
const status = (page) => page.locator('#map-status').textContent();

test('every city opens from the list with the keyboard, and Escape comes back', async () => {
  const { context, page, seen } = await open('/');
  await page.waitForSelector('.marker');

  // The skip link leads to the list: the next Tab is its first city.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).slug, slugs[0]);

  for (const slug of slugs) {
    const link = page.locator(`#cities a[data-slug="${slug}"]`);
    await link.focus();
    const name = (await link.locator('.cities__name').textContent()).trim();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.activeElement.id === 'panel-heading' && document.activeElement.textContent.includes(n), name);
    assert.equal(new URL(page.url()).pathname, `/cities/${slug}/`);
    assert.match(await status(page), new RegExp(`^Showing ${name}, `));
    assert.equal(await page.locator('#cities a[aria-current="page"]').getAttribute('data-slug'), slug);

    await page.keyboard.press('Escape');
    await page.waitForFunction((s) => document.activeElement.dataset.slug === s, slug);
    assert.equal((await focused(page)).marker, false, 'focus is back on the list entry');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await status(page), 'Showing the network overview');
  }
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('every city opens from the map with the keyboard: one Tab stop, arrow keys between cities', async () => {
  const { context, page, seen } = await open('/');
  await page.waitForSelector('.marker');
  assert.equal(await page.locator('.marker[tabindex="0"]').count(), 1, 'one marker is in the Tab order');
  assert.equal(await page.locator('#map-keys').isVisible(), true, 'the keys are explained on the page');
  assert.equal(await page.locator('#map').getAttribute('role'), 'region');
  assert.match(await page.locator('#map').getAttribute('aria-label'), /Interactive map/);

  // The header's links, the languages among them, come first.
  for (let i = 0; i < 40 && !(await focused(page)).marker; i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal((await focused(page)).slug, slugs[0], 'Tab reaches the first city on the map');

  for (const [i, slug] of slugs.entries()) {
    const marker = page.locator(`.marker[data-slug="${slug}"]`);
    assert.equal((await focused(page)).slug, slug);
    const name = await marker.getAttribute('aria-label');
    assert.equal(await marker.getAttribute('role'), 'button');
    await page.keyboard.press(i % 2 ? 'Enter' : ' ');
    await page.waitForFunction(() => document.activeElement.id === 'panel-heading');
    assert.equal(new URL(page.url()).pathname, `/cities/${slug}/`);
    assert.equal(await status(page), `Showing ${name}`);
    await page.keyboard.press('Escape');
    await page.waitForFunction((s) => document.activeElement.dataset.slug === s, slug);
    assert.equal((await focused(page)).marker, true, 'focus is back on the marker');
    assert.equal(await marker.getAttribute('tabindex'), '0', 'and it stays the Tab stop');
    await page.keyboard.press('ArrowRight');
  }
  assert.equal((await focused(page)).slug, slugs[0], 'the arrows wrap around');
  await page.keyboard.press('End');
  assert.equal((await focused(page)).slug, slugs.at(-1));
  await page.keyboard.press('Home');
  assert.equal((await focused(page)).slug, slugs[0]);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a focused marker is panned into view', async () => {
  const { context, page } = await open('/', { reducedMotion: 'reduce' });
  await page.waitForSelector('.marker');
  for (let i = 0; i < 4; i++) {
    await page.click('.leaflet-control-zoom-in');
  }
  const inView = (slug) => page.evaluate((s) => {
    const box = document.getElementById('map').getBoundingClientRect();
    const r = document.querySelector(`.marker[data-slug="${s}"]`).getBoundingClientRect();
    return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
  }, slug);
  await page.locator('.marker[tabindex="0"]').focus();
  await page.keyboard.press('End');
  await page.waitForFunction((s) => document.activeElement.dataset.slug === s, slugs.at(-1));
  await page.waitForFunction((s) => {
    const box = document.getElementById('map').getBoundingClientRect();
    const r = document.querySelector(`.marker[data-slug="${s}"]`).getBoundingClientRect();
    return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
  }, slugs.at(-1));
  assert.ok(await inView(slugs.at(-1)));
  await page.keyboard.press('Home');
  await page.waitForFunction((s) => document.activeElement.dataset.slug === s, slugs[0]);
  assert.ok(await inView(slugs[0]));
  await context.close();
});

test('inside an embed too, cities open and close with the keyboard', async () => {
  const { context, page, seen } = await open('/embed/cities/palermo/');
  await page.waitForSelector('.marker');
  const link = page.locator('#cities a[data-slug="sofia"]');
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.id === 'panel-heading' && document.activeElement.textContent.includes('Sofia'));
  assert.equal(await status(page), 'Showing Sofia, Bulgaria');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement.dataset.slug === 'sofia');
  assert.equal(new URL(page.url()).pathname, '/embed/');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

// countMoves opens a far city after zooming in and counts, frame by frame,
// the places its marker is seen at, less one: one when the map jumps, more
// when it glides. A busy machine draws few frames, so a glide may be seen
// at only two or three places between the start and the end.
async function countMoves(reducedMotion) {
  const { context, page } = await open('/cities/gijon/', { reducedMotion });
  await page.waitForSelector('.marker.is-selected');
  for (let i = 0; i < 3; i++) {
    await page.click('.leaflet-control-zoom-in');
    await page.waitForTimeout(400);
  }
  // Sampled from the click until the glide has surely ended: on a busy
  // machine the click itself can take longer than the glide.
  await page.evaluate(() => {
    const marker = document.querySelector('.marker[data-slug="sofia"]');
    window.places = new Set();
    window.sampling = true;
    const sample = () => {
      window.places.add(Math.round(marker.getBoundingClientRect().left));
      if (window.sampling) requestAnimationFrame(sample);
    };
    sample();
  });
  await page.click('#cities a[data-slug="sofia"]');
  await page.locator('#details h1').filter({ hasText: 'Sofia' }).waitFor();
  await page.waitForTimeout(1200);
  await page.evaluate(() => { window.sampling = false; });
  const moves = await page.evaluate(() => window.places.size - 1);
  await context.close();
  return moves;
}

test('with reduced motion the map jumps instead of gliding', async () => {
  const still = await countMoves('reduce');
  const moving = await countMoves('no-preference');
  assert.equal(still, 1, `the map moved ${still} times`);
  assert.ok(moving >= 2, `without the preference it glides (${moving} moves)`);
});

test('at 320 px nothing scrolls sideways', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide = [];
  for (const path of ['/', '/cities/vaulx-en-velin/', '/embed/', '/embed/cities/alba-iulia/', '/embed-builder/', '/no-such-page']) {
    await page.goto(server.url + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${path}: ${width}px`);
  }
  assert.deepEqual(wide, []);
  await context.close();
});

// contrast is the WCAG contrast ratio of two CSS colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const colorScheme of ['light', 'dark']) {
  test(`markers, lines and focus rings stand out from the basemap, ${colorScheme} scheme`, async () => {
    const { context, page } = await open('/', { colorScheme });
    await page.waitForFunction(() => document.querySelectorAll('#map path.map-country--tinted').length > 0);
    const colours = await page.evaluate(() => {
      const css = (sel, prop, pseudo) => getComputedStyle(document.querySelector(sel), pseudo)[prop];
      return {
        partner: css('.marker--partner', 'backgroundColor', '::before'),
        coordinator: css('.marker--coordinator', 'backgroundColor', '::before'),
        line: css('#map path.map-link', 'stroke'),
        land: css('#map path.map-country:not(.map-country--tinted)', 'fill'),
        tinted: css('#map path.map-country--tinted', 'fill'),
        sea: css('#map', 'backgroundColor'),
        paper: css('html', 'backgroundColor'),
        focus: getComputedStyle(document.documentElement).getPropertyValue('--focus').trim(),
      };
    });
    const low = [];
    for (const mark of ['partner', 'coordinator', 'line']) {
      for (const ground of ['land', 'tinted', 'sea']) {
        const ratio = contrast(colours[mark], colours[ground]);
        if (ratio < 3) low.push(`${mark} on ${ground}: ${ratio.toFixed(2)}`);
      }
    }
    const rgb = await page.evaluate((c) => { const d = document.createElement('div'); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }, colours.focus);
    for (const ground of ['paper', 'land', 'tinted', 'sea']) {
      const ratio = contrast(rgb, colours[ground]);
      if (ratio < 3) low.push(`focus ring on ${ground}: ${ratio.toFixed(2)}`);
    }
    assert.deepEqual(low, [], JSON.stringify(colours));
    await context.close();
  });
}
