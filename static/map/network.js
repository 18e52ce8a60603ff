// A network chosen on an atlas's map, drawn as on its own map: a marker
// for each of its cities, the coordinator's a diamond, and lines from the
// coordinator's city to the others. Its cities come from the links of the
// network's panel, which carry their positions as a network's list does
// (readCity), and are held in a Cities (cities.js), which says where the
// lines go. A click on a city, or Enter on it, opens its place.
import { Cities } from './cities.js';
import { linesFrom, readCity } from './markers.js';

// networkOn draws networks on map, one at a time, with markers of the
// stylesheet's sizes (size), where onMap puts them (config.js); open is
// what choosing a city does.
export function networkOn(map, labels, size, onMap, open) {
  const layer = L.layerGroup();
  let cities = new Cities();
  return {
    // draw draws the network whose cities the links are and returns their
    // bounds, or null when none has a position.
    draw(links) {
      layer.clearLayers();
      cities = new Cities();
      links.forEach((a) => {
        const city = readCity(a, labels.coordinator, onMap);
        if (city) {
          cities.put(city);
        }
      });
      const to = cities.lineTo();
      if (to.length) {
        linesFrom(cities, to).addTo(layer);
      }
      cities.order.forEach((slug) => memberMarker(cities.get(slug), size, open).addTo(layer));
      layer.addTo(map);
      const bounds = L.latLngBounds(cities.order.map((slug) => [cities.get(slug).lat, cities.get(slug).lon]));
      return bounds.isValid() ? bounds : null;
    },
    clear() {
      layer.clearLayers();
      layer.remove();
      cities = new Cities();
    },
    has: (slug) => cities.get(slug) !== undefined,
  };
}

// memberMarker is a city's marker, a button named by its label, as on a
// network's own map.
function memberMarker(city, size, open) {
  const kind = city.coordinator ? 'coordinator' : 'partner';
  const marker = L.marker([city.lat, city.lon], {
    icon: L.divIcon({ className: 'marker marker--' + kind, iconSize: size(kind) }),
    title: city.label,
    riseOnHover: true,
    zIndexOffset: city.coordinator ? 2000 : 1000,
  });
  marker.on('add', () => {
    const el = marker.getElement();
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', city.label);
    el.dataset.slug = city.slug;
  });
  // Leaflet turns Enter on a marker into a click.
  marker.on('click', () => open(city.slug));
  return marker;
}
