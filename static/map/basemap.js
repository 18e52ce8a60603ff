// The basemap: the country outlines the server projected onto Web
// Mercator pixels, laid under the map's marks as one drawing that the map
// scales as it zooms. A Leaflet path per country would project every
// point again in the browser at each zoom level, the largest share of the
// map script's work on a first visit.
//
// The drawing is simplified for the whole view, so zoomed in past its
// detail the map draws tiles instead: squares of the world's grid, each
// the outlines of its countries at the detail of the zoom shown, fetched
// as they come into view. The server says from which zoom, and which
// squares have land in them; the sea needs none.
import { fetchJSON } from './fetch.js';

const svgNS = 'http://www.w3.org/2000/svg';

// widest is how wide, in pixels, the drawing may grow: browsers lay out no
// box wider than about 17.9 million pixels (Firefox; Chromium and Safari
// 33.5 million). Without tiles the map zooms in no further than where it
// is 2^24 wide (zoom level 18 over Europe); with them, the drawing gives
// way to the tiles long before.
const widest = 2 ** 24;

// outlines adds the countries to an SVG element as one path for the
// partners' countries and one for the others, each country's outline a
// subpath of it: the browser styles, lays out and paints two elements
// where it would a few dozen, and draws the same, as no two countries
// overlap. tinted are the codes of the countries of the network's
// partners.
function outlines(svg, countries, tinted) {
  const d = { plain: [], tinted: [] };
  for (const country of countries) {
    const isTinted = country.tinted || (country.code !== undefined && tinted.has(country.code));
    d[isTinted ? 'tinted' : 'plain'].push(country.d);
  }
  for (const [kind, className] of [['plain', 'map-country'], ['tinted', 'map-country map-country--tinted']]) {
    if (d[kind].length) {
      const path = document.createElementNS(svgNS, 'path');
      path.setAttribute('class', className);
      path.setAttribute('d', d[kind].join(''));
      svg.appendChild(path);
    }
  }
}

function drawing(width, height) {
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  return svg;
}

// levelAt is the level of the tiles drawn at a zoom: the last that starts
// at or before it.
export function levelAt(levels, zoom) {
  let level;
  for (const l of levels) {
    if (l.from <= zoom || level === undefined) {
      level = l;
    }
  }
  return level;
}

// filled tells whether the square (x, y) of a level has land in it, from
// the level's bitmap of the squares in view. Leaflet gives the columns
// of the world's first copy; a view past 180° counts them on past the
// grid's last.
export function filled(level, x, y) {
  if (x < level.min[0]) {
    x += 2 ** level.grid;
  }
  if (x < level.min[0] || x > level.max[0] || y < level.min[1] || y > level.max[1]) {
    return false;
  }
  if (level.bits === undefined) {
    level.bits = Uint8Array.from(atob(level.filled), (c) => c.charCodeAt(0));
  }
  const i = (y - level.min[1]) * (level.max[0] - level.min[0] + 1) + x - level.min[0];
  return (level.bits[i >> 3] & (1 << (i & 7))) !== 0;
}

// tileLayer is the layer of tiles, a Leaflet GridLayer made when the basemap
// is drawn (so that the map script loads where Leaflet did not): a square
// of the grid at zoom level.grid, shown at zoom z, is 256 * 2^(z - grid)
// pixels wide, laid out at that size (never scaled up by the browser,
// which would blur it).
const tileLayer = {
  initialize(tiles, tinted, options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this._basemap = tiles;
    this._tinted = tinted;
    this._fetched = new Map();
  },

  getTileSize() {
    const level = levelAt(this._basemap.levels, this._tileZoom);
    const size = 256 * 2 ** (this._tileZoom - level.grid);
    return L.point(size, size);
  },

  createTile(coords, done) {
    const tile = document.createElement('div');
    tile.setAttribute('aria-hidden', 'true');
    const level = levelAt(this._basemap.levels, coords.z);
    if (!filled(level, coords.x, coords.y)) {
      setTimeout(() => done(null, tile), 0);
      return tile;
    }
    const extent = this._basemap.extent;
    const svg = drawing(extent, extent);
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    tile.appendChild(svg);
    const url = this._basemap.url.replace('{g}', level.grid).replace('{x}', coords.x).replace('{y}', coords.y);
    // A level is drawn at several zooms from the same tiles: each is
    // fetched once.
    if (!this._fetched.has(url)) {
      this._fetched.set(url, fetchJSON(url));
    }
    this._fetched.get(url)
      .then((drawn) => {
        outlines(svg, drawn.countries, this._tinted);
        done(null, tile);
      }, (error) => done(error, tile));
    return tile;
  },
};

// drawBasemap adds the basemap (a document of the server's basemap.json:
// bounds, size and the countries' path data, and what the map needs of
// the tiles) to the bottom of map, and keeps the map's zoom to where it
// can be drawn.
export function drawBasemap(map, basemap) {
  // Its own pane, under the marks and over a tile server's pictures.
  map.createPane('basemap').style.zIndex = 250;
  const svg = drawing(basemap.size[0], basemap.size[1]);
  outlines(svg, basemap.countries, new Set());
  const bounds = L.latLngBounds(basemap.bounds);
  const overview = L.svgOverlay(svg, bounds, { interactive: false, pane: 'basemap' });
  const tiles = basemap.tiles;
  if (!tiles) {
    const width = map.project(bounds.getNorthEast(), 0).x - map.project(bounds.getSouthWest(), 0).x;
    map.setMaxZoom(Math.min(map.getMaxZoom(), Math.floor(Math.log2(widest / width))));
    overview.addTo(map);
    return;
  }
  map.setMaxZoom(Math.min(map.getMaxZoom(), tiles.deepest));
  // Leaflet chooses tiles by the zoom rounded, but drops them all below
  // minZoom unrounded: from half a level before, tiles are what is drawn.
  // Leaflet tests a tile against the layer's bounds in the world's first
  // copy, which a view past 180° leaves: there the levels' squares alone
  // say which tiles to draw.
  const Tiles = L.GridLayer.extend(tileLayer);
  const limit = map.options.maxBounds || bounds;
  const layer = new Tiles(tiles, new Set(basemap.tinted || []), {
    minZoom: tiles.from - 0.5,
    maxZoom: tiles.deepest,
    bounds: limit.getEast() > 180 ? undefined : limit,
    pane: 'basemap',
  });
  // The drawing shows until the tiles in view have come, and goes at
  // once where it would grow too wide to be laid out; it comes back
  // when the map is zoomed out past the tiles.
  const width = map.project(bounds.getNorthEast(), 0).x - map.project(bounds.getSouthWest(), 0).x;
  const tooWide = () => map.getZoomScale(map.getZoom(), 0) * width > widest;
  const shown = () => Math.round(map.getZoom()) >= tiles.from;
  map.on('zoom', () => {
    if (!shown() && !map.hasLayer(overview)) {
      overview.addTo(map);
    } else if (tooWide() && map.hasLayer(overview)) {
      map.removeLayer(overview);
    }
  });
  layer.on('load', () => {
    if (shown() && map.hasLayer(overview)) {
      map.removeLayer(overview);
    }
  });
  layer.addTo(map);
  if (!shown()) {
    overview.addTo(map);
  }
}
