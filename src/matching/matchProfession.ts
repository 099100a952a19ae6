import type { Profession, RecognitionCatalog } from '../content/recognitionSchema';
import { normaliseText } from '../nlu/normalise';

/**
 * Finds the occupation a person names in free text ("enfermeira", "ممرضة", "nurce", "I was a civil engineer").
 * Pure and deterministic: no I/O, the same catalogue and text give the same ranking.
 *
 * Every name and synonym of every occupation, in every language, is compared with the text:
 * - word by word: each word of the name is looked for among the words typed (exact, a typo within the edit
 *   distance, the same stem such as "nursing"/"nurse", or a part of a compound such as "insinööri" in
 *   "rakennusinsinööri"). Mostly how much of the name was found, a little how much of the text was explained;
 * - as a whole, by character trigrams, for words typed together or apart ("lab technician" / "labtechnician").
 * Names in the person's language weigh a little more than English, and English a little more than the others, so
 * a word that names different jobs in two languages ("professor") ranks the person's own language first.
 */

export interface ProfessionMatch {
  profession: Profession;
  /** 0…1: 1 is a name typed exactly, in the person's language. */
  score: number;
  /** The name or synonym that matched best, as the catalogue spells it. */
  matchedName: string;
  /** The language of that name. */
  matchedLanguage: string;
}

export interface MatchProfessionOptions {
  /** How many candidates to return at most (default 10). */
  limit?: number;
  /** Candidates scoring below this are left out (default 0.3). */
  minScore?: number;
}

/** A single match is used without asking when it scores at least this… */
export const CONFIDENT_SCORE = 0.78;
/** …and leads the next occupation by at least this much. */
export const CONFIDENT_MARGIN = 0.1;

const OWN_LANGUAGE_WEIGHT = 1;
const ENGLISH_WEIGHT = 0.98;
const OTHER_LANGUAGE_WEIGHT = 0.96;

/** How much of the name must be found (the rest of the score: how much of the typed text the name explains). */
const NAME_COVERAGE_WEIGHT = 0.75;

/** Ranks the catalogue's occupations by how well they match what the person typed, best first. */
export function matchProfession(
  catalog: Pick<RecognitionCatalog, 'professions'>,
  text: string,
  lng: string,
  options: MatchProfessionOptions = {},
): ProfessionMatch[] {
  const limit = options.limit ?? 10;
  const minScore = options.minScore ?? 0.3;
  const prepared = preparedNames(catalog.professions);
  const query = prepareQuery(text, prepared.vocabulary);
  if (query.tokens.length === 0) return [];

  const matches: ProfessionMatch[] = [];
  for (const { profession, names } of prepared.professions) {
    let best: ProfessionMatch | undefined;
    for (const { language, name, words } of names) {
      const weight = language === lng ? OWN_LANGUAGE_WEIGHT : language === 'en' ? ENGLISH_WEIGHT : OTHER_LANGUAGE_WEIGHT;
      const score = weight * nameSimilarity(query, words);
      if (best === undefined || score > best.score) {
        best = { profession, score, matchedName: name, matchedLanguage: language };
      }
    }
    if (best !== undefined && best.score >= minScore) matches.push(best);
  }
  matches.sort((a, b) => b.score - a.score || a.profession.id.localeCompare(b.profession.id));
  return matches.slice(0, limit);
}

/** The match to use without asking, or undefined when the person should choose among the candidates. */
export function confidentMatch(matches: readonly ProfessionMatch[]): ProfessionMatch | undefined {
  const [first, second] = matches;
  if (first === undefined || first.score < CONFIDENT_SCORE) return undefined;
  if (second !== undefined && first.score - second.score < CONFIDENT_MARGIN) return undefined;
  return first;
}

interface Prepared {
  tokens: string[];
  /** The folded text without spaces, for the trigram comparison. */
  joined: string;
  /** Its character trigrams, counted. */
  trigrams: Map<string, number>;
  trigramCount: number;
}

interface PreparedQuery extends Prepared {
  /**
   * For each typed word, how much it looks like any word of any occupation's name (0…1). Words that name no job
   * ("I", "was", "diploma", "Syria") then hardly count when measuring how much of the text a name explains.
   */
  relevance: number[];
  /** For each word of the catalogue's names, its similarity to each typed word (computed once per query). */
  similarity: Map<string, number[]>;
}

interface PreparedCatalog {
  professions: Array<{ profession: Profession; names: Array<{ language: string; name: string; words: Prepared }> }>;
  /** Every distinct word of every name. */
  vocabulary: string[];
}

const preparedCache = new WeakMap<readonly Profession[], PreparedCatalog>();

/** The catalogue's names folded and split once per catalogue (the catalogue is read once and never changes). */
function preparedNames(professions: readonly Profession[]): PreparedCatalog {
  const cached = preparedCache.get(professions);
  if (cached !== undefined) return cached;
  const vocabulary = new Set<string>();
  const prepared: PreparedCatalog = {
    professions: professions.map((profession) => ({
      profession,
      names: Object.entries(profession.names).flatMap(([language, names]) =>
        (names ?? []).map((name) => {
          const words = prepare(name);
          for (const token of words.tokens) vocabulary.add(token);
          return { language, name, words };
        }),
      ),
    })),
    vocabulary: [...vocabulary],
  };
  preparedCache.set(professions, prepared);
  return prepared;
}

function prepareQuery(text: string, vocabulary: readonly string[]): PreparedQuery {
  const prepared = prepare(text);
  const relevance = prepared.tokens.map(() => 0);
  const similarity = new Map<string, number[]>();
  for (const word of vocabulary) {
    const row = prepared.tokens.map((token, i) => {
      const value = tokenSimilarity(token, word);
      if (value > (relevance[i] ?? 0)) relevance[i] = value;
      return value;
    });
    similarity.set(word, row);
  }
  return { ...prepared, relevance, similarity };
}

/**
 * normaliseText, plus the Arabic spellings people mix up on phones (أ/إ/آ → ا, ة → ه, ى → ی, ؤ → و, ئ → ی), and
 * word splitting on hyphens, apostrophes and slashes ("sage-femme", "educatore per l’infanzia").
 */
function prepare(text: string): Prepared {
  const folded = normaliseText(text)
    .replace(/[\u0623\u0625\u0622]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u06cc')
    .replace(/\u0624/g, '\u0648')
    .replace(/\u0626/g, '\u06cc');
  const tokens = folded.split(/[\s\-\u2010\u2011'’`/.,;:!?()«»"،؟]+/u).filter((token) => token.length > 0);
  const joined = tokens.join('');
  const grams = joined.length === 0 ? [] : trigrams(joined);
  const counted = new Map<string, number>();
  for (const gram of grams) counted.set(gram, (counted.get(gram) ?? 0) + 1);
  return { tokens, joined, trigrams: counted, trigramCount: grams.length };
}

function nameSimilarity(query: PreparedQuery, name: Prepared): number {
  if (name.tokens.length === 0) return 0;
  if (query.joined === name.joined) return 1;
  const rows = name.tokens.map((token) => query.similarity.get(token) ?? query.tokens.map((q) => tokenSimilarity(q, token)));
  // How much of the name is found among the typed words (each name word weighted by its length, so "de" counts little).
  let found = 0;
  let total = 0;
  name.tokens.forEach((token, i) => {
    found += token.length * Math.max(0, ...(rows[i] ?? []));
    total += token.length;
  });
  const nameCoverage = total === 0 ? 0 : found / total;
  // How much of the typed text the name explains (each typed word weighted by its length and its relevance).
  let explained = 0;
  let typed = 0;
  query.tokens.forEach((token, j) => {
    const weight = token.length * (query.relevance[j] ?? 0);
    explained += weight * Math.max(0, ...rows.map((row) => row[j] ?? 0));
    typed += weight;
  });
  const queryCoverage = typed === 0 ? 0 : explained / typed;
  const byWords = NAME_COVERAGE_WEIGHT * nameCoverage + (1 - NAME_COVERAGE_WEIGHT) * queryCoverage;
  return Math.max(byWords, 0.95 * trigramDice(query, name));
}

const ARABIC_ARTICLE = '\u0627\u0644';
const MIN_TYPO_SIMILARITY = 0.65;

function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  // "الممرضة" is "the nurse": compare without the article too.
  const strippedA = stripArabicArticle(a);
  const strippedB = stripArabicArticle(b);
  if (strippedA !== a || strippedB !== b) {
    if (strippedA === strippedB) return 1;
    return Math.max(rawTokenSimilarity(a, b), rawTokenSimilarity(strippedA, strippedB));
  }
  return rawTokenSimilarity(a, b);
}

function stripArabicArticle(token: string): string {
  return token.startsWith(ARABIC_ARTICLE) && token.length > 4 ? token.slice(ARABIC_ARTICLE.length) : token;
}

function rawTokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // Short words (GP, vet, OSS, "de") are compared exactly: one typo in three letters is another word.
  if (short.length <= 3) return 0;
  // Words whose lengths differ this much cannot be one typo apart: skip the costly distance.
  const spelling = short.length < MIN_TYPO_SIMILARITY * long.length ? 0 : 1 - editDistance(a, b) / long.length;
  // Below this, two words share letters by chance ("مهندس"/"مدنی"), not by a typo.
  const bySpelling = spelling >= MIN_TYPO_SIMILARITY ? spelling : 0;
  // The same stem with another ending: "nursing"/"nurse", "enfermagem"/"enfermeira", "engineering"/"engineer".
  const prefix = commonPrefixLength(a, b);
  const sameStem = (prefix >= 4 && prefix >= 0.8 * short.length) || (prefix >= 6 && prefix >= 0.6 * short.length);
  const byStem = sameStem ? 0.6 + (0.4 * prefix) / long.length : 0;
  // A part of a compound word: "insinööri" in "rakennusinsinööri", "hoitaja" in "sairaanhoitaja".
  const byPart = short.length >= 4 && long.includes(short) ? 0.6 + (0.4 * short.length) / long.length : 0;
  return Math.max(bySpelling, byStem, byPart, 0);
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a[i] === b[i]) i += 1;
  return i;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbouring letters. */
export function editDistance(a: string, b: string): number {
  // UTF-16 units: every script the bot speaks is in the Basic Multilingual Plane.
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let beforePrevious = new Int32Array(m + 1);
  let previous = new Int32Array(m + 1);
  let current = new Int32Array(m + 1);
  for (let j = 0; j <= m; j += 1) previous[j] = j;
  for (let i = 1; i <= n; i += 1) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j += 1) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current[j] = value;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[m]!;
}

/** Dice coefficient of the character trigrams of two texts (padded, so short words still have trigrams). */
function trigramDice(a: Prepared, b: Prepared): number {
  if (a.trigramCount === 0 || b.trigramCount === 0) return 0;
  let shared = 0;
  for (const [gram, count] of a.trigrams) shared += Math.min(count, b.trigrams.get(gram) ?? 0);
  return (2 * shared) / (a.trigramCount + b.trigramCount);
}

function trigrams(word: string): string[] {
  const chars = [' ', ...word, ' '];
  const grams: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i += 1) grams.push(chars.slice(i, i + 3).join(''));
  return grams;
}
