// The cities of a map, apart from how they are drawn: which there are and
// where, in list order; which one is chosen; which the search field keeps;
// which one the keyboard stands on; and, on a clustered map, which city a
// cluster stands for and which lines are drawn. It knows nothing of the
// page or of Leaflet: a drawing subscribes to it and shows what it says,
// so that any page (the network's map, an editor's) can hold its cities
// here and draw them its own way.

// nextCity is the city a key moves to from slug among the cities shown,
// in list order: the arrows go to the next and the previous, around the
// ends, Home and End to the first and the last; undefined for any other
// key.
export function nextCity(shown, slug, key) {
  const i = shown.indexOf(slug);
  const to = {
    ArrowRight: i + 1,
    ArrowDown: i + 1,
    ArrowLeft: i - 1 + shown.length,
    ArrowUp: i - 1 + shown.length,
    Home: 0,
    End: shown.length - 1,
  }[key];
  return to === undefined ? to : shown[to % shown.length];
}

// cityLabel is what a city is called on the map: "Berlin, Germany,
// coordinator", with the word for coordinator in the page's language.
export function cityLabel(city, coordinatorWord) {
  const parts = [city.name, city.country];
  if (city.coordinator) {
    parts.push(coordinatorWord);
  }
  return parts.join(', ');
}

// Cities holds a map's cities. Options: selected, the slug of the city
// chosen at first (or null for none); clustered, whether the drawing
// gathers markers that would overlap, on which only the chosen city's
// line is drawn; lines, whether lines from the coordinator's city are
// drawn at all.
//
// A city is { slug, lat, lon, coordinator, name, localName, country,
// label }. Each change is told to the subscribers as an event: { type:
// 'put', slug } when a city is added or replaced, { type: 'move', slug },
// { type: 'select', slug, previous }, { type: 'filter', gone, back } with
// the slugs the search field took away and gave back, and { type: 'rove',
// slug } when the keyboard's city is set, as every choice and filter does.
export class Cities {
  constructor({ selected = null, clustered = false, lines = true } = {}) {
    this.clustered = clustered;
    this.lines = lines;
    this.order = []; // slugs in list order
    // Records without a prototype, in which a city called "constructor"
    // is not found before it is put.
    this.bySlug = Object.create(null);
    this.position = Object.create(null); // by slug: its place in order
    this.hidden = Object.create(null); // slugs the search field took away
    this.listeners = new Set();
    this.chosen = selected;
    this.keyboard = null; // the city the map's one Tab stop stands for
    this.hub = null; // the coordinator's city
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tell(event) {
    this.listeners.forEach((listener) => listener(event));
  }

  get(slug) {
    return slug in this.bySlug ? this.bySlug[slug] : undefined;
  }

  label(slug) {
    return slug in this.bySlug ? this.bySlug[slug].label : slug;
  }

  selected() {
    return this.chosen;
  }

  // current is the keyboard's city.
  current() {
    return this.keyboard;
  }

  coordinator() {
    return this.hub === null ? undefined : this.bySlug[this.hub];
  }

  isShown(slug) {
    return slug !== null && slug in this.bySlug && !this.hidden[slug];
  }

  // shown is the slugs of the cities the search field keeps, in order.
  shown() {
    return this.order.filter((slug) => !this.hidden[slug]);
  }

  firstShown() {
    return this.order.find((slug) => !this.hidden[slug]) || null;
  }

  // next is the city a key moves to from slug among those shown.
  next(slug, key) {
    return nextCity(this.shown(), slug, key);
  }

  // put adds a city at the end of the list, or replaces the one with its
  // slug where it stands.
  put(city) {
    if (!(city.slug in this.bySlug)) {
      this.position[city.slug] = this.order.length;
      this.order.push(city.slug);
    }
    this.bySlug[city.slug] = city;
    if (city.coordinator) {
      this.hub = city.slug;
    } else if (this.hub === city.slug) {
      this.hub = null;
    }
    this.tell({ type: 'put', slug: city.slug });
  }

  // move puts a city somewhere else.
  move(slug, lat, lon) {
    if (slug in this.bySlug) {
      this.bySlug[slug] = Object.assign({}, this.bySlug[slug], { lat, lon });
      this.tell({ type: 'move', slug });
    }
  }

  // select chooses a city, or none (null); the keyboard's city follows
  // it, or goes to the first city shown when the chosen one is not.
  select(slug) {
    const previous = this.chosen;
    this.chosen = slug;
    this.tell({ type: 'select', slug, previous });
    this.rove(this.isShown(slug) ? slug : this.firstShown());
  }

  // rove sets the keyboard's city; the drawing puts the Tab stop on it
  // each time, as the place that shows it may have been made anew.
  rove(slug) {
    this.keyboard = slug;
    this.tell({ type: 'rove', slug });
  }

  // filter keeps the cities that match (match is given each city) and
  // returns how many do. The keyboard's city stays if it is kept, or else
  // goes to the chosen city, or to the first shown.
  filter(match) {
    let count = 0;
    const gone = [];
    const back = [];
    this.order.forEach((slug) => {
      const keep = !!match(this.bySlug[slug]);
      count += keep ? 1 : 0;
      if (keep && this.hidden[slug]) {
        delete this.hidden[slug];
        back.push(slug);
      } else if (!keep && !this.hidden[slug]) {
        this.hidden[slug] = true;
        gone.push(slug);
      }
    });
    if (gone.length || back.length) {
      this.tell({ type: 'filter', gone, back });
    }
    const stays = [this.keyboard, this.chosen].find((slug) => this.isShown(slug));
    this.rove(stays === undefined ? this.firstShown() : stays);
    return count;
  }

  // lineTo is the slugs of the cities a line from the coordinator's city
  // goes to: every city shown, or on a clustered map, where hundreds of
  // lines would hide the map, only the chosen one.
  lineTo() {
    if (!this.lines || this.hub === null) {
      return [];
    }
    const to = !this.clustered ? this.shown() : this.isShown(this.chosen) ? [this.chosen] : [];
    return to.filter((slug) => slug !== this.hub);
  }

  // standsFor is the city a cluster of the slugs given stands for on the
  // keyboard: the keyboard's city if the cluster holds it, or else its
  // first city in list order.
  standsFor(members) {
    if (this.isShown(this.keyboard) && members.includes(this.keyboard)) {
      return this.keyboard;
    }
    let first = null;
    members.forEach((slug) => {
      if (first === null || this.position[slug] < this.position[first]) {
        first = slug;
      }
    });
    return first;
  }
}
