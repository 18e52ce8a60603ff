// The offer of the page in the visitor's own language: the first of the
// browser's languages that the site has, when that is not the page's. The
// offer is a fragment in that language, a file like any other, so that a
// static copy of the site makes it too. Nothing ever redirects, and a
// dismissed offer is not made again.
import { fetchFragment } from './fetch.js';

const dismissed = 'partnermap:language-dismissed';

// offeredLanguage is the language to offer a browser that prefers the
// languages preferred, in order, on a page in lang: the first the site
// has an offer in (suggestions, by tag), unless the page's own comes
// before it; or null.
export function offeredLanguage(preferred, lang, suggestions) {
  for (const language of preferred) {
    const tag = language.split('-')[0].toLowerCase();
    if (tag === lang) {
      return null;
    }
    if (suggestions[tag]) {
      return tag;
    }
  }
  return null;
}

// suggestLanguage puts the offer above the page's header, with a link to
// the page in the language from the language menu.
export function suggestLanguage(suggestions) {
  const header = document.querySelector('.site-header');
  const dismiss = (tag) => {
    try {
      localStorage.setItem(dismissed, tag);
    } catch (e) {
      // Without storage the offer is dismissed for this page only.
    }
  };
  // Choosing a language from the menu is an answer too.
  document.querySelectorAll('.languages a').forEach((a) => {
    a.addEventListener('click', () => dismiss(a.hreflang));
  });
  const preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
  const offered = offeredLanguage(preferred, document.documentElement.lang, suggestions);
  const version = offered && document.querySelector('.languages a[hreflang="' + CSS.escape(offered) + '"]');
  try {
    if (!header || !version || localStorage.getItem(dismissed)) {
      return;
    }
  } catch (e) {
    return;
  }
  fetchFragment(suggestions[offered])
    .then((offer) => {
      const link = offer.querySelector('a');
      link.href = version.href;
      link.dataset.cityPath = version.dataset.cityPath;
      link.dataset.homePath = version.dataset.homePath;
      offer.querySelector('button').addEventListener('click', () => {
        dismiss(offer.lang);
        offer.remove();
        header.querySelector('a').focus();
      });
      header.before(offer);
    })
    .catch(() => {});
}
