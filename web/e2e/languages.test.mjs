// The interface languages in a real Chromium: the switcher keeps to the
// city shown, every language's page names itself and its other versions,
// the Italian and Bulgarian pages pass axe, the offer of the visitor's own
// language never redirects and stays dismissed, a Bulgarian embed stays
// Bulgarian, and the embed builder follows the language chosen. The
// expected words are read from the message files themselves, so that a
// changed translation does not break these tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { startServer, launch, watch, axeRun } from './harness.mjs';

// The languages are the message files, English first.
const messagesDir = new URL('../../data/messages/', import.meta.url);
const languages = ['en', ...readdirSync(messagesDir).filter((f) => f.endsWith('.toml') && f !== 'en.toml').map((f) => f.slice(0, -5)).sort()];

// messages reads a language's message file into its messages by id
// ("city.back"), a message that counts as its plural forms.
function messages(lang) {
  const found = {};
  const walk = (table, prefix) => {
    for (const [key, value] of Object.entries(table)) {
      const id = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'object' && Object.keys(value).every((k) => ['zero', 'one', 'two', 'few', 'many', 'other'].includes(k))) {
        found[id] = { ...value };
      } else if (typeof value === 'object') {
        walk(value, id);
      } else {
        found[id] = value;
      }
    }
  };
  walk(parse(readFileSync(new URL(`${lang}.toml`, messagesDir), 'utf8')), '');
  return found;
}
const it = messages('it');
const bg = messages('bg');

// counting is a network of 25 cities, on a grid inside Germany, whose
// names answer the search field with each number the plural forms are
// tested with: "yak" finds 1 city, "kite" 2, "ibis" 5, "wren" 21, "quill"
// 22, "town" all 25, "zzz" none.
function counting() {
  const marks = [['Yak', 1], ['Kite', 2], ['Ibis', 5], ['Wren', 21], ['Quill', 22]];
  let toml = '[network]\nslug = "counting"\nname = "Counting"\n';
  for (let i = 1; i <= 25; i++) {
    const name = ['Town', String(i).padStart(2, '0'), ...marks.filter(([, n]) => i <= n).map(([m]) => m)].join(' ');
    toml += `\n[[cities]]\nslug = "town-${i}"\nname = "${name}"\ncountry = "DE"\nlat = ${(48.6 + Math.floor((i - 1) / 5)).toFixed(2)}\nlon = ${(8.6 + ((i - 1) % 5)).toFixed(2)}\n`;
  }
  for (let i = 1; i <= 25; i++) {
    toml += `\n[[partners]]\nslug = "partner-${i}"\nname = "Partner ${i}"\nkind = "city"\nrole = "${i === 1 ? 'coordinator' : 'partner'}"\ncity = "town-${i}"\n`;
  }
  return toml;
}
const queries = { zzz: 0, yak: 1, kite: 2, ibis: 5, wren: 21, quill: 22, town: 25 };

// plurals are the counts the server writes, by language, message and
// number, from data/messages/testdata/plurals.txt, which the Go tests keep in
// step with the message files.
const plurals = {};
for (const line of readFileSync(new URL('../../data/messages/testdata/plurals.txt', import.meta.url), 'utf8').split('\n')) {
  const [lang, id, count, text] = line.split('\t');
  if (line.startsWith('#') || text === undefined) continue;
  ((plurals[lang] ??= {})[id] ??= {})[count] = text;
}

let server;
let countingServer;
let countingDir;
let browser;

before(async () => {
  countingDir = await mkdtemp(join(tmpdir(), 'partnermap-counting-'));
  const file = join(countingDir, 'counting.toml');
  await writeFile(file, counting());
  [server, countingServer] = await Promise.all([startServer(), startServer(['--data', file])]);
  browser = await launch();
  for (const key of ['legend.coordinator', 'cities.heading', 'map.live', 'live.showing', 'city.back', 'legend.label']) {
    assert.ok(it[key], `it.toml has ${key}`);
    assert.ok(bg[key], `bg.toml has ${key}`);
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await countingServer?.stop();
  if (countingDir) await rm(countingDir, { recursive: true, force: true });
});

// open gives a fresh page; done checks what every test must hold.
async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const seen = watch(context);
  const page = await context.newPage();
  const response = await page.goto(server.url + path);
  return {
    context,
    page,
    seen,
    response,
    async done() {
      const foreign = seen.requests.filter((u) => new URL(u).origin !== new URL(server.url).origin);
      assert.deepEqual(foreign, [], 'every request goes to the server itself');
      assert.deepEqual(seen.errors, [], 'the console shows no errors');
      await context.close();
    },
  };
}

const path = (page) => new URL(page.url()).pathname;
const heading = (page) => page.locator('#details h1');
const switcher = (page, lang) => page.locator(`nav.languages a[hreflang="${lang}"]`);
const status = (page) => page.locator('#map-status');
// name is a city's name as the page's own list gives it, in the page's
// language where the data has one.
const name = async (page, slug) => (await page.locator(`#cities a[data-slug="${slug}"] .cities__name`).innerText()).trim();
// fill puts values in a message's placeholders by name.
const fill = (message, values) => message.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, name) => values[name]);

test('switching language keeps the city shown, and the new page speaks it', async () => {
  const { page, done } = await open('/');
  await page.waitForSelector('.marker');
  assert.equal(await switcher(page, 'it').getAttribute('href'), '/it/', 'on the overview the switcher leads to the overview');
  for (const lang of languages) {
    const box = await switcher(page, lang).boundingBox();
    assert.ok(box.height >= 24, `the ${lang} link is ${box.height} px tall, under the 24 px of WCAG 2.5.8`);
  }

  await page.click('#cities a[data-slug="palermo"]');
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  assert.equal(path(page), '/cities/palermo/');
  const italiano = switcher(page, 'it');
  assert.equal((await italiano.textContent()).trim(), 'Italiano');
  assert.equal(await italiano.getAttribute('lang'), 'it');
  assert.match(await italiano.getAttribute('href'), /\/it\/cities\/palermo\/$/);
  assert.match(await switcher(page, 'bg').getAttribute('href'), /\/bg\/cities\/palermo\/$/);
  assert.equal(await switcher(page, 'en').getAttribute('aria-current'), 'true');

  await Promise.all([page.waitForURL('**/it/cities/palermo/'), italiano.click()]);
  await page.waitForSelector('.marker.is-selected');
  assert.equal(path(page), '/it/cities/palermo/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'it');
  assert.equal(await page.locator('.marker.is-selected').getAttribute('data-slug'), 'palermo');
  assert.match(await heading(page).innerText(), new RegExp(await name(page, 'palermo')));
  assert.equal(await switcher(page, 'it').getAttribute('aria-current'), 'true');
  assert.equal(await switcher(page, 'en').getAttribute('aria-current'), null);

  // The panel, the list, the legend and the map's name are Italian.
  assert.equal((await page.locator('#details a[data-home]').innerText()).trim(), it['city.back']);
  assert.ok((await page.locator('#cities h2').innerText()).startsWith(`${it['cities.heading']} (`));
  const legend = page.locator('ul.legend');
  assert.equal(await legend.getAttribute('aria-label'), it['legend.label']);
  const legendItems = (await legend.locator('li').allInnerTexts()).map((t) => t.trim());
  assert.ok(legendItems.includes(it['legend.coordinator']), legendItems.join(' | '));
  assert.equal(await page.locator('#map').getAttribute('aria-label'), fill(it['map.live'], { Network: 'CoNet' }));

  // Another city on the Italian page: the switcher follows, the live
  // region announces it in Italian, and the address stays Italian.
  const sofia = await name(page, 'sofia');
  await page.click('#cities a[data-slug="sofia"]');
  await heading(page).filter({ hasText: sofia }).waitFor();
  assert.equal(path(page), '/it/cities/sofia/');
  assert.match(await switcher(page, 'de').getAttribute('href'), /\/de\/cities\/sofia\/$/);
  assert.match(await switcher(page, 'en').getAttribute('href'), /^\/cities\/sofia\/$/);
  assert.match(await switcher(page, 'it').getAttribute('href'), /\/it\/cities\/sofia\/$/);
  await page.waitForFunction(() => document.getElementById('map-status').textContent !== '');
  assert.ok((await status(page).textContent()).startsWith(fill(it['live.showing'], { City: sofia })),
    `announced: ${await status(page).textContent()}`);

  // And back to the overview: the switcher leads to the overviews again.
  await page.click('#details a[data-home]');
  await page.waitForURL('**/it/');
  await page.waitForFunction(() => document.querySelector('nav.languages a[hreflang="de"]').getAttribute('href') === '/de/');
  assert.equal(await switcher(page, 'en').getAttribute('href'), '/');
  assert.equal(await status(page).textContent(), it['live.overview']);
  await done();
});

test('every language has a page that names itself and its other versions', async () => {
  const { page, done } = await open('/cities/sofia/');
  const problems = [];
  for (const lang of languages) {
    const own = lang === 'en' ? '/cities/sofia/' : `/${lang}/cities/sofia/`;
    const response = await page.goto(server.url + own);
    assert.equal(response.status(), 200, own);
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')]
        .map((l) => [l.getAttribute('hreflang'), l.href]),
      canonical: [...document.querySelectorAll('link[rel="canonical"]')].map((l) => l.href),
      switcher: [...document.querySelectorAll('nav.languages a')]
        .map((a) => ({ hreflang: a.getAttribute('hreflang'), lang: a.lang, href: a.getAttribute('href'), current: a.getAttribute('aria-current') })),
      label: document.querySelector('nav.languages')?.getAttribute('aria-label'),
    }));
    const say = (what) => problems.push(`${own}: ${what}`);
    if (facts.lang !== lang) say(`html lang is ${facts.lang}`);
    if (facts.alternates.length !== 11) say(`${facts.alternates.length} hreflang alternates`);
    const hreflangs = facts.alternates.map(([h]) => h);
    if (new Set(hreflangs).size !== hreflangs.length) say(`repeated hreflang values: ${hreflangs}`);
    for (const other of [...languages, 'x-default']) {
      const expected = server.url + (other === 'en' || other === 'x-default' ? '/cities/sofia/' : `/${other}/cities/sofia/`);
      const alternate = facts.alternates.find(([h]) => h === other);
      if (!alternate) say(`no alternate for ${other}`);
      else if (alternate[1] !== expected) say(`alternate ${other} is ${alternate[1]}`);
    }
    if (facts.canonical.length !== 1 || facts.canonical[0] !== page.url()) say(`canonical ${facts.canonical} for ${page.url()}`);
    if (!facts.label) say('the switcher has no name');
    if (facts.switcher.length !== languages.length) say(`${facts.switcher.length} switcher links`);
    if (new Set(facts.switcher.map((a) => a.hreflang)).size !== languages.length) say('switcher languages repeat');
    const current = facts.switcher.filter((a) => a.current !== null);
    if (current.length !== 1 || current[0].hreflang !== lang || current[0].current !== 'true') {
      say(`current switcher links: ${JSON.stringify(current)}`);
    }
    for (const a of facts.switcher) {
      if (a.lang !== a.hreflang) say(`switcher link ${a.hreflang} has lang ${a.lang}`);
      const want = a.hreflang === 'en' ? '/cities/sofia/' : `/${a.hreflang}/cities/sofia/`;
      if (a.href !== want) say(`switcher link ${a.hreflang} goes to ${a.href}`);
    }
  }
  assert.deepEqual(problems, []);
  await done();
});

test('axe finds no language problems on the Italian and Bulgarian pages', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const langRules = ['html-has-lang', 'html-lang-valid', 'valid-lang', 'html-xml-lang-mismatch'];
  const langFound = [];
  const otherFound = [];
  for (const path of ['/it/cities/palermo/', '/bg/']) {
    await page.goto(server.url + path);
    await page.waitForSelector('.marker');
    await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
    const { violations, passes } = await axeRun(page);
    // The lang rules ran and held, not merely were left out.
    for (const rule of ['html-has-lang', 'html-lang-valid', 'valid-lang']) {
      if (!passes.some((p) => p.id === rule)) langFound.push(`${path}: ${rule} did not pass`);
    }
    for (const v of violations) {
      const line = `${path}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`;
      (langRules.includes(v.id) ? langFound : otherFound).push(line);
    }
  }
  assert.deepEqual(langFound, []);
  assert.deepEqual(otherFound, []);
  await context.close();
});

test('a German browser is offered the German page, without a redirect, until it declines', async () => {
  const { page, seen, response, done } = await open('/', { locale: 'de-DE' });
  assert.equal(response.status(), 200);
  assert.equal(response.request().redirectedFrom(), null, 'no redirect');
  assert.equal(path(page), '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the page stays English');

  const offer = page.locator('p.suggestion[lang="de"]');
  await offer.waitFor();
  assert.equal(seen.requests.filter((u) => new URL(u).pathname === '/de/fragments/suggestion.html').length, 1, 'the German offer');
  const link = offer.locator('a');
  assert.equal(await link.getAttribute('hreflang'), 'de');
  assert.equal((await link.innerText()).trim(), messages('de')['suggestion.link']);
  assert.equal(new URL(await link.evaluate((a) => a.href)).pathname, '/de/');
  assert.ok(await offer.evaluate((p) => p.nextElementSibling?.matches('.site-header')), 'the offer comes before the header');

  // The offer follows the city shown.
  await page.waitForSelector('.marker');
  await page.click('#cities a[data-slug="gijon"]');
  await heading(page).filter({ hasText: 'Gijón' }).waitFor();
  await page.waitForFunction(() => new URL(document.querySelector('p.suggestion a').href).pathname === '/de/cities/gijon/');
  await page.click('#details a[data-home]');
  await page.waitForFunction(() => new URL(document.querySelector('p.suggestion a').href).pathname === '/de/');
  await page.click('.marker[data-slug="palermo"]');
  await heading(page).filter({ hasText: 'Palermo' }).waitFor();
  await page.waitForFunction(() => new URL(document.querySelector('p.suggestion a').href).pathname === '/de/cities/palermo/');

  // Declining removes it, and it is not made again.
  await offer.locator('button').click();
  await offer.waitFor({ state: 'detached' });
  assert.equal(await page.locator('p.suggestion').count(), 0);
  const before = seen.requests.length;
  await page.reload();
  await page.waitForSelector('.marker.is-selected');
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
  assert.equal(path(page), '/cities/palermo/');
  assert.equal(await page.locator('p.suggestion').count(), 0, 'the offer stays dismissed');
  const after = seen.requests.slice(before).map((u) => new URL(u).pathname);
  assert.ok(after.includes('/cities/palermo/'), 'the page was reloaded');
  assert.ok(!after.some((p) => p.endsWith('/suggestion.html')), 'a dismissed offer is not even fetched');
  await done();
});

test('choosing a language from the menu answers the offer too', async () => {
  const { page, seen, done } = await open('/', { locale: 'de-DE' });
  await page.locator('p.suggestion[lang="de"]').waitFor();
  await switcher(page, 'it').click();
  await page.waitForURL((u) => u.pathname === '/it/');
  await page.waitForSelector('.marker');
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
  assert.equal(await page.locator('html').getAttribute('lang'), 'it');
  assert.equal(await page.locator('p.suggestion').count(), 0, 'no offer after a language was chosen');
  const asked = seen.requests.filter((u) => new URL(u).pathname.endsWith('/suggestion.html'));
  assert.equal(asked.length, 1, 'the offer was fetched on the first page only');
  await done();
});

test('an English browser on the English page is offered nothing', async () => {
  const { page, seen, response, done } = await open('/', { locale: 'en-US' });
  assert.equal(response.status(), 200);
  await page.waitForSelector('.marker');
  await page.click('#cities a[data-slug="sofia"]');
  await heading(page).filter({ hasText: 'Sofia' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#map path.map-country').length > 0);
  assert.equal(await page.locator('p.suggestion').count(), 0);
  const asked = seen.requests.filter((u) => new URL(u).pathname.endsWith('/suggestion.html'));
  assert.deepEqual(asked, [], 'the offer was never fetched');
  assert.ok(seen.requests.some((u) => new URL(u).pathname.startsWith('/fragments/')), 'the panel came as a fragment');
  await done();
});

test('a Bulgarian embed stays Bulgarian and under /bg/embed/', async () => {
  // Without the glide to each city, which a busy machine may still be
  // drawing when the next marker is clicked.
  const { page, done } = await open('/bg/embed/cities/sofia/', { reducedMotion: 'reduce' });
  assert.equal(await page.locator('html').getAttribute('lang'), 'bg');
  assert.match(await heading(page).innerText(), new RegExp(await name(page, 'sofia')));
  assert.ok((await page.locator('#cities h2').innerText()).startsWith(`${bg['cities.heading']} (`));
  const legend = page.locator('ul.legend');
  assert.equal(await legend.getAttribute('aria-label'), bg['legend.label']);
  const legendItems = (await legend.locator('li').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(legendItems, [bg['legend.coordinator'], bg['legend.partner'], bg['legend.link']]);
  const cityLinks = await page.locator('#cities a[data-slug]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(cityLinks.length, 11);
  assert.deepEqual(cityLinks.filter((h) => !h.startsWith('/bg/embed/cities/')), [], 'every city link stays in the Bulgarian embed');

  await page.waitForSelector('.marker.is-selected');
  assert.equal(await page.locator('#map').getAttribute('aria-label'), fill(bg['map.live'], { Network: 'CoNet' }));
  const palermo = await name(page, 'palermo');
  await page.click('#cities a[data-slug="palermo"]');
  await heading(page).filter({ hasText: palermo }).waitFor();
  assert.equal(path(page), '/bg/embed/cities/palermo/');
  await page.waitForFunction(() => document.getElementById('map-status').textContent !== '');
  assert.ok((await status(page).textContent()).startsWith(fill(bg['live.showing'], { City: palermo })),
    `announced: ${await status(page).textContent()}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'bg');
  assert.equal(await page.locator('p.suggestion').count(), 0, 'an embed makes no offer');

  await page.click('.marker[data-slug="berlin"]');
  await heading(page).filter({ hasText: await name(page, 'berlin') }).waitFor();
  assert.equal(path(page), '/bg/embed/cities/berlin/');
  await done();
});

test('the embed builder offers the language, and its snippet and preview follow it', async () => {
  const { page, done } = await open('/embed-builder/?city=sofia');
  const snippet = page.locator('#builder-snippet');
  await page.waitForFunction(() => document.getElementById('builder-snippet').value.includes('/embed/cities/sofia/'));
  assert.equal(await page.locator('#builder-language').inputValue(), '', 'the page\'s own language first');

  await page.selectOption('#builder-language', { label: 'Български' });
  await page.waitForFunction(() => document.getElementById('builder-snippet').value.includes('/bg/embed/cities/sofia/'));
  const html = await snippet.inputValue();
  assert.ok(html.includes(`${server.url}/bg/cities/sofia/`), 'the link goes to the Bulgarian page');
  assert.ok(html.includes(fill(bg['title.city'], { City: 'София', Network: 'CoNet' })), 'the title is in Bulgarian');
  assert.equal(new URL(await page.locator('#builder-preview').evaluate((f) => f.src)).pathname, '/bg/embed/cities/sofia/');
  const frame = page.frameLocator('#builder-preview');
  await frame.locator('html[lang="bg"]').waitFor({ state: 'attached' });

  // The whole network in Italian: its page is /it/, its embed /it/embed/.
  await page.selectOption('#builder-language', { label: 'Italiano' });
  await page.selectOption('#builder-target', { index: 0 });
  await page.waitForFunction(() => document.getElementById('builder-snippet').value.includes('/it/embed/"'));
  assert.ok((await snippet.inputValue()).includes(`href="${server.url}/it/"`), 'the link goes to the Italian network page');
  await done();
});

test('the search field counts in every language as the server does', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const seen = watch(context);
  const page = await context.newPage();
  for (const lang of languages) {
    if (!plurals[lang]) {
      t.diagnostic(`${lang} is not in data/messages/testdata/plurals.txt yet: go test ./data/messages -update adds it`);
      continue;
    }
    await page.goto(countingServer.url + (lang === 'en' ? '/' : `/${lang}`));
    const search = page.locator('#cities-filter');
    await search.waitFor({ state: 'visible' });
    const status = page.locator('#cities-filter-status');
    for (const [query, count] of Object.entries(queries)) {
      const want = plurals[lang]['cities.matches'][count];
      assert.ok(want, `plurals.txt has ${lang} cities.matches ${count}`);
      await search.fill(query);
      await page.waitForFunction((n) => document.querySelectorAll('#cities li:not([hidden])').length === n, count);
      await page.waitForFunction((text) => document.getElementById('cities-filter-status').textContent === text, want, { timeout: 5000 })
        .catch(async () => assert.fail(`${lang}, "${query}": the status says ${JSON.stringify(await status.textContent())}, want ${JSON.stringify(want)}`));
    }
  }
  assert.deepEqual(seen.errors, [], 'the console shows no errors');
  await context.close();
});
