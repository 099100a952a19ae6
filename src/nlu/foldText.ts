import { normaliseText } from './normalise';

/**
 * normaliseText, plus what it leaves apart but people mix up on phones: Arabic hamza seats (أ/إ/آ → ا, ؤ → و,
 * ئ → ی), ta marbuta (ة → ه), alef maqsura (ى → ی), heh with yeh (ۀ → ه). Punctuation, apostrophes and emoji become
 * spaces ("j'ai" → "j ai").
 */
export function foldText(text: string): string {
  return normaliseText(text)
    .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u06cc')
    .replace(/\u0624/g, '\u0648')
    .replace(/\u0626/g, '\u06cc')
    .replace(/\u06c0/g, '\u0647')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/** The words of a folded text. */
export function tokenize(folded: string): string[] {
  return folded.split(' ').filter((token) => token.length > 0);
}
