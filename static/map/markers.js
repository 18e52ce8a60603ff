// The cities on the map, made from the city list, whose links carry each
// city's position: a marker for each, the lines from the coordinator's
// city, and on a large network's map clusters of the markers that would
// overlap. The keyboard reaches them through one Tab stop, from which the
// arrow keys move between cities in list order. Their sizes are the
// stylesheet's (--marker-coordinator, --marker-partner and
// --marker-cluster-small, -medium and -large, in pixels).
import { fill } from './config.js';

// nextCity is the city a key moves to from slug among the cities shown,
// in list order: the arrows go to the next and the previous, around the
// ends, Home and End to the first and the last; undefined for any other
// key.
export function nextCity(shown, slug, key) {
  const i = shown.indexOf(slug);
  const to = {
    ArrowRight: i + 1,
    ArrowDown: i + 1,
    ArrowLeft: i - 1 + shown.length,
    ArrowUp: i - 1 + shown.length,
    Home: 0,
    End: shown.length - 1,
  }[key];
  return to === undefined ? to : shown[to % shown.length];
}

// citiesOn puts the cities on map once place is called: open is what a
// click, Enter or Space on a city does; still, whether the map jumps
// instead of gliding.
export function citiesOn(map, config, still, wording, open) {
  const mapElement = map.getContainer();
  const style = getComputedStyle(document.documentElement);
  const size = (name) => {
    const pixels = parseFloat(style.getPropertyValue('--marker-' + name));
    return [pixels, pixels];
  };
  const embed = config.embed;
  // Markers are clustered when the page asks for it and the clustering
  // script is there; without it every marker goes on the map.
  const group = config.cluster && L.markerClusterGroup ? clusterGroup() : null;
  const drawLines = !embed || embed.shown.lines;
  const lines = L.layerGroup().addTo(map);
  const lineTo = {}; // by slug: the line from the coordinator's city
  const markers = {}; // by slug
  const order = []; // slugs in list order
  const position = {}; // by slug: its place in order
  const cities = {}; // by slug: what the list says of each city
  // Slugs the search field has filtered out: a record without a
  // prototype, in which a city called "constructor" is not found.
  const hidden = Object.create(null);
  let coordinator = null; // the coordinator's city
  let selected = config.selected || null;
  let current = null; // the city the map's one Tab stop stands for
  let revealing = 0;

  const panInside = (marker) => map.panInside(marker.getLatLng(), { padding: [40, 40], animate: !still });
  const firstShown = () => order.find((slug) => !hidden[slug]) || null;

  // select marks a city as the one shown (null for the network), in the
  // list, on the map and in the other languages' links.
  function select(slug) {
    selected = slug;
    const marker = slug && markers[slug];
    mapElement.querySelectorAll('.marker').forEach((el) => el.classList.toggle('is-selected', el.dataset.slug === slug));
    rove(slug && !hidden[slug] ? slug : firstShown());
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
    updateLines();
    if (marker && !hidden[slug]) {
      if (group) {
        // A chosen city inside a cluster is brought out of it.
        group.zoomToShowLayer(marker, () => panInside(marker));
      } else {
        panInside(marker);
      }
    }
  }

  // rove makes one place on the map its Tab stop: the marker of the chosen
  // city, or of the first, or the cluster that holds it. The arrow keys
  // move between the others, so that Tab does not have to pass every city
  // of a large network.
  function rove(slug) {
    current = slug;
    markTabStop();
  }

  // markTabStop puts the Tab stop on the place that shows the current city,
  // after every change of what the map shows: clusters come and go as it
  // zooms and pans. When that place is not in view, the first one that is
  // takes the Tab stop.
  function markTabStop() {
    const shown = mapElement.querySelectorAll('.marker, .marker-cluster');
    const marker = current && !hidden[current] ? markers[current] : null;
    const place = marker && (group ? group.getVisibleParent(marker) : marker);
    let stop = place && place.getElement ? place.getElement() : null;
    if (!stop || !stop.isConnected) {
      stop = shown[0] || null;
    }
    shown.forEach((el) => {
      el.tabIndex = el === stop ? 0 : -1;
    });
  }

  // readCity takes what the map needs from a city's link in the list: the
  // slug (data-city where the link opens a full page instead of carrying
  // data-slug), the position, and the name as the list shows it.
  function readCity(a) {
    const slug = a.dataset.slug || a.dataset.city;
    const lat = parseFloat(a.dataset.lat);
    const lon = parseFloat(a.dataset.lon);
    if (!slug || !isFinite(lat) || !isFinite(lon)) {
      return null;
    }
    const text = (selector) => {
      const el = a.querySelector(selector);
      return el ? el.textContent.trim() : '';
    };
    const city = {
      slug,
      link: a,
      latLng: L.latLng(lat, lon),
      coordinator: !!a.querySelector('.marker-shape--coordinator'),
      name: text('.cities__name'),
      localName: a.dataset.localName || '',
      country: text('.cities__country'),
    };
    const parts = [city.name, city.country];
    if (city.coordinator) {
      parts.push(config.labels.coordinator);
    }
    city.label = parts.join(', ');
    return city;
  }

  // place puts a marker on the map for every city of the list, in its
  // order, and the lines from the coordinator's city.
  function place() {
    const all = [];
    document.querySelectorAll('#cities a[data-lat]').forEach((a) => {
      const city = readCity(a);
      if (!city) {
        return;
      }
      cities[city.slug] = city;
      position[city.slug] = order.length;
      order.push(city.slug);
      if (city.coordinator) {
        coordinator = city;
      }
      markers[city.slug] = cityMarker(city);
      all.push(markers[city.slug]);
    });
    if (group) {
      group.addLayers(all);
      map.addLayer(group);
    } else {
      all.forEach((marker) => marker.addTo(map));
    }
    if (drawLines && coordinator && !group) {
      order.forEach((slug) => {
        if (slug !== coordinator.slug) {
          lineTo[slug] = line(cities[slug]);
        }
      });
    }
    select(selected);
  }

  const line = (city) => L.polyline([coordinator.latLng, city.latLng], { interactive: false, className: 'map-link' });

  // updateLines shows the line to every city the search field keeps; on a
  // clustered map, where hundreds of lines would hide the map, only the
  // line to the chosen city.
  function updateLines() {
    if (!drawLines || !coordinator) {
      return;
    }
    if (group) {
      lines.clearLayers();
      if (selected && cities[selected] && selected !== coordinator.slug && !hidden[selected]) {
        lines.addLayer(line(cities[selected]));
      }
      return;
    }
    Object.keys(lineTo).forEach((slug) => {
      if (hidden[slug]) {
        lines.removeLayer(lineTo[slug]);
      } else {
        lines.addLayer(lineTo[slug]);
      }
    });
  }

  // filter keeps on the map and in the list the cities that match, and
  // returns how many do.
  function filter(match) {
    let count = 0;
    const gone = [];
    const back = [];
    order.forEach((slug) => {
      const city = cities[slug];
      const keep = match(city);
      if (keep) {
        count++;
      }
      if (keep === !hidden[slug]) {
        return;
      }
      const item = city.link.closest('li');
      if (item) {
        item.hidden = !keep;
      }
      if (keep) {
        delete hidden[slug];
        back.push(markers[slug]);
      } else {
        hidden[slug] = true;
        gone.push(markers[slug]);
      }
    });
    if (group) {
      if (gone.length) {
        group.removeLayers(gone);
      }
      if (back.length) {
        group.addLayers(back);
      }
    } else {
      gone.forEach((marker) => marker.remove());
      back.forEach((marker) => marker.addTo(map));
    }
    updateLines();
    rove(current && !hidden[current] ? current : (selected && !hidden[selected] ? selected : firstShown()));
    return count;
  }

  function cityMarker(city) {
    const slug = city.slug;
    const marker = L.marker(city.latLng, {
      icon: L.divIcon({
        className: 'marker ' + (city.coordinator ? 'marker--coordinator' : 'marker--partner'),
        iconSize: size(city.coordinator ? 'coordinator' : 'partner'),
      }),
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
      el.classList.toggle('is-selected', slug === selected);
      el.addEventListener('keydown', (event) => onPlaceKey(event, slug, false));
      el.addEventListener('focus', () => {
        // A marker that has focus is the Tab stop, whatever gave it.
        rove(slug);
        // Only keyboard focus: a mouse press focuses the marker too, and
        // moving the map under it would turn the click into a drag.
        if (el.matches(':focus-visible')) {
          panInside(marker);
        }
      });
    });
    marker.on('click', () => open(slug));
    return marker;
  }

  // clusterGroup groups markers that would overlap. A cluster is named by
  // its number of cities; it is not a Tab stop of its own, but takes the
  // map's one Tab stop when it holds the current city, and its keys go on
  // into the cluster.
  function clusterGroup() {
    L.MarkerCluster.mergeOptions({ keyboard: false });
    const ClusterIcon = L.DivIcon.extend({
      createIcon(old) {
        const el = L.DivIcon.prototype.createIcon.call(this, old);
        const cluster = this.options.cluster;
        const count = cluster.getChildCount();
        el.setAttribute('role', 'button');
        el.setAttribute('aria-label', wording.format(config.labels.cluster, { Count: wording.count(count) }, count));
        el.tabIndex = -1;
        el.addEventListener('keydown', (event) => onPlaceKey(event, standsFor(cluster), true));
        return el;
      },
    });
    const g = L.markerClusterGroup({
      showCoverageOnHover: false,
      animate: !still,
      maxClusterRadius: 60,
      spiderLegPolylineOptions: { className: 'map-spider-leg', weight: 1.5, opacity: 0.6 },
      iconCreateFunction(cluster) {
        const count = cluster.getChildCount();
        const kind = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
        const number = document.createElement('span');
        number.textContent = wording.count(count);
        return new ClusterIcon({
          cluster,
          html: number,
          className: 'marker-cluster marker-cluster--' + kind,
          iconSize: size('cluster-' + kind),
        });
      },
    });
    g.on('animationend', markTabStop);
    map.on('zoomend moveend', markTabStop);
    return g;
  }

  // standsFor is the city a cluster stands for on the keyboard: the
  // current city if it holds it, or else its first city in list order.
  function standsFor(cluster) {
    if (current && markers[current] && !hidden[current] && group.getVisibleParent(markers[current]) === cluster) {
      return current;
    }
    let first = null;
    cluster.getAllChildMarkers().forEach((marker) => {
      const slug = marker.options.slug;
      if (first === null || position[slug] < position[first]) {
        first = slug;
      }
    });
    return first;
  }

  // onPlaceKey: arrows move between cities in list order, Home and End go
  // to the first and last, Enter and Space open the city; on a cluster
  // they open the cluster to show its city. A city inside a cluster is
  // brought out of it before it takes focus.
  function onPlaceKey(event, slug, isCluster) {
    const opens = event.key === 'Enter' || event.key === ' ';
    const next = opens ? slug : nextCity(order.filter((s) => !hidden[s]), slug, event.key);
    if (next === undefined) {
      return;
    }
    // Leaflet would pan the map on these keys too.
    event.preventDefault();
    event.stopPropagation();
    if (opens && !isCluster) {
      open(slug);
    } else {
      reveal(next);
    }
  }

  // reveal focuses a city's marker, zooming into its cluster first if it
  // is in one; only the latest of several keys in a row wins.
  function reveal(slug) {
    if (!markers[slug]) {
      return;
    }
    const ticket = ++revealing;
    rove(slug);
    const focus = () => {
      const el = markers[slug].getElement();
      if (ticket !== revealing || !el) {
        return;
      }
      rove(slug);
      el.focus({ preventScroll: true });
    };
    if (group) {
      group.zoomToShowLayer(markers[slug], focus);
    } else {
      focus();
    }
  }

  return {
    order,
    place,
    select,
    filter,
    selected: () => selected,
    label: (slug) => (cities[slug] ? cities[slug].label : slug),
  };
}
