// partnermap's map script. Every page is complete without it: the server
// renders the city list and the details. This script puts the network on a
// Leaflet map and opens cities without a page load, by swapping in the
// details panel the server rendered for that city. It never builds markup
// from strings: the only HTML it inserts is the server's own fragments.
//
// The markers come from the city list, whose links carry each city's
// position, so that a page needs nothing else to draw its network. Pages
// of a large network fetch the list as a fragment (config.list) instead of
// carrying it, and group markers into clusters (config.cluster); a search
// field above a long list narrows the list and the map together.
//
// Its parts are modules in map/, which make bundles into one script:
// config (the page's configuration, which gives every address), fetch,
// panel (and history), markers (and keyboard), filter, embed and
// language.
import { drawBasemap } from './map/basemap.js';
import { onMap, wording } from './map/config.js';
import { applyAddressOptions, centreSmallFrame, keepOutOfTheWay, reportHeight } from './map/embed.js';
import { fetchFragment, fetchJSON } from './map/fetch.js';
import { placeMarkersFlat } from './map/flat.js';
import { setUpSearch } from './map/filter.js';
import { suggestLanguage } from './map/language.js';
import { citiesOn } from './map/markers.js';
import { panelOf } from './map/panel.js';

const configElement = document.getElementById('map-config');
const mapElement = document.getElementById('map');
if (configElement && mapElement && typeof L !== 'undefined') {
  // The map, and its markers where the page carries its list, are made
  // as the script runs, before the page's first frame, which the scripts
  // hold (blocking="render"): the page is laid out and painted once, with
  // its map.
  start(JSON.parse(configElement.textContent), mapElement);
} else if (typeof L === 'undefined') {
  // Leaflet did not load: the map the server drew stays in sight, which
  // the stylesheet hides where scripts run, and the live map's keys go.
  const picture = document.querySelector('.map-picture');
  const keys = document.getElementById('map-keys');
  if (picture) {
    picture.classList.add('is-shown');
  }
  if (keys) {
    keys.hidden = true;
  }
}

function start(config, mapElement) {
  placeMarkersFlat();
  const embed = config.embed;
  if (embed) {
    applyAddressOptions(config);
  }
  // Under prefers-reduced-motion the map jumps instead of gliding.
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const words = wording(document.documentElement.lang || undefined);

  // The live map takes the place of the one the server drew, which stays
  // for print only.
  const picture = document.querySelector('.map-picture');
  if (picture) {
    picture.setAttribute('hidden', '');
  }
  const map = L.map(mapElement, {
    attributionControl: false,
    maxBounds: config.maxBounds,
    maxBoundsViscosity: 1,
    zoomSnap: 0.25,
    scrollWheelZoom: !embed,
    dragging: !(embed && L.Browser.mobile),
    zoomAnimation: !still,
    fadeAnimation: !still,
    markerZoomAnimation: !still,
    // Clustering needs a last zoom level; beyond this one the outlines
    // the map is drawn on have no more detail to show.
    maxZoom: config.cluster ? 14 : undefined,
  });
  // Leaflet focuses the map on every mouse press, which would scroll the
  // page, or the host page around an embed, to bring the whole map into
  // view: focus it where it is.
  mapElement.focus = (options) => {
    HTMLElement.prototype.focus.call(mapElement, Object.assign({ preventScroll: true }, options));
  };
  // Leaflet makes the map a Tab stop of its own, where arrow keys pan and
  // plus and minus zoom; name it for those who reach it.
  mapElement.setAttribute('role', 'region');
  mapElement.setAttribute('aria-label', config.labels.map);
  map.fitBounds(config.bounds, { padding: [28, 28] });
  // Zooming out stops where the basemap still fills the view, unless the
  // network itself needs more room.
  const minZoom = Math.min(map.getBoundsZoom(config.maxBounds, true), map.getZoom());
  // Clustering leaves out markers that stand alone at every zoom level
  // when the first level is a fraction: it starts from a whole one.
  map.setMinZoom(config.cluster ? Math.floor(minZoom) : minZoom);
  if (embed) {
    centreSmallFrame(map, embed.focus && [embed.focus[0], onMap(config.bounds)(embed.focus[1])]);
  }

  if (config.tiles) {
    L.tileLayer(config.tiles.url, { attribution: '' }).addTo(map);
    mapElement.classList.add('has-tiles');
  }

  const cities = citiesOn(map, config, still, words, (slug) => open(slug));
  const open = panelOf(config, cities, words);

  fetchJSON(config.basemap).then((basemap) => drawBasemap(map, basemap));
  loadList(config.list).then(() => {
    cities.place();
    setUpSearch(cities, config.labels, words);
  });

  if (embed) {
    keepOutOfTheWay(map, embed, still);
    reportHeight();
  } else {
    suggestLanguage(config.suggestions || {});
  }
}

// loadList resolves once the list is on the page: at once where the page
// carries it, or else when the fragment at address has been fetched and
// put in place of the link to the full list.
function loadList(address) {
  const nav = document.getElementById('cities');
  if (!address || !nav) {
    return Promise.resolve();
  }
  return fetchFragment(address).then((list) => {
    if (!list.classList.contains('cities__list')) {
      throw new Error(address + ': not a list of cities');
    }
    const stand = nav.querySelector('.cities__all');
    if (stand) {
      stand.replaceWith(list);
    } else {
      nav.appendChild(list);
    }
  });
}
