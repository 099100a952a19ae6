import { normaliseText } from './normalise';

/** One option offered to the person, with every way they may name it. */
export interface ChoiceCandidate {
  value: string;
  label: string;
  synonyms: readonly string[];
}

export interface ChoiceMatch {
  value: string;
  index: number;
  /** How it was recognised: the option's number, its label or synonym, or a label found inside a longer sentence. */
  by: 'number' | 'exact' | 'contained';
}

/** Labels and synonyms come from the bot's texts (a few thousand): each is normalised once. */
const MAX_TERMS = 20_000;
const normalisedTerms = new Map<string, string>();

function normalisedTerm(term: string): string {
  let normalised = normalisedTerms.get(term);
  if (normalised === undefined) {
    normalised = normaliseText(term);
    if (normalisedTerms.size < MAX_TERMS) normalisedTerms.set(term, normalised);
  }
  return normalised;
}

function containsPhrase(haystack: string, phrase: string): boolean {
  if (phrase.length === 0) return false;
  const index = haystack.indexOf(phrase);
  if (index < 0) return false;
  // Scripts without spaces between words are rare among our languages; require word edges so "no" does not match "not".
  const before = index === 0 ? ' ' : haystack[index - 1];
  const after = index + phrase.length >= haystack.length ? ' ' : haystack[index + phrase.length];
  return before === ' ' && after === ' ';
}

/**
 * Recognises which option a reply names: its number (any digits), its label or a synonym, or a label inside a
 * sentence when exactly one option fits. Returns undefined rather than guess between two.
 */
export function matchChoice(reply: string, candidates: readonly ChoiceCandidate[]): ChoiceMatch | undefined {
  const text = normaliseText(reply);
  if (text === '') return undefined;
  const asNumber = /^(\d{1,3})\.?$/.exec(text);
  if (asNumber?.[1] !== undefined) {
    const index = Number(asNumber[1]) - 1;
    const candidate = candidates[index];
    return candidate ? { value: candidate.value, index, by: 'number' } : undefined;
  }
  const terms = candidates.map((c) => [c.label, c.value, ...c.synonyms].map(normalisedTerm).filter((term) => term.length > 0));

  const exact = terms.findIndex((own) => own.includes(text));
  if (exact >= 0) return { value: candidates[exact]!.value, index: exact, by: 'exact' };

  let best: { index: number; length: number } | undefined;
  let tie = false;
  candidates.forEach((_candidate, index) => {
    for (const term of terms[index]!) {
      // Very short words (language codes such as "it") count only as the whole reply, never inside a sentence.
      if (term.length < 3 || !containsPhrase(text, term)) continue;
      if (!best || term.length > best.length) {
        tie = best !== undefined && best.index !== index && best.length === term.length;
        best = { index, length: term.length };
      } else if (term.length === best.length && best.index !== index) {
        tie = true;
      }
    }
  });
  if (!best || tie) return undefined;
  return { value: candidates[best.index]!.value, index: best.index, by: 'contained' };
}
