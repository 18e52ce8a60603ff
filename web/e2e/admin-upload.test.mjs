// Uploading a spreadsheet in a real Chromium (serve --edit, an atlas): an
// editor takes the network's own CSV download as the spreadsheet they
// keep, changes a city and adds one, uploads it, sees the cities and
// partners it changes and submits the draft, with scripts and without;
// each spreadsheet of the import's tests gives its problems by cell or
// a draft; hostile texts in a spreadsheet's cells run nothing in the table of its
// problems or in the draft's changes; and axe finds nothing on the table
// in either colour scheme (admin.test.mjs checks the editor, with the
// form, and a draft, with the cities and partners it changes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { editingAtlas, openWatched, checkClean, signInAs, axeFind } from './harness.mjs';

const password = 'violet kettle under the bridge';
const payload = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">{{ .Name }}</script>\u202eevil\u202c 😀 é̃ a̶b';

let site;
let server;
let browser;

before(async () => {
  site = await editingAtlas('upload', password);
  ({ server, browser } = site);
});

after(async () => {
  if (!site) return;
  await site.stop();
  console.log(`budget: the upload's browser tests took ${site.took()}`);
});

const open = (options) => openWatched(browser, options);

const clean = (seen) => checkClean(seen, server.url);

// keptSheet is the spreadsheet an editor keeps: the network's CSV
// download, with Palermo's local name changed on both its partners' rows,
// and a partner in Torino added, whose coordinates the gazetteer finds.
async function keptSheet() {
  const csv = await (await fetch(server.url + '/networks/conet/api/network.csv')).text();
  const changed = csv.replaceAll(',Palermo,Palermo,IT,', ',Palermo,Palermo (Sicilia),IT,');
  assert.notEqual(changed, csv, 'the download has Palermo');
  return changed + 'CoNet,Città di Torino,city,partner,Torino,,IT,Italy,,,\n';
}

// uploadSheet chooses a file and uploads it from the network's editor.
async function uploadSheet(page, name, text, mimeType = 'text/csv') {
  await page.goto(server.url + '/admin/networks/conet/');
  const form = page.getByRole('region', { name: 'Upload a spreadsheet' });
  await form.getByLabel('Spreadsheet', { exact: true }).setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
  await form.getByRole('button', { name: 'Upload' }).click();
}

// summary is the draft page's cities and partners by what happens to
// them.
function summary(page) {
  return page.locator('.admin-summary').evaluate((dl) => {
    const out = {};
    let label;
    for (const e of dl.children) {
      if (e.tagName === 'DT') label = e.textContent;
      else out[label] = [...e.querySelectorAll('li')].map((li) => li.textContent);
    }
    return out;
  });
}

const expected = {
  'Cities added': ['Torino'],
  'Cities changed': ['Palermo'],
  'Partners added': ['Città di Torino'],
};

// uploadAndSubmit is the flow of an editor with the spreadsheet they keep.
async function uploadAndSubmit(page) {
  await uploadSheet(page, 'conet.csv', await keptSheet());
  await page.getByText('The spreadsheet is in the draft.').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/admin\/drafts\/\d+\/$/);
  assert.deepEqual(await summary(page), expected);
  assert.ok(await page.locator('.admin-diff__line--add', { hasText: 'local_name = "Palermo (Sicilia)"' }).count() > 0, 'the diff shows the change');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByText('The draft is submitted for review.').waitFor();
}

test('an editor uploads the spreadsheet they keep, sees what it changes and submits it', async () => {
  const { context, page, seen } = await open();
  await signInAs(page, server.url, 'ben', password);
  await page.goto(server.url + '/admin/networks/conet/');
  const template = await page.getByRole('link', { name: "Download the network's workbook" }).getAttribute('href');
  assert.equal(template, '/networks/conet/api/network.xlsx');
  const r = await fetch(server.url + template);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await uploadAndSubmit(page);
  clean(seen);
  await context.close();
});

test('the same without JavaScript', async () => {
  const { context, page, seen } = await open({ javaScriptEnabled: false });
  await signInAs(page, server.url, 'ben', password);
  await uploadAndSubmit(page);
  clean(seen);
  await context.close();
});

// Each spreadsheet of the import's own tests, as an editor would upload
// it: its problems in a table by cell, or a draft with what it changes.
test("each spreadsheet of the import's tests gives its problems by cell, or a draft", async () => {
  const { context, page, seen } = await open();
  await signInAs(page, server.url, 'ben', password);
  const dir = fileURLToPath(new URL('../../data/spreadsheet/testdata/', import.meta.url));
  const outcomes = {};
  for (const name of (await readdir(dir)).filter((n) => !n.endsWith('.toml')).sort()) {
    await uploadSheet(page, name, await readFile(dir + name), name.endsWith('.txt') ? 'text/plain' : 'text/csv');
    const problems = page.getByRole('region', { name: /^Nothing is saved/ });
    await Promise.race([page.getByText('The spreadsheet is in the draft.').waitFor(), problems.waitFor()]);
    if (await problems.count()) {
      const cells = await problems.locator('tbody th').allTextContents();
      assert.ok(cells.length > 0 && cells.every((c) => /^[A-Z]+\d+$|^\d+$/.test(c)), `${name}: problems by cell, ${cells}`);
      outcomes[name] = 'problems';
    } else {
      assert.match(new URL(page.url()).pathname, /^\/admin\/drafts\/\d+\/$/, name);
      assert.ok(Object.keys(await summary(page)).length > 0, `${name}: the draft lists what it changes`);
      outcomes[name] = 'draft';
    }
  }
  assert.equal(outcomes['mistakes.csv'], 'problems');
  assert.equal(outcomes['partners.csv'], 'draft');
  console.log(`the import's spreadsheets uploaded: ${JSON.stringify(outcomes)}`);
  seen.errors = seen.errors.filter((e) => !e.includes('status of 422'));
  clean(seen);
  await context.close();
});

// nothingRan checks an editing page: no script ran and no markup of a
// cell's became an element (a script of the page's own has its src).
async function nothingRan(page, where) {
  const state = await page.evaluate(() => ({
    pwned: window.pwned,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    images: document.querySelectorAll('img').length,
    handlers: document.querySelectorAll('[onerror]').length,
  }));
  assert.deepEqual(state, { pwned: undefined, scripts: 0, images: 0, handlers: 0 }, where);
}

test('hostile texts in cells run nothing in the table of problems or the changes; axe finds nothing in the table in either colour scheme', async () => {
  const { context, page, seen } = await open();
  const found = [];
  const check = async (what) => {
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      found.push(...await axeFind(page, `${what}, ${colorScheme}`));
    }
  };
  const quoted = `"${payload.replaceAll('"', '""')}"`;
  await signInAs(page, server.url, 'ben', password);
  const errors = seen.errors.length;
  await uploadSheet(page, 'bad.csv', `partner,kind,role,city,country\n${quoted},city,coordinator,Berlin,${quoted}\nCity of Palermo,${quoted},partner,Palermo,IT\n`);
  await page.getByText('Nothing is saved: bad.csv has the problems below.').waitFor();
  seen.errors.splice(errors); // the browser reports the 422 itself
  const table = page.getByRole('region', { name: /^Nothing is saved/ });
  assert.deepEqual(await table.locator('tbody th').allTextContents(), ['E2', 'B3']);
  assert.ok((await table.innerText()).includes('<script>window.pwned=1</script>'), 'the table shows the cell as text');
  await nothingRan(page, 'the table of problems');
  await check('the table of problems');

  await uploadSheet(page, 'hostile.csv', `${await keptSheet()}CoNet,${quoted},organisation,partner,Palermo,Palermo (Sicilia),IT,Italy,,,\n`);
  await page.getByText('The spreadsheet is in the draft.').waitFor();
  assert.deepEqual((await summary(page))['Partners added'], ['Città di Torino', payload]);
  assert.ok((await page.locator('.admin-diff').innerText()).includes('<script>window.pwned=1</script>'), 'the diff shows the cell as text');
  await nothingRan(page, 'the draft');
  assert.deepEqual(found, []);
  clean(seen);
  await context.close();
});
