// One style table: in a real Chromium, in either colour scheme, the live
// map's markers and lines are the colours of the map the server drew, and
// the sizes the stylesheet's custom properties give; the KML file's
// colours are the live map's in the light scheme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveAndLaunch, closeAll, watch } from './harness.mjs';

let server;
let browser;
before(async () => ({ server, browser } = await serveAndLaunch()));
after(() => closeAll(browser, server));

// look opens / and reads the colours and sizes of the marks on both maps.
async function look(colorScheme) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.waitForSelector('#map .marker--coordinator');
  await page.waitForSelector('#map path.map-link');
  const marks = await page.evaluate(() => {
    const style = (selector, property, pseudo) => getComputedStyle(document.querySelector(selector), pseudo)[property];
    const side = (selector) => document.querySelector(selector).getBoundingClientRect().width;
    const custom = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return {
      live: {
        partner: style('#map .marker--partner', 'backgroundColor', '::before'),
        coordinator: style('#map .marker--coordinator', 'backgroundColor', '::before'),
        line: style('#map path.map-link', 'stroke'),
        lineWidth: style('#map path.map-link', 'strokeWidth'),
      },
      drawn: {
        partner: style('svg.map-picture .map-dot--partner', 'fill'),
        coordinator: style('svg.map-picture .map-dot--coordinator', 'fill'),
        line: style('svg.map-picture .map-link', 'stroke'),
        lineWidth: style('svg.map-picture .map-link', 'strokeWidth'),
      },
      sides: { partner: side('#map .marker--partner'), coordinator: side('#map .marker--coordinator') },
      properties: { partner: custom('--marker-partner'), coordinator: custom('--marker-coordinator') },
    };
  });
  await context.close();
  assert.deepEqual(seen.errors, []);
  return marks;
}

const schemes = {};

for (const colorScheme of ['light', 'dark']) {
  test(`the live map and the drawn map agree, ${colorScheme} scheme`, async () => {
    const marks = await look(colorScheme);
    schemes[colorScheme] = marks;
    assert.deepEqual(marks.live, marks.drawn);
    assert.match(marks.live.partner, /^rgb\(/, 'the partner colour is not a colour: is the stylesheet missing its custom properties?');
    assert.notEqual(marks.live.partner, marks.live.coordinator);
    assert.deepEqual(marks.sides, { partner: parseFloat(marks.properties.partner), coordinator: parseFloat(marks.properties.coordinator) }, JSON.stringify(marks.properties));
  });
}

test('the schemes differ, and the KML has the light colours', async () => {
  const light = schemes.light || (await look('light'));
  const dark = schemes.dark || (await look('dark'));
  assert.notEqual(light.live.partner, dark.live.partner);
  assert.notEqual(light.live.coordinator, dark.live.coordinator);
  const kml = await (await fetch(server.url + '/api/network.kml')).text();
  // KML writes colours as aabbggrr.
  const rgb = (aabbggrr) => {
    const [b, g, r] = [2, 4, 6].map((i) => parseInt(aabbggrr.slice(i, i + 2), 16));
    return `rgb(${r}, ${g}, ${b})`;
  };
  const colour = (id) => rgb(kml.match(new RegExp(`<Style id="${id}"><\\w+Style><color>([0-9a-f]{8})</color>`))[1]);
  assert.equal(colour('coordinator'), light.live.coordinator);
  assert.equal(colour('partner'), light.live.partner);
  assert.equal(colour('link'), light.live.line);
  assert.equal(`${kml.match(/<width>([\d.]+)<\/width>/)[1]}px`, light.live.lineWidth);
});
