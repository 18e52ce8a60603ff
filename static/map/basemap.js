// The basemap: the country outlines the server projected onto Web
// Mercator pixels, laid under the map's marks as one drawing that the map
// scales as it zooms. A Leaflet path per country would project every
// point again in the browser at each zoom level, the largest share of the
// map script's work on a first visit.
const svgNS = 'http://www.w3.org/2000/svg';

// drawBasemap adds the basemap (a document of the server's basemap.json:
// bounds, size and the countries' path data) to the bottom of map.
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
  L.svgOverlay(svg, basemap.bounds, { interactive: false }).addTo(map).bringToBack();
}
