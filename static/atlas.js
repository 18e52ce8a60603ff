// partnermap's atlas script: the map of every place of an atlas, each
// marked with the number of networks it took part in, and the list of
// networks beside it. Every page is complete without it: the list links
// every network's site, the panel is the server's, and the page of every
// place lists them all. The script opens places, and draws networks as on
// their own maps, without a page load, by swapping in the panels the
// server rendered, and narrows the list of networks by text, programme
// and year. Like the map script, it builds no markup from strings.
//
// Every view has one address, which the server renders as the script
// shows it: the overview the home (/), a place its page (/places/{slug}/),
// a network the home with the network chosen (/?network={slug}). A static
// host serves the home for the last, where the script chooses the network.
import { drawBasemap } from './map/basemap.js';
import { fill, onMap, wording } from './map/config.js';
import { keepOutOfTheWay, reportHeight } from './map/embed.js';
import { fetchFragment, fetchJSON } from './map/fetch.js';
import { placeMarkersFlat } from './map/flat.js';
import { fold, matcher } from './map/filter.js';
import { suggestLanguage } from './map/language.js';
import { networkOn } from './map/network.js';

// placeZoom is the zoom at which a place's page, or a place chosen out of
// view, shows its place: its region. A network chosen is shown whole, at
// most at networkZoom.
const placeZoom = 6;
const networkZoom = 7;

const configElement = document.getElementById('atlas-config');
const mapElement = document.getElementById('map');
if (configElement && mapElement && typeof L !== 'undefined') {
  // As the map script does: the map is made as the script runs, before
  // the first frame, which the script holds.
  start(JSON.parse(configElement.textContent), mapElement);
}

function start(config, mapElement) {
  placeMarkersFlat();
  const embed = config.embed;
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const keys = document.getElementById('map-keys');
  if (keys) {
    keys.hidden = false;
  }
  // The marks' sizes are read before the map adds anything to the page,
  // so that reading them makes the browser work out no style again.
  const size = markerSizes();
  const map = atlasMap(config, mapElement, still);
  fetchJSON(config.basemap).then((basemap) => drawBasemap(map, basemap));
  const atlas = {
    config,
    map,
    mapElement,
    still,
    size,
    words: wording(document.documentElement.lang || undefined),
    onMap: onMap(config.bounds),
    details: document.getElementById('details'),
    status: document.getElementById('map-status'),
    marks: L.featureGroup().addTo(map),
    places: Object.create(null), // the rows of the places, by slug
    levels: new Map(), // the clusters of each zoom level gathered
    shown: new Map(), // the marks drawn, by their clusters' keys
    rows: [],
    selected: { place: config.selected || null, network: config.network || null },
    pending: 0,
  };
  atlas.Labelled = labelledIcon(atlas);
  atlas.network = networkOn(map, config.labels, size, atlas.onMap, (place) => show(atlas, { place }, true));
  atlas.marks.on('click', (event) => openMark(atlas, event.propagatedFrom, false));
  atlas.marks.on('keypress', (event) => {
    if (event.originalEvent.key === 'Enter' || event.originalEvent.key === ' ') {
      event.originalEvent.preventDefault();
      openMark(atlas, event.propagatedFrom, true);
    }
  });

  // The places come as rows: slug, latitude, longitude, number of
  // networks, name and country; the longitude is made the map's.
  fetchJSON(config.places).then((list) => {
    atlas.rows = list;
    list.forEach((row) => {
      row[2] = atlas.onMap(row[2]);
      atlas.places[row[0]] = row;
    });
    map.on('moveend', () => redraw(atlas));
    redraw(atlas);
  });
  if (atlas.selected.network) {
    draw(atlas, atlas.details.firstElementChild, false);
  }
  openLinksInPlace(atlas);

  if (embed) {
    // Inside an iframe a network opens its own site in a new tab, as its
    // embed is another address.
    document.querySelectorAll('a[data-network]').forEach((a) => {
      a.removeAttribute('data-network');
      a.target = '_blank';
      a.rel = 'noopener';
    });
    keepOutOfTheWay(map, embed, still);
    reportHeight();
  } else {
    setUpFilter(config, atlas.words);
    suggestLanguage(config.suggestions || {});
  }
}

// atlasMap is the Leaflet map of the atlas, in the view the page asks for.
function atlasMap(config, mapElement, still) {
  const embed = config.embed;
  const map = L.map(mapElement, {
    attributionControl: false,
    maxBounds: config.maxBounds,
    maxBoundsViscosity: 1,
    zoomSnap: 0.25,
    zoomAnimation: !still,
    fadeAnimation: !still,
    markerZoomAnimation: !still,
    maxZoom: 14,
    scrollWheelZoom: !embed,
    dragging: !(embed && L.Browser.mobile),
  });
  mapElement.focus = (options) => {
    HTMLElement.prototype.focus.call(mapElement, Object.assign({ preventScroll: true }, options));
  };
  mapElement.setAttribute('role', 'region');
  mapElement.setAttribute('aria-label', config.labels.map);
  map.fitBounds(config.bounds, { padding: [28, 28] });
  map.setMinZoom(Math.floor(Math.min(map.getBoundsZoom(config.maxBounds, true), map.getZoom())));
  // A place's page opens on its place.
  if (config.focus) {
    map.setView([config.focus[0], onMap(config.bounds)(config.focus[1])], Math.max(map.getZoom(), placeZoom), { animate: false });
  }
  if (config.tiles) {
    L.tileLayer(config.tiles.url, { attribution: '' }).addTo(map);
    mapElement.classList.add('has-tiles');
  }
  return map;
}

// labelledIcon is the icon of a marker or cluster: a button named in
// words (label), its number (count) in it. Both are made when it is
// first shown: most places start in a cluster.
function labelledIcon(atlas) {
  return L.DivIcon.extend({
    createIcon(old) {
      const span = document.createElement('span');
      span.textContent = atlas.words.count(this.options.count);
      this.options.html = span;
      const el = L.DivIcon.prototype.createIcon.call(this, old);
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', this.options.label());
      el.classList.toggle('is-selected', this.options.slug !== undefined && this.options.slug === atlas.selected.place);
      return el;
    },
  });
}

// Places near one another at the zoom shown are gathered: the map is cut
// into squares of clusterCell pixels, and the places of a square show as
// one cluster, which zooms in to them; from zoom level alone on each
// place shows by itself. Each level is gathered once, when first shown,
// and only the marks in view are drawn: a few milliseconds for thousands
// of places, where a clustering library would build every level ahead.
// The place shown is never gathered: it shows by itself at every level.
const clusterCell = 60;
const alone = 9;

function gather(atlas, zoom) {
  if (!atlas.levels.has(zoom)) {
    const cells = new Map();
    atlas.rows.forEach((row) => {
      if (row[0] === atlas.selected.place) {
        return;
      }
      const at = atlas.map.project([row[1], row[2]], zoom);
      const key = zoom >= alone ? row[0] : Math.floor(at.x / clusterCell) + ',' + Math.floor(at.y / clusterCell);
      if (!cells.has(key)) {
        cells.set(key, []);
      }
      cells.get(key).push(row);
    });
    atlas.levels.set(zoom, placeMarks(atlas, zoom, cells));
  }
  return atlas.levels.get(zoom);
}

// placeMarks are the marks of a level's squares (cells, by key): a place
// alone at its place, and a cluster at the middle of its places, moved as
// little as it takes for its whole mark to lie in its square and clear of
// the place shown and of the places alone around it, so that no two marks
// overlap and each can be pointed at or touched whole. A place alone that
// a cluster cannot keep clear of within its square joins the cluster.
function placeMarks(atlas, zoom, cells) {
  const alonePlaces = new Map();
  cells.forEach((members, key) => members.length === 1 && alonePlaces.set(key, members[0]));
  const selected = atlas.places[atlas.selected.place];
  const pixels = (row) => atlas.map.project([row[1], row[2]], zoom);
  const place = atlas.size('partner')[0] / 2;
  const clusters = [];
  cells.forEach((members, key) => {
    if (members.length === 1) {
      return;
    }
    const [x, y] = key.split(',').map(Number);
    const near = [];
    for (const dx of [-1, 0, 1]) {
      for (const dy of [-1, 0, 1]) {
        const other = x + dx + ',' + (y + dy);
        if (alonePlaces.has(other)) {
          near.push(other);
        }
      }
    }
    const middle = atlas.map.project([members.reduce((sum, row) => sum + row[1], 0) / members.length,
      members.reduce((sum, row) => sum + row[2], 0) / members.length], zoom);
    const point = (count) => {
      const half = atlas.size(clusterKind(count))[0] / 2;
      const within = (v, cell) => Math.min(Math.max(v, cell * clusterCell + half), (cell + 1) * clusterCell - half);
      return { half, at: L.point(within(middle.x, x), within(middle.y, y)), inside: (p) => within(p.x, x) === p.x && within(p.y, y) === p.y };
    };
    // Places alone it cannot keep clear of join it.
    for (const other of near) {
      const { half, at, inside } = point(members.length);
      if (alonePlaces.has(other) && !inside(clearOf(at, pixels(alonePlaces.get(other)), half + place))) {
        members.push(alonePlaces.get(other));
        alonePlaces.delete(other);
      }
    }
    let { half, at, inside } = point(members.length);
    for (const other of near) {
      if (alonePlaces.has(other)) {
        at = clearOf(at, pixels(alonePlaces.get(other)), half + place, inside);
      }
    }
    if (selected) {
      at = clearOf(at, pixels(selected), half + place, inside);
    }
    clusters.push({ key: zoom + '/' + key, members, px: at });
  });
  apart(atlas, clusters);
  clusters.forEach((cluster) => {
    cluster.at = atlas.map.unproject(cluster.px, zoom);
  });
  // A place alone keeps its key, and so its mark, at every level; one that
  // the place shown would cover in part is moved clear of it, as little
  // as it takes, as a cluster is.
  const lone = [...alonePlaces.values()].map((row) => {
    const at = selected ? clearOf(pixels(row), pixels(selected), 2 * place) : pixels(row);
    return { key: row[0], members: [row], at: atlas.map.unproject(at, zoom) };
  });
  return clusters.concat(lone);
}

// apart joins two clusters whose marks would still overlap, which moving
// one clear of the place shown or of a place alone can make happen, into
// the larger, until no two do.
function apart(atlas, clusters) {
  const half = (c) => atlas.size(clusterKind(c.members.length))[0] / 2;
  for (let joined = true; joined;) {
    joined = false;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const [a, b] = [clusters[i], clusters[j]];
        const clear = half(a) + half(b);
        if (Math.abs(a.px.x - b.px.x) < clear && Math.abs(a.px.y - b.px.y) < clear) {
          const [big, small] = a.members.length >= b.members.length ? [a, b] : [b, a];
          big.members = big.members.concat(small.members);
          clusters.splice(clusters.indexOf(small), 1);
          joined = true;
          j = clusters.length;
        }
      }
    }
  }
}

// clearOf moves a mark's centre at, along one axis and as little as it
// takes, until a square mark around it lies clear of the one around
// other (their centres at least clear apart along one axis), preferring
// the moves that keep it where inside says.
function clearOf(at, other, clear, inside = () => true) {
  const dx = at.x - other.x;
  const dy = at.y - other.y;
  if (Math.max(Math.abs(dx), Math.abs(dy)) >= clear) {
    return at;
  }
  const moves = [
    L.point(other.x - clear, at.y), L.point(other.x + clear, at.y),
    L.point(at.x, other.y - clear), L.point(at.x, other.y + clear),
  ].sort((a, b) => (inside(b) - inside(a)) || (a.distanceTo(at) - b.distanceTo(at)));
  return moves[0];
}

function clusterKind(count) {
  return 'cluster-' + (count < 10 ? 'small' : count < 100 ? 'medium' : 'large');
}

// markerSizes reads the sizes of the marks from the stylesheet at once,
// and returns size, which gives a mark's by name.
function markerSizes() {
  const style = getComputedStyle(document.documentElement);
  const sizes = {};
  for (const name of ['coordinator', 'partner', 'cluster-small', 'cluster-medium', 'cluster-large']) {
    const pixels = parseFloat(style.getPropertyValue('--marker-' + name));
    sizes[name] = [pixels, pixels];
  }
  return (name) => sizes[name];
}

// mark is a place's marker, or a cluster's, which knows its places.
function mark(atlas, cluster) {
  const { config, words, size } = atlas;
  if (cluster.members.length === 1) {
    const [slug, , , count, name, country] = cluster.members[0];
    return L.marker(cluster.at, {
      place: slug,
      zIndexOffset: slug === atlas.selected.place ? 1000 : 0,
      icon: new atlas.Labelled({
        slug,
        count,
        className: 'place-marker',
        iconSize: size('partner'),
        label: () => words.format(config.labels.marker, { Place: name, Country: country, Count: words.count(count) }, count),
      }),
    });
  }
  const count = cluster.members.length;
  const kind = clusterKind(count);
  return L.marker(cluster.at, {
    cluster,
    icon: new atlas.Labelled({
      count,
      className: 'marker-cluster marker-' + kind,
      iconSize: size(kind),
      label: () => words.format(config.labels.cluster, { Count: words.count(count) }, count),
    }),
  });
}

// redraw shows the marks of the zoom level shown around the view, and
// keeps those already drawn, which may hold the keyboard's focus.
function redraw(atlas) {
  const { map, shown, marks, selected } = atlas;
  if (selected.network) {
    return; // the network's own marks are shown instead
  }
  const zoom = Math.min(Math.floor(map.getZoom() + 1e-6), alone);
  const view = map.getBounds().pad(0.5);
  const wanted = new Map();
  const underneath = new Set();
  const covered = underControls(atlas);
  gather(atlas, zoom).forEach((cluster) => {
    if (!view.contains(cluster.at)) {
      return;
    }
    if (covered(cluster)) {
      underneath.add(cluster.key);
    } else {
      wanted.set(cluster.key, cluster);
    }
  });
  const row = atlas.places[selected.place];
  if (row) {
    wanted.set(row[0], { key: row[0], members: [row], at: L.latLng(row[1], row[2]) });
  }
  shown.forEach((marker, key) => {
    // A mark the map moved under the controls while it had the focus
    // stays, so that the keyboard does not lose its place.
    const el = marker.getElement();
    const focused = underneath.has(key) && el && el.contains(document.activeElement);
    if (!wanted.has(key) && !focused) {
      marks.removeLayer(marker);
      shown.delete(key);
    }
  });
  wanted.forEach((cluster, key) => {
    if (!shown.has(key)) {
      shown.set(key, mark(atlas, cluster).addTo(marks));
    }
  });
}

// underControls tells whether a mark would lie in part under the map's
// controls (the zoom buttons), where it could be neither seen whole nor
// pointed at: such a mark is not drawn until the map moves it clear.
function underControls(atlas) {
  const frame = atlas.mapElement.getBoundingClientRect();
  const boxes = [...atlas.mapElement.querySelectorAll('.leaflet-control')].map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => L.bounds([r.left - frame.left, r.top - frame.top], [r.right - frame.left, r.bottom - frame.top]));
  return (cluster) => {
    const count = cluster.members.length;
    const half = atlas.size(count === 1 ? 'partner' : clusterKind(count))[0] / 2;
    const at = atlas.map.latLngToContainerPoint(cluster.at);
    const mark = L.bounds([at.x - half, at.y - half], [at.x + half, at.y + half]);
    return boxes.some((box) => box.intersects(mark));
  };
}

// openMark opens a mark at a click, or at Enter or Space while it has the
// focus: a place its panel, a cluster the map zoomed in to its places,
// the focus on the first of them when the keyboard opened it.
function openMark(atlas, marker, byKeyboard) {
  const { place, cluster } = marker.options;
  if (place) {
    show(atlas, { place }, true);
    return;
  }
  const bounds = L.latLngBounds(cluster.members.map((row) => [row[1], row[2]]));
  if (byKeyboard) {
    atlas.map.once('moveend', () => {
      const first = atlas.shown.get(cluster.members[0][0]);
      (first ? first.getElement() : atlas.mapElement).focus();
    });
  }
  atlas.map.flyToBounds(bounds, { padding: [40, 40], maxZoom: alone, animate: !atlas.still });
}

// draw shows on the map what the panel shows: a network as on its own
// map, from the cities its panel lists, in place of the places; or the
// places, the one shown by itself and in view. move says whether the map
// glides to what is shown, or jumps there, as on a page's first view.
function draw(atlas, panel, move) {
  const { map, marks, selected, still } = atlas;
  atlas.levels.clear();
  atlas.shown.clear();
  marks.clearLayers();
  document.querySelectorAll('.legend[data-legend]').forEach((legend) => {
    legend.hidden = (legend.dataset.legend === 'network') !== !!selected.network;
  });
  document.querySelectorAll('#networks a[data-network]').forEach((a) => {
    if (a.dataset.network === selected.network) {
      a.setAttribute('aria-current', 'true');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  if (selected.network) {
    marks.remove();
    const bounds = atlas.network.draw(panel ? panel.querySelectorAll('a[data-lat]') : []);
    if (bounds) {
      map.flyToBounds(bounds, { padding: [40, 40], maxZoom: networkZoom, animate: move && !still });
    }
    return;
  }
  atlas.network.clear();
  marks.addTo(map);
  redraw(atlas);
  const row = atlas.places[selected.place];
  if (row && move && !map.getBounds().contains([row[1], row[2]])) {
    map.flyTo([row[1], row[2]], Math.max(map.getZoom(), placeZoom), { animate: !still });
  }
}

// show opens a place's panel, a network's, or the atlas's overview (an
// empty state), from the fragments the server rendered, under its own
// address. Only the latest request wins.
function show(atlas, state, push) {
  const { config } = atlas;
  const ticket = ++atlas.pending;
  let panel = config.atlasPanel;
  let address = config.home;
  if (state.place) {
    panel = fill(config.placePanel, state.place);
    address = fill(config.placePath, state.place);
  } else if (state.network) {
    panel = fill(config.networkPanel, state.network);
    address = fill(config.networkPath, state.network);
  }
  fetchFragment(panel).then((fragment) => {
    if (ticket !== atlas.pending) {
      return;
    }
    atlas.details.replaceChildren(fragment);
    document.title = fragment.dataset.title;
    if (config.embed) {
      // The host page's back button is not the map's to take.
      history.replaceState(state, '', address);
    } else if (push) {
      history.pushState(state, '', address);
    }
    atlas.selected = { place: state.place || null, network: state.network || null };
    atlas.status.textContent = announcement(atlas, state, fragment);
    draw(atlas, fragment, true);
    keepLanguage(atlas);
    const heading = fragment.querySelector('h1');
    if (heading && push) {
      heading.focus({ preventScroll: !!config.embed });
    }
  }).catch(() => {
    window.location.assign(address);
  });
}

// announcement is what the status line says of what was opened.
function announcement(atlas, state, fragment) {
  const { config, words } = atlas;
  if (state.place && atlas.places[state.place]) {
    return words.format(config.labels.showing, { City: atlas.places[state.place][4] });
  }
  if (state.network) {
    return words.format(config.labels.network, { Network: fragment.querySelector('h1').firstChild.textContent.trim() });
  }
  return config.labels.overview;
}

// openLinksInPlace opens the page's links to places, networks and the
// overview without a page load, and back and forward among them.
function openLinksInPlace(atlas) {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-place], a[data-network], a[data-home]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    if (link.hasAttribute('data-home')) {
      show(atlas, {}, true);
    } else if (link.dataset.place) {
      show(atlas, { place: link.dataset.place }, true);
    } else {
      show(atlas, { network: link.dataset.network }, true);
    }
  });
  // As on a network's map (map/panel.js), every entry names what it
  // shows, an address with a fragment once the browser has made it, but
  // the page's own, which is known by its address: loading the page
  // writes no history. An entry without a name at another address is a
  // fragment's, just made, and shows what was shown.
  const own = { state: atlas.selected, address: location.href };
  window.addEventListener('hashchange', () => history.replaceState(atlas.selected, ''));
  window.addEventListener('popstate', (event) => {
    const state = event.state || (location.href === own.address ? own.state : null);
    if (state) {
      show(atlas, state, false);
    }
  });
  // A static host serves the home for the address of a network chosen,
  // which the server would have rendered with the network: choose it.
  const network = new URLSearchParams(location.search).get('network');
  if (!atlas.selected.network && !atlas.selected.place && network && !atlas.config.embed &&
      document.querySelector('#networks a[data-network="' + CSS.escape(network) + '"]')) {
    own.state = { network };
    show(atlas, own.state, false);
  }
}

// keepLanguage keeps the links to the other languages on the view shown.
function keepLanguage(atlas) {
  const { place, network } = atlas.selected;
  const { home, networkPath } = atlas.config;
  document.querySelectorAll('a[data-city-path]').forEach((a) => {
    if (place) {
      a.href = fill(a.dataset.cityPath, place);
    } else if (network) {
      a.href = fill(a.dataset.homePath + networkPath.slice(home.length), network);
    } else {
      a.href = a.dataset.homePath;
    }
  });
}

// setUpFilter shows the form above the list of networks, which narrows it
// to those whose name holds every word typed, of the programme chosen,
// active in the year chosen; its status says how many match.
function setUpFilter(config, words) {
  const form = document.querySelector('.networks__filter');
  if (!form) {
    return;
  }
  form.hidden = false;
  const items = [...document.querySelectorAll('#networks a[data-network]')];
  // The networks' words are folded when they are first looked for.
  let texts;
  const status = document.getElementById('networks-filter-status');
  let timer = 0;
  function apply() {
    texts ||= items.map((a) => fold(a.textContent));
    const matches = matcher(form.elements.q.value);
    const programme = form.elements.programme ? form.elements.programme.value : '';
    const year = form.elements.year ? form.elements.year.value : '';
    let shown = 0;
    items.forEach((a, i) => {
      const ok = matches(texts[i]) &&
        (!programme || a.dataset.programme === programme) &&
        (!year || (a.dataset.from <= year && year <= a.dataset.to));
      a.parentElement.hidden = !ok;
      shown += ok ? 1 : 0;
    });
    clearTimeout(timer);
    timer = setTimeout(() => {
      status.textContent = words.format(config.labels.matches, { Count: words.count(shown), Total: words.count(items.length) }, shown);
    }, 400);
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
}
