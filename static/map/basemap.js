// The basemap: the country outlines the server projected onto Web
// Mercator pixels, laid under the map's marks as one drawing that the map
// scales as it zooms. A Leaflet path per country would project every
// point again in the browser at each zoom level, the largest share of the
// map script's work on a first visit.
const svgNS = 'http://www.w3.org/2000/svg';

// widest is how wide, in pixels, the drawing may grow: browsers lay out no
// box wider than about 17.9 million pixels (Firefox; Chromium and Safari
// 33.5 million), so the map zooms in no further than where it is 2^24
// wide (zoom level 18 over Europe).
const widest = 2 ** 24;

// drawBasemap adds the basemap (a document of the server's basemap.json:
// bounds, size and the countries' path data) to the bottom of map, and
// keeps the map's zoom to where it can be drawn.
export function drawBasemap(map, basemap) {
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${basemap.size[0]} ${basemap.size[1]}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  for (const country of basemap.countries) {
    const path = document.createElementNS(svgNS, 'path');
    path.setAttribute('class', country.tinted ? 'map-country map-country--tinted' : 'map-country');
    path.setAttribute('d', country.d);
    svg.appendChild(path);
  }
  const bounds = L.latLngBounds(basemap.bounds);
  const width = map.project(bounds.getNorthEast(), 0).x - map.project(bounds.getSouthWest(), 0).x;
  map.setMaxZoom(Math.min(map.getMaxZoom(), Math.floor(Math.log2(widest / width))));
  L.svgOverlay(svg, bounds, { interactive: false }).addTo(map).bringToBack();
}
