// The drawing of a map's cities, which cities.js holds: a marker for each,
// made from the city list, whose links carry each city's position; the
// lines from the coordinator's city; and on a large network's map
// clusters of the markers that would overlap. The keyboard reaches them
// through one Tab stop, from which the arrow keys move between cities in
// list order. Their sizes are the stylesheet's (--marker-coordinator,
// --marker-partner and --marker-cluster-small, -medium and -large, in
// pixels).
import { fill, onMap } from './config.js';
import { Cities, cityLabel } from './cities.js';

// citiesOn puts the cities of the page's list on map once place is called:
// open is what a click, Enter or Space on a city does; still, whether the
// map jumps instead of gliding.
export function citiesOn(map, config, still, wording, open) {
  const embed = config.embed;
  // Markers are clustered when the page asks for it and the clustering
  // script is there; without it every marker goes on the map.
  const clustered = !!(config.cluster && L.markerClusterGroup);
  const cities = new Cities({ selected: config.selected || null, clustered, lines: !embed || embed.shown.lines });
  const view = {
    map,
    cities,
    still,
    open,
    wording,
    labels: config.labels,
    onMap: onMap(config.bounds),
    element: map.getContainer(),
    size: markerSizes(),
    markers: Object.create(null), // by slug
    links: Object.create(null), // by slug: the city's link in the list
    lines: null, // the lines from the coordinator's city, as drawn
    linesTo: '', // the slugs they go to
    group: null,
    batch: null, // markers made while the list is read, added at once
    revealing: 0,
  };
  if (clustered) {
    view.group = clusterGroup(view);
  }
  cities.subscribe((event) => redraw(view, event));
  return {
    order: cities.order,
    place: () => placeFromList(view),
    select: (slug) => cities.select(slug),
    filter: (match) => cities.filter(match),
    selected: () => cities.selected(),
    label: (slug) => cities.label(slug),
  };
}

// markerSizes reads the markers' sizes from the stylesheet.
export function markerSizes() {
  const style = getComputedStyle(document.documentElement);
  return (name) => {
    const pixels = parseFloat(style.getPropertyValue('--marker-' + name));
    return [pixels, pixels];
  };
}

// readCity takes what the map needs from a city's link in the list: the
// slug (data-city where the link opens a full page instead of carrying
// data-slug, data-place where it opens the city's place in an atlas), the
// position where the map draws it (onMap, config.js), and the name as the
// list shows it.
export function readCity(a, coordinatorWord, onMap) {
  const slug = a.dataset.slug || a.dataset.city || a.dataset.place;
  const lat = parseFloat(a.dataset.lat);
  const lon = onMap(parseFloat(a.dataset.lon));
  if (!slug || !isFinite(lat) || !isFinite(lon)) {
    return null;
  }
  const text = (selector) => {
    const el = a.querySelector(selector);
    return el ? el.textContent.trim() : '';
  };
  const city = {
    slug,
    lat,
    lon,
    coordinator: !!a.querySelector('.marker-shape--coordinator'),
    name: text('.cities__name'),
    localName: a.dataset.localName || '',
    country: text('.cities__country'),
  };
  city.label = cityLabel(city, coordinatorWord);
  return city;
}

// placeFromList puts a marker on the map for every city of the list, in
// its order, and the lines from the coordinator's city.
function placeFromList(view) {
  view.batch = [];
  document.querySelectorAll('#cities a[data-lat]').forEach((a) => {
    const city = readCity(a, view.labels.coordinator, view.onMap);
    if (city) {
      view.links[city.slug] = a;
      view.cities.put(city);
    }
  });
  const all = view.batch;
  view.batch = null;
  if (view.group) {
    view.group.addLayers(all);
    view.map.addLayer(view.group);
  } else {
    all.forEach((marker) => marker.addTo(view.map));
  }
  view.cities.select(view.cities.selected());
}

// redraw shows a change of the cities.
function redraw(view, event) {
  const { cities, markers } = view;
  const slug = event.slug;
  if (event.type === 'put') {
    const old = markers[slug];
    markers[slug] = cityMarker(view, cities.get(slug));
    if (view.batch) {
      view.batch.push(markers[slug]);
    } else {
      removeMarkers(view, old ? [old] : []);
      addMarkers(view, [markers[slug]]);
    }
    drawLines(view, true);
  } else if (event.type === 'move') {
    const city = cities.get(slug);
    markers[slug].setLatLng([city.lat, city.lon]);
    drawLines(view, true);
  } else if (event.type === 'select') {
    showSelected(view, slug);
  } else if (event.type === 'filter') {
    showFiltered(view, event);
  } else if (event.type === 'rove') {
    markTabStop(view);
  }
}

function addMarkers(view, list) {
  if (view.group) {
    view.group.addLayers(list);
  } else {
    list.forEach((marker) => marker.addTo(view.map));
  }
}

function removeMarkers(view, list) {
  if (view.group) {
    view.group.removeLayers(list);
  } else {
    list.forEach((marker) => marker.remove());
  }
}

// drawLines draws the lines the cities ask for from the coordinator's
// city: anew where cities were put or moved, or else where they go to
// other cities.
function drawLines(view, anew) {
  if (view.batch) {
    return;
  }
  const to = view.cities.lineTo();
  const linesTo = to.join(' ');
  if (!anew && linesTo === view.linesTo) {
    return;
  }
  view.linesTo = linesTo;
  if (view.lines) {
    view.lines.remove();
  }
  if (to.length) {
    view.lines = linesFrom(view.cities, to).addTo(view.map);
  }
}

// linesFrom is the lines from the coordinator's city of cities to the
// cities of the slugs to, as one path: the browser lays it out and paints
// it as one element instead of one a city.
export function linesFrom(cities, to) {
  const hub = cities.coordinator();
  return L.polyline(to.map((slug) => [[hub.lat, hub.lon], [cities.get(slug).lat, cities.get(slug).lon]]), { interactive: false, className: 'map-link' });
}

// showSelected marks the chosen city (null for the network) in the list,
// on the map and in the other languages' links, and brings it into view.
function showSelected(view, slug) {
  const marker = slug && view.markers[slug];
  view.element.querySelectorAll('.marker').forEach((el) => el.classList.toggle('is-selected', el.dataset.slug === slug));
  document.querySelectorAll('#cities a[data-slug]').forEach((a) => {
    if (a.dataset.slug === slug) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  // The other languages' links keep to the city shown.
  document.querySelectorAll('a[data-city-path]').forEach((a) => {
    a.href = slug ? fill(a.dataset.cityPath, slug) : a.dataset.homePath;
  });
  drawLines(view, false);
  if (marker && view.cities.isShown(slug)) {
    if (view.group) {
      // A chosen city inside a cluster is brought out of it.
      view.group.zoomToShowLayer(marker, () => panInside(view, marker));
    } else {
      panInside(view, marker);
    }
  }
}

// showFiltered takes off the map, and out of the list, the cities the
// search field took away, and puts back those it gave back.
function showFiltered(view, { gone, back }) {
  const toggle = (slugs, hide) => slugs.forEach((slug) => {
    const item = view.links[slug] && view.links[slug].closest('li');
    if (item) {
      item.hidden = hide;
    }
  });
  toggle(gone, true);
  toggle(back, false);
  removeMarkers(view, gone.map((slug) => view.markers[slug]));
  addMarkers(view, back.map((slug) => view.markers[slug]));
  drawLines(view, false);
}

const panInside = (view, marker) => view.map.panInside(marker.getLatLng(), { padding: [40, 40], animate: !view.still });

// markTabStop puts the map's one Tab stop on the place that shows the
// keyboard's city, after every change of what the map shows: clusters
// come and go as it zooms and pans. When that place is not in view, the
// first one that is takes the Tab stop.
function markTabStop(view) {
  const shown = view.element.querySelectorAll('.marker, .marker-cluster');
  const current = view.cities.current();
  const marker = view.cities.isShown(current) ? view.markers[current] : null;
  const place = marker && (view.group ? view.group.getVisibleParent(marker) : marker);
  let stop = place && place.getElement ? place.getElement() : null;
  if (!stop || !stop.isConnected) {
    stop = shown[0] || null;
  }
  shown.forEach((el) => {
    el.tabIndex = el === stop ? 0 : -1;
  });
}

// cityMarker is a city's marker, a button named by its label.
function cityMarker(view, city) {
  const slug = city.slug;
  const kind = city.coordinator ? 'coordinator' : 'partner';
  const marker = L.marker([city.lat, city.lon], {
    icon: L.divIcon({ className: 'marker marker--' + kind, iconSize: view.size(kind) }),
    title: city.label,
    slug,
    keyboard: false,
    riseOnHover: true,
    zIndexOffset: city.coordinator ? 1000 : 0,
  });
  // The marker's element is made anew each time it comes on the map,
  // as clusters split and merge.
  marker.on('add', () => {
    const el = marker.getElement();
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', city.label);
    el.dataset.slug = slug;
    el.tabIndex = -1;
    el.classList.toggle('is-selected', slug === view.cities.selected());
    el.addEventListener('keydown', (event) => onPlaceKey(view, event, slug, false));
    el.addEventListener('focus', () => {
      // A marker that has focus is the Tab stop, whatever gave it.
      view.cities.rove(slug);
      // Only keyboard focus: a mouse press focuses the marker too, and
      // moving the map under it would turn the click into a drag.
      if (el.matches(':focus-visible')) {
        panInside(view, marker);
      }
    });
  });
  marker.on('click', () => view.open(slug));
  return marker;
}

// clusterGroup groups markers that would overlap. A cluster is named by
// its number of cities; it is not a Tab stop of its own, but takes the
// map's one Tab stop when it holds the keyboard's city, and its keys go
// on into the cluster.
function clusterGroup(view) {
  const { wording, labels } = view;
  L.MarkerCluster.mergeOptions({ keyboard: false });
  const ClusterIcon = L.DivIcon.extend({
    createIcon(old) {
      const el = L.DivIcon.prototype.createIcon.call(this, old);
      const cluster = this.options.cluster;
      const count = cluster.getChildCount();
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', wording.format(labels.cluster, { Count: wording.count(count) }, count));
      el.tabIndex = -1;
      el.addEventListener('keydown', (event) => {
        const members = cluster.getAllChildMarkers().map((marker) => marker.options.slug);
        onPlaceKey(view, event, view.cities.standsFor(members), true);
      });
      return el;
    },
  });
  const group = L.markerClusterGroup({
    showCoverageOnHover: false,
    animate: !view.still,
    maxClusterRadius: 60,
    spiderLegPolylineOptions: { className: 'map-spider-leg', weight: 1.5, opacity: 0.6 },
    iconCreateFunction(cluster) {
      const count = cluster.getChildCount();
      const kind = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
      const number = document.createElement('span');
      number.textContent = wording.count(count);
      return new ClusterIcon({ cluster, html: number, className: 'marker-cluster marker-cluster--' + kind, iconSize: view.size('cluster-' + kind) });
    },
  });
  group.on('animationend', () => markTabStop(view));
  view.map.on('zoomend moveend', () => markTabStop(view));
  return group;
}

// onPlaceKey: arrows move between cities in list order, Home and End go
// to the first and last, Enter and Space open the city; on a cluster
// they open the cluster to show its city. A city inside a cluster is
// brought out of it before it takes focus.
function onPlaceKey(view, event, slug, isCluster) {
  const opens = event.key === 'Enter' || event.key === ' ';
  const next = opens ? slug : view.cities.next(slug, event.key);
  if (next === undefined) {
    return;
  }
  // Leaflet would pan the map on these keys too.
  event.preventDefault();
  event.stopPropagation();
  if (opens && !isCluster) {
    view.open(slug);
  } else {
    reveal(view, next);
  }
}

// reveal focuses a city's marker, zooming into its cluster first if it
// is in one; only the latest of several keys in a row wins.
function reveal(view, slug) {
  const marker = view.markers[slug];
  if (!marker) {
    return;
  }
  const ticket = ++view.revealing;
  view.cities.rove(slug);
  const focus = () => {
    const el = marker.getElement();
    if (ticket !== view.revealing || !el) {
      return;
    }
    view.cities.rove(slug);
    el.focus({ preventScroll: true });
  };
  if (view.group) {
    view.group.zoomToShowLayer(marker, focus);
  } else {
    focus();
  }
}
