// A crawl of a site: every page in the languages asked for is read, and
// every address the pages write is asked for once, so that a link that
// fails shows, whatever the page it is on. The same crawl reads a
// running server and an export on a static host.

// The attributes that hold addresses, and the meta tags of link
// previews; addresses with a {slug} are patterns of the scripts'.
const attribute = /\s(href|src|content|data-home-path|data-city-path|data-page|data-embed|data-oembed)="([^"]*)"/g;
const jsonScript = /<script[^>]*type="application\/(?:ld\+)?json"[^>]*>([\s\S]*?)<\/script>/g;

const entities = { amp: '&', quot: '"', lt: '<', gt: '>', '#34': '"', '#39': "'" };
const unescape = (text) => text.replace(/&(amp|quot|lt|gt|#34|#39);/g, (_, name) => entities[name]);

// strings are the strings of a JSON value.
function strings(value) {
  if (typeof value === 'string') {
    return [value];
  }
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(strings);
  }
  return [];
}

// addressesIn are the addresses a page's markup writes, and those in its
// scripts' configuration.
export function addressesIn(html) {
  const found = [];
  for (const [, name, value] of html.matchAll(attribute)) {
    if (name !== 'content' || /^https?:/.test(value)) {
      found.push(unescape(value));
    }
  }
  for (const [, json] of html.matchAll(jsonScript)) {
    found.push(...strings(JSON.parse(json)).filter((s) => s.startsWith('/') || /^https?:/.test(s)));
  }
  return found;
}

// crawl reads the pages of the site at origin from start on, following
// the links of every page in one of languages ('' is the default), and
// asks once for every other address any page writes: another language's
// page, an asset, a download, an image, a fragment. Each must answer 200,
// not a redirect; expected gives other statuses of start pages (the 404
// page). It resolves to the pages read, the addresses checked and the
// failures, each with a page it is on.
export async function crawl(origin, start, { languages, expected = {}, concurrency = 8 }) {
  const seen = new Map(); // address -> the first page that wrote it
  const failures = [];
  const queue = [];
  let pages = 0;
  const isCrawled = (path) => {
    const m = path.match(/^\/([a-z]{2})\//);
    return languages.includes(m && m[1] !== 'en' ? m[1] : '') || !m;
  };
  const visit = (address, from) => {
    let local = address;
    if (local.startsWith(origin)) {
      local = local.slice(origin.length) || '/';
    } else if (/^(https?:|mailto:|#)/.test(local) || local === '') {
      return; // another site's, or a place in the page
    }
    local = local.split('#')[0];
    if (local.includes('{slug}') || seen.has(local)) {
      return;
    }
    if (!local.startsWith('/')) {
      failures.push(`${local}, on ${from}: relative to the page`);
      return;
    }
    seen.set(local, from);
    queue.push(local);
  };
  start.forEach((path) => visit(path, '(start)'));
  const worker = async () => {
    while (queue.length) {
      const path = queue.shift();
      const bare = path.split('?')[0];
      const read = isCrawled(bare) && !/\.(?!html$)\w+$/.test(bare);
      const response = await fetch(origin + path, { method: read ? 'GET' : 'HEAD', redirect: 'manual' });
      const want = expected[path] || 200;
      if (response.status !== want) {
        failures.push(`${path}, on ${seen.get(path)}: status ${response.status}`);
      }
      if (!read || !(response.headers.get('content-type') || '').startsWith('text/html')) {
        await response.arrayBuffer();
        continue;
      }
      pages++;
      addressesIn(await response.text()).forEach((a) => visit(a, path));
    }
  };
  // The queue grows as pages are read: workers start again until it is
  // empty with none of them reading.
  while (queue.length) {
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  return { pages, checked: seen.size, failures };
}
