// The embed options as the map script and the builder read and write
// them, against the server's own: its table (components/testdata, written
// by go test ./components -update) and the cases its parser is tested with
// (web/testdata/embed-options.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readOptions, variantOf } from './options.js';

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const table = read('../../components/testdata/embed-table.json');
const cases = read('../../web/testdata/embed-options.json');

test('an embed address reads as the server reads it', () => {
  assert.ok(cases.length > 10, `${cases.length} cases`);
  for (const { query, shown } of cases) {
    assert.deepEqual(readOptions(table, query), shown, JSON.stringify(query));
  }
});

test('every combination of options is a variant of its own, with its query string', () => {
  assert.equal(table.variants.length, 8);
  for (const variant of table.variants) {
    assert.equal(variantOf(table, Object.assign({}, variant.shown)), variant);
  }
  assert.equal(variantOf(table, { list: true, lines: true, details: true }).query, '');
  assert.equal(variantOf(table, { list: false, lines: true, details: false }).query, '?list=0&details=0');
  assert.equal(variantOf(table, readOptions(table, 'details=no&lines=hide')).query, '?lines=0&details=0');
});
