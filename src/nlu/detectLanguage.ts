import { normaliseText } from './normalise';

export interface LanguageGuess {
  lng: string;
  /** 0..1: how sure the guess is. Script-unique languages are near 1; Latin-script guesses depend on the margin. */
  confidence: number;
}

/** Frequent short words of the Latin-script languages the bot speaks; a few distinctive ones per language. */
const LATIN_MARKERS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'is', 'i', 'my', 'you', 'to', 'of', 'for', 'want', 'need', 'how', 'what', 'can', 'with', 'do', 'in', 'hello', 'work', 'job', 'please', 'am', 'looking', 'where'],
  pt: ['o', 'a', 'os', 'as', 'e', 'eu', 'um', 'uma', 'de', 'do', 'da', 'que', 'nao', 'para', 'com', 'preciso', 'quero', 'como', 'ola', 'obrigado', 'obrigada', 'trabalho', 'curso', 'sou', 'tenho', 'meu', 'minha', 'em', 'bom', 'dia'],
  it: ['il', 'lo', 'la', 'gli', 'le', 'e', 'un', 'una', 'di', 'che', 'non', 'per', 'con', 'sono', 'ho', 'voglio', 'come', 'ciao', 'buongiorno', 'grazie', 'lavoro', 'corso', 'mio', 'mia', 'della', 'del', 'cerco', 'vorrei'],
  fi: ['ja', 'on', 'en', 'ei', 'minä', 'mina', 'olen', 'haluan', 'tarvitsen', 'miten', 'mitä', 'mita', 'hei', 'moi', 'kiitos', 'työ', 'tyo', 'töitä', 'toita', 'kurssi', 'suomi', 'suomen', 'kieli', 'voiko', 'onko', 'minun', 'etsin'],
  fr: ['le', 'la', 'les', 'et', 'je', 'un', 'une', 'de', 'des', 'du', 'que', 'pas', 'pour', 'avec', 'suis', 'veux', 'besoin', 'comment', 'bonjour', 'merci', 'travail', 'cours', 'mon', 'ma', 'est', 'cherche', 'voudrais', 'j'],
  es: ['el', 'la', 'los', 'las', 'y', 'yo', 'un', 'una', 'de', 'del', 'que', 'no', 'para', 'con', 'soy', 'quiero', 'necesito', 'como', 'hola', 'gracias', 'trabajo', 'curso', 'mi', 'es', 'busco', 'tengo', 'buenos', 'dias'],
};

const ARABIC_ONLY = /[\u0629\u064a\u0643\u0623\u0625\u0624\u0626\u0649]/g; // ة ي ك أ إ ؤ ئ ى
const PERSIAN_ONLY = /[\u067e\u0686\u0698\u06af\u06a9\u06cc]/g; // پ چ ژ گ ک ی
const ARABIC_SCRIPT = /[\u0600-\u06ff]/g;
const UKRAINIAN_ONLY = /[іїєґ]/gi;
const RUSSIAN_ONLY = /[ыэъё]/gi;
const CYRILLIC = /[\u0400-\u04ff]/g;
const ETHIOPIC = /[\u1200-\u137f]/g;
const LATIN = /[a-zà-ÿ]/gi;

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/**
 * Guesses which of the bot's languages a message is written in, offline and deterministically: the script first
 * (Ge'ez → Tigrinya, Cyrillic → Ukrainian, Arabic script → Arabic or Farsi by their own letters), then frequent words
 * for Latin-script languages. Returns undefined when the text gives too little to go on (one short word, digits).
 */
export function detectLanguage(text: string): LanguageGuess | undefined {
  const raw = text.trim();
  if (raw.length < 3) return undefined;
  const letters = count(raw, LATIN) + count(raw, CYRILLIC) + count(raw, ARABIC_SCRIPT) + count(raw, ETHIOPIC);
  if (letters < 3) return undefined;

  if (count(raw, ETHIOPIC) / letters > 0.5) return { lng: 'ti', confidence: 0.95 };
  if (count(raw, CYRILLIC) / letters > 0.5) {
    // Russian-only letters mean a Russian speaker: Ukrainian is the closest the bot has, but it is not a sure guess.
    if (count(raw, RUSSIAN_ONLY) > 0 && count(raw, UKRAINIAN_ONLY) === 0) return { lng: 'uk', confidence: 0.5 };
    return { lng: 'uk', confidence: 0.9 };
  }
  if (count(raw, ARABIC_SCRIPT) / letters > 0.5) {
    const persian = count(raw, PERSIAN_ONLY);
    const arabic = count(raw, ARABIC_ONLY);
    if (persian > arabic) return { lng: 'fa', confidence: persian >= 2 ? 0.9 : 0.7 };
    if (arabic > persian) return { lng: 'ar', confidence: arabic >= 2 ? 0.9 : 0.7 };
    return { lng: 'ar', confidence: 0.5 };
  }

  const words = normaliseText(raw).split(/[\s'’]+/).filter((w) => w.length > 0);
  const scores = Object.entries(LATIN_MARKERS).map(([lng, markers]) => {
    const set = new Set(markers.map((m) => normaliseText(m)));
    return { lng, hits: words.filter((w) => set.has(w)).length };
  });
  scores.sort((a, b) => b.hits - a.hits || a.lng.localeCompare(b.lng));
  const [best, second] = scores;
  if (!best || best.hits === 0) return undefined;
  const margin = best.hits - (second?.hits ?? 0);
  if (margin === 0) return undefined;
  const confidence = Math.min(0.95, 0.4 + 0.2 * margin + 0.05 * best.hits);
  return { lng: best.lng, confidence };
}

/** Confident enough to offer a switch of language. */
export const SWITCH_CONFIDENCE = 0.7;
