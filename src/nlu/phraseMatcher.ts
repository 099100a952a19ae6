import { foldText, tokenize } from './foldText';

export interface PhraseEntry<V> {
  value: V;
  phrases: readonly string[];
}

export interface PhraseHit<V> {
  value: V;
  /** Index of the first word matched. */
  start: number;
  /** Number of words matched. */
  length: number;
}

interface CompiledWord {
  text: string;
  prefix: boolean;
}

interface CompiledPhrase<V> {
  value: V;
  words: CompiledWord[];
}

const ARABIC_PREFIXES = ['وبال', 'فبال', 'وال', 'بال', 'فال', 'لل', 'ال', 'و', 'ب', 'ف', 'ل'];
const GEEZ_PREFIXES = ['ኣብ', 'ካብ', 'ናብ', 'ብ', 'ን'];
const FUZZY_MIN_LENGTH = 7;

/**
 * Finds known phrases among the words of a text: place names, levels, times of day. A phrase is a few words; a word
 * ending in `*` matches any word it begins ("вечор*" = вечорами, вечорі), which is how inflected forms are found
 * (Finnish "Helsingissä", Ukrainian "у Лісабоні"). Whole words of seven letters or more also match with one typo
 * ("birmingam").
 * Arabic and Tigrinya words carry prepositions and the article ("بلشبونة" = in Lisbon, "ብሊዝበን"): they are tried
 * with and without them.
 */
export class PhraseMatcher<V> {
  private readonly phrases: CompiledPhrase<V>[];

  constructor(entries: readonly PhraseEntry<V>[]) {
    this.phrases = entries
      .flatMap(({ value, phrases }) => phrases.map((phrase) => ({ value, words: compile(phrase) })))
      .filter((phrase) => phrase.words.length > 0);
    // Longer phrases first: "after noon" before "noon", "iltapäivä*" before "ilta*".
    this.phrases.sort((a, b) => b.words.length - a.words.length || totalLength(b) - totalLength(a));
  }

  /** Every phrase found, in text order; overlapping hits keep the longest phrase. */
  findAll(text: string): PhraseHit<V>[] {
    const tokens = tokenize(foldText(text)).map(variants);
    // Only the phrases whose first word starts like one of the words are tried (a typo in a first letter is missed).
    const letters = new Set<string>();
    for (const forms of tokens) for (const form of forms) letters.add(form[0]!);
    const taken = new Array<boolean>(tokens.length).fill(false);
    const hits: PhraseHit<V>[] = [];
    for (const phrase of this.phrases) {
      if (!letters.has(phrase.words[0]!.text[0]!)) continue;
      for (let start = 0; start + phrase.words.length <= tokens.length; start += 1) {
        let matches = true;
        for (let i = 0; i < phrase.words.length && matches; i += 1) {
          matches = !taken[start + i] && tokens[start + i]!.some((form) => wordMatches(form, phrase.words[i]!));
        }
        if (!matches) continue;
        for (let i = 0; i < phrase.words.length; i += 1) taken[start + i] = true;
        hits.push({ value: phrase.value, start, length: phrase.words.length });
      }
    }
    return hits.sort((a, b) => a.start - b.start);
  }

  /** The first phrase found in the text, or undefined. */
  findFirst(text: string): V | undefined {
    return this.findAll(text)[0]?.value;
  }
}

function compile(phrase: string): CompiledWord[] {
  return phrase
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .flatMap((word) => {
      const tokens = tokenize(foldText(word.replace(/\*$/, '')));
      return tokens.map((text, i) => ({ text, prefix: word.endsWith('*') && i === tokens.length - 1 }));
    });
}

function totalLength<V>(phrase: CompiledPhrase<V>): number {
  return phrase.words.reduce((sum, word) => sum + word.text.length, 0);
}

/** A word as typed, and without each preposition or article it may carry. */
function variants(token: string): string[] {
  const forms = [token];
  const prefixes = /[\u0600-\u06ff]/.test(token) ? ARABIC_PREFIXES : /[\u1200-\u137f]/.test(token) ? GEEZ_PREFIXES : [];
  for (const prefix of prefixes) {
    if (token.startsWith(prefix) && token.length - prefix.length >= 3) forms.push(token.slice(prefix.length));
  }
  return forms;
}

function wordMatches(form: string, word: CompiledWord): boolean {
  if (form === word.text) return true;
  // A stem matches exactly: with a typo allowed, "helsing*" would also take "helping".
  if (word.prefix) return form.startsWith(word.text);
  return word.text.length >= FUZZY_MIN_LENGTH && withinOneEdit(form, word.text);
}

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > 1) return false;
  let i = 0;
  while (i < s.length && i < t.length && s[i] === t[i]) i += 1;
  const rest = (x: string[], from: number): string => x.slice(from).join('');
  if (s.length === t.length) {
    if (rest(s, i + 1) === rest(t, i + 1)) return true;
    return s[i] === t[i + 1] && s[i + 1] === t[i] && rest(s, i + 2) === rest(t, i + 2);
  }
  return s.length > t.length ? rest(s, i + 1) === rest(t, i) : rest(s, i) === rest(t, i + 1);
}
