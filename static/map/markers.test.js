import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextCity } from './markers.js';

test('the arrow keys move between the cities shown, around the ends', () => {
  const shown = ['berlin', 'palermo', 'sofia'];
  for (const [slug, key, want] of [
    ['berlin', 'ArrowRight', 'palermo'],
    ['berlin', 'ArrowDown', 'palermo'],
    ['sofia', 'ArrowRight', 'berlin'],
    ['berlin', 'ArrowLeft', 'sofia'],
    ['palermo', 'ArrowUp', 'berlin'],
    ['palermo', 'Home', 'berlin'],
    ['berlin', 'End', 'sofia'],
    // A city the search field has since hidden moves to the first or last.
    ['gijon', 'ArrowRight', 'berlin'],
    ['gijon', 'ArrowLeft', 'palermo'],
  ]) {
    assert.equal(nextCity(shown, slug, key), want, `${key} from ${slug}`);
  }
  assert.equal(nextCity(['enna'], 'enna', 'ArrowRight'), 'enna');
});

test('other keys are not the map\'s', () => {
  for (const key of ['Enter', ' ', 'Tab', 'a', 'PageDown']) {
    assert.equal(nextCity(['berlin', 'palermo'], 'berlin', key), undefined, key);
  }
});
