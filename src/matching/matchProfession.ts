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
  const query = prepareQuery(text, prepared);
  if (query.tokens.length === 0) return [];

  const matches: ProfessionMatch[] = [];
  for (const { profession, names } of prepared.professions) {
    let best: ProfessionMatch | undefined;
    for (const name of names) {
      // A name that shares no trigram and no word with the text scores 0: no need to score it when 0 is not kept.
      if (minScore > 0 && !sharesAnything(query, name)) continue;
      const language = name.language;
      const weight = language === lng ? OWN_LANGUAGE_WEIGHT : language === 'en' ? ENGLISH_WEIGHT : OTHER_LANGUAGE_WEIGHT;
      const score = weight * nameSimilarity(query, name);
      if (best === undefined || score > best.score) {
        best = { profession, score, matchedName: name.name, matchedLanguage: language };
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

interface PreparedName {
  /** Position in {@link PreparedCatalog.names}. */
  index: number;
  language: string;
  name: string;
  words: Prepared;
  /** For each word of the name, its position in the catalogue's vocabulary. */
  vocabularyIds: number[];
}

interface PreparedQuery extends Prepared {
  /**
   * For each typed word, how much it looks like any word of any occupation's name (0…1). Words that name no job
   * ("I", "was", "diploma", "Syria") then hardly count when measuring how much of the text a name explains.
   */
  relevance: number[];
  /**
   * The similarity of every vocabulary word to every typed word, computed once per query: the row of vocabulary word
   * `v` is `similarity[v * tokens.length … (v + 1) * tokens.length)`.
   */
  similarity: Float64Array;
  /** For each vocabulary word, its best similarity to any typed word. */
  bestOfWord: Float64Array;
  /** For each name, how many trigrams it shares with the query (counted as the Dice coefficient counts them). */
  sharedTrigrams: Int32Array;
}

interface PreparedCatalog {
  professions: Array<{ profession: Profession; names: PreparedName[] }>;
  names: PreparedName[];
  /** Every distinct word of every name. */
  vocabulary: string[];
  /** The positions of the vocabulary's words longer than {@link MAX_EXACT_LENGTH} letters. */
  longWords: number[];
  /** The vocabulary's positions by the word without its Arabic article (the word itself when it has none). */
  byBareWord: Map<string, number[]>;
  /** For each trigram, the names that have it and how often. */
  trigramPostings: Map<string, Array<{ name: number; count: number }>>;
}

const preparedCache = new WeakMap<readonly Profession[], PreparedCatalog>();

/**
 * The catalogue's names folded and split once per catalogue (the catalogue is read once and never changes), with an
 * index of their trigrams, so a query only touches the names it shares trigrams with.
 */
function preparedNames(professions: readonly Profession[]): PreparedCatalog {
  const cached = preparedCache.get(professions);
  if (cached !== undefined) return cached;
  const vocabularyIds = new Map<string, number>();
  const names: PreparedName[] = [];
  const trigramPostings = new Map<string, Array<{ name: number; count: number }>>();
  const prepared: PreparedCatalog = {
    professions: professions.map((profession) => ({
      profession,
      names: Object.entries(profession.names).flatMap(([language, list]) =>
        (list ?? []).map((name) => {
          const words = prepare(name);
          const ids = words.tokens.map((token) => {
            let id = vocabularyIds.get(token);
            if (id === undefined) {
              id = vocabularyIds.size;
              vocabularyIds.set(token, id);
            }
            return id;
          });
          const entry: PreparedName = { index: names.length, language, name, words, vocabularyIds: ids };
          names.push(entry);
          for (const [gram, count] of words.trigrams) {
            let postings = trigramPostings.get(gram);
            if (postings === undefined) trigramPostings.set(gram, (postings = []));
            postings.push({ name: entry.index, count });
          }
          return entry;
        }),
      ),
    })),
    names,
    vocabulary: [...vocabularyIds.keys()],
    longWords: [],
    byBareWord: new Map(),
    trigramPostings,
  };
  prepared.vocabulary.forEach((word, id) => {
    if (word.length > MAX_EXACT_LENGTH) prepared.longWords.push(id);
    const bare = stripArabicArticle(word);
    let ids = prepared.byBareWord.get(bare);
    if (ids === undefined) prepared.byBareWord.set(bare, (ids = []));
    ids.push(id);
  });
  preparedCache.set(professions, prepared);
  return prepared;
}

function prepareQuery(text: string, catalog: PreparedCatalog): PreparedQuery {
  const prepared = prepare(text);
  const width = prepared.tokens.length;
  const relevance = prepared.tokens.map(() => 0);
  const similarity = new Float64Array(catalog.vocabulary.length * width);
  const bestOfWord = new Float64Array(catalog.vocabulary.length);
  for (let i = 0; i < width; i += 1) {
    const token = prepared.tokens[i]!;
    let best = 0;
    // A short word on either side only matches when it is the same word, maybe after the Arabic article
    // (see tokenSimilarity): those are looked up. Only pairs of two longer words are compared letter by letter.
    for (const v of catalog.byBareWord.get(stripArabicArticle(token)) ?? []) {
      similarity[v * width + i] = 1;
      bestOfWord[v] = 1;
      best = 1;
    }
    if (token.length > MAX_EXACT_LENGTH) {
      const { longWords, vocabulary } = catalog;
      for (let k = 0; k < longWords.length; k += 1) {
        const v = longWords[k]!;
        const value = tokenSimilarity(token, vocabulary[v]!);
        if (value === 0) continue;
        similarity[v * width + i] = value;
        if (value > best) best = value;
        if (value > bestOfWord[v]!) bestOfWord[v] = value;
      }
    }
    relevance[i] = best;
  }
  const sharedTrigrams = new Int32Array(catalog.names.length);
  for (const [gram, count] of prepared.trigrams) {
    for (const posting of catalog.trigramPostings.get(gram) ?? []) sharedTrigrams[posting.name]! += Math.min(count, posting.count);
  }
  return { ...prepared, relevance, similarity, bestOfWord, sharedTrigrams };
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

/**
 * Whether the name has a trigram or a word in common with the query. Without either, both parts of
 * {@link nameSimilarity} are 0: the Dice coefficient counts shared trigrams, and a word's similarity to every typed word
 * is 0 when its best one is.
 */
function sharesAnything(query: PreparedQuery, name: PreparedName): boolean {
  if (query.sharedTrigrams[name.index]! > 0) return true;
  for (const id of name.vocabularyIds) if (query.bestOfWord[id]! > 0) return true;
  return false;
}

function nameSimilarity(query: PreparedQuery, name: PreparedName): number {
  const tokens = name.words.tokens;
  if (tokens.length === 0) return 0;
  if (query.joined === name.words.joined) return 1;
  const width = query.tokens.length;
  const ids = name.vocabularyIds;
  // How much of the name is found among the typed words (each name word weighted by its length, so "de" counts little).
  let found = 0;
  let total = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const length = tokens[i]!.length;
    found += length * query.bestOfWord[ids[i]!]!;
    total += length;
  }
  const nameCoverage = total === 0 ? 0 : found / total;
  // How much of the typed text the name explains (each typed word weighted by its length and its relevance).
  let explained = 0;
  let typed = 0;
  for (let j = 0; j < width; j += 1) {
    const weight = query.tokens[j]!.length * query.relevance[j]!;
    let best = 0;
    for (let i = 0; i < ids.length; i += 1) {
      const value = query.similarity[ids[i]! * width + j]!;
      if (value > best) best = value;
    }
    explained += weight * best;
    typed += weight;
  }
  const queryCoverage = typed === 0 ? 0 : explained / typed;
  const byWords = NAME_COVERAGE_WEIGHT * nameCoverage + (1 - NAME_COVERAGE_WEIGHT) * queryCoverage;
  return Math.max(byWords, 0.95 * trigramDice(query, name));
}

const ARABIC_ARTICLE = '\u0627\u0644';
/** Words this short (GP, vet, OSS, "de") are compared exactly: one typo in three letters is another word. */
const MAX_EXACT_LENGTH = 3;
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
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (short.length <= MAX_EXACT_LENGTH) return 0;
  // Words whose lengths differ this much cannot be one typo apart: skip the costly distance. Otherwise the distance is
  // only worked out as far as it can still count (see MIN_TYPO_SIMILARITY).
  let bySpelling = 0;
  if (short.length >= MIN_TYPO_SIMILARITY * long.length && 1 - missingLetters(a, b) / long.length >= MIN_TYPO_SIMILARITY) {
    const distance = editDistance(a, b, Math.floor((1 - MIN_TYPO_SIMILARITY) * long.length) + 1);
    const spelling = 1 - distance / long.length;
    // Below this, two words share letters by chance ("مهندس"/"مدنی"), not by a typo.
    if (spelling >= MIN_TYPO_SIMILARITY) bySpelling = spelling;
  }
  // The same stem with another ending: "nursing"/"nurse", "enfermagem"/"enfermeira", "engineering"/"engineer".
  const prefix = commonPrefixLength(a, b);
  const sameStem = (prefix >= 4 && prefix >= 0.8 * short.length) || (prefix >= 6 && prefix >= 0.6 * short.length);
  const byStem = sameStem ? 0.6 + (0.4 * prefix) / long.length : 0;
  // A part of a compound word: "insinööri" in "rakennusinsinööri", "hoitaja" in "sairaanhoitaja".
  const byPart = long.includes(short) ? 0.6 + (0.4 * short.length) / long.length : 0;
  return Math.max(bySpelling, byStem, byPart, 0);
}

/**
 * A lower bound of the edit distance, cheap enough to skip the distance for most pairs of words: each letter of one word
 * that the other lacks takes an edit of its own. Letters are folded into 32 bits, so two letters may count as one (the
 * bound only gets lower, never wrong).
 */
function missingLetters(a: string, b: string): number {
  const inA = letterBits(a);
  const inB = letterBits(b);
  return Math.max(bitCount(inA & ~inB), bitCount(inB & ~inA));
}

function letterBits(word: string): number {
  let bits = 0;
  for (let i = 0; i < word.length; i += 1) bits |= 1 << (word.charCodeAt(i) & 31);
  return bits;
}

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits >>> 0; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a[i] === b[i]) i += 1;
  return i;
}

let rows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbouring letters.
 * With `atMost`, the work stops as soon as the distance is known to exceed it, and some number above `atMost` is
 * returned instead of the exact distance.
 */
export function editDistance(a: string, b: string, atMost = Number.POSITIVE_INFINITY): number {
  // UTF-16 units: every script the bot speaks is in the Basic Multilingual Plane.
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  if (Math.abs(n - m) > atMost) return Math.abs(n - m);
  if (rows[0]!.length < m + 1) rows = [0, 1, 2].map(() => new Int32Array(2 * (m + 1)));
  let [beforePrevious, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= m; j += 1) previous[j] = j;
  let previousLowest = 0;
  for (let i = 1; i <= n; i += 1) {
    current[0] = i;
    let lowest = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j += 1) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current[j] = value;
      if (value < lowest) lowest = value;
    }
    // Every later cell comes from this row or the one before it, plus something: past the limit, it stays past.
    if (lowest > atMost && previousLowest > atMost) return lowest;
    previousLowest = lowest;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[m]!;
}

/** Dice coefficient of the character trigrams of the query and a name (padded, so short words still have trigrams). */
function trigramDice(query: PreparedQuery, name: PreparedName): number {
  if (query.trigramCount === 0 || name.words.trigramCount === 0) return 0;
  return (2 * query.sharedTrigrams[name.index]!) / (query.trigramCount + name.words.trigramCount);
}

function trigrams(word: string): string[] {
  const chars = [' ', ...word, ' '];
  const grams: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i += 1) grams.push(chars.slice(i, i + 3).join(''));
  return grams;
}
