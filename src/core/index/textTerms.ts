/**
 * How text becomes terms, shared by the lexical embedder, the full-text query builder and the
 * entity matcher so that all three agree on what a "word" is.
 */

/** Words that carry no topic: dropped from queries and from the lexical embedding. */
export const STOPWORDS = new Set(
  ('a about after again all also am an and any are as at be been before being between both but by can could ' +
    'did do does doing done for from had has have having he her here hers him his how i if in into is it its ' +
    'just last me more most my no nor not now of off on once only or other our out over own same she should so ' +
    'some such than that the their them then there these they this those through to too under until up very was ' +
    'we were what when where which while who whom why will with would you your yours happened work worked working ' +
    'thing things stuff ago since during').split(' '),
);

const WORD = /[\p{L}\p{N}_]+/gu;

/** Lower-cased words (letters, digits, underscore), in order, stopwords included. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Words that carry meaning: stopwords and single characters removed. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !STOPWORDS.has(w));
}
