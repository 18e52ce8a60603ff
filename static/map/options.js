// Embed options, by the table the server hands over
// (components.EmbedTable): the words that switch an option off and on, and
// every combination of options with its query string. The map script
// reads an embed's address with it, and the builder writes snippets.

// decode reads a part of a query as the server does, a plus for a space.
const decode = (text) => decodeURIComponent(text.replace(/\+/g, ' ')).trim().toLowerCase();

// readOptions is what the options in a query ask to show, by key, read as
// the server reads them (web/embed.go): from the default, a later value of
// a key wins, and unknown keys, unknown words and malformed pairs change
// nothing.
export function readOptions(table, query) {
  const shown = Object.assign({}, table.variants[0].shown);
  const keys = Object.keys(shown);
  query.split('&').forEach((pair) => {
    const [key, ...value] = pair.split('=');
    let option;
    let word;
    try {
      option = decode(key);
      word = decode(value.join('='));
    } catch (e) {
      return;
    }
    if (keys.includes(option)) {
      if (table.off.includes(word)) {
        shown[option] = false;
      } else if (table.on.includes(word)) {
        shown[option] = true;
      }
    }
  });
  return shown;
}

// variantOf is the combination of options that shows what shown does.
export const variantOf = (table, shown) =>
  table.variants.find((variant) => Object.keys(variant.shown).every((key) => variant.shown[key] === shown[key]));
