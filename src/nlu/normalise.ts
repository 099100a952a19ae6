const EASTERN_ARABIC_ZERO = 0x0660;
const PERSIAN_ZERO = 0x06f0;

/** Turns Eastern Arabic (١٢٣) and Persian (۱۲۳) digits into ASCII digits. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    const zero = code >= PERSIAN_ZERO ? PERSIAN_ZERO : EASTERN_ARABIC_ZERO;
    return String(code - zero);
  });
}

/**
 * Folds what people type on phones into one comparable form: case, Latin accents ("portugues" = "Português"),
 * Arabic vowel marks and tatweel, Arabic/Persian letter variants (ي/ی, ك/ک), digits, and surrounding punctuation.
 */
export function normaliseText(text: string): string {
  // A turn folds the person's message once for each thing it checks (commands, choices, NLU, safeguarding, privacy).
  if (text === last.text) return last.folded;
  last.folded = fold(text);
  last.text = text;
  return last.folded;
}

const last = { text: '', folded: '' };

function fold(text: string): string {
  return toAsciiDigits(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/\u064a/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\u200c\u200f\u200e]+/g, ' ')
    .replace(/^[\s.,!?;:¿¡،؟"'()«»]+|[\s.,!?;:¿¡،؟"'()«»]+$/g, '')
    .trim();
}
