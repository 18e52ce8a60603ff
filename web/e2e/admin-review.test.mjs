// Review, publishing and history in a real Chromium (serve --edit, an
// atlas, no --watch): an editor signs in, edits, saves and submits; a
// maintainer previews the draft, publishes it and signs out, with scripts
// off, and the public site shows the change; the same by keyboard alone;
// axe finds nothing on the review, preview, conflict, history and network
// pages in either colour scheme; and hostile texts typed into the editor,
// a message and a comment run nothing in the admin pages, the previews or
// the published site. The accounts are made with `partnermap users`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, openWatched, checkClean, signInAs, axeFind, shows } from './harness.mjs';

const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const conet = fileURLToPath(new URL('../../data/conet.toml', import.meta.url));
const password = 'violet kettle under the bridge';
const payload = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">{{ .Name }}</script>\u202eevil\u202c 😀 é̃ a̶b';
const budgetBytes = 60 * 1024;

let dir;
let server;
let browser;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partnermap-review-'));
  const data = join(dir, 'data');
  await mkdir(data);
  const source = await readFile(conet, 'utf8');
  await writeFile(join(data, 'conet.toml'), source);
  await writeFile(join(data, 'other.toml'), source.replace('slug = "conet"', 'slug = "other"').replace('name = "CoNet"', 'name = "Other"'));
  // The atlas is in git already, as a secretariat's would be.
  const git = (...args) => execFileSync('git', ['-C', data, ...args], {
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Grace', GIT_AUTHOR_EMAIL: 'grace@example.org', GIT_COMMITTER_NAME: 'Grace', GIT_COMMITTER_EMAIL: 'grace@example.org' },
  });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'Two networks');
  const users = join(dir, 'users.toml');
  for (const [name, role] of [['anna', 'admin'], ['ben', 'editor'], ['carla', 'maintainer']]) {
    const args = ['users', 'add', '--users', users, name, '--role', role];
    if (role !== 'admin') args.push('--networks', 'conet');
    execFileSync(binary, args, { input: password + '\n' });
  }
  server = await startServer(['--data', data, '--edit', '--users', users, '--state', join(dir, 'state')]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const open = (options) => openWatched(browser, options);

const clean = (seen) => checkClean(seen, server.url);

const signIn = (page, name) => signInAs(page, server.url, name, password);

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You have signed out.').waitFor();
}

// edit saves a draft of a network from its editor, the text changed by
// change, and returns the draft's address.
async function edit(page, network, message, change) {
  await page.goto(server.url + `/admin/networks/${network}/`);
  const text = page.getByLabel('The data file');
  await text.fill(change(await text.inputValue()));
  await page.getByLabel('What did you change?').fill(message);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('The draft is saved.').waitFor();
  return page.url().replace(/\?.*$/, '');
}

// live waits until a public page shows a text, and returns how long that
// took.
async function live(path, text) {
  const start = Date.now();
  for (;;) {
    const body = await (await fetch(server.url + path)).text();
    if (body.includes(text)) return Date.now() - start;
    assert.ok(Date.now() - start < 30000, `${path} does not show ${text} 30 s on`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// adminPage checks an editing page: no script, no style of its own, and
// nothing injected.
async function adminPage(page, where) {
  const state = await page.evaluate(() => ({
    pwned: window.pwned,
    scripts: document.querySelectorAll('script').length,
    styles: document.querySelectorAll('style, [style]').length,
    images: document.querySelectorAll('img').length,
  }));
  assert.deepEqual(state, { pwned: undefined, scripts: 0, styles: 0, images: 0 }, where);
}

// sitePage checks a page of the site, public or previewed: nothing ran,
// nothing was injected, no inline script but the JSON blocks.
async function sitePage(page, where) {
  const state = await page.evaluate(() => ({
    pwned: window.pwned,
    injected: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')).filter((s) => s === 'x'),
    handlers: document.querySelectorAll('[onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src && !/json/.test(s.type)).length,
  }));
  assert.deepEqual(state, { pwned: undefined, injected: [], handlers: 0, scripts: 0 }, where);
}

test('an editor edits, saves and submits; a maintainer previews, publishes and signs out, without scripts', async () => {
  const { context, page, seen } = await open({ javaScriptEnabled: false });
  await page.goto(server.url + '/admin/');
  await page.getByLabel('Name').fill('ben');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(server.url + '/admin/');
  await page.getByRole('link', { name: 'CoNet', exact: true }).click();
  const text = page.getByLabel('The data file');
  await text.fill((await text.inputValue()).replace('name = "Palermo"', 'name = "Palermo, Sicily"'));
  await page.getByLabel('What did you change?').fill('Where Palermo is');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('The draft is saved.').waitFor();
  const draft = page.url().replace(/\?.*$/, '');
  assert.match(await page.locator('.admin-diff__line--add').first().textContent(), /^\+name = "Palermo, Sicily"$/);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('The draft is submitted for review.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Publish' }).count(), 0, 'an editor is offered to publish');
  await signOut(page);

  await signIn(page, 'carla');
  await page.getByRole('region', { name: 'Drafts to review' }).getByRole('link', { name: /^Draft \d+ of CoNet$/ }).click();
  assert.equal(page.url(), draft);
  await page.getByRole('link', { name: 'Preview the site as it would be published' }).click();
  assert.match(new URL(page.url()).pathname, /^\/admin\/drafts\/\d+\/preview\/networks\/conet\/$/);
  await shows(page, 'body', 'Palermo, Sicily');
  assert.ok((await page.locator('body').innerText()).includes('Palermo, Sicily'), 'the preview shows the draft');
  assert.equal(await page.locator('meta[name=robots]').getAttribute('content'), 'noindex');
  await page.goBack();
  const start = Date.now();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('The draft is published.').waitFor();
  const published = await live('/networks/conet/cities/palermo/', 'Palermo, Sicily') + (Date.now() - start);
  console.log(`budget: publish in the browser to the public page: ${published} ms (the issue asks for 2000)`);
  await signOut(page);
  clean(seen);
  await context.close();
});

// tabTo presses Tab until the focused element is the one wanted.
async function tabTo(page, describe, matches) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName.toLowerCase(), name: a.getAttribute('name'), text: a.textContent.trim() };
    });
    if (matches(el)) return;
  }
  assert.fail(`Tab never reached ${describe}`);
}

async function signInByKeyboard(page, name) {
  await page.goto(server.url + '/admin/');
  await tabTo(page, 'the Name field', (el) => el.name === 'name');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/admin/');
}

test('the same by keyboard alone', async () => {
  const { context, page, seen } = await open();
  await signInByKeyboard(page, 'ben');
  await tabTo(page, 'the link to CoNet', (el) => el.tag === 'a' && el.text === 'CoNet');
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/admin/networks/conet/');
  await tabTo(page, 'the text area', (el) => el.tag === 'textarea');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# Reviewed by keyboard.\n');
  await page.keyboard.press('Tab');
  await page.keyboard.type('A comment, by keyboard');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText('The draft is saved.').waitFor();
  await tabTo(page, 'Submit for review', (el) => el.tag === 'button' && el.text === 'Submit for review');
  await page.keyboard.press('Enter');
  await page.getByText('The draft is submitted for review.').waitFor();
  await tabTo(page, 'Sign out', (el) => el.tag === 'button' && el.text === 'Sign out');
  await page.keyboard.press('Enter');
  await page.getByText('You have signed out.').waitFor();

  await signInByKeyboard(page, 'carla');
  await tabTo(page, 'the draft to review', (el) => el.tag === 'a' && /^Draft \d+ of CoNet$/.test(el.text));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/admin\/drafts\/\d+\/$/);
  await tabTo(page, 'Publish', (el) => el.tag === 'button' && el.text === 'Publish');
  await page.keyboard.press('Enter');
  await page.getByText('The draft is published.').waitFor();
  await tabTo(page, 'Sign out', (el) => el.tag === 'button' && el.text === 'Sign out');
  await page.keyboard.press('Enter');
  await page.getByText('You have signed out.').waitFor();
  await live('/networks/conet/', 'CoNet');
  clean(seen);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds nothing on the review, preview, conflict, history and network pages, ${colorScheme} scheme`, async () => {
    const { context, page, seen } = await open({ colorScheme });
    const found = [];
    const check = async (on, what) => {
      found.push(...await axeFind(on, what));
    };
    await signIn(page, 'anna');
    await check(page, 'home');
    const draft = await edit(page, 'conet', `Liverpool, ${colorScheme}`, (s) => s.replace(/local_name = "Liverpool[^"]*"/, `local_name = "Liverpool (${colorScheme})"`));
    await check(page, 'draft with its changes');
    await adminPage(page, 'draft');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('The draft is submitted for review.').waitFor();
    await check(page, 'draft to review');
    await page.getByRole('link', { name: 'Preview the site as it would be published' }).click();
    await page.waitForSelector('.marker');
    await check(page, 'preview');
    await page.goto(draft);
    // Two drafts of one field: the second, open in another tab while the
    // first is published, is in conflict.
    const first = await edit(page, 'conet', 'Apeldoorn one way', (s) => s.replace(/name = "Apeldoorn[^"]*"/, `name = "Apeldoorn, ${colorScheme} one"`));
    const second = await edit(page, 'conet', 'Apeldoorn another', (s) => s.replace(/name = "Apeldoorn[^"]*"/, `name = "Apeldoorn, ${colorScheme} two"`));
    const tab = await context.newPage();
    await tab.goto(second);
    await page.goto(first);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('The draft is published.').waitFor();
    await check(page, 'published draft');
    await tab.getByRole('button', { name: 'Publish' }).click();
    await tab.getByText('The draft could not be published').waitFor();
    await check(tab, 'draft in conflict');
    await adminPage(tab, 'conflict');
    await tab.close();
    await page.goto(server.url + '/admin/networks/conet/history/');
    await check(page, 'history');
    await adminPage(page, 'history');
    await page.getByRole('link', { name: /^Preview of version / }).nth(1).click();
    await page.waitForSelector('.marker');
    await check(page, 'preview of a version');
    await page.goto(server.url + '/admin/networks/new');
    await page.getByLabel('Slug').fill('Not A Slug');
    await page.getByLabel('Name').fill('Gardens');
    const errors = seen.errors.length;
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.getByText('A slug is lower-case letters').waitFor();
    seen.errors.splice(errors); // the browser reports the 422 itself
    await check(page, 'new network, refused');
    await adminPage(page, 'new network');
    await page.goto(server.url + '/admin/networks/other/remove');
    await check(page, 'removal');
    assert.deepEqual(found, []);
    clean(seen);
    await context.close();
  });
}

test('the first visit to a draft stays within 60 KB', async () => {
  const { context, page } = await open();
  await signIn(page, 'anna');
  const draft = await edit(page, 'conet', 'Weighed', (s) => s.replace('name = "Sofia"', 'name = "Sofia, weighed"'));
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: await context.storageState() });
  const visit = await fresh.newPage();
  const responses = [];
  fresh.on('response', (r) => responses.push(r));
  await visit.goto(draft);
  await visit.waitForLoadState('networkidle');
  let bytes = 0;
  for (const r of responses) {
    const sizes = await r.request().sizes();
    bytes += sizes.responseHeadersSize + sizes.responseBodySize;
  }
  console.log(`budget: first visit to a draft of CoNet: ${responses.length} responses, ${(bytes / 1024).toFixed(1)} KB (budget ${budgetBytes / 1024} KB)`);
  assert.ok(bytes <= budgetBytes, `${bytes} B is more than ${budgetBytes} B`);
  await fresh.close();
  await context.close();
});

test('hostile texts typed into the editor run nothing in the admin pages, the previews or the published site', async () => {
  const { context, page, seen } = await open();
  await signIn(page, 'ben');
  const quoted = JSON.stringify(payload);
  const draft = await edit(page, 'conet', payload, (s) => s
    .replace(/name = "Palermo[^"]*"/, `name = ${quoted}`)
    .replace(/focus_area = "Ballarò"/, `focus_area = ${quoted}`));
  await adminPage(page, 'draft');
  assert.ok((await page.locator('.admin-table').innerText()).includes('<script>window.pwned=1</script>'), 'the changes show the text as text');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('The draft is submitted for review.').waitFor();
  await page.getByRole('link', { name: 'Preview the site as it would be published' }).click();
  await page.waitForSelector('.marker');
  await sitePage(page, 'preview of the network');
  await page.goto(draft + 'preview/networks/conet/cities/palermo/');
  await page.waitForSelector('.marker');
  await sitePage(page, 'preview of Palermo');
  assert.ok((await page.locator('h1').first().innerText()).includes('<script>'), 'the preview shows the name as text');
  await page.goto(draft);
  await signOut(page);

  await signIn(page, 'carla');
  await adminPage(page, 'home with the draft to review');
  await page.goto(draft);
  await page.getByLabel('What should the author change?').fill(payload);
  await page.getByRole('button', { name: 'Send back' }).click();
  await page.getByText('The draft is sent back to its author.').waitFor();
  await adminPage(page, 'draft sent back');
  assert.ok((await page.locator('.admin-comment').innerText()).includes('<script>window.pwned=1</script>'));
  assert.equal(await page.getByRole('button', { name: 'Publish' }).count(), 0, 'a draft sent back may be published by its reviewer');
  await signOut(page);

  await signIn(page, 'ben');
  await page.goto(draft);
  await adminPage(page, 'draft sent back, to its author');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('The draft is submitted for review.').waitFor();
  await signOut(page);
  await signIn(page, 'carla');
  await page.goto(draft);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('The draft is published.').waitFor();
  await adminPage(page, 'published');
  await page.goto(server.url + '/admin/networks/conet/history/');
  await adminPage(page, 'history');
  assert.ok((await page.locator('.admin-version h2').first().innerText()).includes('<script>'), 'the history shows the message as text');
  await live('/networks/conet/cities/palermo/', 'window.pwned=1');
  await page.goto(server.url + '/networks/conet/cities/palermo/');
  await page.waitForSelector('.marker');
  await sitePage(page, 'the published page of Palermo');
  await page.goto(server.url + '/networks/conet/');
  await page.waitForSelector('.marker');
  await sitePage(page, 'the published network');
  clean(seen);
  await context.close();
});
