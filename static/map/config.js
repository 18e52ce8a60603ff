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
export function wording(lang) {
  const numbers = new Intl.NumberFormat(lang);
  const plurals = new Intl.PluralRules(lang);
  return {
    count: (n) => numbers.format(n),
    format(message, values, count) {
      if (count !== undefined) {
        message = message[plurals.select(count)] || message.other;
      }
      return message.replace(/{{\s*\.(\w+)\s*}}/g, (_, name) => values[name]);
    },
  };
}
