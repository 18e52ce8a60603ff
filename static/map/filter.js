// The search field above a long list of cities narrows the list and the
// map together to the cities whose name, local name or country holds
// every word typed. Without the script it does nothing, and stays hidden.

// fold drops case and accents: "Malmö" is found as "malmo".
export const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

// matcher is whether a city's words, folded, hold every word of a query.
export function matcher(query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return (text) => words.every((w) => text.includes(w));
}

// setUpSearch shows the search field and makes it narrow cities, whose
// status says how many cities match once typing pauses.
export function setUpSearch(cities, labels, wording) {
  const search = document.getElementById('cities-filter');
  const status = document.getElementById('cities-filter-status');
  if (!search || !cities.order.length) {
    return;
  }
  // A city is found by its words, folded once it is first looked for.
  const filter = () => {
    const matches = matcher(search.value);
    return cities.filter((city) => matches(city.words || (city.words = fold([city.name, city.localName, city.country].join(' ')))));
  };
  const box = search.closest('.cities__filter');
  if (box) {
    box.hidden = false;
  }
  // A field the browser filled in again, going back to the page, counts.
  filter();
  let timer = 0;
  search.addEventListener('input', () => {
    const count = filter();
    // The count is said once typing pauses, not at every key.
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (status) {
        status.textContent = wording.format(labels.matches, { Count: wording.count(count), Total: wording.count(cities.order.length) }, count);
      }
    }, 300);
  });
  // Escape empties the field; only an empty field lets it go on to
  // close the city that is open.
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && search.value !== '') {
      event.preventDefault();
      event.stopPropagation();
      search.value = '';
      search.dispatchEvent(new Event('input'));
    }
  });
}
