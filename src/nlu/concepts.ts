import { foldText, tokenize } from './foldText';
import { PhraseMatcher } from './phraseMatcher';

/**
 * Word classes the examples cannot teach one by one: a model that saw "arabic" and "farsi" still does not know
 * "persian" or "pashto", but it learns what a message naming *a language* means. Each concept found in a message
 * becomes one feature ("c:languageName"), next to its words and n-grams.
 */
export type Concept = 'languageName' | 'laughter' | 'cefrLevel';

/**
 * Names of languages (the bot's ten and those newcomers often speak), in each of the ten languages. `*` marks a stem
 * that takes endings (Finnish "arabiaksi", Ukrainian "арабською"). Finnish uses the same word for a country and its
 * language ("Ukraina"), so those count too; the model weighs the feature against the other words.
 */
const LANGUAGE_NAMES: readonly string[] = [
  // en
  'english', 'arabic', 'persian', 'farsi', 'dari', 'pashto', 'ukrainian', 'russian', 'tigrinya', 'tigrigna', 'amharic',
  'french', 'spanish', 'italian', 'portuguese', 'finnish', 'swedish', 'somali', 'kurdish', 'urdu', 'turkish', 'german',
  // pt
  'ingles', 'arabe', 'persa', 'ucraniano', 'russo', 'tigrinia', 'amarico', 'frances', 'espanhol', 'portugues',
  'finlandes', 'sueco', 'curdo', 'turco', 'alemao',
  // it
  'inglese', 'arabo', 'persiano', 'ucraino', 'tigrino', 'francese', 'spagnolo', 'italiano', 'portoghese', 'finlandese',
  'svedese', 'somalo', 'tedesco',
  // fi
  'englanti*', 'arabia*', 'persia*', 'farsi*', 'dari*', 'ukraina*', 'venaja*', 'tigrinja*', 'amhara*', 'ranska*',
  'espanja*', 'italia*', 'portugali*', 'suomi', 'suomea', 'suomeksi', 'suomen', 'ruotsi*', 'somali*', 'kurdi*', 'turkki*',
  'saksa*',
  // fr
  'anglais', 'persan', 'pachto', 'ukrainien', 'russe', 'amharique', 'francais', 'espagnol', 'italien', 'portugais',
  'finnois', 'suedois', 'kurde', 'ourdou', 'turc', 'allemand',
  // es
  'pastun', 'ruso', 'tigrina', 'amharico', 'espanol', 'castellano', 'kurdo', 'aleman',
  // ar
  'انجليزي*', 'انكليزي*', 'انقليزي*', 'انجليزيه', 'عربي*', 'فارسي*', 'دري', 'بشتو', 'اوكراني*', 'روسي*', 'تغريني*',
  'امهري*', 'فرنساوي', 'فرنسي*', 'اسباني*', 'ايطالي*', 'برتغالي*', 'فنلندي*', 'سويدي*', 'صومالي*', 'كردي*', 'اوردو',
  'تركي*', 'الماني*',
  // fa
  'انگلیسی*', 'پارسی', 'پشتو', 'اوکراینی', 'روسی', 'تیگرینیا', 'فرانسوی', 'اسپانیایی', 'ایتالیایی', 'پرتگالی',
  'پرتغالی', 'فنلندی', 'فنلاندی', 'سوئدی', 'سومالی', 'کردی', 'اردو', 'ترکی', 'آلمانی',
  // uk (and the Russian spellings people also type)
  'англійськ*', 'арабськ*', 'перськ*', 'фарсі', 'дарі', 'пушту', 'українськ*', 'російськ*', 'тигрин*', 'амхарськ*',
  'французьк*', 'іспанськ*', 'італійськ*', 'португальськ*', 'фінськ*', 'шведськ*', 'сомалійськ*', 'курдськ*', 'урду',
  'турецьк*', 'німецьк*', 'английск*', 'русск*', 'украинск*', 'арабск*',
  // ti
  'እንግሊዝኛ', 'ዓረብኛ', 'ፋርስኛ', 'ፋርሲ', 'ዳሪ', 'ፓሽቶ', 'ዩክሬንኛ', 'ሩስኛ', 'ትግርኛ', 'ኣምሓርኛ', 'ፈረንሳይኛ', 'ስጳኛ',
  'ስፓኒሽ', 'ጣልያንኛ', 'ፖርቱጋልኛ', 'ፊንላንድኛ', 'ሽወደንኛ', 'ሶማልኛ', 'ኩርድኛ', 'ቱርክኛ', 'ጀርመንኛ',
];

const languageNames = new PhraseMatcher([{ value: 'languageName' as const, phrases: LANGUAGE_NAMES }]);

/** "haha", "jajaja", "kkkk", "mdr", "ههههه", "хахах", "ሃሃሃ": laughing, in the ways the ten languages write it. */
const LAUGHTER =
  /^(?:(?:[hj]+[aeiu]+){2,}h*|(?:[aeiu]+[hj]+){2,}[aeiu]*|k{3,}|x[dд]|lol+|mdr|ptdr|rs(?:rs)+|ه{3,}|خ{3,}|(?:х+[аеи]+){2,}х*|(?:[аеи]+х+){2,}[аеи]*|(?:ሃ){2,}|(?:ክ){3,})$/u;

/** Changes whenever a word list or pattern here changes: part of the model cache key. */
export const CONCEPTS_FINGERPRINT = `${LANGUAGE_NAMES.join('|')}#${LAUGHTER.source}`;

/** The concepts a text mentions, each once. */
export function conceptsIn(text: string): Concept[] {
  const found: Concept[] = [];
  const tokens = tokenize(foldText(text));
  if (languageNames.findFirst(text) !== undefined) found.push('languageName');
  if (tokens.some((token) => token.length >= 3 && LAUGHTER.test(token))) found.push('laughter');
  if (tokens.some((token) => /^(?:pre)?[abcавс][12]$/.test(token))) found.push('cefrLevel');
  return found;
}
