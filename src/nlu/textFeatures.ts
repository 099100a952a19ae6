import { conceptsIn } from './concepts';
import { foldText, tokenize } from './foldText';

export interface FeatureOptions {
  /** Shortest and longest character n-gram, taken inside each word padded with its boundaries. */
  minGram: number;
  maxGram: number;
  /** Weight of a whole word and of a pair of neighbouring words, against 1 for an n-gram. */
  wordWeight: number;
  bigramWeight: number;
  /** Weight of a concept the text mentions (concepts.ts); 0 leaves concepts out. */
  conceptWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  minGram: 2,
  maxGram: 5,
  wordWeight: 2,
  bigramWeight: 1.5,
  conceptWeight: 2,
};

/** Longer words give more n-grams than short ones; past this many letters a word adds no new n-grams. */
const MAX_WORD_LENGTH = 24;

/**
 * The features of an utterance, with their weights, L2-normalised so that long and short messages weigh the same:
 * - the character n-grams of each word between boundary marks ("[nurs", "ing]"), which survive typos, missing
 *   accents, inflection and compounds ("Helsingissä", "sairaanhoitaja");
 * - the words ("w:diploma") and pairs of neighbouring words ("b:talk_to"), which keep the word order that
 *   n-grams inside words lose ("talk to a person" against "a person to talk");
 * - the concepts the text mentions ("c:languageName", see concepts.ts), which carry over to words no example has.
 * Word features weigh more than single n-grams: one word gives many n-grams.
 */
export function extractFeatures(text: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Map<string, number> {
  const tokens = tokenize(foldText(text));
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + weight);
  };
  tokens.forEach((token, index) => {
    add(`w:${token}`, options.wordWeight);
    const next = tokens[index + 1];
    if (next !== undefined) add(`b:${token}_${next}`, options.bigramWeight);
    const chars = ['[', ...[...token].slice(0, MAX_WORD_LENGTH), ']'];
    for (let n = options.minGram; n <= options.maxGram; n += 1) {
      for (let start = 0; start + n <= chars.length; start += 1) add(chars.slice(start, start + n).join(''), 1);
    }
  });
  if (tokens.length === 0) return counts;
  if (options.conceptWeight > 0) for (const concept of conceptsIn(text)) add(`c:${concept}`, options.conceptWeight);
  // A single word is worth knowing about: "help", "menu", "hi" mean more on their own than inside a sentence.
  if (tokens.length === 1) add('len:1', 1);
  else if (tokens.length <= 3) add('len:2-3', 1);
  else add('len:4+', 1);

  let norm = 0;
  for (const [feature, count] of counts) {
    const value = Math.sqrt(count);
    counts.set(feature, value);
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  for (const [feature, value] of counts) counts.set(feature, value / norm);
  return counts;
}
