// Shared set-up for the browser tests: the real binary on a free loopback
// port, Debian's Chromium through playwright-core, and a record of every
// request and console error so that each test can check them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));

// startServer runs `partnermap serve` and resolves once it listens.
export async function startServer(args = []) {
  const proc = spawn(binary, ['serve', '--addr', '127.0.0.1:0', ...args], {
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
    // replace the quick ones shortly after the start.
    best,
    async stop() {
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    },
  };
}

// serveAndLaunch starts the server with args and Chromium, which most
// test files share between their tests.
export async function serveAndLaunch(args = []) {
  const [server, browser] = await Promise.all([startServer(args), launch()]);
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
