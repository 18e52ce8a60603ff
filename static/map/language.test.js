import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offeredLanguage } from './language.js';

const suggestions = { en: '/fragments/suggestion.html', de: '/de/fragments/suggestion.html', it: '/it/fragments/suggestion.html' };

test('the first of the browser\'s languages the site has is offered, unless the page is in one before it', () => {
  for (const [preferred, lang, want] of [
    [['de-DE', 'en'], 'en', 'de'],
    [['de'], 'it', 'de'],
    [['ja', 'IT-ch', 'de'], 'en', 'it'],
    [['en-GB', 'de'], 'en', null],
    [['ja', 'en', 'de'], 'en', null],
    [['it'], 'it', null],
    [['ja', 'ko'], 'en', null],
    [[''], 'en', null],
    [[], 'en', null],
  ]) {
    assert.equal(offeredLanguage(preferred, lang, suggestions), want, `${preferred} on a page in ${lang}`);
  }
});
