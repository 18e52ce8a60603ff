// partnermap's page that adds a city to a network (serve --edit). The
// page works without it: City searches by its form, the places come back
// as radio buttons, and the fields are typed or filled from the place
// chosen. This script makes City a combobox that suggests places as the
// editor types (combobox.js), fills the fields from the one chosen, and
// shows its point on a map where it can be moved (point.js). The page's
// configuration, addresses and words, is a JSON script block.
import { wording } from '../map/config.js';
import { combobox } from './combobox.js';
import { pointMap, readDegrees } from './point.js';

const configElement = document.getElementById('city-config');
const form = document.getElementById('city-form');
if (configElement && form) {
  start(JSON.parse(configElement.textContent), form);
}

function start(config, form) {
  const words = wording(document.documentElement.lang || undefined);
  const field = (name) => form.elements[name];
  const fields = { name: field('name'), localName: field('local_name'), country: field('country'), lat: field('lat'), lon: field('lon') };
  const point = pointMap(config, fields, document.getElementById('city-point'));
  combobox({
    input: document.getElementById('city-search'),
    listbox: document.getElementById('city-options'),
    status: document.getElementById('city-options-status'),
    suggest: config.suggest,
    words,
    labels: config.labels,
    choose(place) {
      fields.name.value = place.name;
      fields.localName.value = place.localName;
      fields.country.value = place.country;
      fields.lat.value = String(place.lat);
      fields.lon.value = String(place.lon);
      point.show([place.lat, place.lon]);
    },
  });
  // A point the page came with (a place chosen without the script, or a
  // form sent back with a problem) is on the map at once; without one,
  // a button shows the map to place it.
  const at = [readDegrees(fields.lat.value, 90), readDegrees(fields.lon.value, 180)];
  const button = document.getElementById('city-map-show');
  if (isFinite(at[0]) && isFinite(at[1])) {
    point.show(at);
  } else {
    button.hidden = false;
    button.addEventListener('click', () => {
      point.show(null).then(() => document.querySelector('#city-map .marker.is-selected').focus());
    });
  }
}
