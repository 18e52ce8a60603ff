// partnermap's embed builder. The snippet itself comes from the oEmbed
// endpoint, so that the builder and oEmbed consumers get the same markup;
// this script only reads the form, asks for the snippet, and shows it
// working in the preview.
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
  // /cities/palermo is /it/cities/palermo in Italian, / is /it.
  function localize(path) {
    var prefix = form.elements.language.value;
    return prefix && path === '/' ? prefix : prefix + path;
  }

  var pending = 0;
  function update() {
    var target = form.elements.city.selectedOptions[0];
    var page = new URL(target.dataset.page);
    page.pathname = localize(page.pathname);
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

    var url = new URL(config.oembed, location.href);
    url.searchParams.set('url', page.href);
    url.searchParams.set('format', 'json');
    url.searchParams.set('height', auto ? 'auto' : pixels.value);
    ['list', 'lines', 'details'].forEach(function (name) {
      if (!form.elements[name].checked) {
        url.searchParams.set(name, '0');
      }
    });
    var ticket = ++pending;
    fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error('oEmbed: ' + response.status);
      }
      return response.json();
    }).then(function (oembed) {
      if (ticket === pending) {
        snippet.value = oembed.html;
        status.textContent = '';
      }
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
