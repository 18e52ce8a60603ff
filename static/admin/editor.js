// partnermap's draft page (serve --edit) lists the data file's problems,
// each a link to the text area that holds the file, carrying its line and
// column (data-line, data-column). Without the script a link leads to the
// text area; with it, the caret goes to the problem's place in it, by a
// click or by Enter alike.
import { placeCaret } from './caret.js';

document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[data-line][data-column]');
  const area = link && document.getElementById(link.hash.slice(1));
  if (!area || area.tagName !== 'TEXTAREA' || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  placeCaret(area, Number(link.dataset.line), Number(link.dataset.column));
});
