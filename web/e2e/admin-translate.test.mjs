// Translating side by side in a real Chromium (serve --edit, an atlas):
// an editor opens a language of a network, sees what is missing, follows
// a link to its field, translates it and saves into a draft that shows
// it, with scripts and without; axe finds nothing on the list of
// languages, the side-by-side page and the translator's view, in either
// colour scheme, wide and on a phone, where the columns stack and nothing
// scrolls sideways; and a hostile text typed as a translation runs
// nothing in the draft or its preview. The Go tests check the 409 of a
// field changed meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editingAtlas, openWatched, checkClean, signInAs, axeFind, shows } from './harness.mjs';

const password = 'violet kettle under the bridge';
const payload = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">{{ .Name }}</script>\u202eevil\u202c 😀 é̃ a̶b';

let site;
let server;
let browser;

before(async () => {
  site = await editingAtlas('translate', password);
  ({ server, browser } = site);
});

after(async () => {
  if (!site) return;
  await site.stop();
  console.log(`budget: the translation pages' browser tests took ${site.took()}`);
});

const open = (options) => openWatched(browser, options);

const clean = (seen) => checkClean(seen, server.url);

const languages = (lang) => server.url + '/admin/networks/conet/translations/' + lang;

// missing are the texts the side-by-side page lists as missing.
const missing = (page) => page.getByRole('region', { name: 'What is missing' }).getByRole('link').allTextContents();

// translate follows the link of a missing text to its field, where the
// address's fragment and the next Tab land, types text into it and saves;
// it returns the texts still missing.
async function translate(page, link, label, text) {
  const before = await missing(page);
  assert.ok(before.includes(link), `${link} is missing among ${before}`);
  await page.getByRole('region', { name: 'What is missing' }).getByRole('link', { name: link, exact: true }).click();
  const field = page.getByLabel(label);
  const landed = await page.evaluate(() => {
    const target = document.querySelector(':target');
    const box = target?.getBoundingClientRect();
    return { hash: location.hash, fields: target ? [...target.querySelectorAll('input:not([type=hidden]), textarea')].map((f) => f.name) : [], shown: !!box && box.top > -1 && box.top < innerHeight };
  });
  assert.deepEqual(landed, { hash: landed.hash, fields: [await field.getAttribute('name')], shown: true }, 'the fragment lands on the field');
  assert.match(landed.hash, /^#t-/);
  await page.keyboard.press('Tab');
  assert.ok(await field.evaluate((f) => f === document.activeElement), 'the next Tab is on the field');
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Save the translations' }).click();
  await page.getByText('The translations are saved in your draft.').waitFor();
  assert.equal(await field.inputValue(), text);
  const after = await missing(page);
  assert.deepEqual(after, before.filter((l) => l !== link), 'the text is no longer missing');
  return after;
}

// inDraft opens the account's draft from the side-by-side page and
// returns the lines its difference adds.
async function inDraft(page) {
  await page.getByRole('link', { name: /^draft \d+$/ }).click();
  await page.waitForURL(/\/admin\/drafts\/\d+\/$/);
  return page.locator('.admin-diff__line--add').allTextContents();
}

test('an editor sees what is missing in a language, follows a link to its field, translates it and the draft shows it', async () => {
  const { context, page, seen } = await open();
  await signInAs(page, server.url, 'ben', password);
  await page.goto(server.url + '/admin/networks/conet/');
  await page.getByRole('link', { name: 'Translate the texts' }).click();
  const italian = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Italiano', exact: true }) });
  const count = Number((await italian.innerText()).match(/Still to translate: (\d+)/)[1]);
  await page.getByRole('link', { name: 'Italiano', exact: true }).click();
  assert.equal(page.url(), languages('it'));
  assert.equal((await missing(page)).length, count, 'the page lists as many missing texts as the list of languages counts');
  assert.equal(await page.getByRole('link', { name: /^draft \d+$/ }).count(), 0, 'there is no draft yet');
  await translate(page, 'The network: Summary', /^Summary in Italiano/, 'CoNet ha riunito undici città europee.');
  assert.ok((await inDraft(page)).some((l) => l.includes('CoNet ha riunito undici città europee.')), 'the draft adds the translation');
  await page.goto(languages(''));
  assert.ok((await italian.innerText()).includes(`Still to translate: ${count - 1}`), 'the list of languages counts one fewer');
  clean(seen);
  await context.close();
});

test('the same without JavaScript', async () => {
  const { context, page, seen } = await open({ javaScriptEnabled: false });
  await signInAs(page, server.url, 'ben', password);
  await page.goto(languages('it'));
  await translate(page, 'The network: Full name', /^Full name in Italiano/, 'Rete per la coesione');
  const added = await inDraft(page);
  assert.ok(added.some((l) => l.includes('Rete per la coesione')), 'the draft adds the translation');
  assert.ok(added.some((l) => l.includes('CoNet ha riunito undici città europee.')), 'the draft keeps the translation saved before');
  clean(seen);
  await context.close();
});

test('axe finds nothing on the list of languages, the side-by-side page and the translator\'s view, either scheme, wide and on a phone, where the columns stack and nothing scrolls sideways', async () => {
  const { context, page, seen } = await open();
  await signInAs(page, server.url, 'ben', password);
  const found = [];
  const pages = [
    ['the list of languages', languages('')],
    ['the side-by-side page', languages('de')],
    ["the translator's view", server.url + '/admin/translations/?lang=de'],
  ];
  for (const [where, url] of pages) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url);
    for (const [size, width] of [['wide', 1280], ['phone', 360]]) {
      await page.setViewportSize({ width, height: 740 });
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        found.push(...await axeFind(page, `${where}, ${size}, ${colorScheme}`));
      }
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(sideways, 0, `${where}, ${size}: nothing scrolls sideways`);
    }
    if (where === 'the side-by-side page') {
      // On the phone the text as written stands above its field.
      const [written, field] = await Promise.all([
        page.locator('#t-network-summary .admin-value').boundingBox(),
        page.getByLabel(/^Summary in Deutsch/).boundingBox(),
      ]);
      assert.ok(written.y + written.height <= field.y && field.x < written.x + written.width, `stacked: ${JSON.stringify({ written, field })}`);
    }
  }
  await page.goto(server.url + '/admin/');
  await page.getByRole('link', { name: 'Everything to translate' }).click();
  await page.getByRole('link', { name: 'Deutsch', exact: true }).click();
  assert.equal(page.url(), server.url + '/admin/translations/?lang=de');
  const first = page.getByRole('region', { name: 'CoNet' }).getByRole('link', { name: 'The network: Summary' });
  await first.click();
  assert.equal(page.url(), languages('de') + '#t-network-summary', "the translator's view leads to the field");
  assert.deepEqual(found, []);
  clean(seen);
  await context.close();
});

// nothingRan checks a page: no script ran and no markup of the text
// became an element (the site's own scripts have their src, or are
// JSON).
async function nothingRan(page, where) {
  const state = await page.evaluate(() => ({
    pwned: window.pwned,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src && !/json/.test(s.type)).length,
    injected: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')).filter((s) => s === 'x'),
    handlers: document.querySelectorAll('[onerror]').length,
  }));
  assert.deepEqual(state, { pwned: undefined, scripts: 0, injected: [], handlers: 0 }, where);
}

test('a hostile text typed as a translation runs nothing in the draft or its preview', async () => {
  const { context, page, seen } = await open();
  await signInAs(page, server.url, 'ben', password);
  await page.goto(languages('fr'));
  await page.getByLabel(/^Summary in Français/).fill(payload);
  await page.getByLabel(/^Full name in Français/).fill(payload);
  await page.getByRole('button', { name: 'Save the translations' }).click();
  await page.getByText('The translations are saved in your draft.').waitFor();
  await nothingRan(page, 'the side-by-side page');
  assert.equal(await page.getByLabel(/^Full name in Français/).inputValue(), payload.replace(/\s+/g, ' '));
  assert.ok((await inDraft(page)).some((l) => l.includes('<script>window.pwned=1</script>')), 'the draft shows the text as text');
  await nothingRan(page, 'the draft');
  const draft = page.url();
  await page.goto(draft + 'preview/fr/networks/conet/');
  await page.waitForSelector('.marker');
  await nothingRan(page, 'the preview in French');
  await shows(page, 'body', '<script>window.pwned=1</script>');
  assert.ok((await page.locator('body').innerText()).includes('<script>window.pwned=1</script>'), 'the preview shows the text as text');
  clean(seen);
  await context.close();
});
