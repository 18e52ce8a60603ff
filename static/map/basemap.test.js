// Which squares of the basemap's tiles the map draws (filled), from the
// levels the server sends for a view (geo.TileIndex.ForView).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filled } from './basemap.js';

// bits packs the squares with land of a level three rows tall, row by
// row, as the server does.
const bits = (width, squares) => {
  const b = new Uint8Array(Math.ceil((width * 3) / 8));
  for (const [x, y] of squares) b[(y * width + x) >> 3] |= 1 << ((y * width + x) & 7);
  return Buffer.from(b).toString('base64');
};

test('filled reads a level in view, and nothing outside it', () => {
  const level = { grid: 4, min: [7, 4], max: [9, 6], filled: bits(3, [[0, 0], [2, 2]]) };
  assert.equal(filled(level, 7, 4), true);
  assert.equal(filled(level, 9, 6), true);
  assert.equal(filled(level, 8, 5), false);
  assert.equal(filled(level, 6, 4), false);
  assert.equal(filled(level, 7, 7), false);
});

test("filled counts the columns Leaflet gives from the world's first on past the last, for a view past 180°", () => {
  // Columns 62 to 65 of a grid 64 wide: 64 and 65 are Leaflet's 0 and 1.
  const level = { grid: 6, min: [62, 33], max: [65, 35], filled: bits(4, [[3, 1], [0, 0]]) };
  assert.equal(filled(level, 1, 34), true, "column 1 is the view's 65");
  assert.equal(filled(level, 62, 33), true);
  assert.equal(filled(level, 0, 34), false);
  assert.equal(filled(level, 2, 34), false, 'column 2 is past the view');
});
