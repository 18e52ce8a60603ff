// The details panel and the history: a city opens without a page load, in
// the panel the server rendered for it with the same component as its
// page, under its own address, and back and forward move between the
// cities opened. Inside an embed the address changes without adding
// history to the host page.
import { fill } from './config.js';
import { fetchFragment } from './fetch.js';

// panelOf opens cities, and the network (null), in the details panel;
// it returns open, which does so as a click on a city does.
export function panelOf(config, cities, wording) {
  const embed = config.embed;
  const panel = {
    config,
    cities,
    wording,
    // An embed without details opens cities in full pages instead.
    elsewhere: embed && !embed.shown.details,
    details: document.getElementById('details'),
    status: document.getElementById('map-status'),
    pending: 0,
    returnTo: null, // what had focus when a city was opened, for Escape
  };
  const show = (slug, options) => showPanel(panel, slug, options);
  const open = (slug) => show(slug, { push: slug !== cities.selected(), focus: true });

  // Links to cities and back to the overview open in place; a click with a
  // modifier key keeps its usual meaning (new tab, new window).
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-slug], a[data-home]');
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    open(link.hasAttribute('data-home') ? null : link.dataset.slug);
  });

  // Escape closes a city's details and puts focus back where it was when
  // the city was opened.
  document.addEventListener('keydown', (event) => {
    const selected = cities.selected();
    if (event.key !== 'Escape' || !selected || panel.elsewhere) {
      return;
    }
    const back = panel.returnTo && panel.returnTo.isConnected ? panel.returnTo : document.querySelector('#cities a[data-slug="' + CSS.escape(selected) + '"]');
    panel.returnTo = null;
    show(null, { push: true, focus: false, returnFocus: back });
  });

  // Every entry of the history names the city it shows: the cities
  // opened, and an address with a fragment (the skip link's), which shows
  // what was shown and is an entry of its own, named once the browser has
  // made it. The page's own entry is known by its address instead, so
  // that loading the page writes no history, which takes a browser
  // milliseconds; an entry without a name at another address is a
  // fragment's, just made, and shows what was shown.
  const own = { slug: cities.selected(), address: location.href };
  window.addEventListener('hashchange', () => history.replaceState({ slug: cities.selected() }, ''));
  window.addEventListener('popstate', (event) => {
    const state = event.state || (location.href === own.address ? own : null);
    if (state) {
      show(state.slug, { push: false, focus: false });
    }
  });
  return open;
}

// showPanel puts a city's panel (or the network's, for null) in the
// details, from the fragment the server rendered with the same component
// as the page. Only the latest request wins when several are in flight.
function showPanel(panel, slug, options) {
  const { config, cities, wording, details, status } = panel;
  const embed = config.embed;
  if (panel.elsewhere) {
    if (slug) {
      window.open(fill(embed.fullCity, slug), '_blank', 'noopener');
    }
    return;
  }
  const ticket = ++panel.pending;
  if (options.focus && slug) {
    panel.returnTo = document.activeElement;
  }
  const address = slug ? fill(config.cityPath, slug) : config.home;
  fetchFragment(slug ? fill(config.cityPanel, slug) : config.networkPanel)
    .then((fragment) => {
      if (ticket !== panel.pending) {
        return;
      }
      details.replaceChildren(fragment);
      document.title = fragment.dataset.title;
      if (embed) {
        // The host page's back button is not the map's to take.
        history.replaceState({ slug }, '', address);
      } else if (options.push) {
        history.pushState({ slug }, '', address);
      }
      cities.select(slug);
      if (status) {
        status.textContent = slug ? wording.format(config.labels.showing, { City: cities.label(slug) }) : config.labels.overview;
      }
      if (options.focus) {
        const heading = fragment.querySelector('h1');
        if (heading) {
          heading.focus({ preventScroll: !!embed });
        }
      }
      const back = options.returnFocus;
      if (back && back.isConnected) {
        back.focus({ preventScroll: !!embed });
      }
    })
    .catch(() => {
      // The fragment could not be fetched: fall back to loading the page.
      window.location.assign(address);
    });
}
