// The forms made from the data file's fields, in a real Chromium (serve
// --edit): an editor changes what the network is about and one of its
// cities without seeing the file, previews a Markdown text as the site
// renders it, mends the problem shown beside its field, and submits; an
// admin publishes and the public pages show the change. The same forms
// work without JavaScript and by the keyboard alone, a partner's new
// city named on its row among them; text typed into every field runs no
// script; axe finds nothing on them in either colour scheme, wide or
// phone-sized.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editingAtlas, openWatched, checkClean, signInAs, axeFind } from './harness.mjs';

const password = 'violet kettle under the bridge';
const payload = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">';

let atlas;

before(async () => {
  atlas = await editingAtlas('forms', password);
});

after(async () => {
  console.log(`the forms' browser tests took ${atlas?.took()}`);
  await atlas?.stop();
});

const url = (path) => atlas.server.url + path;

// clean checks that nothing went wrong but the refusals the tests ask
// for: a form with problems is answered 422, which Chromium logs.
function clean(seen) {
  seen.errors = seen.errors.filter((e) => !e.includes('status of 422'));
  checkClean(seen, atlas.server.url);
}

const field = (page, label) => page.getByLabel(label, { exact: true });

// published waits until a public page has text, as a reload sees it.
async function published(page, path, text) {
  for (let i = 0; i < 100; i++) {
    await page.goto(url(path));
    if ((await page.locator('main').innerText()).includes(text)) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`${path} never showed ${text}`);
}

test('an editor changes the network and a city by the forms, an admin publishes, by mouse and with scripts on', async () => {
  const { context, page, seen } = await openWatched(atlas.browser);
  await signInAs(page, atlas.server.url, 'ben', password);
  await page.goto(url('/admin/networks/conet/'));
  await page.getByRole('link', { name: 'About the network' }).click();
  await field(page, 'Full name').fill('Cohesion Network of European cities');
  await page.getByRole('button', { name: 'Add an objective' }).click();
  await field(page, 'Objective 3').fill('Share what works between cities.');
  await field(page, 'Summary').fill('CoNet brought **eleven cities** together.');
  await page.getByRole('button', { name: 'Preview the texts' }).click();
  const preview = page.getByRole('region', { name: 'Preview of Summary' });
  assert.equal(await preview.locator('strong').textContent(), 'eleven cities');
  assert.equal(await field(page, 'Objective 3').inputValue(), 'Share what works between cities.', 'the preview keeps the form as typed');
  await page.getByRole('button', { name: 'Save into the draft' }).first().click();
  await page.getByText('The changes are saved in your draft.').waitFor();

  await page.goto(url('/admin/networks/conet/'));
  await page.getByRole('link', { name: 'Edit Palermo' }).click();
  await page.getByRole('button', { name: 'Add a link' }).click();
  const link = page.getByRole('group', { name: 'Link 2' });
  await link.getByLabel('Title (required)').fill('Ballarò');
  const address = link.getByLabel('Address (required)');
  // The browser itself asks for a required field left empty.
  await page.getByRole('button', { name: 'Save into the draft' }).first().click();
  assert.equal(await address.evaluate((el) => el.validity.valueMissing), true);
  await address.fill('https://example.org/ballaro');
  // A latitude out of range is the server's to refuse: nothing is saved,
  // and the problem is beside its field and read with it.
  await field(page, 'Latitude (required)').fill('138.1157');
  await page.getByRole('button', { name: 'Save into the draft' }).first().click();
  const lat = field(page, 'Latitude (required)');
  await page.getByRole('alert').waitFor();
  assert.ok((await page.getByRole('alert').textContent()).includes('Nothing is saved'));
  assert.equal(await lat.getAttribute('aria-invalid'), 'true');
  const problem = (await lat.getAttribute('aria-describedby')).split(' ')[0];
  assert.equal(await page.locator('#' + problem).textContent(), 'A latitude lies between -90 and 90.');
  assert.equal(await page.getByRole('group', { name: 'Link 2' }).getByLabel('Address (required)').inputValue(), 'https://example.org/ballaro', 'the form comes back as typed');
  await lat.fill('38.1157');
  await page.getByRole('button', { name: 'Save into the draft' }).first().click();
  await page.getByText('The changes are saved in your draft.').waitFor();
  await page.getByRole('link', { name: /^draft \d+$/ }).click();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('The draft is submitted for review.').waitFor();
  const draft = page.url().replace(/\?.*$/, '');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signInAs(page, atlas.server.url, 'anna', password);
  await page.goto(draft);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('The draft is published.').waitFor();
  await published(page, '/networks/conet/', 'Cohesion Network of European cities');
  assert.ok((await page.locator('main').innerText()).includes('Share what works between cities.'));
  await published(page, '/networks/conet/cities/palermo/', 'Ballarò');
  assert.equal(await page.locator('main a[href="https://example.org/ballaro"]').count(), 1);
  clean(seen);
  await context.close();
});

test('without JavaScript the forms add, move and save rows by posting', async () => {
  const { context, page, seen } = await openWatched(atlas.browser, { javaScriptEnabled: false });
  await signInAs(page, atlas.server.url, 'ben', password);
  await page.goto(url('/admin/networks/conet/cities/berlin/edit'));
  await page.getByRole('button', { name: 'Add a meeting' }).click();
  const meeting = page.getByRole('group', { name: /^Meeting \d+$/ }).last();
  await meeting.getByLabel('Start (required)').fill('2011-03-10');
  await meeting.getByLabel('Topic').fill('Closing conference');
  await page.getByRole('button', { name: 'Save into the draft' }).first().click();
  await page.getByText('The changes are saved in your draft.').waitFor();
  assert.equal(await page.getByRole('group', { name: /^Meeting \d+$/ }).last().getByLabel('Topic').inputValue(), 'Closing conference');
  clean(seen);
  await context.close();
});

test('by the keyboard alone: Enter in a field saves, and a row button is reached by Tab', async () => {
  const { context, page, seen } = await openWatched(atlas.browser);
  await signInAs(page, atlas.server.url, 'ben', password);
  await page.goto(url('/admin/networks/conet/about'));
  await field(page, 'Fund').focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' and partners');
  await page.keyboard.press('Enter');
  await page.getByText('The changes are saved in your draft.').waitFor();
  assert.equal(await field(page, 'Fund').inputValue(), 'European Regional Development Fund (ERDF) and partners');
  // From the last activity, Tab reaches its buttons: up, then remove.
  const activities = page.getByRole('textbox', { name: /^Activity \d+$/ });
  const count = await activities.count();
  await activities.last().focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), `Remove Activity ${count}`);
  await Promise.all([page.waitForURL(url('/admin/networks/conet/about')), page.waitForEvent('load'), page.keyboard.press('Enter')]);
  assert.equal(await activities.count(), count - 1);
  clean(seen);
  await context.close();
});

test('without JavaScript and by the keyboard alone, a partner is added with a new city named on its row', async () => {
  const { context, page, seen } = await openWatched(atlas.browser, { javaScriptEnabled: false });
  await signInAs(page, atlas.server.url, 'ben', password);
  await page.goto(url('/admin/networks/conet/partners'));
  const rows = await page.getByRole('group', { name: /^Partner \d+$/ }).count();
  await page.getByRole('button', { name: 'Add a partner' }).focus();
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  const row = page.getByRole('group', { name: `Partner ${rows + 1}` });
  await row.getByLabel('Name (required)').focus();
  await page.keyboard.type('Città di Torino');
  // Tab past the kind and the network's cities to the new city's field.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.name), `newcity.${rows}`);
  await page.keyboard.type('Torino');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await page.getByText('The partners are saved in your draft.').waitFor();
  const saved = page.getByRole('group', { name: `Partner ${rows + 1}` });
  assert.equal(await saved.getByLabel('Name (required)').inputValue(), 'Città di Torino');
  assert.equal(await saved.getByLabel('City (required)').inputValue(), 'turin');
  clean(seen);
  await context.close();
});

test('text typed into every field of the forms runs no script, and axe finds nothing, wide and on a phone', async () => {
  const { context, page, seen } = await openWatched(atlas.browser);
  await signInAs(page, atlas.server.url, 'ben', password);
  const found = [];
  const forms = { '/admin/networks/conet/about': 'Save into the draft', '/admin/networks/conet/cities/sofia/edit': 'Save into the draft', '/admin/networks/conet/partners': 'Save the partners' };
  for (const [path, save] of Object.entries(forms)) {
    await page.goto(url(path));
    for (const input of await page.locator('form.admin-form input[type=text], form.admin-form textarea').all()) {
      await input.fill(payload);
    }
    await page.getByRole('button', { name: save }).first().click();
    await page.locator('.admin-notice').waitFor();
    assert.equal(await page.locator('form.admin-form input[type=text]').first().inputValue(), payload, `${path}: the text is not kept as typed`);
    assert.equal(await page.evaluate(() => window.pwned), undefined, `${path}: a typed text ran`);
    if (save === 'Save into the draft') {
      await page.getByRole('button', { name: 'Preview the texts' }).click();
      assert.ok(await page.locator('.admin-preview').count() > 0, `${path}: no preview`);
      assert.equal(await page.evaluate(() => window.pwned), undefined, `${path}: a previewed text ran`);
    }
    assert.equal(await page.locator('form.admin-form img[src=x]').count(), 0);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        found.push(...await axeFind(page, `${path}, ${width} px, ${colorScheme}`));
      }
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${path} scrolls sideways at ${width} px: ${wide}`);
    }
  }
  assert.deepEqual(found, []);
  clean(seen);
  await context.close();
});
