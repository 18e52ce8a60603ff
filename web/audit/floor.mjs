// The floor a map page is measured against: Leaflet's own stylesheet and
// script, as pinned in the project's package-lock.json, a map of the size
// the page's map has on Lighthouse's phone, in the same view, with a
// circle marker for every city (or, in an atlas, every place), and
// nothing else. It is served with the page's own security headers: what
// they cost (Cross-Origin-Opener-Policy puts a page in a process of its
// own, which a browser starts for it) is the same for both. What a page
// costs beyond it is what partnermap adds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { screenEmulationMetrics, userAgents } from 'lighthouse/core/config/constants.js';

const leaflet = fileURLToPath(new URL('../../node_modules/leaflet/dist/', import.meta.url));
const binary = process.env.AUDIT_BINARY || fileURLToPath(new URL('../../bin/partnermap', import.meta.url));

// The map pages measured against their floors: the network's home and a
// city, the atlas's home and a place. AUDIT_PAGES narrows them.
export const mapPages = [
  ['network', '/'],
  ['network', '/cities/palermo/'],
  ['atlas', '/'],
  ['atlas', '/places/place-0/'],
].filter(([site, path]) => new RegExp(process.env.AUDIT_PAGES || '').test(`${site} ${path}`));

// serve runs the built server with args, and resolves once its site is
// settled, compressed at the best levels, as it is measured.
export async function serve(args = []) {
  const proc = spawn(binary, ['serve', '--addr', '127.0.0.1:0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      if (/msg="compressed at the best levels"/.test(log)) resolve(log.match(/\burl=(http:\/\/\S+)/)[1]);
    });
    proc.on('exit', (code) => reject(new Error(`partnermap exited with ${code}:\n${log}`)));
  });
  return { url, stop: () => proc.kill('SIGTERM') };
}

// The headers of a response that are the file's own, not the site's.
const ownHeaders = ['content-type', 'content-encoding', 'content-length', 'cache-control', 'etag', 'vary', 'date', 'last-modified', 'connection', 'keep-alive', 'transfer-encoding'];

// measure opens url as Lighthouse's phone does, lets its map script run,
// and returns what a floor for it needs: the map's size, the view the page
// fits (bounds, the padding and the limits to panning), the points marked
// on it, read from the page's configuration and its list of cities, or
// for an atlas from the places it fetches, and the headers it was served
// with.
export async function measure(port, url) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  const page = await browser.newPage();
  try {
    const screen = screenEmulationMetrics.mobile;
    await page.setUserAgent(userAgents.mobile);
    await page.setViewport({ width: screen.width, height: screen.height, deviceScaleFactor: screen.deviceScaleFactor, isMobile: true, hasTouch: true });
    const response = await page.goto(url, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#map.leaflet-container');
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !ownHeaders.includes(name)));
    const view = await page.evaluate(async () => {
      const atlas = document.getElementById('atlas-config');
      const config = JSON.parse((atlas || document.getElementById('map-config')).textContent);
      const box = document.getElementById('map').getBoundingClientRect();
      let points;
      if (atlas) {
        const rows = await (await fetch(config.places)).json();
        points = rows.map((row) => [row[1], row[2]]);
      } else {
        points = [...document.querySelectorAll('#cities a[data-lat]')].map((a) => [+a.dataset.lat, +a.dataset.lon]);
      }
      return {
        top: Math.round(box.top + window.scrollY),
        left: Math.round(box.left),
        width: Math.round(box.width),
        height: Math.round(box.height),
        bounds: config.bounds,
        maxBounds: config.maxBounds,
        points,
      };
    });
    return { ...view, headers };
  } finally {
    await page.close();
    browser.disconnect();
  }
}

// floorPage is the floor's HTML, stylesheet and script for a measured
// page; nothing inline, which the page's policy would refuse.
function floorPage(m) {
  const html = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Leaflet alone</title>' +
    '<link rel="stylesheet" href="/leaflet/leaflet.css"><link rel="stylesheet" href="floor.css">' +
    '<script src="/leaflet/leaflet.js" defer></script><script src="floor.js" defer></script></head>' +
    '<body><div id="map"></div></body></html>';
  const css = `body { margin: 0 }
#map { position: absolute; top: ${m.top}px; left: ${m.left}px; width: ${m.width}px; height: ${m.height}px }
`;
  const js = `const view = ${JSON.stringify({ bounds: m.bounds, maxBounds: m.maxBounds })};
const points = ${JSON.stringify(m.points)};
const map = L.map('map', { attributionControl: false, maxBounds: view.maxBounds, maxBoundsViscosity: 1, zoomSnap: 0.25 });
map.fitBounds(view.bounds, { padding: [28, 28] });
for (const p of points) L.circleMarker(p, { radius: 7 }).addTo(map);
`;
  return { html, css, js };
}

// serveFloors serves a floor for each measured page, at /0/, /1/ and so
// on, and Leaflet under /leaflet/, compressed with brotli at its best level
// as the site serves its own files, each with the headers of the page it
// stands for. It resolves to the floors' origin and a function that stops
// the server.
export async function serveFloors(measured) {
  const files = new Map();
  const add = (path, type, body, headers = {}) => files.set(path, {
    headers: { ...headers, 'Content-Type': type, 'Content-Encoding': 'br', 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding' },
    body: brotliCompressSync(Buffer.from(body), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
  });
  const site = measured.length ? measured[0].headers : {};
  add('/leaflet/leaflet.js', 'text/javascript; charset=utf-8', readFileSync(leaflet + 'leaflet.js'), site);
  add('/leaflet/leaflet.css', 'text/css; charset=utf-8', readFileSync(leaflet + 'leaflet.css'), site);
  measured.forEach((m, i) => {
    const { html, css, js } = floorPage(m);
    add(`/${i}/`, 'text/html; charset=utf-8', html, m.headers);
    add(`/${i}/floor.css`, 'text/css; charset=utf-8', css, m.headers);
    add(`/${i}/floor.js`, 'text/javascript; charset=utf-8', js, m.headers);
  });
  const server = createServer((req, res) => {
    const file = files.get(new URL(req.url, 'http://floor').pathname);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, file.headers);
    res.end(file.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() };
}
