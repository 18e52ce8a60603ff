// partnermap's embed builder. The snippet's markup comes from the server,
// the same as oEmbed's, with places for what is chosen; this script reads
// the form, fills them in, and shows the embed working in the preview. It
// needs nothing but files, so it works on a static copy of the site too:
// the title comes from the page's oEmbed file in the language chosen.
(function () {
  'use strict';

  var configElement = document.getElementById('builder-config');
  var form = document.getElementById('builder-form');
  if (!configElement || !form) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var snippet = document.getElementById('builder-snippet');
  var preview = document.getElementById('builder-preview');
  var status = document.getElementById('builder-status');
  var copy = document.getElementById('builder-copy');
  var pixels = form.elements.pixels;
  document.documentElement.classList.add('has-builder');

  var wanted = new URLSearchParams(location.search).get('city');
  if (wanted && form.elements.city.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
    form.elements.city.value = wanted;
  }

  // localize puts a path of the default language into the one chosen:
  // /cities/palermo/ is /it/cities/palermo/ in Italian.
  function localize(path) {
    return form.elements.language.value + path;
  }

  // escape writes text into an attribute or element as the server does.
  function escape(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&#34;').replace(/'/g, '&#39;');
  }

  var titles = {}; // by oEmbed file: the page's title in its language
  var pending = 0;
  function update() {
    var target = form.elements.city.selectedOptions[0];
    var index = (form.elements.list.checked ? 0 : 1) | (form.elements.lines.checked ? 0 : 2) | (form.elements.details.checked ? 0 : 4);
    var auto = form.elements.height.value === 'auto';
    pixels.disabled = auto;

    var src = localize(target.dataset.embed) + config.queries[index];
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

    var values = {
      src: config.base + src,
      page: config.base + localize(target.dataset.page),
      height: pixels.value, // the fixed snippet's; the growing one starts at its own
    };
    var file = localize(target.dataset.oembed);
    var ticket = ++pending;
    var title = titles[file] || fetch(file).then(function (response) {
      if (!response.ok) {
        throw new Error('oEmbed: ' + response.status);
      }
      return response.json();
    }).then(function (oembed) {
      titles[file] = oembed.title;
      return oembed.title;
    });
    Promise.resolve(title).then(function (title) {
      if (ticket !== pending) {
        return;
      }
      values.title = title;
      snippet.value = (auto ? config.auto : config.fixed).replace(/\{(src|title|height|page)\}/g, function (all, name) {
        return escape(values[name]);
      });
      status.textContent = '';
    });
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', function (event) { event.preventDefault(); });

  copy.addEventListener('click', function () {
    snippet.focus();
    snippet.select();
    var copied = function () { status.textContent = status.dataset.copied; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(snippet.value).then(copied, function () {
        status.textContent = status.dataset.select;
      });
    } else {
      status.textContent = document.execCommand('copy') ? status.dataset.copied : status.dataset.select;
    }
  });

  update();
})();
