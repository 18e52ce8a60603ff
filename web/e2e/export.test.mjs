// The exported site on static hosts nobody configured for it, and on the
// nginx configuration docs/running.md documents: the map, city addresses,
// history, the language menu and offer, an embed on another origin through
// its oEmbed HTML, and the builder work as when partnermap serves them.
// The documented configuration also answers every exported address with
// the bytes and headers partnermap serve sends.
//
// The hosts take turns on one port, as the export's absolute links name it:
// - nginx with web/export/nginx.conf included as it is;
// - nginx as Debian sets it up: root, index and mime.types, nothing else
//   (no try_files, no error_page);
// - python3 -m http.server, which serves a folder's index.html and
//   nothing else.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, startHost, launch, watch, frameAt, freePort, runHost } from './harness.mjs';

const nginxBinary = '/usr/sbin/nginx';
const brotliModule = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const documentedConfig = fileURLToPath(new URL('../export/nginx.conf', import.meta.url));
const missing = [nginxBinary, brotliModule, '/etc/nginx/mime.types'].filter((f) => !existsSync(f));
const skipReason = `${missing.join(' and ')} missing: make test-browser installs nginx-light and libnginx-mod-http-brotli-static`;

let tmp;
let site;
let port;
let origin;
let server;
let host;
let browser;
let exportSummary;


// nginx runs nginx with the server block's lines on the port.
function nginx(lines) {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((m) => `  ${m}_temp_path ${tmp}/temp-${m};`).join('\n');
  writeFileSync(join(tmp, 'nginx.conf'), `load_module ${brotliModule};
worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port};
    root ${site};
${lines}
  }
}
`);
  return runHost(nginxBinary, ['-p', tmp, '-c', join(tmp, 'nginx.conf'), '-g', 'daemon off;'], `${origin}/robots.txt`);
}

const hosts = [
  { name: 'nginx with web/export/nginx.conf', documented: true, start: () => nginx(`    include ${documentedConfig};`) },
  { name: 'nginx with only root, index and mime.types', start: () => nginx('    include /etc/nginx/mime.types;\n    index index.html;') },
  { name: 'python3 -m http.server', start: () => runHost('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', site, String(port)], `${origin}/robots.txt`) },
];

before(async () => {
  if (missing.length > 0) return;
  tmp = mkdtempSync(join(tmpdir(), 'partnermap-export-'));
  // nginx's workers drop root for nobody; they must reach the files.
  chmodSync(tmp, 0o755);
  site = join(tmp, 'site');
  // The port goes into the pages' absolute links, so the export is made
  // for it before any host listens there.
  port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const started = Date.now();
  // With the .br and .gz twins that the documented nginx configuration
  // sends; the other hosts leave them alone.
  const out = execFileSync(binary, ['export', site, '--precompress', '--base-url', origin], { encoding: 'utf8' });
  exportSummary = `${out.trim()} (${Date.now() - started} ms)`;
  server = await startServer(['--base-url', origin]);
  host = await startHost({
    // A host page whose stylesheet fixes the height of frames, as many
    // content systems' do.
    '/article.html': (url) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,">
      <style>iframe { height: 200px }</style></head><body>
      <div style="width:800px">${url.searchParams.get('snippet')}</div></body></html>`,
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// open loads a page and records what it asked for; done checks that
// every request went to the static host (or the origins allowed) and was
// answered, and that the console stayed clean.
async function open(url, options = {}, allowed = []) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const failed = [];
  context.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  const page = await context.newPage();
  const response = await page.goto(url);
  return {
    page,
    seen,
    response,
    async done() {
      const origins = [origin, ...allowed];
      const foreign = seen.requests.filter((u) => !origins.includes(new URL(u).origin));
      assert.deepEqual(foreign, [], 'every request goes to the host');
      assert.deepEqual(failed, [], 'every request is answered');
      assert.deepEqual(seen.errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const path = (page) => new URL(page.url()).pathname + new URL(page.url()).search;
const heading = (page) => page.locator('#details h1');

for (const staticHost of hosts) {
  describe(staticHost.name, () => {
    let running;
    before(async () => {
      if (missing.length === 0) running = await staticHost.start();
    });
    after(async () => { await running?.stop(); });

    test('the map shows a marker per city; clicks open cities; back and forward work', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      t.diagnostic(exportSummary);
      const { page, done } = await open(origin + '/');
      await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
      await page.evaluate(() => { window.sameDocument = true; });

      await page.click('.marker[data-slug="palermo"]');
      await heading(page).filter({ hasText: 'Palermo' }).waitFor();
      assert.equal(path(page), '/cities/palermo/');
      assert.ok(await page.locator('.marker[data-slug="palermo"]').evaluate((m) => m.classList.contains('is-selected')));
      await page.click('#cities a[data-slug="berlin"]');
      await heading(page).filter({ hasText: 'Berlin' }).waitFor();
      assert.equal(path(page), '/cities/berlin/');

      await page.goBack();
      await heading(page).filter({ hasText: 'Palermo' }).waitFor();
      assert.equal(path(page), '/cities/palermo/');
      await page.goBack();
      await heading(page).filter({ hasText: 'CoNet' }).waitFor();
      assert.equal(path(page), '/');
      await page.goForward();
      await heading(page).filter({ hasText: 'Palermo' }).waitFor();
      assert.equal(path(page), '/cities/palermo/');
      assert.equal(await page.evaluate(() => window.sameDocument), true, 'the panels came from the exported fragments');
      await done();
    });

    test('a city address opens that city, written either way, and again on reload', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      for (const address of ['/cities/gijon/', '/cities/gijon', '/it/cities/gijon']) {
        const { page, done } = await open(origin + address);
        const want = address.endsWith('/') ? address : address + '/';
        assert.equal(path(page), want, `${address} is ${want}`);
        assert.match(await heading(page).innerText(), /Gijón/);
        await page.waitForSelector('.marker.is-selected');
        assert.equal(await page.locator('.marker.is-selected').getAttribute('data-slug'), 'gijon');
        await page.reload();
        await page.waitForSelector('.marker.is-selected');
        assert.equal(path(page), want);
        assert.equal(await page.locator('.marker.is-selected').getAttribute('data-slug'), 'gijon');
        await done();
      }
    });

    test('the network embed and the languages\' home pages answer at their folder addresses', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      for (const [address, want, lang] of [['/embed', '/embed/', 'en'], ['/embed?list=0', '/embed/?list=0', 'en'], ['/it', '/it/', 'it'], ['/bg/embed/', '/bg/embed/', 'bg']]) {
        const { page, done } = await open(origin + address);
        assert.equal(path(page), want, address);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
        if (want.includes('list=0')) {
          await page.waitForFunction(() => document.getElementById('cities').hidden);
        }
        await done();
      }
    });

    test('the language menu leads to the city shown in another language', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      const { page, done } = await open(origin + '/');
      await page.waitForSelector('.marker');
      await page.click('#cities a[data-slug="sofia"]');
      await heading(page).filter({ hasText: 'Sofia' }).waitFor();
      await Promise.all([page.waitForURL('**/bg/cities/sofia/'), page.click('.languages a[hreflang="bg"]')]);
      assert.equal(await page.locator('html').getAttribute('lang'), 'bg');
      await page.waitForSelector('.marker.is-selected');
      assert.match(await heading(page).innerText(), /София/);
      await done();
    });

    test('a German browser is offered the German page, from files', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      const { page, seen, done } = await open(origin + '/cities/palermo/', { locale: 'de-DE' });
      const offer = page.locator('p.suggestion[lang="de"]');
      await offer.waitFor();
      assert.equal(new URL(await offer.locator('a').evaluate((a) => a.href)).pathname, '/de/cities/palermo/');
      assert.deepEqual(seen.requests.filter((u) => u.endsWith('/suggestion.html')).map((u) => new URL(u).pathname), ['/de/fragments/suggestion.html']);
      await done();
    });

    test('an embed pasted on another origin through its oEmbed HTML and /embed.js grows past the host page\'s height', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      // A consumer follows the page's discovery link.
      const page = await (await fetch(origin + '/cities/palermo/')).text();
      const href = page.match(/<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/)?.[1];
      assert.equal(href, origin + '/oembed/cities/palermo.json');
      const oembed = await (await fetch(href)).json();
      assert.match(oembed.html, new RegExp(`<iframe src="${origin}/embed/cities/palermo/"`));
      const xml = page.match(/<link rel="alternate" type="text\/xml\+oembed" href="([^"]+)"/)?.[1];
      assert.equal((await fetch(xml)).status, 200, 'the XML link leads to a file too');

      const article = new URL('/article.html', host.url);
      article.searchParams.set('snippet', `${oembed.html}<script src="${origin}/embed.js" async></script>`);
      const { page: hostPage, done } = await open(article.href, {}, [host.url]);
      const frame = await frameAt(hostPage, origin + '/embed/');
      await frame.waitForSelector('.marker[data-slug="palermo"].is-selected');
      assert.match(await frame.locator('#details h1').innerText(), /Palermo/);
      await hostPage.waitForFunction(() => document.querySelector('iframe').getBoundingClientRect().height > 200);
      const [outer, inner] = await Promise.all([
        hostPage.locator('iframe').evaluate((f) => Math.round(f.getBoundingClientRect().height)),
        frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height)),
      ]);
      assert.equal(outer, inner, 'the frame is as tall as its content');
      await done();
    });

    test('the builder makes its snippet and preview from files', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      const { page, done } = await open(origin + '/embed-builder/?city=sofia');
      await page.uncheck('input[name="lines"]');
      await page.waitForFunction(() => document.getElementById('builder-snippet').value.includes('/embed/cities/sofia/?lines=0'));
      await page.selectOption('#builder-language', { label: 'Italiano' });
      await page.waitForFunction(() => document.getElementById('builder-snippet').value.includes('/it/embed/cities/sofia/?lines=0'));
      const snippet = await page.locator('#builder-snippet').inputValue();
      const { title } = await (await fetch(origin + '/it/oembed/cities/sofia.json')).json();
      assert.ok(snippet.includes(`title="${title}"`), `the Italian title ${title} in ${snippet}`);
      assert.ok(snippet.includes(`<p><a href="${origin}/it/cities/sofia/">`), snippet);
      const preview = page.frameLocator('#builder-preview');
      await preview.locator('html[lang="it"] .marker[data-slug="sofia"].is-selected').waitFor();
      assert.equal(await preview.locator('#map path.map-link').count(), 0, 'the preview shows the options chosen');
      await done();
    });

    if (!staticHost.documented) return;

    test('every exported address answers the bytes and headers partnermap serve sends', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      const addresses = files(site)
        .filter((f) => !/\.(br|gz)$/.test(f) && !['_headers', '.partnermap-export', '404.html'].includes(f))
        .map((f) => '/' + f.replace(/(^|\/)index\.html$/, '$1'));
      assert.ok(addresses.length > 80, `${addresses.length} addresses`);
      const differ = [];
      const compare = async (address, status = 200) => {
        const [fromNginx, fromServer] = await Promise.all([fetch(origin + address), fetch(server.url + address)]);
        const [a, b] = await Promise.all([fromNginx.arrayBuffer(), fromServer.arrayBuffer()]);
        if (fromNginx.status !== status || fromServer.status !== status) differ.push(`${address}: status ${fromNginx.status} from nginx, ${fromServer.status} from partnermap`);
        if (!Buffer.from(a).equals(Buffer.from(b))) differ.push(`${address}: bodies differ (${a.byteLength} and ${b.byteLength} bytes)`);
        const type = (r) => (r.headers.get('content-type') || '').split(';')[0];
        if (type(fromNginx) !== type(fromServer)) differ.push(`${address}: content-type ${type(fromNginx)} from nginx, ${type(fromServer)} from partnermap`);
        for (const h of compared) {
          if (fromNginx.headers.get(h) !== fromServer.headers.get(h)) differ.push(`${address}: ${h} ${fromNginx.headers.get(h)} from nginx, ${fromServer.headers.get(h)} from partnermap`);
        }
      };
      for (let i = 0; i < addresses.length; i += 8) {
        await Promise.all(addresses.slice(i, i + 8).map((a) => compare(a)));
      }
      await compare('/cities/atlantis/', 404);
      assert.deepEqual(differ, []);

      // The other spelling of a page is sent to its address by both.
      for (const address of ['/cities/palermo', '/it']) {
        const [a, b] = await Promise.all([origin, server.url].map((o) => fetch(o + address, { redirect: 'manual' })));
        assert.deepEqual([a.status, a.headers.get('location')], [301, address + '/'], `${address} on nginx`);
        assert.deepEqual([b.status, b.headers.get('location')], [301, address + '/'], `${address} on partnermap`);
      }

      // The compressed twins are what nginx sends to those who take them.
      const br = await fetch(origin + '/', { headers: { 'Accept-Encoding': 'br' } });
      assert.equal(br.headers.get('content-encoding'), 'br');
    });

    test('embed options in the address apply on the static copy as partnermap serve renders them', async (t) => {
      if (missing.length > 0) return t.skip(skipReason);
      const cases = [
        ['/embed/cities/palermo/?list=0&lines=no&details=0', { list: false, details: false, legendLine: false, lines: 0, gijon: ['/cities/gijon/', '_blank'] }],
        ['/embed/?lines=0', { list: true, details: true, legendLine: false, lines: 0, gijon: ['/embed/cities/gijon/?lines=0', null] }],
      ];
      for (const [address, want] of cases) {
        for (const from of [server.url, origin]) {
          const { page, done } = await open(from + address, {}, [server.url]);
          await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
          assert.deepEqual(await embedState(page), want, from + address);
          if (want.details) {
            // Choosing a city keeps the options in the address.
            await page.click('.marker[data-slug="berlin"]');
            await page.locator('#details h1').filter({ hasText: 'Berlin' }).waitFor();
            assert.equal(path(page), '/embed/cities/berlin/?lines=0', from);
            assert.equal(await page.locator('#map path.map-link').count(), 0, 'no lines after choosing a city');
          }
          await done();
        }
      }
    });
  });
}

// What an embed shows, to compare the server's rendering of its options
// with the static copy's.
function embedState(page) {
  return page.evaluate(() => {
    const list = document.getElementById('cities');
    const link = list.querySelector('a[data-city="gijon"], a[data-slug="gijon"]');
    return {
      list: !list.hidden,
      details: document.getElementById('details') !== null,
      legendLine: document.querySelector('.legend .line-shape') !== null,
      lines: document.querySelectorAll('#map path.map-link').length,
      gijon: [link.getAttribute('href'), link.getAttribute('target')],
    };
  });
}

// files lists the exported files under dir, relative, with / between.
function files(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, prefix + e.name + '/') : [prefix + e.name]);
}

// The headers both must agree on; the rest (Date, ETag, Server) are each
// server's own.
const compared = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'cross-origin-resource-policy',
  'cross-origin-opener-policy', 'permissions-policy', 'cache-control', 'access-control-allow-origin'];
