// A site under a path, as organisations publish it:
// - partnermap serve behind Debian's nginx, configured as docs/running.md
//   says, passing /map/ on as it is to a network's server and /atlas/ to
//   an atlas's; and behind Debian's Caddy, with the site block of
//   docs/running.md, passing /map/ on and the rest to the host's own site;
// - an export made for a GitHub Pages project site, served under /REPO/
//   by python3 -m http.server from the folder above it, and by a host
//   that answers as GitHub Pages does; on that host, an atlas's export
//   under /ATLAS/ too.
// A crawl from the path finds every link and asset of the pages in two
// languages answering, and none leaving the path. In Chromium the map
// loads, its basemap's tiles too, a city click works, the language menu
// keeps the path, and an embed pasted on another site through oEmbed
// grows with /embed.js.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, writeFileSync, rmSync, chmodSync, statSync, readFileSync } from 'node:fs';
import { createServer as createHTTPServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, startHost, launch, watch, crawl, frameAt, freePort, runHost } from './harness.mjs';

const nginxBinary = '/usr/sbin/nginx';
const caddyBinary = '/usr/bin/caddy';
const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const atlasFolder = fileURLToPath(new URL('../../data/testdata/atlas', import.meta.url));
const skipReason = `${nginxBinary} missing: make test-browser installs nginx-light`;
const hasNginx = existsSync(nginxBinary);
const caddySkipReason = `${caddyBinary} missing: make test-browser installs caddy`;
const hasCaddy = existsSync(caddyBinary);

let tmp;
let browser;
let host;


before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'partnermap-path-'));
  // nginx's workers drop root for nobody; they must reach the files.
  chmodSync(tmp, 0o755);
  host = await startHost({
    '/article.html': (url) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,">
      <style>iframe { height: 300px }</style></head><body>
      <div style="width:800px">${url.searchParams.get('snippet')}</div></body></html>`,
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// open loads a page and records what it asked for; done checks that
// every request stayed on origin under root (or went to the origins
// allowed) and was answered, and that the console stayed clean. With
// notFound the page itself is the 404 page.
async function open(url, { origin, root }, allowed = [], notFound = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const seen = watch(context);
  const failed = [];
  context.on('response', (r) => {
    if (r.status() >= 400 && !(notFound && r.status() === 404 && r.url() === url)) failed.push(`${r.status()} ${r.url()}`);
  });
  const page = await context.newPage();
  await page.goto(url);
  return {
    page,
    async done() {
      const leaving = seen.requests.filter((u) => {
        const { origin: o, pathname } = new URL(u);
        return !allowed.includes(o) && (o !== origin || !pathname.startsWith(root + '/'));
      });
      assert.deepEqual(leaving, [], `every request goes to ${origin}${root}/`);
      assert.deepEqual(failed, [], 'every request is answered');
      const errors = seen.errors.filter((e) => !(notFound && e.includes('404')));
      assert.deepEqual(errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const path = (page) => new URL(page.url()).pathname + new URL(page.url()).search;
const heading = (page) => page.locator('#details h1');

// clickAround loads the network's map under root, opens Palermo from
// its marker and Berlin from the list, goes back, switches to Italian,
// and zooms in until the basemap's tiles draw the map. Both networks
// served here have the two cities.
async function clickAround(site) {
  const { page, done } = await open(site.origin + site.root + '/', site);
  await page.waitForFunction((n) => document.querySelectorAll('.marker').length === n, site.cities);
  await page.evaluate(() => { window.sameDocument = true; });
  await page.click('.marker[data-slug="palermo"]');
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), site.root + '/cities/palermo/');
  await page.click('#cities a[data-slug="berlin"]');
  await heading(page).filter({ hasText: 'Berlin' }).waitFor();
  assert.equal(path(page), site.root + '/cities/berlin/');
  await page.goBack();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), site.root + '/cities/palermo/');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the panels were swapped in');
  await Promise.all([page.waitForURL(`**${site.root}/it/cities/palermo/`), page.click('.languages a[hreflang="it"]')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'it');
  await page.waitForSelector('.marker.is-selected');
  for (let i = 0; i < 4; i++) {
    await page.click('.leaflet-control-zoom-in');
    await page.waitForTimeout(300);
  }
  await page.waitForFunction(() => document.querySelectorAll('#map .leaflet-tile-loaded path').length > 0);
  await done();
}

// embedThrough pastes what an oEmbed answer gives into a page on another
// origin and checks that the frame shows the city and grows past the
// host page's height for it, as /embed.js under root sizes it.
async function embedThrough(site, oembedURL) {
  const oembed = await (await fetch(oembedURL)).json();
  assert.match(oembed.html, new RegExp(`<iframe src="${site.origin}${site.root}/embed/cities/palermo/"`));
  assert.equal(oembed.provider_url, `${site.origin}${site.root}/`);
  const snippet = oembed.html.includes('embed.js') ? oembed.html : `${oembed.html}<script src="${site.origin}${site.root}/embed.js" async></script>`;
  const article = new URL('/article.html', host.url);
  article.searchParams.set('snippet', snippet);
  const { page, done } = await open(article.href, site, [host.url]);
  const frame = await frameAt(page, `${site.origin}${site.root}/embed/`);
  await frame.waitForSelector('.marker[data-slug="palermo"].is-selected');
  await page.waitForFunction(() => document.querySelector('iframe').getBoundingClientRect().height > 300);
  await done();
}

// checkCrawl crawls a site from its root, in English and Italian unless
// options say otherwise, and reports what it read; it must read at least
// least pages.
async function checkCrawl(t, site, start, least, options) {
  const started = Date.now();
  const { pages, fetched, problems } = await crawl(site.origin, site.root, start.map((p) => site.root + p), options);
  t.diagnostic(`${pages} pages read, ${fetched} addresses fetched in ${Date.now() - started} ms`);
  assert.deepEqual(problems, []);
  assert.ok(pages >= least, `${pages} pages read, fewer than ${least}`);
}

// checkRedirects checks that the proxy at origin passes /map/ on as it is:
// other spellings of an address are sent to their one address under
// /map/, and an error page leads back into it.
async function checkRedirects(origin) {
  for (const [address, location] of [['/map', '/map/'], ['/map/cities/palermo', '/map/cities/palermo/'], ['/map/it', '/map/it/'], ['/map/embed/cities/palermo?list=0', '/map/embed/cities/palermo/?list=0']]) {
    const r = await fetch(origin + address, { redirect: 'manual' });
    assert.equal(r.status, 301, address);
    assert.equal(new URL(r.headers.get('location'), origin).href, origin + location, address);
  }
  const r = await fetch(`${origin}/map/it/nowhere/`);
  assert.equal(r.status, 404);
  const html = await r.text();
  assert.match(html, /<html lang="it">/);
  assert.match(html, /href="\/map\/it\/"/);
  assert.doesNotMatch(html, /(href|src)="\/(?!map\/)/, 'every address on the error page is under /map/');
}

describe('partnermap serve behind nginx, under /map/ and /atlas/', () => {
  let proxy;
  let network;
  let atlas;
  let origin;
  before(async () => {
    if (!hasNginx) return;
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    [network, atlas] = await Promise.all([
      startServer(['--base-url', `${origin}/map/`]),
      startServer(['--base-url', `${origin}/atlas/`, '--data', atlasFolder]),
    ]);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((m) => `  ${m}_temp_path ${tmp}/temp-${m};`).join('\n');
    // The location blocks of docs/running.md, with the servers' ports.
    writeFileSync(join(tmp, 'proxy.conf'), `worker_processes 1;
pid ${tmp}/proxy.pid;
error_log ${tmp}/proxy-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port};
    location /map/ {
        proxy_pass ${network.url};
    }
    location /atlas/ {
        proxy_pass ${atlas.url};
    }
  }
}
`);
    proxy = await runHost(nginxBinary, ['-p', tmp, '-c', join(tmp, 'proxy.conf'), '-g', 'daemon off;'], `${origin}/map/healthz`);
  });
  after(async () => {
    await proxy?.stop();
    await network?.stop();
    await atlas?.stop();
  });

  test('every link and asset of the network\'s pages in English and Italian answers under /map/', async (t) => {
    if (!hasNginx) return t.skip(skipReason);
    // The server renders the other languages' pages alike: the crawl
    // reads those in Italian and only checks the others' addresses.
    await checkCrawl(t, { origin, root: '/map' }, ['/', '/embed/', '/embed-builder/', '/it/'], 70, { only: () => false });
  });

  test('the map loads under /map/, a city click opens the city, and the language menu keeps the path', async (t) => {
    if (!hasNginx) return t.skip(skipReason);
    await clickAround({ origin, root: '/map', cities: 11 });
  });

  test('addresses written another way are sent to their one address under /map/; errors lead back into it', async (t) => {
    if (!hasNginx) return t.skip(skipReason);
    await checkRedirects(origin);
  });

  test('an embed pasted through the oEmbed endpoint under /map/ grows with /map/embed.js', async (t) => {
    if (!hasNginx) return t.skip(skipReason);
    const url = new URL(`${origin}/map/oembed`);
    url.searchParams.set('url', `${origin}/map/cities/palermo`);
    url.searchParams.set('height', 'auto');
    await embedThrough({ origin, root: '/map' }, url.href);
  });

  test('the atlas under /atlas/ opens a place, chooses a network and opens its site; its pages link only under /atlas/', async (t) => {
    if (!hasNginx) return t.skip(skipReason);
    const site = { origin, root: '/atlas' };
    const { page, done } = await open(`${origin}/atlas/places/palermo`, site);
    assert.equal(path(page), '/atlas/places/palermo/');
    await page.waitForSelector('.place-marker, .marker-cluster');
    await page.click('#details a[data-network="courtyards"]');
    await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
    assert.equal(path(page), '/atlas/?network=courtyards');
    await page.reload();
    await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#map .marker').length === 4);
    // The network's own site, and back to the atlas from its header.
    await Promise.all([page.waitForURL('**/atlas/networks/courtyards/'), page.click('#details .panel__more a')]);
    await page.waitForSelector('.marker');
    assert.equal(await page.locator('.marker').count(), 4);
    await Promise.all([page.waitForURL('**/atlas/'), page.click('.site-header__atlas a')]);
    await done();
    await checkCrawl(t, site, ['/', '/places/', '/networks/conet/'], 40, { langs: [], only: () => false });
  });
});

describe('partnermap serve behind Caddy, under /map/', () => {
  let proxy;
  let network;
  let origin;
  before(async () => {
    if (!hasCaddy) return;
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    network = await startServer(['--base-url', `${origin}/map/`]);
    // The site block of docs/running.md, with the server's port, and the
    // host's own site answering the rest. Caddy keeps its state under
    // $XDG_DATA_HOME and $XDG_CONFIG_HOME.
    writeFileSync(join(tmp, 'Caddyfile'), `{
	admin off
	auto_https off
	grace_period 1s
}
${origin} {
	@map path /map /map/*
	handle @map {
		reverse_proxy ${network.url}
	}
	handle {
		respond "the host's own site"
	}
}
`);
    const env = { ...process.env, HOME: tmp, XDG_DATA_HOME: join(tmp, 'caddy-data'), XDG_CONFIG_HOME: join(tmp, 'caddy-config') };
    proxy = await runHost(caddyBinary, ['run', '--config', join(tmp, 'Caddyfile'), '--adapter', 'caddyfile'], `${origin}/map/healthz`, env);
  });
  after(async () => {
    await proxy?.stop();
    await network?.stop();
  });

  test('every link and asset of the network\'s pages in English and Italian answers under /map/', async (t) => {
    if (!hasCaddy) return t.skip(caddySkipReason);
    await checkCrawl(t, { origin, root: '/map' }, ['/', '/embed/', '/embed-builder/', '/it/'], 70, { only: () => false });
  });

  test('the map loads under /map/, a city click opens the city, and the language menu keeps the path', async (t) => {
    if (!hasCaddy) return t.skip(caddySkipReason);
    await clickAround({ origin, root: '/map', cities: 11 });
  });

  test('addresses written another way are sent to their one address under /map/; the rest is the host\'s', async (t) => {
    if (!hasCaddy) return t.skip(caddySkipReason);
    await checkRedirects(origin);
    for (const address of ['/', '/mapping/', '/other/']) {
      const r = await fetch(origin + address, { redirect: 'manual' });
      assert.equal(r.status, 200, address);
      assert.equal(await r.text(), 'the host\'s own site', address);
    }
  });
});

// githubPages serves dir as GitHub Pages serves a repository's site: a
// folder's index.html, a folder's address without its slash sent to it,
// x.html for x where there is no folder x, and the site's 404.html for
// anything else.
function githubPages(dir, port, repo) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'application/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8', '.geojson': 'application/geo+json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.kml': 'application/vnd.google-earth.kml+xml', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/vnd.microsoft.icon' };
  const isFile = (f) => existsSync(f) && statSync(f).isFile();
  const server = createHTTPServer((req, res) => {
    const url = new URL(req.url, 'http://host');
    const rel = normalize(decodeURIComponent(url.pathname));
    const file = join(dir, rel);
    const send = (status, f) => {
      res.writeHead(status, { 'Content-Type': types[extname(f)] || 'application/octet-stream' });
      res.end(readFileSync(f));
    };
    if (!file.startsWith(dir)) return send(404, join(dir, repo, '404.html'));
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: url.pathname + '/' + url.search }).end();
        return;
      }
      if (isFile(join(file, 'index.html'))) return send(200, join(file, 'index.html'));
    } else if (isFile(file)) {
      return send(200, file);
    } else if (isFile(file + '.html')) {
      return send(200, file + '.html');
    }
    return send(404, join(dir, repo, '404.html'));
  });
  server.listen(port, '127.0.0.1');
  return once(server, 'listening').then(() => ({
    stop() {
      // A browser's connections kept alive would hold close up.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  }));
}

// The network exported is one of four cities, whose pages are fewer to
// crawl than CoNet's.
const harbours = fileURLToPath(new URL('../../data/testdata/atlas/harbours.toml', import.meta.url));

describe('an export for https://USER.github.io/REPO/, served under /REPO/', () => {
  let parent;
  let port;
  let origin;
  let exportSummary;
  before(async () => {
    // The port goes into the pages' absolute links: the export is made
    // for it, and the hosts take turns on it.
    port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    parent = join(tmp, 'pages');
    const started = Date.now();
    const out = execFileSync(binary, ['export', join(parent, 'REPO'), '--data', harbours, '--base-url', `${origin}/REPO/`], { encoding: 'utf8' });
    exportSummary = `${out.trim()} (${Date.now() - started} ms)`;
    execFileSync(binary, ['export', join(parent, 'ATLAS'), '--data', atlasFolder, '--base-url', `${origin}/ATLAS/`]);
  });

  const hosts = [
    // python3 takes tens of milliseconds a request: the crawl reads the
    // pages in English and Italian there, and fetches the other
    // languages' addresses, the same files, from the other host only.
    { name: 'python3 -m http.server from the folder above', crawl: { only: () => false }, start: () => runHost('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', parent, String(port)], `${origin}/REPO/robots.txt`) },
    { name: 'a host that answers as GitHub Pages does', pages: true, crawl: {}, start: () => githubPages(parent, port, 'REPO') },
  ];
  for (const staticHost of hosts) {
    describe(staticHost.name, () => {
      let running;
      const site = () => ({ origin, root: '/REPO', cities: 4 });
      before(async () => { running = await staticHost.start(); });
      after(async () => { await running?.stop(); });

      test('every link and asset of the pages in English and Italian answers under /REPO/', async (t) => {
        t.diagnostic(exportSummary);
        await checkCrawl(t, site(), ['/', '/embed/', '/embed-builder/', '/it/'], 30, staticHost.crawl);
      });

      test('the map loads under /REPO/, a city click opens the city, and the language menu keeps the path', async () => {
        await clickAround(site());
      });

      test('a city\'s address written without its slash opens the city', async () => {
        const { page, done } = await open(`${origin}/REPO/cities/valencia`, site());
        assert.equal(path(page), '/REPO/cities/valencia/');
        await page.waitForSelector('.marker.is-selected');
        assert.equal(await page.locator('.marker.is-selected').getAttribute('data-slug'), 'valencia');
        await done();
      });

      if (!staticHost.pages) return;

      test('an address that is not there shows the 404 page, whose links and assets work from any depth', async () => {
        const { page, done } = await open(`${origin}/REPO/some/where/deep`, site(), [], true);
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await page.click('header a[href="/REPO/"]');
        await page.waitForFunction(() => document.querySelectorAll('.marker').length === 4);
        assert.equal(path(page), '/REPO/');
        await done();
      });

      test('an embed pasted through its oEmbed file under /REPO/ grows with /REPO/embed.js', async () => {
        const page = await (await fetch(`${origin}/REPO/cities/palermo/`)).text();
        const href = page.match(/<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/)?.[1];
        assert.equal(href, `${origin}/REPO/oembed/cities/palermo.json`);
        await embedThrough(site(), href);
      });

      test('an atlas exported for /ATLAS/: every link and asset in English and Italian answers under it; a place opens and a network is chosen', async (t) => {
        const atlas = { origin, root: '/ATLAS' };
        await checkCrawl(t, atlas, ['/', '/places/', '/it/'], 100);
        const { page, done } = await open(`${origin}/ATLAS/places/palermo`, atlas);
        assert.equal(path(page), '/ATLAS/places/palermo/');
        await page.waitForSelector('.place-marker, .marker-cluster');
        await page.click('#details a[data-network="courtyards"]');
        await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
        assert.equal(path(page), '/ATLAS/?network=courtyards');
        // The host answers the atlas's home, where the script chooses it.
        await page.reload();
        await heading(page).filter({ hasText: 'Green Courtyards' }).waitFor();
        await done();
      });
    });
  }
});
