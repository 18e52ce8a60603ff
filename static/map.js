// partnermap's map script. Every page is complete without it: the server
// renders the city list and the details. This script puts the network on a
// Leaflet map and opens cities without a page load, by swapping in the
// details panel the server rendered for that city. It never builds markup
// from strings: the only HTML it inserts is the server's own fragment.
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
  map.setMinZoom(Math.min(map.getBoundsZoom(config.maxBounds, true), map.getZoom()));

  if (config.tiles) {
    L.tileLayer(config.tiles.url, { attribution: '' }).addTo(map);
    mapElement.classList.add('has-tiles');
  }

  var markers = {};
  var order = []; // slugs in list order, for the arrow keys
  var selected = config.selected || null;
  var pending = 0;
  var returnTo = null; // what had focus when a city was opened, for Escape

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
    selected = slug;
    Object.keys(markers).forEach(function (key) {
      markers[key].getElement().classList.toggle('is-selected', key === slug);
    });
    rove(slug || order[0]);
    document.querySelectorAll('#cities a[data-slug]').forEach(function (a) {
      if (a.dataset.slug === slug) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    });
    if (slug && markers[slug]) {
      map.panInside(markers[slug].getLatLng(), { padding: [40, 40], animate: !still });
    }
  }

  // rove makes one marker the map's Tab stop: the chosen city's, or the
  // first. The arrow keys move between the others, so that Tab does not
  // have to pass every city of a large network.
  function rove(slug) {
    Object.keys(markers).forEach(function (key) {
      markers[key].getElement().tabIndex = key === slug ? 0 : -1;
    });
  }

  function announce(slug) {
    if (status) {
      status.textContent = slug ? config.labels.showing.replace('%s', markers[slug] ? markers[slug].options.title : slug) : config.labels.overview;
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

  function label(props) {
    var parts = [props.name, props.country_name];
    if (props.coordinator) {
      parts.push(config.labels.coordinator);
    }
    return parts.join(', ');
  }

  function addNetwork(collection) {
    if (!embed || embed.lines) {
      var links = collection.features.filter(function (f) { return f.geometry.type === 'LineString'; });
      L.geoJSON(links, { interactive: false, style: { className: 'map-link' } }).addTo(map);
    }
    collection.features.forEach(function (f) {
      if (f.geometry.type !== 'Point') {
        return;
      }
      var p = f.properties;
      var coords = f.geometry.coordinates;
      var name = label(p);
      var marker = L.marker([coords[1], coords[0]], {
        icon: L.divIcon({
          className: 'marker ' + (p.coordinator ? 'marker--coordinator' : 'marker--partner'),
          iconSize: p.coordinator ? [28, 28] : [24, 24],
        }),
        title: name,
        keyboard: false,
        riseOnHover: true,
        zIndexOffset: p.coordinator ? 1000 : 0,
      }).addTo(map);
      var el = marker.getElement();
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', name);
      el.dataset.slug = p.slug;
      el.addEventListener('keydown', onMarkerKey);
      el.addEventListener('focus', function () {
        // Only keyboard focus: a mouse press focuses the marker too, and
        // moving the map under it would turn the click into a drag.
        if (el.matches(':focus-visible')) {
          map.panInside(marker.getLatLng(), { padding: [40, 40], animate: !still });
        }
      });
      marker.on('click', function () {
        show(p.slug, { push: p.slug !== selected, focus: true });
      });
      markers[p.slug] = marker;
      order.push(p.slug);
    });
    markSelected(selected);
  }

  // onMarkerKey: arrows move between cities in list order, Home and End go
  // to the first and last, Enter and Space open the city.
  function onMarkerKey(event) {
    var slug = event.currentTarget.dataset.slug;
    var i = order.indexOf(slug);
    var next = null;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = order[(i + 1) % order.length];
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = order[(i - 1 + order.length) % order.length];
        break;
      case 'Home':
        next = order[0];
        break;
      case 'End':
        next = order[order.length - 1];
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        event.stopPropagation();
        show(slug, { push: slug !== selected, focus: true });
        return;
      default:
        return;
    }
    // Leaflet would pan the map on these keys too.
    event.preventDefault();
    event.stopPropagation();
    rove(next);
    markers[next].getElement().focus({ preventScroll: true });
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

  if (embed) {
    keepOutOfTheWay();
    reportHeight();
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
