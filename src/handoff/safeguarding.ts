import { LANGUAGE_CODES, type LanguageCode } from '../content/common';
import { normaliseText } from '../nlu/normalise';
import { SAFEGUARDING_CATEGORIES, SAFEGUARDING_PHRASES, type SafeguardingCategory } from './safeguardingPhrases';

export { SAFEGUARDING_CATEGORIES, type SafeguardingCategory };

export interface SafeguardingHit {
  category: SafeguardingCategory;
  /** The language whose phrase matched (people often write in another language than the one they chose). */
  language: LanguageCode;
  phrase: string;
}

/**
 * Folds a message for phrase matching: normaliseText (case, accents, Arabic/Persian letter variants, digits), then
 * alef maqsura and ta marbuta, apostrophes and punctuation as spaces, and Persian "می"/"نمی" joined to their verb
 * (people type them with a space, a half-space or neither).
 */
export function foldForMatching(text: string): string {
  return normaliseText(text)
    .replace(/\u0649/g, '\u06cc')
    .replace(/\u0629/g, '\u0647')
    .replace(/[\u1361-\u1368\u02bc\u02b9\u2019]/g, ' ')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .replace(/(^| )(ن?می) (?=\S)/g, '$1$2')
    .trim();
}

interface CompiledPhrase {
  category: SafeguardingCategory;
  language: LanguageCode;
  phrase: string;
  folded: string;
  /** Its place in the list: among phrases of equal preference, the first listed wins. */
  rank: number;
}

const COMPILED: readonly CompiledPhrase[] = LANGUAGE_CODES.flatMap((language) =>
  SAFEGUARDING_CATEGORIES.flatMap((category) =>
    SAFEGUARDING_PHRASES[language][category].map((phrase) => ({ category, language, phrase, folded: foldForMatching(phrase) })),
  ),
)
  .filter((p) => p.folded.length > 0)
  .map((p, rank) => ({ ...p, rank }));

/** How many first characters index a phrase (shorter phrases are indexed by all of theirs). */
const INDEX_CHARS = 3;

/** The phrases by their first characters: a message is compared only with the phrases its words start like. */
const BY_START = new Map<string, CompiledPhrase[]>();
for (const phrase of COMPILED) {
  const key = phrase.folded.slice(0, INDEX_CHARS);
  const bucket = BY_START.get(key);
  if (bucket) bucket.push(phrase);
  else BY_START.set(key, [phrase]);
}

/**
 * Looks for words that say a person may be in danger (self-harm, violence, trafficking, a withheld passport,
 * exploitation, a child alone). A phrase matches where a word of the message starts with it. Checks the person's
 * language first, then English, then every other language: the first message often comes before the person has chosen
 * a language.
 */
export function detectSafeguarding(text: string, lng: string): SafeguardingHit | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const folded = foldForMatching(text.slice(0, 4000));
  const order = (language: LanguageCode): number => (language === lng ? 0 : language === 'en' ? 1 : 2);
  let best: CompiledPhrase | undefined;
  let bestOrder = 3;
  for (let start = 0; start < folded.length; start = folded.indexOf(' ', start) + 1) {
    for (let length = 1; length <= INDEX_CHARS && start + length <= folded.length; length++) {
      const bucket = BY_START.get(folded.slice(start, start + length));
      if (!bucket) continue;
      for (const candidate of bucket) {
        const candidateOrder = order(candidate.language);
        if (candidateOrder > bestOrder || (candidateOrder === bestOrder && best !== undefined && candidate.rank > best.rank)) continue;
        if (folded.startsWith(candidate.folded, start)) {
          best = candidate;
          bestOrder = candidateOrder;
        }
      }
    }
    if (folded.indexOf(' ', start) < 0) break;
  }
  return best ? { category: best.category, language: best.language, phrase: best.phrase } : undefined;
}
