// Editing in a real Chromium (serve --edit): an editor signs in, opens a
// network's editor, saves a draft and signs out, by mouse and by keyboard
// alone; axe finds nothing on the editing pages in either colour scheme;
// the first visit to an admin page stays within its weight; a problem of
// a draft leads to its place in the text area, by a click or by Enter,
// and to the text area without scripts; and hostile texts typed as a
// name, a message and a data file run nothing. The account is made with
// the real `partnermap users` command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, openWatched, checkClean, axeFind, signInAs } from './harness.mjs';

const binary = fileURLToPath(new URL('../../bin/partnermap', import.meta.url));
const conet = fileURLToPath(new URL('../../data/conet.toml', import.meta.url));
const password = 'violet kettle under the bridge';
const payload = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">{{ .Name }}</script>\u202eevil\u202c 😀 é̃ a̶b';
const budgetBytes = 60 * 1024;

let dir;
let server;
let browser;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partnermap-admin-'));
  await mkdir(join(dir, 'data'));
  await copyFile(conet, join(dir, 'data', 'conet.toml'));
  const users = join(dir, 'users.toml');
  for (const [name, role] of [['anna', 'admin'], ['ben', 'editor']]) {
    const args = ['users', 'add', '--users', users, name, '--role', role];
    if (role === 'editor') args.push('--networks', 'conet');
    execFileSync(binary, args, { input: password + '\n' });
  }
  server = await startServer(['--data', join(dir, 'data', 'conet.toml'), '--edit', '--users', users, '--state', join(dir, 'state')]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const open = (options) => openWatched(browser, options);

const clean = (seen) => checkClean(seen, server.url);

test('an editor signs in, saves a draft and signs out, by mouse', async () => {
  const { context, page, seen } = await open();
  await page.goto(server.url + '/admin/networks/conet/');
  assert.equal(new URL(page.url()).pathname, '/admin/sign-in');
  await page.getByLabel('Name').fill('ben');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(server.url + '/admin/networks/conet/');
  await page.getByRole('link', { name: 'partnermap' }).click();
  await page.getByRole('link', { name: 'CoNet', exact: true }).click();
  const text = page.getByLabel('The data file');
  const file = await text.inputValue();
  assert.match(file, /^# CoNet|slug = "conet"/m);
  await text.fill(file.replace('Palermo', 'Palermo, Sicily'));
  await page.getByLabel('What did you change?').fill('Where Palermo is');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('The draft is saved.').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/admin\/drafts\/\d+\/$/);
  assert.equal(await page.getByLabel('What did you change?').inputValue(), 'Where Palermo is');
  assert.match(await page.getByLabel('The data file').inputValue(), /Palermo, Sicily/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You have signed out.').waitFor();
  await page.goto(server.url + '/admin/');
  assert.equal(new URL(page.url()).pathname, '/admin/sign-in');
  clean(seen);
  await context.close();
});

// tabTo presses Tab until the focused element is the one wanted.
async function tabTo(page, describe, matches) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName.toLowerCase(), name: a.getAttribute('name'), text: a.textContent.trim(), type: a.getAttribute('type') };
    });
    if (matches(el)) return;
  }
  assert.fail(`Tab never reached ${describe}`);
}

test('the same by keyboard alone', async () => {
  const { context, page, seen } = await open();
  await page.goto(server.url + '/admin/');
  await tabTo(page, 'the Name field', (el) => el.name === 'name');
  await page.keyboard.type('ben');
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/admin/');
  await tabTo(page, 'the link to CoNet', (el) => el.tag === 'a' && el.text === 'CoNet');
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url + '/admin/networks/conet/');
  await tabTo(page, 'the text area', (el) => el.tag === 'textarea');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# Checked by keyboard.\n');
  await page.keyboard.press('Tab');
  await page.keyboard.type('A comment, by keyboard');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Save draft');
  await page.keyboard.press('Enter');
  await page.getByText('The draft is saved.').waitFor();
  assert.match(await page.getByLabel('The data file').inputValue(), /# Checked by keyboard\.\n$/);
  await tabTo(page, 'Sign out', (el) => el.tag === 'button' && el.text === 'Sign out');
  await page.keyboard.press('Enter');
  await page.getByText('You have signed out.').waitFor();
  clean(seen);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds nothing on the editing pages, ${colorScheme} scheme`, async () => {
    const { context, page } = await open({ colorScheme });
    const found = [];
    const check = async (what) => {
      found.push(...await axeFind(page, what));
    };
    await page.goto(server.url + '/admin/sign-in');
    await check('sign-in');
    await page.getByLabel('Name').fill('anna');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The name or the password is not right.').waitFor();
    await check('sign-in, failed');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(server.url + '/admin/');
    await check('home');
    await page.getByRole('link', { name: 'CoNet', exact: true }).click();
    await check('editor');
    await page.getByLabel('The data file').fill('[network]\nslug = "conet"\n');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
    await check('draft with problems');
    await page.goto(server.url + '/admin/no-such-page');
    await check('not found');
    assert.deepEqual(found, []);
    await context.close();
  });
}

test('the first visit to an admin page stays within 60 KB', async () => {
  const { context, page } = await open();
  const responses = [];
  context.on('response', (r) => responses.push(r));
  await page.goto(server.url + '/admin/');
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  const lines = [];
  for (const r of responses) {
    const sizes = await r.request().sizes();
    bytes += sizes.responseHeadersSize + sizes.responseBodySize;
    lines.push(`  ${String(sizes.responseBodySize).padStart(7)} B  ${r.status()} ${new URL(r.url()).pathname}`);
  }
  console.log(`first visit to /admin/: ${responses.length} responses, ${(bytes / 1024).toFixed(1)} KB, ${bytes} B (budget ${budgetBytes / 1024} KB)\n${lines.join('\n')}`);
  assert.ok(bytes <= budgetBytes, `${bytes} B is more than ${budgetBytes} B`);
  assert.equal(await page.locator('script').count(), 0, 'the editing pages need no script');
  await context.close();
});

test('hostile texts typed as a name, a message and a data file run nothing', async () => {
  const { context, page, seen } = await open();
  // No script but the site's own files: a draft with problems has the
  // editor's.
  const untouched = async (where) => {
    const state = await page.evaluate(() => ({
      pwned: window.pwned,
      imgs: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src || new URL(s.src).origin !== location.origin || !new URL(s.src).pathname.startsWith('/static/')).length,
    }));
    assert.deepEqual(state, { pwned: undefined, imgs: 0, scripts: 0 }, where);
  };
  await page.goto(server.url + '/admin/sign-in');
  await page.getByLabel('Name').fill(payload);
  await page.getByLabel('Password').fill('a wrong password here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('The name or the password is not right.').waitFor();
  assert.equal(await page.getByLabel('Name').inputValue(), payload);
  await untouched('sign-in');
  await page.getByLabel('Name').fill('ben');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(server.url + '/admin/');
  await page.getByRole('link', { name: 'CoNet', exact: true }).click();
  await page.getByLabel('The data file').fill(`# ${payload}\n[network]\nname = "${payload.replaceAll('"', '\\"')}"\n`);
  await page.getByLabel('What did you change?').fill(payload);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('The draft is saved.').waitFor();
  await untouched('draft');
  assert.equal(await page.getByLabel('What did you change?').inputValue(), payload.replace(/\s+/g, ' '));
  assert.ok((await page.locator('main').innerText()).includes('<script>window.pwned=1</script>'), 'the message shows as text');
  await page.goto(server.url + '/admin/');
  await untouched('home');
  await page.goto(server.url + '/admin/networks/conet/');
  await untouched('editor');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

// Berlin's link as CoNet writes it, and as the caret tests break it: an
// address the format refuses, after letters of two bytes and an emoji of
// four on its line, so that validate's column, in bytes, is not the
// caret's, in UTF-16 code units.
const berlinLink = '{ title = "Quartiersmanagement Berlin", url = "https://www.quartiersmanagement-berlin.de/" }';
const badLink = '{ title = "Quartiersmanagement München Берлин 😀", url = "ftp://www.example.org/" }';

// caret is what has focus, and where its caret is: the offset, the line
// and the rest of that line; and whether the caret's line is in sight in
// the text area, and the text area in the window.
const caret = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (a.tagName !== 'TEXTAREA') return { id: a.id, tag: a.tagName };
  const line = a.value.slice(0, a.selectionStart).split('\n').length;
  const height = parseFloat(getComputedStyle(a).lineHeight);
  const top = (line - 1) * height;
  const box = a.getBoundingClientRect();
  return {
    id: a.id, start: a.selectionStart, end: a.selectionEnd, line,
    rest: a.value.slice(a.selectionStart).split('\n')[0],
    lineInSight: top >= a.scrollTop && top + height <= a.scrollTop + a.clientHeight,
    areaInSight: box.top >= -1 && box.bottom <= innerHeight + 1, // a pixel's fraction either way
  };
});

test('a problem listed puts the caret at its line and column, by a click or by Enter; without scripts it leads to the text area', async () => {
  const { context, page, seen } = await open();
  await signInAs(page, server.url, 'ben', password);
  await page.goto(server.url + '/admin/networks/conet/');
  const area = page.getByLabel('The data file');
  const file = await area.inputValue();
  assert.ok(file.includes(berlinLink) && file.includes('lat = 52.5200\n'), "CoNet's file has Berlin's link and latitude as the test breaks them");
  const text = file.replace(berlinLink, badLink).replace('lat = 52.5200\n', 'lat = 152.52\n');
  await area.fill(text);
  await page.getByLabel('What did you change?').fill('Two mistakes');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('The draft is saved.').waitFor();
  const draft = page.url().replace(/\?.*$/, '');
  const saved = await area.inputValue();
  assert.equal(saved, text);

  // Where each problem is, in the text area's own counting.
  const url = { start: text.indexOf('url = "ftp:'), line: text.slice(0, text.indexOf(badLink)).split('\n').length };
  const lat = { start: text.indexOf('lat = 152.52'), line: text.slice(0, text.indexOf('lat = 152.52')).split('\n').length };
  const urlLine = text.split('\n')[url.line - 1];
  const byteColumn = Buffer.byteLength(urlLine.slice(0, urlLine.indexOf('url = "ftp:'))) + 1;
  assert.notEqual(byteColumn, urlLine.indexOf('url = "ftp:') + 1, 'the line has letters of more than a byte before the problem');
  const urlProblem = page.getByRole('link', { name: `Line ${url.line}, column ${byteColumn}: address "ftp://www.example.org/"` });
  const latProblem = page.getByRole('link', { name: `Line ${lat.line}, column 1: lat = 152.52` });
  const expectCaret = async (at, rest, how) => {
    assert.deepEqual(await caret(page), { id: 'draft-text', start: at.start, end: at.start, line: at.line, rest, lineInSight: true, areaInSight: true }, how);
  };

  await page.evaluate(() => window.scrollTo(0, 0));
  await urlProblem.click();
  await expectCaret(url, 'url = "ftp://www.example.org/" },', 'a click on the address');
  await latProblem.click();
  await expectCaret(lat, 'lat = 152.52', 'a click on the latitude');
  assert.equal(new URL(page.url()).hash, '', 'the script keeps the address as it was');

  await page.goto(draft);
  await tabTo(page, 'the problem of the address', (el) => el.tag === 'a' && el.text.startsWith(`Line ${url.line},`));
  await page.keyboard.press('Enter');
  await expectCaret(url, 'url = "ftp://www.example.org/" },', 'Enter on the address');
  await page.keyboard.press('End');
  await page.keyboard.type(' # typed where the caret went');
  assert.ok((await area.inputValue()).includes(badLink + ', # typed where the caret went\n'), 'typing goes on at the caret');
  clean(seen);

  // The first visit to the draft, its script and all, stays within the
  // editing pages' weight.
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
  const scripts = responses.filter((r) => r.url().endsWith('.js')).length;
  console.log(`budget: first visit to a draft with problems: ${responses.length} responses (${scripts} script), ${(bytes / 1024).toFixed(1)} KB (budget ${budgetBytes / 1024} KB)`);
  assert.equal(scripts, 1, "the editor's script is loaded");
  assert.ok(bytes <= budgetBytes, `${bytes} B is more than ${budgetBytes} B`);
  await fresh.close();

  // Without scripts the problem is a link to the text area.
  const plain = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, storageState: await context.storageState() });
  const noScript = await plain.newPage();
  await noScript.goto(draft);
  await noScript.getByRole('link', { name: `Line ${url.line}, column ${byteColumn}:` }).click();
  assert.equal(new URL(noScript.url()).hash, '#draft-text');
  assert.equal(await noScript.evaluate(() => document.activeElement.id), 'draft-text', 'the text area has focus');
  await plain.close();
  await context.close();
});
