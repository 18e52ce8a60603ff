// partnermap's embed builder. The snippet's markup comes from the server,
// the same as oEmbed's, with places for what is chosen; this script reads
// the form, fills them in, and shows the embed working in the preview. It
// needs nothing but files, so it works on a static copy of the site too:
// the title comes from the page's oEmbed file in the language chosen. The
// form has a box for each embed option of the server's table, which gives
// the query string of each combination.
import { fetchJSON } from './map/fetch.js';
import { variantOf } from './map/options.js';

// escape writes text into an attribute or element as the server does.
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&#34;').replace(/'/g, '&#39;');

const configElement = document.getElementById('builder-config');
const form = document.getElementById('builder-form');
if (configElement && form) {
  start(JSON.parse(configElement.textContent), form);
}

function start(config, form) {
  const snippet = document.getElementById('builder-snippet');
  const preview = document.getElementById('builder-preview');
  const status = document.getElementById('builder-status');
  const copy = document.getElementById('builder-copy');
  const pixels = form.elements.pixels;
  document.documentElement.classList.add('has-builder');

  const wanted = new URLSearchParams(location.search).get('city');
  if (wanted && form.elements.city.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
    form.elements.city.value = wanted;
  }

  // localize puts a path of the default language into the one chosen:
  // /cities/palermo/ is /it/cities/palermo/ in Italian.
  const localize = (path) => form.elements.language.value + path;

  const titles = {}; // by oEmbed file: the page's title in its language
  let pending = 0;
  function update() {
    const target = form.elements.city.selectedOptions[0];
    const shown = {};
    Object.keys(config.options.variants[0].shown).forEach((key) => {
      shown[key] = form.elements[key].checked;
    });
    const auto = form.elements.height.value === 'auto';
    pixels.disabled = auto;

    const src = localize(target.dataset.embed) + variantOf(config.options, shown).query;
    if (preview.getAttribute('src') !== src) {
      preview.setAttribute('src', src);
    }
    if (auto) {
      preview.setAttribute('data-partnermap-height', 'auto');
    } else {
      preview.removeAttribute('data-partnermap-height');
      preview.style.height = '';
      preview.setAttribute('height', pixels.value);
    }

    const values = {
      src: config.base + src,
      page: config.base + localize(target.dataset.page),
      height: pixels.value, // the fixed snippet's; the growing one starts at its own
    };
    const file = localize(target.dataset.oembed);
    const ticket = ++pending;
    const title = titles[file] || fetchJSON(file).then((oembed) => {
      titles[file] = oembed.title;
      return oembed.title;
    });
    Promise.resolve(title).then((title) => {
      if (ticket !== pending) {
        return;
      }
      values.title = title;
      snippet.value = (auto ? config.auto : config.fixed).replace(/\{(src|title|height|page)\}/g, (all, name) => escape(values[name]));
      status.textContent = '';
    });
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => event.preventDefault());

  copyOnClick(copy, snippet, status);
  update();
}

// copyOnClick copies the snippet when copy is pressed, and says in status
// whether it did or the reader should copy the text selected.
function copyOnClick(copy, snippet, status) {
  copy.addEventListener('click', () => {
    snippet.focus();
    snippet.select();
    const copied = () => {
      status.textContent = status.dataset.copied;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(snippet.value).then(copied, () => {
        status.textContent = status.dataset.select;
      });
    } else {
      status.textContent = document.execCommand('copy') ? status.dataset.copied : status.dataset.select;
    }
  });
}
