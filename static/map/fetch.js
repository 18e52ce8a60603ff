// What the scripts fetch from the site: pieces of pages the server
// rendered, which they put in place as they are, and JSON documents (the
// basemap, the builder's oEmbed files). An answer other than a success is
// an error.

function fetchOK(url, init) {
  return fetch(url, init).then((response) => {
    if (!response.ok) {
      throw new Error(url + ': ' + response.status);
    }
    return response;
  });
}

// fetchFragment resolves to the first element of the fragment at url,
// made part of this document; an empty fragment is an error too.
export function fetchFragment(url) {
  return fetchOK(url, { headers: { Accept: 'text/html' } })
    .then((response) => response.text())
    .then((text) => document.adoptNode(new DOMParser().parseFromString(text, 'text/html').body.firstElementChild));
}

// fetchJSON resolves to the JSON document at url.
export const fetchJSON = (url) => fetchOK(url).then((response) => response.json());
