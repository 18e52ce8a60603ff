// Editing in a real Chromium (serve --edit): an editor signs in, opens a
// network's editor, saves a draft and signs out, by mouse and by keyboard
// alone; axe finds nothing on the editing pages in either colour scheme;
// the first visit to an admin page stays within its weight; and hostile
// texts typed as a name, a message and a data file run nothing. The
// account is made with the real `partnermap users` command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, openWatched, checkClean, axeFind } from './harness.mjs';

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
  const untouched = async (where) => {
    const state = await page.evaluate(() => ({ pwned: window.pwned, imgs: document.querySelectorAll('img').length, scripts: document.querySelectorAll('script').length }));
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
