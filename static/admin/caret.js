// Where a problem of the data file is in the text area that holds it.
// validate counts a problem's line and column as Go does, the column in
// bytes of UTF-8 (data/position.go, go-toml's errors), where a text
// area's value counts UTF-16 code units: "München" is 8 bytes, 7 units;
// "😀" is 4 bytes, 2 units. offsetAt turns the one into the other.

// utf8Length is how many bytes UTF-8 writes a code point in. A lone
// surrogate is sent by the browser as U+FFFD, three bytes, as is any
// other code point below U+10000 from U+0800 up.
function utf8Length(code) {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

// offsetAt is the offset in text, in UTF-16 code units, of the 1-based
// line and byte column a problem names. A column inside a character's
// bytes is taken to its start; a column past the line's end, to the end
// (before a carriage return); a line past the text's end, to its end.
export function offsetAt(text, line, column) {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return text.length;
    start = next + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  let bytes = column - 1;
  let at = start;
  while (at < end && bytes > 0) {
    const code = text.codePointAt(at);
    const size = utf8Length(code);
    if (size > bytes) break;
    bytes -= size;
    at += code > 0xffff ? 2 : 1;
  }
  return at;
}

// placeCaret focuses area with the caret at a problem's line and column,
// the line scrolled to the middle of the area (its lines do not wrap) and
// the area into the window's view.
export function placeCaret(area, line, column) {
  const at = offsetAt(area.value, line, column);
  area.focus({ preventScroll: true });
  area.setSelectionRange(at, at);
  const style = getComputedStyle(area);
  const height = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
  area.scrollTop = Math.max(0, (line - 1) * height - (area.clientHeight - height) / 2);
  area.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}
