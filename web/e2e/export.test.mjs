// The exported site on Debian's nginx with the configuration the README
// documents (web/export/nginx.conf, included as it is): the map works as
// when partnermap serves it, an embed renders on another origin, and every
// exported address answers the bytes and headers partnermap serve sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, writeFileSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, startHost, launch, watch } from './harness.mjs';

const nginxBinary = '/usr/sbin/nginx';
const brotliModule = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const documentedConfig = fileURLToPath(new URL('../export/nginx.conf', import.meta.url));
const missing = [nginxBinary, brotliModule].filter((f) => !existsSync(f));
const skipReason = `${missing.join(' and ')} missing: make test-browser installs nginx-light and libnginx-mod-http-brotli-static`;

let tmp;
let nginx;
let nginxURL;
let server;
let host;
let browser;
let exportSummary;

// freePort is a loopback port nothing listens on just now.
async function freePort() {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// startNginx runs nginx in the foreground with the documented config
// included in a server block on the port; resolves once it answers, or
// with null when the port was taken meanwhile.
async function startNginx(root, port) {
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
    root ${root};
    include ${documentedConfig};
  }
}
`);
  const proc = spawn(nginxBinary, ['-p', tmp, '-c', join(tmp, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (chunk) => { log += chunk; });
  const exited = once(proc, 'exit');
  for (let i = 0; i < 200 && proc.exitCode === null; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/robots.txt`);
      return proc;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  if (proc.exitCode === null) proc.kill('SIGTERM');
  await exited;
  if (/Address already in use/.test(log)) return null;
  throw new Error(`nginx did not start:\n${log}`);
}

before(async () => {
  if (missing.length > 0) return;
  tmp = mkdtempSync(join(tmpdir(), 'partnermap-export-'));
  // nginx's workers drop root for nobody; they must reach the files.
  chmodSync(tmp, 0o755);
  const site = join(tmp, 'site');
  // The port goes into the pages' absolute links, so the export is made
  // for it before nginx listens there; a port taken meanwhile is tried
  // again with another.
  for (let attempt = 0; attempt < 5 && !nginx; attempt++) {
    const port = await freePort();
    nginxURL = `http://127.0.0.1:${port}`;
    const started = Date.now();
    const out = execFileSync(binary, ['export', site, '--base-url', nginxURL], { encoding: 'utf8' });
    exportSummary = `${out.trim()} (${Date.now() - started} ms)`;
    const proc = await startNginx(site, port);
    if (proc) nginx = { proc };
  }
  assert.ok(nginx, 'nginx found no free port');
  server = await startServer(['--base-url', nginxURL]);
  host = await startHost({
    '/article.html': (url) => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body>
      <div style="width:800px">${url.searchParams.get('snippet')}</div></body></html>`,
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.stop();
  if (nginx) {
    nginx.proc.kill('SIGTERM');
    if (nginx.proc.exitCode === null) await once(nginx.proc, 'exit');
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(url, options = {}, allowed = []) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const page = await context.newPage();
  await page.goto(url);
  return {
    page,
    async done() {
      const origins = [nginxURL, ...allowed];
      const foreign = seen.requests.filter((u) => !origins.includes(new URL(u).origin));
      assert.deepEqual(foreign, [], 'every request goes to nginx');
      assert.deepEqual(seen.errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const path = (page) => new URL(page.url()).pathname;
const heading = (page) => page.locator('#details h1');

test('the map shows a marker per city; clicks open cities; back and forward work', async (t) => {
  if (missing.length > 0) return t.skip(skipReason);
  t.diagnostic(exportSummary);
  const { page, done } = await open(nginxURL + '/');
  await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
  await page.evaluate(() => { window.sameDocument = true; });

  await page.click('.marker[data-slug="palermo"]');
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/cities/palermo');
  assert.ok(await page.locator('.marker[data-slug="palermo"]').evaluate((m) => m.classList.contains('is-selected')));
  await page.click('.marker[data-slug="berlin"]');
  await heading(page).filter({ hasText: 'Berlin' }).waitFor();
  assert.equal(path(page), '/cities/berlin');

  await page.goBack();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/cities/palermo');
  await page.goBack();
  await heading(page).filter({ hasText: 'CoNet' }).waitFor();
  assert.equal(path(page), '/');
  await page.goForward();
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/cities/palermo');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the panels came from the exported fragments');
  await done();
});

test('a city address opens that city', async (t) => {
  if (missing.length > 0) return t.skip(skipReason);
  const { page, done } = await open(nginxURL + '/cities/gijon');
  assert.match(await heading(page).innerText(), /Gijón/);
  await page.waitForSelector('.marker.is-selected');
  assert.equal(await page.locator('.marker.is-selected').getAttribute('data-slug'), 'gijon');
  await done();
});

test('an embed pasted on another origin through the static oEmbed file renders', async (t) => {
  if (missing.length > 0) return t.skip(skipReason);
  // A consumer follows the page's discovery link.
  const page = await (await fetch(nginxURL + '/cities/palermo')).text();
  const href = page.match(/<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/)?.[1];
  assert.equal(href, nginxURL + '/oembed/cities/palermo.json');
  const oembed = await (await fetch(href)).json();
  assert.match(oembed.html, new RegExp(`<iframe src="${nginxURL}/embed/cities/palermo"`));

  const article = new URL('/article.html', host.url);
  article.searchParams.set('snippet', oembed.html);
  const { page: hostPage, done } = await open(article.href, {}, [host.url]);
  await hostPage.waitForSelector('iframe');
  const frame = () => hostPage.frames().find((f) => f.url().startsWith(nginxURL + '/embed'));
  for (let i = 0; i < 100 && !frame(); i++) await hostPage.waitForTimeout(50);
  await frame().waitForSelector('.marker[data-slug="palermo"].is-selected');
  assert.match(await frame().locator('#details h1').innerText(), /Palermo/);
  await done();
});

test('/embed and /embed/ both show the network embed', async (t) => {
  if (missing.length > 0) return t.skip(skipReason);
  for (const address of ['/embed', '/embed/']) {
    const { page, done } = await open(nginxURL + address);
    assert.equal(path(page), '/embed');
    await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
    await done();
  }
});

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

test('embed options in the address apply on the static copy as partnermap serve renders them', async (t) => {
  if (missing.length > 0) return t.skip(skipReason);
  const cases = [
    ['/embed/cities/palermo?list=0&lines=no&details=0', { list: false, details: false, legendLine: false, lines: 0, gijon: ['/cities/gijon', '_blank'] }],
    ['/embed?lines=0', { list: true, details: true, legendLine: false, lines: 0, gijon: ['/embed/cities/gijon?lines=0', null] }],
  ];
  for (const [address, want] of cases) {
    for (const origin of [server.url, nginxURL]) {
      const { page, done } = await open(origin + address, {}, [server.url]);
      await page.waitForFunction(() => document.querySelectorAll('.marker').length === 11);
      assert.deepEqual(await embedState(page), want, origin + address);
      if (want.details) {
        // Choosing a city keeps the options in the address.
        await page.click('.marker[data-slug="berlin"]');
        await page.locator('#details h1').filter({ hasText: 'Berlin' }).waitFor();
        const url = new URL(page.url());
        assert.equal(url.pathname + url.search, '/embed/cities/berlin?lines=0', origin);
        assert.equal(await page.locator('#map path.map-link').count(), 0, 'no lines after choosing a city');
      }
      await done();
    }
  }
});

// files lists the exported files under dir, relative, with / between.
function files(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, prefix + e.name + '/') : [prefix + e.name]);
}

// The headers both must agree on; the rest (Date, ETag, Server) are each
// server's own.
const compared = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'cross-origin-resource-policy',
  'cross-origin-opener-policy', 'permissions-policy', 'cache-control', 'access-control-allow-origin'];

test('every exported address answers the bytes and headers partnermap serve sends', async (t) => {
  if (missing.length > 0) return t.skip(skipReason);
  const addresses = files(join(tmp, 'site'))
    .filter((f) => !/\.(br|gz)$/.test(f) && !['_headers', '.partnermap-export', '404.html'].includes(f))
    .map((f) => {
      if (f === 'index.html') return '/';
      // Pages are written as FILE.html; fragments, in every language, are
      // .html addresses.
      if (f.endsWith('.html') && !/^([a-z]{2}\/)?fragments\//.test(f)) return '/' + f.slice(0, -'.html'.length);
      return '/' + f;
    });
  assert.ok(addresses.length > 80, `${addresses.length} addresses`);
  const differ = [];
  const compare = async (address, status = 200) => {
    const [fromNginx, fromServer] = await Promise.all([fetch(nginxURL + address), fetch(server.url + address)]);
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
  await compare('/cities/atlantis', 404);
  assert.deepEqual(differ, []);

  // The compressed twins are what nginx sends to those who take them.
  const br = await fetch(nginxURL + '/', { headers: { 'Accept-Encoding': 'br' } });
  assert.equal(br.headers.get('content-encoding'), 'br');
});
