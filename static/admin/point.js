// The city's point on a small map, drawn as the public maps draw theirs:
// the same basemap and tiles (map/basemap.js), the operator's raster
// tiles under them if the server has any, and the same marks, the
// network's cities beside the new one. The new city's marker is dragged,
// placed by a click on the map, or moved by the arrow keys once it has
// focus; the latitude and longitude fields follow it, and it follows
// them. Leaflet is loaded only when the map is first shown. Each move
// asks the server whether the point lies in its country, and says so.
import { drawBasemap } from '../map/basemap.js';
import { onMap } from '../map/config.js';
import { fetchJSON } from '../map/fetch.js';
import { markerSizes } from '../map/markers.js';

// wait is how long a point stays put before it is checked.
const wait = 250;

// readDegrees reads a coordinate as typed, with a decimal point or comma;
// NaN for anything else, or one past limit.
export function readDegrees(text, limit) {
  let s = String(text).trim();
  if (!s.includes('.')) {
    s = s.replace(',', '.');
  }
  const x = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
  return Math.abs(x) <= limit ? x : NaN;
}

// round writes a coordinate as data files do: at most four decimals.
export const round = (x) => String(Math.round(x * 1e4) / 1e4);

// loadLeaflet loads Leaflet's stylesheet, before the site's, and its
// script, once.
function loadLeaflet(config) {
  if (window.L) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = config.leafletCSS;
    document.head.insertBefore(css, document.querySelector('link[rel=stylesheet]'));
    const js = document.createElement('script');
    js.src = config.leafletJS;
    js.onload = resolve;
    js.onerror = reject;
    document.head.appendChild(js);
  });
}

// pointMap ties the map to the fields (lat, lon, country) and the status
// element that says where the point is. show puts the point on the map,
// at [lat, lon] or, without one, in the middle of the network's cities.
export function pointMap(config, fields, status) {
  // A point is shown where the map draws the network's cities: past 180°
  // for a network around the Pacific (onMap).
  const east = onMap(config.bounds);
  const onTheMap = (at) => at && [at[0], east(at[1])];
  const view = { config, fields, status, onTheMap, map: null, marker: null, ready: null, timer: 0, asked: 0 };
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  view.animate = !still;
  const follow = () => {
    const at = [readDegrees(fields.lat.value, 90), readDegrees(fields.lon.value, 180)];
    if (view.map && isFinite(at[0]) && isFinite(at[1])) {
      place(view, onTheMap(at), false);
    }
    later(view);
  };
  fields.lat.addEventListener('input', follow);
  fields.lon.addEventListener('input', follow);
  fields.country.addEventListener('change', () => later(view));
  return {
    show(point) {
      const at = onTheMap(point);
      return start(view, at).then(() => {
        if (at) {
          view.map.setView(at, Math.max(view.map.getZoom(), zoom), { animate: false });
        }
        place(view, at || view.map.getCenter(), true);
        later(view);
      });
    },
  };
}

// zoom is how near the map shows a point: a region around it, its
// country's borders in sight.
const zoom = 7;

// start shows the map, made the first time around at, or else around
// the network's cities.
function start(view, at) {
  document.getElementById('city-map-show').hidden = true;
  document.getElementById('city-map-box').hidden = false;
  document.getElementById('city-map-hint').hidden = false;
  document.getElementById('city-map-credits').hidden = false;
  if (!view.ready) {
    view.ready = loadLeaflet(view.config).then(() => make(view, at));
  }
  return view.ready;
}

// make draws the map: the basemap, the network's cities, and clicks that
// place the point.
function make(view, at) {
  const { config } = view;
  const element = document.getElementById('city-map');
  const map = L.map(element, { attributionControl: false, zoomSnap: 0.25, zoomAnimation: view.animate, fadeAnimation: view.animate, markerZoomAnimation: view.animate });
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', config.labels.map);
  if (at) {
    map.setView(at, zoom);
  } else {
    map.fitBounds(config.bounds, { padding: [24, 24], maxZoom: zoom });
  }
  view.map = map;
  view.size = markerSizes();
  // The operator's raster tiles (--tile-url) go under the outlines, as
  // on the public maps; the page names their source.
  if (config.tiles) {
    L.tileLayer(config.tiles.url, { attribution: '' }).addTo(map);
    element.classList.add('has-tiles');
  }
  config.cities.forEach((city) => {
    const kind = city.coordinator ? 'coordinator' : 'partner';
    const mark = L.marker(view.onTheMap([city.lat, city.lon]), {
      icon: L.divIcon({ className: 'marker marker--' + kind + ' admin-city__other', iconSize: view.size(kind) }),
      interactive: false,
      keyboard: false,
    }).addTo(map);
    mark.getElement().setAttribute('aria-hidden', 'true');
  });
  map.on('click', (event) => {
    place(view, event.latlng, true);
    later(view);
  });
  return fetchJSON(config.basemap).then((basemap) => drawBasemap(map, basemap));
}

// place puts the new city's marker at a point, made the first time;
// write says whether the fields take the point too, as a longitude
// within ±180° on whichever copy of the world it lies.
function place(view, at, write) {
  const latlng = L.latLng(at);
  if (!view.marker) {
    view.marker = newMarker(view, latlng);
  }
  view.marker.setLatLng(latlng);
  if (write) {
    const real = latlng.wrap();
    view.fields.lat.value = round(real.lat);
    view.fields.lon.value = round(real.lng);
  }
  const el = view.marker.getElement();
  el.setAttribute('aria-label', view.config.labels.marker + ': ' + view.fields.lat.value + ', ' + view.fields.lon.value);
  view.map.panInside(latlng, { padding: [32, 32], animate: view.animate });
}

// newMarker is the city's marker, a partner's mark, chosen: a Tab stop
// that the arrow keys move, further with Shift, and that can be dragged.
function newMarker(view, latlng) {
  const marker = L.marker(latlng, {
    icon: L.divIcon({ className: 'marker marker--partner is-selected', iconSize: view.size('partner') }),
    draggable: true,
    keyboard: false,
    zIndexOffset: 1000,
  }).addTo(view.map);
  const el = marker.getElement();
  el.setAttribute('role', 'button');
  el.setAttribute('aria-describedby', 'city-map-hint');
  el.tabIndex = 0;
  el.addEventListener('keydown', (event) => nudge(view, event));
  marker.on('dragend', () => {
    place(view, marker.getLatLng(), true);
    later(view);
  });
  return marker;
}

// steps are the moves of the arrow keys, in pixels.
const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

// nudge moves the marker by 4 pixels an arrow key, 40 with Shift.
function nudge(view, event) {
  const step = steps[event.key];
  if (!step) {
    return;
  }
  event.preventDefault();
  event.stopPropagation();
  const by = event.shiftKey ? 40 : 4;
  const { map, marker } = view;
  const at = map.project(marker.getLatLng()).add([step[0] * by, step[1] * by]);
  place(view, map.unproject(at), true);
  later(view);
}

// later checks the point once it has stayed put a moment.
function later(view) {
  clearTimeout(view.timer);
  view.timer = setTimeout(() => check(view), wait);
}

// check asks the server where the point lies against its country, and
// says so; an answer that comes after a later question is dropped.
function check(view) {
  const { fields, status } = view;
  if (!fields.country.value.trim() || !fields.lat.value.trim() || !fields.lon.value.trim()) {
    status.textContent = '';
    return;
  }
  const query = new URLSearchParams({ country: fields.country.value, lat: fields.lat.value, lon: fields.lon.value });
  const ticket = ++view.asked;
  fetch(view.config.check + '?' + query, { headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : null))
    .then((answer) => {
      if (answer && ticket === view.asked) {
        status.textContent = answer.message;
        status.classList.toggle('is-outside', !answer.inside);
      }
    }, () => {});
}
