// Inside an embed (config.embed) the map keeps out of the host page's
// way: the wheel scrolls the page unless Ctrl or ⌘ is held, one finger
// scrolls and two move the map, and the frame is told the content's
// height. On a static copy of the site it applies the options of its
// address itself.
import { fill } from './config.js';
import { readOptions, variantOf } from './options.js';

// smallFrame is a frame too small for more than the map (web's
// smallFrame): it shows the map alone, with the name of what it embeds
// (site.css), and opens on the city or place it embeds, at focusZoom.
export const smallFrame = '(max-height: 240px)';
const focusZoom = 6;

// centreSmallFrame opens the map of an embed on its city (focus, [lat,
// lon]) when the frame is too small for more.
export function centreSmallFrame(map, focus) {
  if (focus && window.matchMedia(smallFrame).matches) {
    map.setView(focus, Math.max(map.getZoom(), focusZoom), { animate: false });
  }
}

// applyAddressOptions turns off what the embed's address asks to hide.
// partnermap serve renders each combination of options; a static copy
// of the site (partnermap export) answers every embed address with the
// embed showing everything, as a file cannot vary with the query, and
// the options are applied here instead.
export function applyAddressOptions(config) {
  const embed = config.embed;
  const from = variantOf(embed.options, embed.shown);
  const to = variantOf(embed.options, readOptions(embed.options, location.search.slice(1)));
  if (from === to) {
    return;
  }
  // Addresses within the embed end in the query of what it shows: they
  // keep the options, in the server's form.
  const bare = (address) => address.slice(0, address.length - from.query.length);
  const withQuery = (address) => bare(address) + to.query;
  const inside = 'a[href^="' + bare(config.home) + '"]';
  ['home', 'networkPanel', 'cityPath', 'cityPanel'].forEach((k) => {
    config[k] = withQuery(config[k]);
  });
  document.querySelectorAll(inside).forEach((a) => {
    a.setAttribute('href', withQuery(a.getAttribute('href')));
  });
  const main = document.querySelector('main.embed');
  const hides = (key) => from.shown[key] && !to.shown[key];
  if (hides('list')) {
    main.classList.add('embed--no-list');
    document.getElementById('cities').hidden = true;
  }
  if (hides('lines')) {
    const line = document.querySelector('.legend .line-shape');
    if (line) {
      line.closest('li').remove();
    }
  }
  if (hides('details')) {
    main.classList.add('embed--no-details');
    document.getElementById('details').remove();
    // Cities open their full pages in a new tab, as the server renders
    // them without details.
    document.querySelectorAll('#cities a[data-slug]').forEach((a) => {
      a.dataset.city = a.dataset.slug;
      delete a.dataset.slug;
      a.removeAttribute('aria-current');
      a.href = fill(embed.fullCity, a.dataset.city);
      a.target = '_blank';
      a.rel = 'noopener';
    });
  }
  embed.shown = to.shown;
}

// keepOutOfTheWay leaves scrolling to the host page: the wheel zooms only
// with Ctrl or ⌘ held, one finger scrolls the page; a short hint says so.
export function keepOutOfTheWay(map, embed, still) {
  const mapElement = map.getContainer();
  const hint = document.createElement('p');
  hint.className = 'map-hint';
  hint.setAttribute('aria-hidden', 'true');
  mapElement.appendChild(hint);
  let timer = 0;
  const showHint = (text) => {
    hint.textContent = text;
    hint.classList.add('is-shown');
    clearTimeout(timer);
    timer = setTimeout(() => hint.classList.remove('is-shown'), 1500);
  };
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  let zoomDelta = 0;
  mapElement.addEventListener('wheel', (event) => {
    if (!event.ctrlKey && !event.metaKey) {
      showHint(mac ? embed.wheelHintMac : embed.wheelHint);
      return;
    }
    event.preventDefault();
    zoomDelta -= event.deltaY / 100;
    if (Math.abs(zoomDelta) >= 0.25) {
      const step = Math.max(-1, Math.min(1, zoomDelta));
      zoomDelta = 0;
      map.setZoomAround(map.mouseEventToContainerPoint(event), map.getZoom() + step, { animate: !still });
    }
  }, { passive: false });
  if (L.Browser.mobile) {
    mapElement.addEventListener('touchmove', (event) => {
      if (event.touches.length === 1) {
        showHint(embed.touchHint);
      }
    }, { passive: true });
  }
}

// reportHeight tells the host page's /embed.js how tall the content is,
// whenever that changes.
export function reportHeight() {
  if (window.parent === window) {
    return;
  }
  let last = 0;
  const report = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: 'partnermap:height', height }, '*');
    }
  };
  new ResizeObserver(report).observe(document.body);
  report();
}
