// partnermap's map script. Every page is complete without it: the server
// renders the city list and the details. This script puts the network on a
// Leaflet map and opens cities without a page load, by swapping in the
// details panel the server rendered for that city. It never builds markup
// from strings: the only HTML it inserts is the server's own fragment.
(function () {
  'use strict';

  var configElement = document.getElementById('map-config');
  var mapElement = document.getElementById('map');
  var details = document.getElementById('details');
  if (!configElement || !mapElement || !details || typeof L === 'undefined') {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  mapElement.replaceChildren();
  var map = L.map(mapElement, {
    attributionControl: false,
    maxBounds: config.maxBounds,
    maxBoundsViscosity: 1,
    zoomSnap: 0.25,
  });
  map.fitBounds(config.bounds, { padding: [28, 28] });
  // Zooming out stops where the basemap still fills the view, unless the
  // network itself needs more room.
  map.setMinZoom(Math.min(map.getBoundsZoom(config.maxBounds, true), map.getZoom()));

  if (config.tiles) {
    L.tileLayer(config.tiles.url, { attribution: '' }).addTo(map);
    mapElement.classList.add('has-tiles');
  }

  var markers = {};
  var selected = config.selected || null;
  var pending = 0;

  function fill(template, slug) {
    return template.replace('{slug}', encodeURIComponent(slug));
  }

  // slugAt reads the city from an address of this site, or null for the
  // network page.
  function slugAt(pathname) {
    var parts = config.cityPath.split('{slug}');
    if (pathname.indexOf(parts[0]) === 0 && pathname.slice(-parts[1].length || pathname.length) === parts[1]) {
      var slug = pathname.slice(parts[0].length, pathname.length - parts[1].length);
      return slug ? decodeURIComponent(slug) : null;
    }
    return null;
  }

  function markSelected(slug) {
    selected = slug;
    Object.keys(markers).forEach(function (key) {
      var el = markers[key].getElement();
      if (el) {
        el.classList.toggle('is-selected', key === slug);
      }
    });
    document.querySelectorAll('#cities a[data-slug]').forEach(function (a) {
      if (a.dataset.slug === slug) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    });
    if (slug && markers[slug]) {
      map.panInside(markers[slug].getLatLng(), { padding: [40, 40], animate: !reducedMotion.matches });
    }
  }

  // show puts a city's panel (or the network's, for null) in the details,
  // from the fragment the server rendered with the same component as the
  // page. Only the latest request wins when several are in flight.
  function show(slug, options) {
    var ticket = ++pending;
    var url = slug ? fill(config.cityPanel, slug) : config.networkPanel;
    return fetch(url, { headers: { Accept: 'text/html' } })
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
        if (options.push) {
          history.pushState({ slug: slug }, '', slug ? fill(config.cityPath, slug) : config.home);
        }
        markSelected(slug);
        if (options.focus) {
          var heading = panel.querySelector('h1');
          if (heading) {
            heading.focus();
          }
        }
      })
      .catch(function () {
        // The fragment could not be fetched: fall back to loading the page.
        window.location.assign(slug ? fill(config.cityPath, slug) : config.home);
      });
  }

  function label(props) {
    var parts = [props.name, props.country_name];
    if (props.coordinator) {
      parts.push(config.coordinator);
    }
    return parts.join(', ');
  }

  function addNetwork(collection) {
    var links = collection.features.filter(function (f) { return f.geometry.type === 'LineString'; });
    var cities = collection.features.filter(function (f) { return f.geometry.type === 'Point'; });
    L.geoJSON(links, {
      interactive: false,
      style: { className: 'map-link' },
    }).addTo(map);
    cities.forEach(function (f) {
      var p = f.properties;
      var coords = f.geometry.coordinates;
      var name = label(p);
      var marker = L.marker([coords[1], coords[0]], {
        icon: L.divIcon({
          className: 'marker ' + (p.coordinator ? 'marker--coordinator' : 'marker--partner'),
          iconSize: p.coordinator ? [28, 28] : [24, 24],
        }),
        title: name,
        keyboard: true,
        riseOnHover: true,
        zIndexOffset: p.coordinator ? 1000 : 0,
      }).addTo(map);
      marker.getElement().setAttribute('aria-label', name);
      marker.getElement().dataset.slug = p.slug;
      marker.on('click', function () {
        show(p.slug, { push: p.slug !== selected, focus: true });
      });
      markers[p.slug] = marker;
    });
    markSelected(selected);
  }

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
  getJSON(config.geojson).then(addNetwork);

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
})();
