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
// Inside an embed (config.embed) it also keeps out of the host page's way:
// the wheel scrolls the page unless Ctrl or ⌘ is held, one finger scrolls
// and two move the map, the address changes without adding history to the
// host page, and the frame is told the content's height.
(function () {
  'use strict';

  var configElement = document.getElementById('map-config');
  var mapElement = document.getElementById('map');
  if (!configElement || !mapElement || typeof L === 'undefined') {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var embed = config.embed || null;
  if (embed) {
    applyAddressOptions();
  }
  var details = document.getElementById('details');
  // Under prefers-reduced-motion the map jumps instead of gliding.
  var still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var status = document.getElementById('map-status');
  var keys = document.getElementById('map-keys');
  if (keys) {
    keys.hidden = false;
  }

  // The live map takes the place of the one the server drew, which stays
  // for print only.
  var picture = document.querySelector('.map-picture');
  if (picture) {
    picture.setAttribute('hidden', '');
  }
  var map = L.map(mapElement, {
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
  mapElement.focus = function (options) {
    HTMLElement.prototype.focus.call(mapElement, Object.assign({ preventScroll: true }, options));
  };
  // Leaflet makes the map a Tab stop of its own, where arrow keys pan and
  // plus and minus zoom; name it for those who reach it.
  mapElement.setAttribute('role', 'region');
  mapElement.setAttribute('aria-label', config.labels.map);
  map.fitBounds(config.bounds, { padding: [28, 28] });
  // Zooming out stops where the basemap still fills the view, unless the
  // network itself needs more room.
  var minZoom = Math.min(map.getBoundsZoom(config.maxBounds, true), map.getZoom());
  // Clustering leaves out markers that stand alone at every zoom level
  // when the first level is a fraction: it starts from a whole one.
  map.setMinZoom(config.cluster ? Math.floor(minZoom) : minZoom);

  if (config.tiles) {
    L.tileLayer(config.tiles.url, { attribution: '' }).addTo(map);
    mapElement.classList.add('has-tiles');
  }

  // Markers are clustered when the page asks for it and the clustering
  // script is there; without it every marker goes on the map.
  var group = config.cluster && L.markerClusterGroup ? clusterGroup() : null;
  var drawLines = !embed || embed.lines;
  var lines = L.layerGroup().addTo(map);
  var lineTo = {}; // by slug: the line from the coordinator's city
  var markers = {}; // by slug
  var order = []; // slugs in list order, for the arrow keys
  var position = {}; // by slug: its place in order
  var cities = {}; // by slug: what the list says of each city
  var coordinator = null; // the coordinator's city
  var hidden = {}; // slugs the search field has filtered out
  var selected = config.selected || null;
  var current = null; // the city the map's one Tab stop stands for
  var pending = 0;
  var revealing = 0;
  var returnTo = null; // what had focus when a city was opened, for Escape
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var plurals = new Intl.PluralRules(document.documentElement.lang || undefined);

  // format fills a message's placeholders, {{.Name}}, from values by
  // name, so that a translation may put them in any order. A message that
  // counts comes as its plural forms ({one: ..., other: ...}), of which
  // count chooses one by the language's plural rules.
  function format(message, values, count) {
    if (count !== undefined) {
      message = message[plurals.select(count)] || message.other;
    }
    return message.replace(/{{\s*\.(\w+)\s*}}/g, function (_, name) {
      return values[name];
    });
  }

  // applyAddressOptions turns off what the embed's address asks to hide.
  // partnermap serve renders each combination of options; a static copy
  // of the site (partnermap export) answers every embed address with the
  // embed showing everything, as a file cannot vary with the query, and
  // the options are applied here instead. It reads the query as the
  // server does: a later value wins, unknown words change nothing.
  function applyAddressOptions() {
    var main = document.querySelector('main.embed');
    var shown = { list: !main.classList.contains('embed--no-list'), lines: embed.lines, details: embed.details };
    var wanted = { list: shown.list, lines: shown.lines, details: shown.details };
    location.search.slice(1).split('&').forEach(function (pair) {
      var parts = pair.split('=');
      var key;
      var value;
      try {
        key = decodeURIComponent(parts[0]).trim().toLowerCase();
        value = decodeURIComponent(parts.slice(1).join('=')).trim().toLowerCase();
      } catch (e) {
        return;
      }
      if (!(key in wanted)) {
        return;
      }
      if (embed.off.indexOf(value) >= 0) {
        wanted[key] = false;
      } else if (embed.on.indexOf(value) >= 0) {
        wanted[key] = true;
      }
    });
    if (wanted.list === shown.list && wanted.lines === shown.lines && wanted.details === shown.details) {
      return;
    }
    // Addresses within the embed keep the options, in the server's form.
    var query = ['list', 'lines', 'details'].filter(function (k) { return !wanted[k]; })
      .map(function (k) { return k + '=0'; }).join('&');
    var withQuery = function (address) {
      return address.split('?')[0] + (query ? '?' + query : '');
    };
    var embedLinks = 'a[href^="' + config.home.split('?')[0] + '"]';
    ['home', 'networkPanel', 'cityPath', 'cityPanel'].forEach(function (k) {
      config[k] = withQuery(config[k]);
    });
    document.querySelectorAll(embedLinks).forEach(function (a) {
      a.setAttribute('href', withQuery(a.getAttribute('href')));
    });
    if (shown.list && !wanted.list) {
      main.classList.add('embed--no-list');
      document.getElementById('cities').hidden = true;
    }
    if (shown.lines && !wanted.lines) {
      embed.lines = false;
      var line = document.querySelector('.legend .line-shape');
      if (line) {
        line.closest('li').remove();
      }
    }
    if (shown.details && !wanted.details) {
      embed.details = false;
      main.classList.add('embed--no-details');
      document.getElementById('details').remove();
      // Cities open their full pages in a new tab, as the server renders
      // them without details.
      document.querySelectorAll('#cities a[data-slug]').forEach(function (a) {
        a.dataset.city = a.dataset.slug;
        delete a.dataset.slug;
        a.removeAttribute('aria-current');
        a.href = fill(embed.fullCity, a.dataset.city);
        a.target = '_blank';
        a.rel = 'noopener';
      });
    }
  }

  function fill(template, slug) {
    return template.replace('{slug}', encodeURIComponent(slug));
  }

  // slugAt reads the city from an address of this site, or null for the
  // network page.
  function slugAt(pathname) {
    var parts = config.cityPath.split('?')[0].split('{slug}');
    if (pathname.indexOf(parts[0]) === 0 && pathname.slice(-parts[1].length || pathname.length) === parts[1]) {
      var slug = pathname.slice(parts[0].length, pathname.length - parts[1].length);
      return slug ? decodeURIComponent(slug) : null;
    }
    return null;
  }

  function markSelected(slug) {
    var before = selected && markers[selected] && markers[selected].getElement();
    if (before) {
      before.classList.remove('is-selected');
    }
    selected = slug;
    var marker = slug && markers[slug];
    if (marker && marker.getElement()) {
      marker.getElement().classList.add('is-selected');
    }
    rove(slug && !hidden[slug] ? slug : firstShown());
    document.querySelectorAll('#cities a[data-slug]').forEach(function (a) {
      if (a.dataset.slug === slug) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    });
    // The other languages' links keep to the city shown.
    document.querySelectorAll('a[data-city-path]').forEach(function (a) {
      a.href = slug ? fill(a.dataset.cityPath, slug) : a.dataset.homePath;
    });
    updateLines();
    if (marker && !hidden[slug]) {
      if (group) {
        // A chosen city inside a cluster is brought out of it.
        group.zoomToShowLayer(marker, function () {
          map.panInside(marker.getLatLng(), { padding: [40, 40], animate: !still });
        });
      } else {
        map.panInside(marker.getLatLng(), { padding: [40, 40], animate: !still });
      }
    }
  }

  function firstShown() {
    for (var i = 0; i < order.length; i++) {
      if (!hidden[order[i]]) {
        return order[i];
      }
    }
    return null;
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
    var shown = mapElement.querySelectorAll('.marker, .marker-cluster');
    var marker = current && !hidden[current] ? markers[current] : null;
    var place = marker && (group ? group.getVisibleParent(marker) : marker);
    var stop = place && place.getElement ? place.getElement() : null;
    if (!stop || !stop.isConnected) {
      stop = shown[0] || null;
    }
    shown.forEach(function (el) {
      el.tabIndex = el === stop ? 0 : -1;
    });
  }

  function announce(slug) {
    if (status) {
      status.textContent = slug ? format(config.labels.showing, { City: cities[slug] ? cities[slug].label : slug }) : config.labels.overview;
    }
  }

  // show puts a city's panel (or the network's, for null) in the details,
  // from the fragment the server rendered with the same component as the
  // page. Only the latest request wins when several are in flight.
  function show(slug, options) {
    if (embed && !embed.details) {
      if (slug) {
        window.open(fill(embed.fullCity, slug), '_blank', 'noopener');
      }
      return;
    }
    var ticket = ++pending;
    if (options.focus && slug) {
      returnTo = document.activeElement;
    }
    var url = slug ? fill(config.cityPanel, slug) : config.networkPanel;
    var address = slug ? fill(config.cityPath, slug) : config.home;
    fetch(url, { headers: { Accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(url + ': ' + response.status);
        }
        return response.text();
      })
      .then(function (text) {
        if (ticket !== pending) {
          return;
        }
        var panel = new DOMParser().parseFromString(text, 'text/html').body.firstElementChild;
        details.replaceChildren(document.adoptNode(panel));
        document.title = panel.dataset.title;
        if (embed) {
          // The host page's back button is not the map's to take.
          history.replaceState({ slug: slug }, '', address);
        } else if (options.push) {
          history.pushState({ slug: slug }, '', address);
        }
        markSelected(slug);
        announce(slug);
        if (options.focus) {
          var heading = panel.querySelector('h1');
          if (heading) {
            heading.focus({ preventScroll: !!embed });
          }
        }
        var back = options.returnFocus;
        if (back && back.isConnected) {
          if (back.classList.contains('marker')) {
            rove(back.dataset.slug);
          }
          back.focus({ preventScroll: !!embed });
        }
      })
      .catch(function () {
        // The fragment could not be fetched: fall back to loading the page.
        window.location.assign(address);
      });
  }

  // readCity takes what the map needs from a city's link in the list: the
  // slug (data-city where the link opens a full page instead of carrying
  // data-slug), the position, and the name as the list shows it.
  function readCity(a) {
    var slug = a.dataset.slug || a.dataset.city;
    var lat = parseFloat(a.dataset.lat);
    var lon = parseFloat(a.dataset.lon);
    if (!slug || !isFinite(lat) || !isFinite(lon)) {
      return null;
    }
    var text = function (selector) {
      var el = a.querySelector(selector);
      return el ? el.textContent.trim() : '';
    };
    var city = {
      slug: slug,
      link: a,
      latLng: L.latLng(lat, lon),
      coordinator: !!a.querySelector('.marker-shape--coordinator'),
      name: text('.cities__name'),
      localName: a.dataset.localName || '',
      country: text('.cities__country'),
    };
    var parts = [city.name, city.country];
    if (city.coordinator) {
      parts.push(config.labels.coordinator);
    }
    city.label = parts.join(', ');
    return city;
  }

  // placeCities puts a marker on the map for every city of the list, in
  // its order, and the lines from the coordinator's city.
  function placeCities() {
    var all = [];
    document.querySelectorAll('#cities a[data-lat]').forEach(function (a) {
      var city = readCity(a);
      if (!city || cities[city.slug]) {
        return;
      }
      cities[city.slug] = city;
      position[city.slug] = order.length;
      order.push(city.slug);
      if (city.coordinator && !coordinator) {
        coordinator = city;
      }
      markers[city.slug] = cityMarker(city);
      all.push(markers[city.slug]);
    });
    if (group) {
      group.addLayers(all);
      map.addLayer(group);
    } else {
      all.forEach(function (marker) { marker.addTo(map); });
    }
    if (drawLines && coordinator && !group) {
      order.forEach(function (slug) {
        if (slug !== coordinator.slug) {
          lineTo[slug] = line(cities[slug]);
        }
      });
    }
    markSelected(selected);
    filter();
  }

  function line(city) {
    return L.polyline([coordinator.latLng, city.latLng], { interactive: false, className: 'map-link' });
  }

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
    Object.keys(lineTo).forEach(function (slug) {
      if (hidden[slug]) {
        lines.removeLayer(lineTo[slug]);
      } else {
        lines.addLayer(lineTo[slug]);
      }
    });
  }

  function cityMarker(city) {
    var slug = city.slug;
    var marker = L.marker(city.latLng, {
      icon: L.divIcon({
        className: 'marker ' + (city.coordinator ? 'marker--coordinator' : 'marker--partner'),
        iconSize: city.coordinator ? [28, 28] : [24, 24],
      }),
      title: city.label,
      slug: slug,
      keyboard: false,
      riseOnHover: true,
      zIndexOffset: city.coordinator ? 1000 : 0,
    });
    // The marker's element is made anew each time it comes on the map,
    // as clusters split and merge.
    marker.on('add', function () {
      var el = marker.getElement();
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', city.label);
      el.dataset.slug = slug;
      el.tabIndex = -1;
      el.classList.toggle('is-selected', slug === selected);
      el.addEventListener('keydown', function (event) {
        onPlaceKey(event, slug, false);
      });
      el.addEventListener('focus', function () {
        // Only keyboard focus: a mouse press focuses the marker too, and
        // moving the map under it would turn the click into a drag.
        if (el.matches(':focus-visible')) {
          map.panInside(marker.getLatLng(), { padding: [40, 40], animate: !still });
        }
      });
    });
    marker.on('click', function () {
      show(slug, { push: slug !== selected, focus: true });
    });
    return marker;
  }

  // clusterGroup groups markers that would overlap. A cluster is named by
  // its number of cities; it is not a Tab stop of its own, but takes the
  // map's one Tab stop when it holds the current city, and its keys go on
  // into the cluster.
  function clusterGroup() {
    L.MarkerCluster.mergeOptions({ keyboard: false });
    var ClusterIcon = L.DivIcon.extend({
      createIcon: function (old) {
        var el = L.DivIcon.prototype.createIcon.call(this, old);
        var cluster = this.options.cluster;
        el.setAttribute('role', 'button');
        el.setAttribute('aria-label', format(config.labels.cluster, { Count: numbers.format(cluster.getChildCount()) }, cluster.getChildCount()));
        el.tabIndex = -1;
        el.addEventListener('keydown', function (event) {
          onPlaceKey(event, standsFor(cluster), true);
        });
        return el;
      },
    });
    var g = L.markerClusterGroup({
      showCoverageOnHover: false,
      animate: !still,
      maxClusterRadius: 60,
      spiderLegPolylineOptions: { className: 'map-spider-leg', weight: 1.5, opacity: 0.6 },
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
        var number = document.createElement('span');
        number.textContent = numbers.format(count);
        return new ClusterIcon({
          cluster: cluster,
          html: number,
          className: 'marker-cluster marker-cluster--' + size,
          iconSize: { small: [32, 32], medium: [38, 38], large: [46, 46] }[size],
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
    var first = null;
    cluster.getAllChildMarkers().forEach(function (marker) {
      var slug = marker.options.slug;
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
    var shown = order.filter(function (s) { return !hidden[s]; });
    var i = shown.indexOf(slug);
    var next = null;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = shown[(i + 1) % shown.length];
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = shown[(i - 1 + shown.length) % shown.length];
        break;
      case 'Home':
        next = shown[0];
        break;
      case 'End':
        next = shown[shown.length - 1];
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        event.stopPropagation();
        if (isCluster) {
          reveal(slug);
        } else {
          show(slug, { push: slug !== selected, focus: true });
        }
        return;
      default:
        return;
    }
    // Leaflet would pan the map on these keys too.
    event.preventDefault();
    event.stopPropagation();
    if (next) {
      reveal(next);
    }
  }

  // reveal focuses a city's marker, zooming into its cluster first if it
  // is in one; only the latest of several keys in a row wins.
  function reveal(slug) {
    if (!markers[slug]) {
      return;
    }
    var ticket = ++revealing;
    rove(slug);
    var focus = function () {
      var el = markers[slug].getElement();
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

  var search = document.getElementById('cities-filter');
  var searchStatus = document.getElementById('cities-filter-status');
  var searchText = {}; // by slug: the words a city is found by, folded
  var statusTimer = 0;

  // fold drops case and accents: "Malmö" is found as "malmo".
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  // filter narrows the list and the map to the cities whose name, local
  // name or country holds every word typed into the search field, and
  // returns how many do.
  function filter() {
    if (!search) {
      return;
    }
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var count = 0;
    var gone = [];
    var back = [];
    order.forEach(function (slug) {
      var city = cities[slug];
      if (!(slug in searchText)) {
        searchText[slug] = fold([city.name, city.localName, city.country].join(' '));
      }
      var match = words.every(function (w) { return searchText[slug].indexOf(w) !== -1; });
      if (match) {
        count++;
      }
      if (match === !hidden[slug]) {
        return;
      }
      var item = city.link.closest('li');
      if (item) {
        item.hidden = !match;
      }
      if (match) {
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
      gone.forEach(function (marker) { marker.remove(); });
      back.forEach(function (marker) { marker.addTo(map); });
    }
    updateLines();
    rove(current && !hidden[current] ? current : (selected && !hidden[selected] ? selected : firstShown()));
    return count;
  }

  // setUpSearch shows the search field above the list, which does nothing
  // without this script.
  function setUpSearch() {
    if (!search || !order.length) {
      return;
    }
    var box = search.closest('.cities__filter');
    if (box) {
      box.hidden = false;
    }
    search.addEventListener('input', function () {
      var count = filter();
      // The count is said once typing pauses, not at every key.
      clearTimeout(statusTimer);
      statusTimer = setTimeout(function () {
        if (searchStatus) {
          searchStatus.textContent = format(config.labels.matches, { Count: numbers.format(count), Total: numbers.format(order.length) }, count);
        }
      }, 300);
    });
    // Escape empties the field; only an empty field lets it go on to
    // close the city that is open.
    search.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && search.value !== '') {
        event.preventDefault();
        event.stopPropagation();
        search.value = '';
        search.dispatchEvent(new Event('input'));
      }
    });
  }

  // Escape closes a city's details and puts focus back where it was when
  // the city was opened.
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !selected || (embed && !embed.details)) {
      return;
    }
    var back = returnTo && returnTo.isConnected ? returnTo : document.querySelector('#cities a[data-slug="' + CSS.escape(selected) + '"]');
    returnTo = null;
    show(null, { push: true, focus: false, returnFocus: back });
  });

  function addBasemap(collection) {
    L.geoJSON(collection, {
      interactive: false,
      style: function (feature) {
        return { className: feature.properties.tinted ? 'map-country map-country--tinted' : 'map-country' };
      },
    }).addTo(map).bringToBack();
  }

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ': ' + response.status);
      }
      return response.json();
    });
  }

  getJSON(config.basemap).then(addBasemap);
  loadList().then(function () {
    placeCities();
    setUpSearch();
  });

  // loadList resolves once the list is on the page: at once where the
  // page carries it, or else when the fragment has been fetched and put in
  // place of the link to the full list.
  function loadList() {
    var nav = document.getElementById('cities');
    if (!config.list || !nav) {
      return Promise.resolve();
    }
    return fetch(config.list, { headers: { Accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(config.list + ': ' + response.status);
        }
        return response.text();
      })
      .then(function (text) {
        var list = new DOMParser().parseFromString(text, 'text/html').body.firstElementChild;
        if (!list || !list.classList.contains('cities__list')) {
          throw new Error(config.list + ': not a list of cities');
        }
        list = document.adoptNode(list);
        var stand = nav.querySelector('.cities__all');
        if (stand) {
          stand.replaceWith(list);
        } else {
          nav.appendChild(list);
        }
      });
  }

  // Links to cities and back to the overview open in place; a click with a
  // modifier key keeps its usual meaning (new tab, new window).
  document.addEventListener('click', function (event) {
    var link = event.target.closest('a[data-slug], a[data-home]');
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    var slug = link.hasAttribute('data-home') ? null : link.dataset.slug;
    show(slug, { push: slug !== selected, focus: true });
  });

  history.replaceState({ slug: selected }, '');
  window.addEventListener('popstate', function (event) {
    var slug = event.state && 'slug' in event.state ? event.state.slug : slugAt(location.pathname);
    show(slug, { push: false, focus: false });
  });

  if (embed) {
    keepOutOfTheWay();
    reportHeight();
  } else {
    suggestLanguage();
  }

  // suggestLanguage offers the page in the visitor's own language: the
  // first of the browser's languages that the site has, when that is not
  // the page's. The offer is a fragment in that language, a file like any
  // other, so that a static copy of the site makes it too. Nothing ever
  // redirects, and a dismissed offer is not made again.
  function suggestLanguage() {
    var lang = document.documentElement.lang;
    var header = document.querySelector('.site-header');
    var dismissed = 'partnermap:language-dismissed';
    var dismiss = function (tag) {
      try {
        localStorage.setItem(dismissed, tag);
      } catch (e) {
        // Without storage the offer is dismissed for this page only.
      }
    };
    // Choosing a language from the menu is an answer too.
    document.querySelectorAll('.languages a').forEach(function (a) {
      a.addEventListener('click', function () { dismiss(a.hreflang); });
    });
    var offered = null;
    var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    for (var i = 0; i < preferred.length && !offered; i++) {
      var tag = preferred[i].split('-')[0].toLowerCase();
      if (tag === lang) {
        return;
      }
      if (config.suggestions && config.suggestions[tag]) {
        offered = tag;
      }
    }
    var version = offered && document.querySelector('.languages a[hreflang="' + CSS.escape(offered) + '"]');
    try {
      if (!header || !version || localStorage.getItem(dismissed)) {
        return;
      }
    } catch (e) {
      return;
    }
    fetch(config.suggestions[offered], { headers: { Accept: 'text/html' } })
      .then(function (response) {
        return response.ok ? response.text() : '';
      })
      .then(function (text) {
        var offer = new DOMParser().parseFromString(text, 'text/html').body.firstElementChild;
        if (!offer) {
          return;
        }
        offer = document.adoptNode(offer);
        var link = offer.querySelector('a');
        link.href = version.href;
        link.dataset.cityPath = version.dataset.cityPath;
        link.dataset.homePath = version.dataset.homePath;
        offer.querySelector('button').addEventListener('click', function () {
          dismiss(offer.lang);
          offer.remove();
          header.querySelector('a').focus();
        });
        header.before(offer);
      })
      .catch(function () {});
  }

  // keepOutOfTheWay leaves scrolling to the host page: the wheel zooms only
  // with Ctrl or ⌘ held, one finger scrolls the page; a short hint says so.
  function keepOutOfTheWay() {
    var hint = document.createElement('p');
    hint.className = 'map-hint';
    hint.setAttribute('aria-hidden', 'true');
    mapElement.appendChild(hint);
    var timer = 0;
    function showHint(text) {
      hint.textContent = text;
      hint.classList.add('is-shown');
      clearTimeout(timer);
      timer = setTimeout(function () { hint.classList.remove('is-shown'); }, 1500);
    }
    var mac = /Mac|iPhone|iPad/.test(navigator.platform);
    var zoomDelta = 0;
    mapElement.addEventListener('wheel', function (event) {
      if (!event.ctrlKey && !event.metaKey) {
        showHint(mac ? embed.wheelHintMac : embed.wheelHint);
        return;
      }
      event.preventDefault();
      zoomDelta -= event.deltaY / 100;
      if (Math.abs(zoomDelta) >= 0.25) {
        var step = Math.max(-1, Math.min(1, zoomDelta));
        zoomDelta = 0;
        map.setZoomAround(map.mouseEventToContainerPoint(event), map.getZoom() + step, { animate: !still });
      }
    }, { passive: false });
    if (L.Browser.mobile) {
      mapElement.addEventListener('touchmove', function (event) {
        if (event.touches.length === 1) {
          showHint(embed.touchHint);
        }
      }, { passive: true });
    }
  }

  // reportHeight tells the host page's /embed.js how tall the content is,
  // whenever that changes.
  function reportHeight() {
    if (window.parent === window) {
      return;
    }
    var last = 0;
    function report() {
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ type: 'partnermap:height', height: height }, '*');
      }
    }
    new ResizeObserver(report).observe(document.body);
    report();
  }
})();
