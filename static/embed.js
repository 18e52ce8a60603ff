// partnermap embed.js: include it once on a page that embeds partnermap
// maps. It sizes every iframe marked data-partnermap-height="auto" to the
// height its map reports. It listens only to messages from those iframes,
// sent from the origin this script comes from, and ignores all others.
// Its address stays the same for years: host pages keep it.
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var origin = new URL(script.src, location.href).origin;
  var flag = 'partnermapEmbed ' + origin;
  if (window[flag]) {
    return;
  }
  window[flag] = true;

  // The height a frame may take, whatever it reports.
  var MIN = 150;
  var MAX = 5000;

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== 'partnermap:height' ||
        typeof data.height !== 'number' || !isFinite(data.height)) {
      return;
    }
    var frames = document.querySelectorAll('iframe[data-partnermap-height="auto"]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.round(Math.min(Math.max(data.height, MIN), MAX)) + 'px';
        return;
      }
    }
  });
})();
