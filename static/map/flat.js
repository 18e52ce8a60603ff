// Markers placed with a flat transform. Leaflet places each marker with a
// 3D transform (translate3d), and Chromium gives every element with one a
// compositing layer of its own: a layer per marker to make, paint and
// composite in the page's first frame, where Leaflet's own circle markers
// share one. A 2D translate puts the marker at the same pixel, painted
// with the rest of its pane, which pans as one layer; zooming still
// animates it, by the same transition of its transform.
export function placeMarkersFlat() {
  if (!L.Browser.any3d) {
    // Leaflet places markers by their offsets instead.
    return;
  }
  L.Marker.include({
    _setPos(pos) {
      for (const el of [this._icon, this._shadow]) {
        if (el) {
          // Leaflet reads a position back from _leaflet_pos, as
          // L.DomUtil.setPosition leaves it.
          el._leaflet_pos = pos;
          el.style.transform = `translate(${pos.x}px, ${pos.y}px)`;
        }
      }
      this._zIndex = pos.y + this.options.zIndexOffset;
      this._resetZIndex();
    },
  });
}
