// The basemap in a real Chromium: the drawing of a map's view on a first
// visit, and the tiles drawn instead once zoomed in past its detail. An
// atlas of the whole world zoomed in on a coast shows it as well as an
// atlas of Europe alone does; zooming in fetches the tiles in view and no
// others; tinted partner countries and the dark scheme hold in the tiles,
// which screen readers never reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, closeAll, watch } from './harness.mjs';

const europeDir = fileURLToPath(new URL('../../data/testdata/atlas', import.meta.url));

// The test atlas with a network in Argentina, whose map is the world's.
const pampas = `[network]
slug = "pampas"
name = "Pampas"
start = 2020-01-01

[[cities]]
slug = "cordoba"
name = "Córdoba"
country = "AR"
lat = -31.4135
lon = -64.1811

[[cities]]
slug = "rosario"
name = "Rosario"
country = "AR"
lat = -32.9468
lon = -60.6393

[[partners]]
slug = "cordoba"
name = "Municipalidad de Córdoba"
kind = "city"
role = "coordinator"
city = "cordoba"

[[partners]]
slug = "rosario"
name = "Municipalidad de Rosario"
kind = "city"
role = "partner"
city = "rosario"
`;

let network;
let europe;
let world;
let pacificAtlas;
let browser;
let worldDir;
let pacificDir;
before(async () => {
  worldDir = mkdtempSync(join(tmpdir(), 'partnermap-world-'));
  for (const f of readdirSync(europeDir)) copyFileSync(join(europeDir, f), join(worldDir, f));
  writeFileSync(join(worldDir, 'pampas.toml'), pampas);
  // An atlas of CoNet and a network around the Pacific (Suva at 178°E,
  // Apia at 172°W).
  pacificDir = mkdtempSync(join(tmpdir(), 'partnermap-pacific-'));
  copyFileSync(fileURLToPath(new URL('testdata/pacific.toml', import.meta.url)), join(pacificDir, 'pacific.toml'));
  copyFileSync(join(europeDir, 'conet.toml'), join(pacificDir, 'conet.toml'));
  [network, europe, world, pacificAtlas, browser] = await Promise.all([startServer(), startServer(['--data', europeDir]),
    startServer(['--data', worldDir]), startServer(['--data', pacificDir]), launch()]);
});
after(async () => {
  await closeAll(browser, network, europe, world, pacificAtlas);
  for (const dir of [worldDir, pacificDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

// open opens a page with the marks hidden, so that a double click always
// lands on the map, and records the tiles fetched.
async function open(server, path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', ...options });
  const seen = watch(context);
  const tiles = [];
  const failed = [];
  context.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  // Each tile fetched, as [grid, x, y], and the bytes it put on the wire
  // (headers and the body as sent), in the order they were asked for.
  const wire = [];
  context.on('requestfinished', (r) => {
    const m = new URL(r.url()).pathname.match(/^\/static\/tiles\/\w+\/(\d+)\/(\d+)\/(\d+)\.json$/);
    if (m) {
      tiles.push(m.slice(1).map(Number));
      wire.push(r.sizes().then((s) => s.responseHeadersSize + s.responseBodySize));
    }
  });
  const page = await context.newPage();
  await page.goto(server.url + path);
  await page.waitForSelector('#map .leaflet-basemap-pane > svg path.map-country');
  await page.evaluate(() => {
    for (const pane of document.querySelectorAll('#map .leaflet-marker-pane, #map .leaflet-overlay-pane')) pane.style.display = 'none';
  });
  const config = await page.evaluate(() => JSON.parse((document.getElementById('map-config') || document.getElementById('atlas-config')).textContent));
  const basemap = await (await fetch(server.url + config.basemap)).json();
  return {
    page,
    basemap,
    tiles,
    // bytes is what the tiles from the from-th on put on the wire.
    bytes: async (from) => (await Promise.all(wire.slice(from))).reduce((a, b) => a + b, 0),
    async done() {
      assert.deepEqual(failed, [], 'every request is answered');
      assert.deepEqual(seen.errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const mercator = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));

// locate reads where the drawing of the view lies on the screen, while
// the map shows it: the zoom of the map, and the point of the screen a
// place lies at.
async function locate(page, basemap, [lat, lon]) {
  const box = await page.evaluate(() => {
    const svg = document.querySelector('#map .leaflet-basemap-pane > svg');
    if (!svg) return null;
    const r = svg.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
  if (!box) return null;
  const [[south, west], [north, east]] = basemap.bounds;
  return {
    zoom: Math.log2(box.width / ((256 * (east - west)) / 360)),
    x: box.left + ((lon - west) / (east - west)) * box.width,
    y: box.top + ((mercator(north) - mercator(lat)) / (mercator(north) - mercator(south))) * box.height,
  };
}

// zoomTo zooms in about a place, which stays under the pointer, to a zoom
// level: a small turn of the wheel is a quarter of a level, a double click
// a level. Where the map holds its view within its bounds, the place moves
// on the screen: it is found again while the drawing of the view shows.
// It returns the zoom and where the place is on the screen.
async function zoomTo(page, basemap, place, at, to) {
  const step = async (act) => {
    const found = await locate(page, basemap, place);
    if (found) at = { ...found, zoom: at.zoom };
    await page.mouse.move(at.x, at.y);
    await act(at);
    await page.waitForTimeout(150);
  };
  while (at.zoom + 0.01 < Math.ceil(at.zoom - 0.01) && at.zoom < to) {
    await step(() => page.mouse.wheel(0, -1));
    at.zoom += 0.25;
  }
  // The place is dragged to the middle of the map, while the drawing
  // still shows where it is.
  const frame = await page.locator('#map').boundingBox();
  const middle = { x: frame.x + frame.width / 2, y: frame.y + frame.height / 2 };
  if (await locate(page, basemap, place)) {
    await step(async ({ x, y }) => {
      await page.mouse.down();
      await page.mouse.move((x + middle.x) / 2, (y + middle.y) / 2, { steps: 10 });
      await page.mouse.move(middle.x, middle.y, { steps: 10 });
      await page.waitForTimeout(300);
      await page.mouse.up();
    });
  }
  while (at.zoom + 0.5 < to) {
    await step(({ x, y }) => page.mouse.dblclick(x, y));
    at.zoom += 1;
  }
  await settle(page);
  return at;
}

// settle waits until the tiles in view have come.
async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('#map .leaflet-tile:not(.leaflet-tile-loaded)').length === 0);
}

// vertices counts the points of the basemap's outlines that lie on the
// screen within r pixels of (x, y) and in the map's frame, in the drawing
// of the view or in the tiles shown.
const vertices = (page, { x, y }, r) => page.evaluate(([cx, cy, r]) => {
  const frame = document.getElementById('map').getBoundingClientRect();
  const near = { left: Math.max(frame.left, cx - r), right: Math.min(frame.right, cx + r), top: Math.max(frame.top, cy - r), bottom: Math.min(frame.bottom, cy + r) };
  let n = 0;
  for (const path of document.querySelectorAll('#map path.map-country')) {
    const tile = path.closest('.leaflet-tile');
    if (tile && getComputedStyle(tile).visibility !== 'visible') continue;
    const m = path.getScreenCTM();
    const tokens = path.getAttribute('d').match(/[Mlz]|-?\d+(?:\.\d+)?/g);
    let x = 0;
    let y = 0;
    let op = 'M';
    for (let i = 0; i < tokens.length; i++) {
      if (/[Mlz]/.test(tokens[i])) {
        op = tokens[i];
        continue;
      }
      const a = +tokens[i];
      const b = +tokens[++i];
      [x, y] = op === 'M' ? [a, b] : [x + a, y + b];
      const p = new DOMPoint(x, y).matrixTransform(m);
      if (p.x >= near.left && p.x <= near.right && p.y >= near.top && p.y <= near.bottom) n++;
    }
  }
  return n;
}, [x, y, r]);

const drawnBy = (page) => page.evaluate(() => (document.querySelector('#map .leaflet-basemap-pane > svg') ? 'the drawing' : 'tiles'));

test('an atlas of the whole world zoomed in on a coast shows it as an atlas of Europe does', async () => {
  // The Kvarner Gulf and its islands, on the Adriatic, well inside both
  // atlases' views; the points within 200 pixels of it are counted.
  const coast = [45.05, 14.55];
  const near = 200;
  const counts = {};
  for (const [name, server] of [['europe', europe], ['world', world]]) {
    const { page, basemap, done } = await open(server, '/');
    const frame = await page.locator('#map').boundingBox();
    let at = await locate(page, basemap, coast);
    counts[name] = { first: Math.round(at.zoom * 4) / 4, from: basemap.tiles.from };
    for (const to of [5, 8, 12]) {
      at = await zoomTo(page, basemap, coast, at, to);
      assert.ok(at.x - near >= frame.x && at.x + near <= frame.x + frame.width && at.y - near >= frame.y && at.y + near <= frame.y + frame.height,
        `${name}, zoom ${to}: the coast is at ${at.x}, ${at.y}, too near the edge of the map`);
      counts[name][to] = { zoom: at.zoom, vertices: await vertices(page, at, near), by: await drawnBy(page) };
    }
    await done();
  }
  console.log(JSON.stringify(counts));
  for (const to of [5, 8, 12]) {
    const [w, e] = [counts.world[to], counts.europe[to]];
    assert.ok(Math.abs(w.zoom - e.zoom) < 0.3, `zoom ${to}: the maps are at ${w.zoom} and ${e.zoom}`);
    assert.ok(w.vertices >= 0.9 * e.vertices, `zoom ${to}: ${w.vertices} points of coast and borders near it for the world, ${e.vertices} for Europe`);
  }
  // Zoomed in, both are drawn by the same tiles.
  assert.equal(counts.world[8].by, 'tiles');
  assert.equal(counts.europe[8].by, 'tiles');
  assert.ok(counts.world[12].vertices >= 10, `${counts.world[12].vertices} points at zoom 12`);
  // The world's drawing gives way to tiles sooner than Europe's.
  assert.ok(counts.world.from < counts.europe.from, JSON.stringify(counts));
});

test('a first visit draws the view; zooming in fetches the tiles in view, those with land, once each', async () => {
  const { page, basemap, tiles, bytes, done } = await open(network, '/');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(tiles, [], 'a first visit fetches no tile');
  const berlin = [52.52, 13.405];
  let at = await locate(page, basemap, berlin);
  assert.ok(at.zoom < basemap.tiles.from - 0.5, `the first zoom, ${at.zoom}, shows the drawing (tiles from ${basemap.tiles.from})`);
  const frame = await page.locator('#map').boundingBox();
  for (const to of [6, 7, 8, 9, 10]) {
    const before = tiles.length;
    at = await zoomTo(page, basemap, berlin, at, to);
    const zoom = at.zoom;
    const fetched = tiles.slice(before);
    const grid = basemap.tiles.levels.filter((l) => l.from <= Math.round(zoom)).pop().grid;
    // A square of the grid is 256 * 2^(zoom - grid) pixels wide: the frame
    // touches at most so many of them.
    const side = 256 * 2 ** (zoom - grid);
    const most = (Math.ceil(frame.width / side) + 1) * (Math.ceil(frame.height / side) + 1);
    assert.ok(fetched.every(([g]) => g === grid), `zoom ${zoom}: ${JSON.stringify(fetched)} of grid ${grid}`);
    assert.ok(fetched.length <= most, `zoom ${zoom}: ${fetched.length} tiles fetched, the frame touches ${most}`);
    assert.equal(await drawnBy(page), 'tiles');
    const sent = await bytes(before);
    console.log(`zooming in on Berlin to zoom ${to}: ${fetched.length} tiles of grid ${grid}, ${(sent / 1024).toFixed(1)} KB on the wire`);
  }
  assert.ok(tiles.length > 0);
  console.log(`zooming in on Berlin from the first zoom to zoom 10: ${tiles.length} tiles, ${((await bytes(0)) / 1024).toFixed(1)} KB on the wire`);
  assert.equal(new Set(tiles.map(String)).size, tiles.length, 'no tile fetched twice');
  await done();
});

for (const colorScheme of ['light', 'dark']) {
  test(`the tiles tint the partners' countries, and screen readers never reach them, ${colorScheme} scheme`, async () => {
    const { page, basemap, done } = await open(network, '/', { colorScheme });
    const berlin = [52.52, 13.405];
    const at = await zoomTo(page, basemap, berlin, await locate(page, basemap, berlin), 8);
    const drawn = await page.evaluate(([x, y]) => {
      const root = getComputedStyle(document.documentElement);
      const colour = (name) => {
        const probe = document.createElement('div');
        probe.style.color = root.getPropertyValue(name);
        document.body.appendChild(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      };
      const fillAt = (selector) => {
        for (const p of document.querySelectorAll(selector)) {
          if (p.isPointInFill(new DOMPoint(x, y).matrixTransform(p.getScreenCTM().inverse()))) return getComputedStyle(p).fill;
        }
        return null;
      };
      const pane = document.querySelector('#map .leaflet-basemap-pane');
      return {
        berlin: fillAt('#map .leaflet-tile path.map-country--tinted'),
        partner: colour('--land-partner'),
        land: colour('--land'),
        plain: [...document.querySelectorAll('#map .leaflet-tile path.map-country:not(.map-country--tinted)')].map((p) => getComputedStyle(p).fill),
        hidden: [...pane.querySelectorAll('svg')].every((svg) => svg.closest('[aria-hidden="true"]') !== null),
        svgs: pane.querySelectorAll('svg').length,
      };
    }, [at.x, at.y]);
    assert.equal(drawn.berlin, drawn.partner, 'Berlin lies on Germany, tinted');
    assert.ok(drawn.plain.length > 0 && drawn.plain.every((f) => f === drawn.land), `other countries in the land's colour: ${drawn.plain}`);
    assert.ok(drawn.svgs > 0 && drawn.hidden, 'every drawing of the basemap is hidden from screen readers');
    await done();
  });
}

// Boxed in -180°..180°, a network on both sides of the antimeridian would
// span the world: its map shows the Pacific instead, with Apia east of
// Suva, as does the map of an atlas it is in, which runs from Europe east
// to the Pacific; zoomed in on Apia's island, the map draws Samoa from the
// tiles of the world's west edge, tinted.
test('a network across the antimeridian is mapped around the Pacific, and its tiles east of 180° are drawn', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const seen = watch(context);
  const first = await context.newPage();
  for (const [path, selector] of [['/networks/pacific/', '.leaflet-marker-icon[data-slug="{slug}"]'], ['/?network=pacific', '.leaflet-marker-icon[data-slug="{slug}"]'], ['/places/apia/', '.place-marker[aria-label^="Apia,"]']]) {
    await first.goto(pacificAtlas.url + path);
    const marker = (slug) => first.locator('#map ' + selector.replace('{slug}', slug));
    await marker('apia').waitFor();
    await first.waitForTimeout(300);
    const frame = await first.locator('#map').boundingBox();
    const inFrame = (m) => m && m.x >= frame.x && m.x + m.width <= frame.x + frame.width && m.y >= frame.y && m.y + m.height <= frame.y + frame.height;
    const apia = await marker('apia').boundingBox();
    assert.ok(inFrame(apia), `${path}: Apia's marker ${JSON.stringify(apia)} is in the map ${JSON.stringify(frame)}`);
    if (path.startsWith('/places/')) {
      // The place's page opens on it.
      const x = apia.x + apia.width / 2 - frame.x;
      assert.ok(x > frame.width / 4 && x < (frame.width * 3) / 4, `${path}: Apia at ${x} px of ${frame.width}`);
      continue;
    }
    const [suva, auckland] = await Promise.all(['suva', 'auckland'].map((slug) => marker(slug).boundingBox()));
    assert.ok(inFrame(suva) && inFrame(auckland), `${path}: Suva ${JSON.stringify(suva)} and Auckland ${JSON.stringify(auckland)} are in the map`);
    assert.ok(apia.x > suva.x && apia.x - suva.x < frame.width / 2, `${path}: Apia (${apia.x}) is drawn east of Suva (${suva.x}), near it`);
    const lines = await first.evaluate(() => [...document.querySelectorAll('#map path.map-link')].map((p) => p.getBoundingClientRect().width));
    assert.ok(lines.length > 0 && lines.every((w) => w < frame.width / 2), `${path}: the lines from Suva run the short way: ${lines}`);
  }
  assert.deepEqual(seen.errors, [], 'the console shows no errors');
  await context.close();

  const { page, basemap, tiles, done } = await open(pacificAtlas, '/networks/pacific/');
  assert.ok(basemap.bounds[1][1] > 180 && basemap.bounds[1][1] - basemap.bounds[0][1] < 90, `the basemap's view ${JSON.stringify(basemap.bounds)} is the Pacific`);
  // Upolu, the island of Apia, inland.
  const place = [-13.95, -171.75 + 360];
  const at = await zoomTo(page, basemap, place, await locate(page, basemap, place), 9);
  assert.equal(await drawnBy(page), 'tiles');
  assert.ok(tiles.some(([g, x, y]) => g === 6 && x === 1 && y === 34), `Upolu's square of the world's west edge is fetched: ${JSON.stringify(tiles)}`);
  const fill = await page.evaluate(([x, y]) => {
    for (const p of document.querySelectorAll('#map .leaflet-tile path.map-country--tinted')) {
      if (p.isPointInFill(new DOMPoint(x, y).matrixTransform(p.getScreenCTM().inverse()))) return true;
    }
    return false;
  }, [at.x, at.y]);
  assert.ok(fill, 'Upolu is drawn, tinted for Samoa');
  await done();
});
