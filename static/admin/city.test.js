// The parts of the page that adds a city that need no browser: where the
// arrow keys lead in the list of places, and how typed coordinates are
// read and written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextActive } from './combobox.js';
import { readDegrees, round } from './point.js';

test('the arrow keys go through the options, and round at either end', () => {
  assert.equal(nextActive(-1, 3, 'ArrowDown'), 0);
  assert.equal(nextActive(0, 3, 'ArrowDown'), 1);
  assert.equal(nextActive(2, 3, 'ArrowDown'), 0);
  assert.equal(nextActive(-1, 3, 'ArrowUp'), 2);
  assert.equal(nextActive(0, 3, 'ArrowUp'), 2);
  assert.equal(nextActive(2, 3, 'ArrowUp'), 1);
  assert.equal(nextActive(1, 3, 'Home'), 1);
  assert.equal(nextActive(-1, 0, 'ArrowDown'), -1);
});

test('coordinates are read with a point or a comma, and within their limit', () => {
  assert.equal(readDegrees('48.1374', 90), 48.1374);
  assert.equal(readDegrees(' 48,1374 ', 90), 48.1374);
  assert.equal(readDegrees('-0.5', 180), -0.5);
  assert.equal(readDegrees('+7', 180), 7);
  assert.equal(readDegrees('.5', 90), 0.5);
  for (const bad of ['', 'north', '48.1.2', '1,000.5', '95', '1e3', '0x10', 'Infinity']) {
    assert.ok(Number.isNaN(readDegrees(bad, 90)), bad);
  }
  assert.ok(Number.isNaN(readDegrees('181', 180)));
});

test('coordinates are written as data files write them', () => {
  assert.equal(round(48.137431), '48.1374');
  assert.equal(round(-0.00004), '0');
  assert.equal(round(7.6868), '7.6868');
});
