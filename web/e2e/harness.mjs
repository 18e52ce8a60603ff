// Shared set-up for the browser tests: the real binary on a free loopback
// port, Debian's Chromium through playwright-core, and a record of every
// request and console error so that each test can check them.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { createServer as createTCPServer } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));

// shows waits until every element selector matches shows text, text
// among it where given (innerText). The parts of a page laid out as they
// come near the view (content-visibility: auto) show none until the frame
// after they do, which a busy machine delays.
export const shows = (page, selector, text = '') => page.waitForFunction(([s, t]) => {
  const els = [...document.querySelectorAll(s)];
  return els.length > 0 && els.every((e) => e.innerText.trim() !== '' && e.innerText.includes(t));
}, [selector, text]);

// linesDrawn, run in a page, counts the lines from the coordinator's city
// on the live map, which are one path whose every line starts with an M;
// given a count, it tells whether that many are drawn (for
// waitForFunction: the page's policy forbids a string to evaluate).
export function linesDrawn(count) {
  const drawn = [...document.querySelectorAll('#map path.map-link')].reduce((n, p) => n + p.getAttribute('d').split('M').length - 1, 0);
  return count === undefined ? drawn : drawn === count;
}

// startServer runs `partnermap serve` and resolves once it listens. It
// serves the quick compression only, unless bestCompression is asked for:
// the pass at the best levels would take seconds of processor time from
// the tests running beside it.
export async function startServer(args = [], { bestCompression = false } = {}) {
  const proc = spawn(binary, ['serve', '--addr', '127.0.0.1:0', `--best-compression=${bestCompression}`, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  let compressed;
  const best = new Promise((resolve) => { compressed = resolve; });
  const url = await new Promise((resolve, reject) => {
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/msg=serving .*?\burl=(http:\/\/\S+)/);
      if (m) resolve(m[1]);
      if (log.includes('msg="compressed at the best levels"')) compressed();
    });
    proc.on('exit', (code) => reject(new Error(`partnermap exited with ${code}:\n${log}`)));
  });
  return {
    url,
    // best resolves once the site is compressed at the best levels, which
    // replace the quick ones shortly after the start when asked for.
    best,
    async stop() {
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    },
  };
}

// serveAndLaunch starts the server with args and options (startServer's)
// and Chromium, which most test files share between their tests.
export async function serveAndLaunch(args = [], options = {}) {
  const [server, browser] = await Promise.all([startServer(args, options), launch()]);
  return { server, browser };
}

// closeAll closes the browsers and stops the servers and hosts it is
// given, those that started.
export async function closeAll(...started) {
  for (const s of started) {
    if (s?.close) await s.close();
    else await s?.stop();
  }
}

// launch starts Chromium without the background traffic it would
// otherwise send to Google's hosts.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// watch records what a browser context requests and what goes wrong in it.
export function watch(context) {
  const seen = { requests: [], errors: [] };
  context.on('request', (r) => seen.requests.push(r.url()));
  context.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  context.on('weberror', (e) => seen.errors.push(String(e.error())));
  return seen;
}

// editingAtlas serves an atlas of CoNet and a copy named Other with
// editing on, anna an admin and ben an editor of CoNet, both with
// password, and launches Chromium. stop ends both and removes the files;
// took says how long the tests ran and how much of it was the start.
export async function editingAtlas(name, password) {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), `partnermap-${name}-`));
  const data = join(dir, 'data');
  await mkdir(data);
  const source = await readFile(fileURLToPath(new URL('../../data/conet.toml', import.meta.url)), 'utf8');
  await writeFile(join(data, 'conet.toml'), source);
  await writeFile(join(data, 'other.toml'), source.replace('slug = "conet"', 'slug = "other"').replace('name = "CoNet"', 'name = "Other"'));
  const users = join(dir, 'users.toml');
  for (const [user, role] of [['anna', 'admin'], ['ben', 'editor']]) {
    const args = ['users', 'add', '--users', users, user, '--role', role];
    if (role !== 'admin') args.push('--networks', 'conet');
    execFileSync(binary, args, { input: password + '\n' });
  }
  const server = await startServer(['--data', data, '--edit', '--users', users, '--state', join(dir, 'state')]);
  const browser = await launch();
  const ready = Date.now();
  return {
    server,
    browser,
    took: () => `${Date.now() - started} ms, ${ready - started} ms of it to start the server and Chromium`,
    async stop() {
      await browser.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// freePort is a loopback port nothing listens on just now.
export async function freePort() {
  const probe = createTCPServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// runHost starts a host (nginx, Caddy, python3 -m http.server) in the
// foreground and resolves once url answers, or throws with what it
// printed. A busy machine can take seconds to start one, so it waits up
// to a minute, for as long as the process runs.
export async function runHost(command, args, url, env = process.env) {
  const proc = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  proc.stderr.on('data', (chunk) => { log += chunk; });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(url);
      break;
    } catch {
      if (proc.exitCode !== null || Date.now() > deadline) {
        if (proc.exitCode === null) proc.kill('SIGTERM');
        throw new Error(`${[command, ...args].join(' ')} did not start:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return {
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    },
  };
}

// startHost serves host pages from another origin (localhost instead of
// 127.0.0.1, on its own port), as a site that embeds the map would.
// pages maps a path to a function of the request's URL giving the HTML.
export async function startHost(pages) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const page = pages[url.pathname];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page(url));
  });
  server.listen(0, 'localhost');
  await once(server, 'listening');
  return {
    url: `http://localhost:${server.address().port}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

// anchors are cities of fourteen countries; generatedNetwork places its cities
// within 0.12 degrees of them, so that each lies in its country's outline,
// as the server checks.
const anchors = [
  ['DE', 52.52, 13.405], ['DE', 48.137, 11.575], ['DE', 50.938, 6.96], ['DE', 53.55, 10.0], ['DE', 51.34, 12.37],
  ['IT', 41.9, 12.5], ['IT', 45.46, 9.19], ['IT', 40.85, 14.27], ['IT', 43.77, 11.25], ['IT', 38.12, 13.36],
  ['FR', 48.857, 2.352], ['FR', 45.764, 4.836], ['FR', 43.6, 1.44], ['FR', 50.63, 3.06], ['FR', 44.84, -0.58],
  ['ES', 40.417, -3.7], ['ES', 41.39, 2.17], ['ES', 37.39, -5.98], ['ES', 39.47, -0.38], ['ES', 43.26, -2.93],
  ['PL', 52.23, 21.01], ['PL', 50.06, 19.94], ['PL', 52.41, 16.93], ['RO', 44.43, 26.1], ['RO', 46.77, 23.6],
  ['NL', 52.37, 4.9], ['NL', 51.44, 5.48], ['BE', 50.85, 4.35], ['BE', 50.63, 5.57], ['BG', 42.7, 23.32], ['BG', 43.21, 27.91],
  ['PT', 41.15, -8.61], ['PT', 40.2, -8.41], ['GR', 37.98, 23.73], ['GR', 40.64, 22.94], ['CZ', 50.08, 14.44], ['CZ', 49.2, 16.61],
  ['HU', 47.5, 19.04], ['HU', 47.53, 21.63], ['AT', 48.21, 16.37], ['AT', 47.07, 15.44],
];

// generatedNetwork writes a network of n cities spread over Europe, the same
// every time. City 0 (Berlin) is the coordinator's, city 1 lies beside it
// so that the two share a cluster at first, the last three are a tight
// group near Lisbon, and two cities have accented names and local names
// for the search field.
export function generatedNetwork(n) {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const special = {
    0: { name: 'Berlin', country: 'DE', lat: 52.52, lon: 13.405 },
    1: { name: 'Berlin Köpenick', country: 'DE', lat: 52.445, lon: 13.575 },
    42: { name: 'Malmö Hamnen', local: 'Malmö', country: 'SE', lat: 55.615, lon: 12.99 },
    77: { name: 'Gijón Norte', local: 'Xixón', country: 'ES', lat: 43.545, lon: -5.66 },
    [n - 3]: { name: 'Lisboa Alfama', country: 'PT', lat: 38.711, lon: -9.13 },
    [n - 2]: { name: 'Lisboa Belém', country: 'PT', lat: 38.697, lon: -9.206 },
    [n - 1]: { name: 'Lisboa Lumiar', country: 'PT', lat: 38.772, lon: -9.16 },
  };
  let toml = `[network]\nslug = "scale"\nname = "Scale"\nfull_name = "A generated network of ${n} cities"\nprogramme = "URBACT"\nstart = 2020-01-01\nend = 2023-12-31\nsummary = "Generated for the browser tests."\n`;
  for (let i = 0; i < n; i++) {
    const [country, lat, lon] = anchors[Math.floor(random() * anchors.length)];
    const c = special[i] || { name: `City ${i}`, country, lat: lat + (random() - 0.5) * 0.24, lon: lon + (random() - 0.5) * 0.24 };
    toml += `\n[[cities]]\nslug = "city-${i}"\nname = "${c.name}"\n`;
    if (c.local) toml += `local_name = "${c.local}"\n`;
    toml += `country = "${c.country}"\nlat = ${c.lat.toFixed(4)}\nlon = ${c.lon.toFixed(4)}\n`;
  }
  for (let i = 0; i < n; i++) {
    toml += `\n[[partners]]\nslug = "partner-${i}"\nname = "Partner ${i}"\nkind = "city"\nrole = "${i === 0 ? 'coordinator' : 'partner'}"\ncity = "city-${i}"\n`;
  }
  return toml;
}

// crawlers is how many requests a crawl has under way at most: Python's
// static host queues five connections, and one more waits a second for
// TCP to try again.
const crawlers = 4;

// crawl reads a site's pages from the addresses start on, as a link
// checker would: every address a page writes (href, src, srcset, action,
// link previews' URLs, the language menu's paths for the map script, and
// every path or URL in its JSON) must be on origin under root, such as
// /map, or another site's. Pages in the languages read (the default and
// those of langs) are read in turn; every other address of the site is
// fetched once, unless only is given and says it need not be (the
// server renders the other languages' pages alike). Everything fetched
// must answer 200 itself, not by a redirect: links name the one address
// of each page; what is not read is asked for with HEAD. It returns the
// pages read, the addresses fetched and the problems found.
export async function crawl(origin, root, start, { langs = ['it'], only = () => true } = {}) {
  const problems = [];
  const seen = new Set(start);
  const queue = [...start];
  let pages = 0;
  let fetched = 0;
  const langOf = (p) => /^\/([a-z]{2})\//.exec(p.slice(root.length))?.[1] || '';
  const read = async (address, method = 'GET') => {
    fetched++;
    const r = await fetch(origin + address, { method, redirect: 'manual' });
    if (r.status !== 200) {
      problems.push(`${address}: status ${r.status}${r.headers.get('location') ? ' to ' + r.headers.get('location') : ''}`);
      return null;
    }
    return (r.headers.get('content-type') || '').startsWith('text/html') ? r.text() : (await r.arrayBuffer(), null);
  };
  while (queue.length > 0) {
    const batch = queue.splice(0, crawlers);
    const bodies = await Promise.all(batch.map((address) => read(address)));
    for (const [i, html] of bodies.entries()) {
      if (html === null) continue;
      pages++;
      const others = [];
      for (const a of addressesIn(html)) {
        const local = localAddress(a, origin, root, (why) => problems.push(`${a} on ${batch[i]}: ${why}`));
        if (local === null || local.includes('{slug}') || seen.has(local)) continue;
        seen.add(local);
        const lang = langOf(local);
        if (lang === '' || langs.includes(lang)) queue.push(local);
        else if (only(local)) others.push(local);
      }
      for (let j = 0; j < others.length; j += crawlers) {
        await Promise.all(others.slice(j, j + crawlers).map((address) => read(address, 'HEAD')));
      }
    }
  }
  return { pages, fetched, problems };
}

// localAddress is an address a page writes as a path under root with its
// query, or null for another site's, a fragment, the bare origin (the
// builder's base, to which its script joins paths) or the bare root (the
// map's, to which its script joins the basemap's tiles). An address on
// origin outside root, or relative to the page, is a problem.
function localAddress(a, origin, root, problem) {
  if (a === '' || a === origin || a === root || a.startsWith('#') || a.startsWith('mailto:')) return null;
  let url;
  if (/^https?:\/\//.test(a)) {
    url = new URL(a);
    if (url.origin !== origin) return null;
  } else if (a.startsWith('/') && !a.startsWith('//')) {
    url = new URL(a, origin);
  } else {
    problem('not a path from the root or a URL');
    return null;
  }
  const local = decodeURI(url.pathname) + url.search;
  if (!local.startsWith(root + '/')) {
    problem(`leaves ${root}/`);
    return null;
  }
  return local;
}

// addressesIn are the addresses an HTML page writes; see crawl.
function addressesIn(html) {
  const unescape = (s) => s.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const out = [];
  for (const [, name, value] of html.matchAll(/\s(href|src|srcset|action|content|data-home-path|data-city-path)="([^"]*)"/g)) {
    const v = unescape(value);
    if (name === 'srcset') out.push(...v.split(',').map((c) => c.trim().split(/\s+/)[0]));
    else if (name !== 'content' || /^(\/|https?:)/.test(v)) out.push(v);
  }
  const strings = (v) => (typeof v === 'string' ? (/^(\/|https?:)/.test(v) ? [v] : [])
    : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
  for (const [, json] of html.matchAll(/<script[^>]*type="application\/(?:ld\+)?json"[^>]*>([\s\S]*?)<\/script>/g)) {
    out.push(...strings(JSON.parse(json)));
  }
  return out;
}

// smallFrame is what an embed in a frame too small for more than its map
// shows (frame is a Playwright frame or page): the size of the frame and
// of the map, the texts shown and the links among them, and where the
// mark of what it embeds (selector) is.
export async function smallFrame(frame, selector) {
  await frame.waitForSelector(selector);
  // Leaflet pans and zooms; let it settle.
  await frame.waitForTimeout(400);
  return frame.evaluate((selector) => {
    const shown = (e) => e.checkVisibility({ visibilityProperty: true }) && e.getBoundingClientRect().width > 0;
    const mark = document.querySelector(selector).getBoundingClientRect();
    const map = document.getElementById('map').getBoundingClientRect();
    const texts = [...document.querySelectorAll('body *')]
      .filter((e) => shown(e) && !e.closest('.leaflet-control-container') && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((e) => e.textContent.trim());
    return {
      frame: [document.documentElement.clientWidth, document.documentElement.clientHeight],
      // The page's own height stays, for /embed.js, but it does not scroll.
      scrolls: document.documentElement.scrollHeight > document.documentElement.clientHeight &&
        getComputedStyle(document.documentElement).overflowY !== 'hidden',
      map: [Math.round(map.width), Math.round(map.height)],
      texts,
      links: [...document.querySelectorAll('a')].filter((a) => shown(a) && !a.closest('.leaflet-control-container')).map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href'), target: a.target })),
      mark: [Math.round(mark.x + mark.width / 2 - map.x - map.width / 2), Math.round(mark.y + mark.height / 2 - map.y - map.height / 2)],
    };
  }, selector);
}

// axeSource is axe-core as @axe-core/playwright has it.
const axeSource = readFileSync(createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'), 'utf8');

// wcag are the rules every page is held to: WCAG 2.2 AA.
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// axeRun runs axe-core's WCAG 2.2 AA rules on page and the frames in it,
// and resolves to its results, violations in full. axe is put in each
// document once, so that checking it again, as in the other colour
// scheme, costs the rules alone.
export async function axeRun(page) {
  for (const frame of page.frames()) {
    if (await frame.evaluate(() => !!window.axe)) continue;
    await frame.evaluate(axeSource);
    await frame.evaluate(() => window.axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] }));
  }
  return page.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }), wcag);
}

// axeFind lists what axeRun finds on page, each as "where: rule (impact)
// at the elements".
export async function axeFind(page, where) {
  const { violations } = await axeRun(page);
  return violations.map((v) => `${where}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// frameAt waits for the frame of page whose address starts with prefix:
// a page's load event can come before its frames have navigated.
export async function frameAt(page, prefix) {
  const found = () => page.frames().find((f) => f.url().startsWith(prefix));
  while (!found()) await page.waitForEvent('framenavigated');
  return found();
}

// openWatched opens a page in a new context of browser, 1280 by 900
// unless options say otherwise, whose errors and requests are watched
// (watch); a dialog counts as an error.
export async function openWatched(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const page = await context.newPage();
  page.on('dialog', (d) => { seen.errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  return { context, page, seen };
}

// checkClean checks that nothing went wrong, nothing broke the page's
// policy, and no request left origin.
export function checkClean(seen, origin) {
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.requests.filter((u) => !u.startsWith(origin)), []);
}

// signInAs signs name in on the editing pages of origin.
export async function signInAs(page, origin, name, password) {
  await page.goto(origin + '/admin/sign-in');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(origin + '/admin/');
}
