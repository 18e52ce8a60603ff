// How the draft page finds a problem's place in the text area: validate's
// line and byte column, turned into an offset in the area's value, which
// counts UTF-16 code units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offsetAt } from './caret.js';

// columnOf is the 1-based byte column of the part of line before mark,
// as validate counts it.
const columnOf = (line, mark) => Buffer.byteLength(line.slice(0, line.indexOf(mark))) + 1;

test('lines and columns of plain ASCII are counted one to one', () => {
  const text = 'slug = "conet"\nname = "CoNet"\n';
  assert.equal(offsetAt(text, 1, 1), 0);
  assert.equal(offsetAt(text, 1, 8), 7);
  assert.equal(offsetAt(text, 2, 1), 15);
  assert.equal(offsetAt(text, 2, 8), 22);
  assert.equal(text.slice(offsetAt(text, 2, 8)), '"CoNet"\n');
  assert.equal(offsetAt(text, 3, 1), text.length, 'the empty line after the last break');
});

test('a byte column after letters of two, three and four bytes lands on the same character', () => {
  const line = '  { title = "München Берлин ✓ 😀", url = "ftp://x/" },';
  const text = '[[cities]]\n' + line + '\n';
  const column = columnOf(line, 'url');
  // ü and the six Cyrillic letters take a byte more than a code unit, ✓
  // two more, and 😀 four bytes for two units.
  assert.equal(column, line.indexOf('url') + 1 + 1 + 6 + 2 + 2);
  assert.equal(column, 47);
  const at = offsetAt(text, 2, column);
  assert.equal(text.slice(at, at + 3), 'url');
  assert.equal(at - 11, line.indexOf('url'), 'the emoji counts two code units');
  assert.equal(text.slice(offsetAt(text, 2, columnOf(line, 'Берлин'))), line.slice(line.indexOf('Берлин')) + '\n');
  assert.equal(text.slice(offsetAt(text, 2, columnOf(line, ' ", url'))), line.slice(line.indexOf(' ", url')) + '\n', 'right after the emoji');
});

test('a column inside a character goes to its start; past the line, to its end', () => {
  const text = 'name = "München"\nlat = 1\n';
  const u = text.indexOf('ü');
  assert.equal(offsetAt(text, 1, u + 2), u, 'the second byte of ü');
  assert.equal(offsetAt(text, 1, u + 3), u + 1);
  const emoji = 'a😀b';
  for (const column of [2, 3, 4, 5]) {
    assert.equal(offsetAt(emoji, 1, column), 1, `byte column ${column}, inside 😀`);
  }
  assert.equal(offsetAt(emoji, 1, 6), 3);
  assert.equal(offsetAt(text, 1, 100), text.indexOf('\n'), 'past the end of its line');
  assert.equal(offsetAt(text, 9, 1), text.length, 'past the last line');
});

test('a carriage return is not part of a line, and odd input stays in the text', () => {
  const text = 'a = 1\r\nname = "Ballarò"\r\n';
  assert.equal(offsetAt(text, 2, 1), 7);
  assert.equal(offsetAt(text, 2, 50), text.indexOf('\r', 7));
  assert.equal(offsetAt(text, 0, 0), 0);
  assert.equal(offsetAt(text, NaN, NaN), 0);
  assert.equal(offsetAt('', 3, 3), 0);
  assert.equal(offsetAt('x\ud800y', 1, 5), 2, 'a lone surrogate counts as the three bytes of U+FFFD');
});
