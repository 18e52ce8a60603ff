// Helpers for the page's configuration (components.MapConfig), which the
// server renders into a JSON script block: every address the script uses
// comes from it, and every word it shows.

// fill puts a city in an address of the configuration, which marks its
// place with {slug}.
export const fill = (address, slug) => address.replace('{slug}', encodeURIComponent(slug));

// wording gives what the script writes in a language: count writes a
// number, and format fills a message's placeholders, {{.Name}}, from
// values by name, so that a translation may put them in any order. A
// message that counts comes as its plural forms ({one: ..., other: ...}),
// of which the count given chooses one by the language's plural rules.
// Below a thousand a count is its digits in every language the site
// speaks; the number format, whose making costs the browser tens of
// milliseconds, is made when a larger count first needs its separators,
// and the plural rules when a message first counts.
export function wording(lang) {
  let numbers;
  let plurals;
  return {
    count: (n) => (Number.isInteger(n) && n >= 0 && n < 1000 ? String(n) : (numbers ||= new Intl.NumberFormat(lang)).format(n)),
    format(message, values, count) {
      if (count !== undefined) {
        message = message[(plurals ||= new Intl.PluralRules(lang)).select(count)] || message.other;
      }
      return message.replace(/{{\s*\.(\w+)\s*}}/g, (_, name) => values[name]);
    },
  };
}

// onMap gives where a map of a network or atlas whose cities' bounds run
// past 180° (one around the Pacific) draws a longitude: west of the
// bounds, 360° further east, beside its neighbours across the
// antimeridian, as the server draws it (geo.OnMap).
export const onMap = (bounds) => (lon) => (bounds[1][1] > 180 && lon < bounds[0][1] ? lon + 360 : lon);
