// The field City as a combobox (the ARIA editable combobox with a list
// that autocompletes): as the editor types, the server's gazetteer
// answers with places, listed as options under the field; the arrow keys
// move through them, Enter chooses one, Escape closes the list, and a
// click chooses too. The options are made of text the server wrote, put
// in with textContent. Without the script the field searches by its form.

// debounce is how long typing pauses before the places are asked for.
const debounce = 150;

// nextActive is the option the arrow keys lead to from active (-1 for
// none) among count options: down from the last, or up from the first,
// goes round.
export function nextActive(active, count, key) {
  if (count === 0) {
    return -1;
  }
  if (key === 'ArrowDown') {
    return active + 1 >= count ? 0 : active + 1;
  }
  if (key === 'ArrowUp') {
    return active <= 0 ? count - 1 : active - 1;
  }
  return active;
}

// combobox makes input a combobox of listbox, whose places come from
// suggest (?q=); choose is called with the place chosen, and status says
// how many were found.
export function combobox({ input, listbox, status, suggest, words, labels, choose }) {
  const state = { places: [], active: -1, asked: 0, timer: 0 };
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);
  const box = { input, listbox, status, state, words, labels, choose };
  input.addEventListener('input', () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => ask(box, suggest), debounce);
  });
  input.addEventListener('keydown', (event) => onKey(box, event));
  input.addEventListener('blur', () => setTimeout(() => {
    if (document.activeElement !== input) {
      close(box);
    }
  }, 100));
  // A press on an option keeps the focus in the field, where the keys
  // are; the click then chooses it.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest('[role=option]');
    if (option) {
      pick(box, Number(option.dataset.index));
    }
  });
}

// ask fetches the places for what is typed; an answer that comes after a
// later question is dropped, and a refused one (too many questions)
// leaves the list as it was.
function ask(box, suggest) {
  const q = box.input.value.trim();
  const ticket = ++box.state.asked;
  if (!q) {
    show(box, []);
    return;
  }
  fetch(suggest + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : null))
    .then((answer) => {
      if (answer && ticket === box.state.asked) {
        show(box, answer.places);
      }
    }, () => {});
}

// show lists the places as options, and says how many there are.
function show(box, places) {
  const { listbox, status, state, words, labels } = box;
  state.places = places;
  state.active = -1;
  box.input.removeAttribute('aria-activedescendant');
  listbox.replaceChildren(...places.map((place, i) => option(listbox.id, place, i)));
  if (places.length) {
    open(box);
    status.textContent = words.format(labels.found, { Count: words.count(places.length) }, places.length);
  } else {
    close(box);
    status.textContent = box.input.value.trim() ? labels.none : '';
  }
}

// option is a place as an option: its name as found, then what tells it
// from others of its name.
function option(id, place, i) {
  const li = document.createElement('li');
  li.id = id + '-' + i;
  li.setAttribute('role', 'option');
  li.setAttribute('aria-selected', 'false');
  li.dataset.index = String(i);
  li.className = 'admin-combobox__option';
  const name = document.createElement('span');
  name.className = 'admin-place__name';
  name.textContent = place.label;
  const detail = document.createElement('span');
  detail.className = 'admin-place__detail';
  detail.textContent = place.detail;
  li.append(name, ' ', detail);
  return li;
}

function open(box) {
  if (box.state.places.length) {
    box.listbox.hidden = false;
    box.input.setAttribute('aria-expanded', 'true');
  }
}

function close(box) {
  box.listbox.hidden = true;
  box.input.setAttribute('aria-expanded', 'false');
  box.input.removeAttribute('aria-activedescendant');
  box.state.active = -1;
}

// onKey: the arrows open the list and move through it, Enter chooses the
// option the arrows reached (and otherwise searches by the form),
// Escape closes the list, or clears the field when it is closed.
function onKey(box, event) {
  const { state, input } = box;
  const expanded = input.getAttribute('aria-expanded') === 'true';
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (!expanded) {
      open(box);
      if (event.altKey) {
        return;
      }
    }
    activate(box, nextActive(state.active, state.places.length, event.key));
  } else if (event.key === 'Enter' && expanded && state.active >= 0) {
    event.preventDefault();
    pick(box, state.active);
  } else if (event.key === 'Escape') {
    event.preventDefault();
    if (expanded) {
      close(box);
    } else {
      input.value = '';
      show(box, []);
    }
  }
}

// activate marks the option the keys are on, which the field points at.
function activate(box, i) {
  box.state.active = i;
  box.listbox.querySelectorAll('[role=option]').forEach((li, j) => {
    li.setAttribute('aria-selected', String(i === j));
    li.classList.toggle('is-active', i === j);
    if (i === j) {
      box.input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    }
  });
  if (i < 0) {
    box.input.removeAttribute('aria-activedescendant');
  }
}

// pick chooses a place: the field shows its name, and the list closes.
function pick(box, i) {
  const place = box.state.places[i];
  if (!place) {
    return;
  }
  box.input.value = place.label;
  close(box);
  box.status.textContent = '';
  box.choose(place);
}
