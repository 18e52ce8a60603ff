import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cities, cityLabel, nextCity } from './cities.js';

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

test('a city is called by its name, its country and its role', () => {
  assert.equal(cityLabel({ name: 'Berlin', country: 'Germany', coordinator: true }, 'coordinator'), 'Berlin, Germany, coordinator');
  assert.equal(cityLabel({ name: 'Enna', country: 'Italia', coordinator: false }, 'coordinatore'), 'Enna, Italia');
});

const city = (slug, coordinator = false) => ({ slug, lat: 50, lon: 10, coordinator, name: slug, localName: '', country: 'X', label: slug });

// network is a map's cities in list order, with every event they told.
function network(options, slugs = ['berlin', 'palermo', 'sofia', 'gijon']) {
  const cities = new Cities(options);
  const events = [];
  cities.subscribe((event) => events.push(event));
  slugs.forEach((slug, i) => cities.put(city(slug, i === 0)));
  events.length = 0;
  return { cities, events };
}

test('cities keep the list\'s order and know their coordinator', () => {
  const { cities } = network();
  assert.deepEqual(cities.order, ['berlin', 'palermo', 'sofia', 'gijon']);
  assert.equal(cities.coordinator().slug, 'berlin');
  assert.equal(cities.get('sofia').name, 'sofia');
  assert.equal(cities.label('sofia'), 'sofia');
  assert.equal(cities.label('nowhere'), 'nowhere');
});

test('a city called constructor or __proto__ is a city like any other', () => {
  const cities = new Cities();
  assert.equal(cities.get('constructor'), undefined);
  assert.equal(cities.isShown('constructor'), false);
  cities.put(city('constructor'));
  cities.put(city('__proto__'));
  assert.deepEqual(cities.order, ['constructor', '__proto__']);
  assert.equal(cities.get('__proto__').slug, '__proto__');
  cities.filter((c) => c.slug !== '__proto__');
  assert.deepEqual(cities.shown(), ['constructor']);
});

test('choosing a city puts the keyboard on it, and none on the first shown', () => {
  const { cities, events } = network({ selected: 'sofia' });
  assert.equal(cities.selected(), 'sofia');
  cities.select('sofia');
  assert.equal(cities.current(), 'sofia');
  cities.select(null);
  assert.equal(cities.selected(), null);
  assert.equal(cities.current(), 'berlin');
  assert.deepEqual(events, [
    { type: 'select', slug: 'sofia', previous: 'sofia' },
    { type: 'rove', slug: 'sofia' },
    { type: 'select', slug: null, previous: 'sofia' },
    { type: 'rove', slug: 'berlin' },
  ]);
});

test('the search field takes cities away and gives them back', () => {
  const { cities, events } = network();
  cities.select('palermo');
  events.length = 0;
  assert.equal(cities.filter((c) => c.slug !== 'palermo' && c.slug !== 'gijon'), 2);
  assert.deepEqual(cities.shown(), ['berlin', 'sofia']);
  assert.equal(cities.isShown('palermo'), false);
  // The chosen city stays chosen; the keyboard goes to the first shown.
  assert.equal(cities.selected(), 'palermo');
  assert.equal(cities.current(), 'berlin');
  assert.equal(cities.next('berlin', 'ArrowRight'), 'sofia');
  // The same filter again changes nothing on the map.
  assert.equal(cities.filter((c) => c.slug !== 'palermo' && c.slug !== 'gijon'), 2);
  assert.equal(cities.filter(() => true), 4);
  // Back in view, the chosen city takes the keyboard again only if the
  // keyboard's city is gone; here berlin stays.
  assert.equal(cities.current(), 'berlin');
  assert.deepEqual(events, [
    { type: 'filter', gone: ['palermo', 'gijon'], back: [] },
    { type: 'rove', slug: 'berlin' },
    { type: 'rove', slug: 'berlin' },
    { type: 'filter', gone: [], back: ['palermo', 'gijon'] },
    { type: 'rove', slug: 'berlin' },
  ]);
  cities.rove('sofia');
  cities.filter((c) => c.slug !== 'sofia');
  assert.equal(cities.current(), 'palermo', 'the chosen city, when the keyboard\'s is taken away');
  cities.filter(() => false);
  assert.equal(cities.current(), null);
});

test('lines go from the coordinator to every city shown, or on a clustered map to the chosen one', () => {
  const plain = network().cities;
  assert.deepEqual(plain.lineTo(), ['palermo', 'sofia', 'gijon']);
  plain.filter((c) => c.slug !== 'sofia');
  assert.deepEqual(plain.lineTo(), ['palermo', 'gijon']);

  const clustered = network({ clustered: true }).cities;
  assert.equal(clustered.clustered, true);
  assert.deepEqual(clustered.lineTo(), []);
  clustered.select('sofia');
  assert.deepEqual(clustered.lineTo(), ['sofia']);
  clustered.select('berlin');
  assert.deepEqual(clustered.lineTo(), [], 'none to the coordinator itself');
  clustered.select('gijon');
  clustered.filter((c) => c.slug !== 'gijon');
  assert.deepEqual(clustered.lineTo(), [], 'none to a city taken away');

  assert.deepEqual(network({ lines: false }).cities.lineTo(), []);
  const without = new Cities();
  without.put(city('palermo'));
  without.put(city('sofia'));
  assert.deepEqual(without.lineTo(), [], 'none without a coordinator');
});

test('a cluster stands for the keyboard\'s city if it holds it, or else its first in list order', () => {
  const { cities } = network({ clustered: true });
  assert.equal(cities.standsFor(['gijon', 'sofia', 'palermo']), 'palermo');
  cities.rove('gijon');
  assert.equal(cities.standsFor(['sofia', 'gijon']), 'gijon');
  assert.equal(cities.standsFor(['sofia', 'palermo']), 'palermo');
  cities.filter((c) => c.slug !== 'gijon');
  assert.equal(cities.standsFor(['sofia', 'gijon']), 'sofia', 'not a city taken away');
});

test('a city put again is replaced where it stands, and a city moved is told', () => {
  const { cities, events } = network();
  cities.put(Object.assign(city('sofia'), { name: 'Sofia' }));
  assert.deepEqual(cities.order, ['berlin', 'palermo', 'sofia', 'gijon']);
  assert.equal(cities.get('sofia').name, 'Sofia');
  cities.put(city('enna'));
  assert.deepEqual(cities.order, ['berlin', 'palermo', 'sofia', 'gijon', 'enna']);
  cities.move('enna', 37.57, 14.28);
  assert.deepEqual([cities.get('enna').lat, cities.get('enna').lon], [37.57, 14.28]);
  cities.move('nowhere', 1, 2);
  // Another coordinator takes the role; the former one loses it when put
  // again without it.
  cities.put(city('berlin'));
  assert.equal(cities.coordinator(), undefined);
  cities.put(city('palermo', true));
  assert.equal(cities.coordinator().slug, 'palermo');
  assert.deepEqual(events.map((e) => e.type + ' ' + e.slug), ['put sofia', 'put enna', 'move enna', 'put berlin', 'put palermo']);
});

test('a subscriber that leaves is told nothing more', () => {
  const cities = new Cities();
  const seen = [];
  const leave = cities.subscribe((event) => seen.push(event.type));
  cities.put(city('berlin'));
  leave();
  cities.select('berlin');
  assert.deepEqual(seen, ['put']);
});
