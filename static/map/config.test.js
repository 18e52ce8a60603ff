// The words the map script writes, against the server's: every message
// that counts and that the script fills, in every language, with the
// counts of data/messages/testdata/plurals.txt (go test ./data/messages
// -update).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'smol-toml';
import { fill, onMap, wording } from './config.js';

const messages = new URL('../../data/messages/', import.meta.url);

test('onMap draws the places west of bounds past 180° beside their neighbours, and leaves others', () => {
  // Port Vila and Apia: the bounds the server gives a Pacific network.
  const pacific = onMap([[-36.8485, 168.3137], [-13.8333, 188.2333]]);
  assert.equal(pacific(-171.7667), 188.2333);
  assert.equal(pacific(178.4253), 178.4253);
  const europe = onMap([[37.98, -8.61], [59.33, 26.1]]);
  assert.equal(europe(-8.61), -8.61);
  assert.equal(europe(-171.7667), -171.7667, 'bounds within -180..180 move nothing');
});

test('fill puts a city in an address', () => {
  assert.equal(fill('/cities/{slug}/', 'palermo'), '/cities/palermo/');
  assert.equal(fill('/it/fragments/embed/cities/{slug}.html?list=0', 'vaulx-en-velin'), '/it/fragments/embed/cities/vaulx-en-velin.html?list=0');
  assert.equal(fill('/cities/{slug}/', 'a/b?c'), '/cities/a%2Fb%3Fc/');
});

test('placeholders are filled by name, in the order the message has them', () => {
  const { format } = wording('en');
  assert.equal(format('Showing {{.City}}', { City: 'Palermo' }), 'Showing Palermo');
  assert.equal(format('{{ .Total }}: {{.Count}} of {{.Total}}', { Count: '1', Total: '2' }), '2: 1 of 2');
});

test('counts are written as the language\'s number format writes them', () => {
  const languages = readdirSync(messages).filter((f) => f.endsWith('.toml')).map((f) => f.slice(0, -5));
  assert.ok(languages.length >= 10, languages.join(' '));
  for (const lang of languages) {
    const { count } = wording(lang);
    const numbers = new Intl.NumberFormat(lang);
    for (const n of [0, 1, 2, 5, 21, 999, 1000, 1234, 25000, 1234567, 2.5]) {
      assert.equal(count(n), numbers.format(n), `${lang} ${n}`);
    }
  }
});

test('counts choose their plural form as the server does, in every language', () => {
  const golden = readFileSync(new URL('testdata/plurals.txt', messages), 'utf8').split('\n')
    .filter((line) => line && !line.startsWith('#')).map((line) => line.split('\t'));
  const languages = readdirSync(messages).filter((f) => f.endsWith('.toml')).map((f) => f.slice(0, -5));
  let checked = 0;
  for (const lang of languages) {
    const file = parse(readFileSync(new URL(lang + '.toml', messages), 'utf8'));
    const { count, format } = wording(lang);
    // The cluster's name and the search field's status, with the sample
    // total the golden file is written with.
    for (const [id, forms] of [['map.cluster', file.map.cluster], ['cities.matches', file.cities.matches]]) {
      for (const [, , n, want] of golden.filter(([l, m]) => l === lang && m === id)) {
        assert.equal(format(forms, { Count: count(Number(n)), Total: '25' }, Number(n)), want, `${lang} ${id} ${n}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 2 * 7 * languages.length, `${checked} counts checked in ${languages.length} languages`);
});
