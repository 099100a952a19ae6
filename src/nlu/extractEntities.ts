import type { CityId } from '../content/common';
import type { CourseSlot } from '../content/coursesSchema';
import { PhraseMatcher } from './phraseMatcher';
import { foldText, tokenize } from './foldText';

/** A CEFR level a person names, or one their words imply ("beginner" → A1, "from zero" → pre-A1). */
export const NLU_LEVELS = ['pre-A1', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type NluLevel = (typeof NLU_LEVELS)[number];

/** What a privacy request asks for besides seeing what the bot knows: deleting or exporting the data. */
export type PrivacyAction = 'delete' | 'export';

/** What can be read from the words themselves, whatever the intent and in any of the ten languages. */
export interface TextEntities {
  city?: CityId;
  level?: NluLevel;
  slot?: CourseSlot;
  /** Only meaningful with the "privacy" intent; without it, the person asks what the bot knows. */
  privacyAction?: PrivacyAction;
}

/**
 * The four cities as people write them: English and local names, the other languages' exonyms and their scripts,
 * common misspellings. `*` marks a stem that takes endings (Finnish "Helsingissä", Ukrainian "у Лісабоні").
 */
const CITY_NAMES: ReadonlyArray<{ value: CityId; phrases: string[] }> = [
  {
    value: 'birmingham',
    phrases: ['birmingham', 'birmingham*', 'brum', 'بيرمنغهام', 'برمنغهام', 'بيرمنجهام', 'برمنجهام', 'بيرمينغهام', 'بیرمنگام', 'برمینگام', 'بیرمینگهام', 'برمینگهام', 'бірмінгем*', 'бирмингем*', 'бірмінгам*', 'በርሚንግሃም', 'ቢርሚንግሃም', 'በርሚንግሀም', 'ቢርምንግሃም'],
  },
  {
    value: 'lisbon',
    phrases: ['lisbo*', 'lissabon', 'lissabon*', 'lisabon*', 'lisbonne', 'لشبونة', 'ليشبونة', 'لشبونا', 'ليسبون', 'لیسبون', 'لیسبن', 'لیزبون', 'لسبون', 'лісабон*', 'лиссабон*', 'лисабон*', 'ሊዝበን', 'ሊስቦን', 'ሊዝቦን', 'ሊዝቦና', 'ሊስበን'],
  },
  {
    value: 'milan',
    phrases: ['milan*', 'milao', 'milaan', 'ميلانو', 'ميلان', 'میلان', 'میلانو', 'мілан*', 'милан*', 'ሚላን', 'ሚላኖ'],
  },
  {
    value: 'helsinki',
    phrases: ['helsinki', 'helsink*', 'helsing*', 'helsingfors', 'هلسنكي', 'هلسنكى', 'هلسينكي', 'هلسینکی', 'هلسنکی', 'гельсінк*', 'хельсінк*', 'хельсинк*', 'гельсинк*', 'ሄልሲንኪ', 'ሄልሲንክ', 'ሄልስንኪ'],
  },
];

/** Words that say where a learner starts, in the ten languages. Explicit levels (A1…C2) are read separately. */
const LEVEL_WORDS: ReadonlyArray<{ value: NluLevel; phrases: string[] }> = [
  {
    value: 'pre-A1',
    phrases: [
      'from zero', 'from scratch', 'absolute beginner*', 'level zero', 'zero level', 'complete beginner*',
      'do zero', 'nivel zero', 'nao falo nada', 'nao sei nada',
      'da zero', 'livello zero', 'principiante assoluto', 'non parlo niente', 'non so niente',
      'nollasta', 'en osaa yhtaan', 'en puhu yhtaan', 'nollataso*',
      'de zero', 'niveau zero', 'grand debutant*', 'vrai debutant*',
      'desde cero', 'de cero', 'nivel cero', 'no hablo nada',
      'من الصفر', 'مستوى صفر', 'ولا كلمة',
      'از صفر', 'سطح صفر', 'هیچ بلد نیستم',
      'з нуля', 'нульов*', 'зовсім не знаю',
      'ካብ ባዶ', 'ካብ ዜሮ',
    ],
  },
  {
    value: 'A1',
    phrases: [
      'beginner*', 'basic', 'elementary', 'starter*',
      'iniciante*', 'principiante*', 'basico', 'nivel basico', 'iniciacao',
      'principianti', 'livello base', 'corso base', 'corso di base', 'elementare',
      'alkeet', 'alkeis*', 'aloittelij*', 'perustaso*',
      'debutant*', 'elementaire',
      'inicial', 'principiantes',
      'مبتدئ*', 'مبتدا*', 'المستوى الاول', 'مستوى اول', 'مستوى اساسي',
      'مبتدی', 'مقدماتی', 'سطح پایه', 'دوره پایه',
      'початків*', 'початков*', 'новач*', 'базов*',
      'ጀማሪ', 'ጀመርቲ', 'መባእታ',
    ],
  },
];

/**
 * Times of the day and week for a course. Greetings come first with no value, so "good evening" or "bom dia" is not
 * read as a time; longer phrases win, so "boa tarde" hides "tarde".
 */
const SLOT_WORDS: ReadonlyArray<{ value: CourseSlot | null; phrases: string[] }> = [
  {
    value: null,
    phrases: [
      'good morning', 'good afternoon', 'good evening', 'good night', 'bom dia', 'boa tarde', 'boa noite',
      'buongiorno', 'buon giorno', 'buon pomeriggio', 'buona serata', 'buonasera', 'buona sera', 'buonanotte', 'buona notte',
      'hyvaa huomenta', 'hyvaa iltaa', 'hyvaa iltapaivaa', 'hyvaa yota', 'bonne soiree', 'bonne nuit', 'bonsoir', 'bonjour',
      'buenos dias', 'buenas tardes', 'buenas noches', 'صباح الخير', 'صباح النور', 'مساء الخير', 'مساء النور',
      'صبح بخیر', 'عصر بخیر', 'شب بخیر', 'доброго ранку', 'добрий ранок', 'добрий вечір', 'доброго вечора', 'на добраніч',
      'ከመይ ሓዲርካ', 'ከመይ ሓዲርኪ', 'ከመይ ሓዲርኩም', 'ከመይ ኣምሲኻ', 'ከመይ ኣምሲኺ', 'ከመይ ኣምሲኹም', 'ደሓን ሕደሩ', 'ደሓን ሕደር',
    ],
  },
  {
    value: 'morning',
    phrases: [
      'morning*', 'manha*', 'matinal', 'mattin*', 'aamu*', 'aamupaiva*', 'matin*', 'manana*',
      'صباح*', 'الصبح', 'صبح*', 'قبل از ظهر', 'پیش از ظهر', 'قبل الظهر',
      'ранок', 'ранку', 'вранці', 'зранку', 'ранков*', 'ንግሆ', 'ብንግሆ', 'ቅድሚ ቀትሪ',
    ],
  },
  {
    value: 'afternoon',
    phrases: [
      'afternoon*', 'after lunch', 'tarde', 'tardes', 'pomeriggi*', 'iltapaiva*', 'apres midi', 'aprem',
      'بعد الظهر', 'بعد الضهر', 'العصر', 'عصر*', 'بعد از ظهر', 'بعدازظهر', 'بعد ازظهر',
      'після обіду', 'по обіді', 'пообід*', 'вдень', 'удень', 'ድሕሪ ቀትሪ', 'ቀትሪ',
    ],
  },
  {
    value: 'evening',
    phrases: [
      'evening*', 'night*', 'tonight', 'after work', 'noite', 'noturn*', 'pos laboral', 'di sera', 'la sera', 'alla sera', 'serata', 'stasera', 'serale', 'serali',
      'dopo il lavoro', 'ilta*', 'illalla', 'illaksi', 'soir*', 'nuit', 'noche*', 'nocturn*',
      'مساء*', 'مسائی', 'المسا', 'مسا', 'لیل*', 'شب', 'شبها', 'شبانه',
      'вечір', 'ввечері', 'увечері', 'вечор*', 'вечірн*', 'ምሸት', 'ብምሸት', 'ለይቲ',
    ],
  },
  {
    value: 'weekend',
    phrases: [
      'weekend*', 'week end*', 'saturday*', 'sunday*', 'fim de semana', 'fins de semana', 'sabado*', 'domingo*',
      'fine settimana', 'sabato', 'domenica', 'viikonlopp*', 'lauantai*', 'sunnuntai*', 'samedi*', 'dimanche*',
      'fin de semana', 'fines de semana', 'finde',
      'نهاية الاسبوع', 'اخر الاسبوع', 'الويكند', 'ويكند', 'السبت', 'الاحد', 'الجمعه',
      'آخر هفته', 'اخر هفته', 'جمعه', 'جمعه ها', 'вихідн*', 'субот*', 'неділ*',
      'ቀዳመ ሰንበት', 'ሰንበት', 'መወዳእታ ሰሙን', 'ቀዳም',
    ],
  },
];

/** Verbs and nouns of deleting and of exporting data. */
const PRIVACY_WORDS: ReadonlyArray<{ value: PrivacyAction; phrases: string[] }> = [
  {
    value: 'delete',
    phrases: [
      'delete*', 'erase*', 'remove*', 'forget me', 'clear my', 'wipe*',
      'apag*', 'elimin*', 'remov*', 'esquece me', 'cancell*', 'dimenticami', 'togli*', 'poista*', 'unohda*',
      'supprim*', 'effac*', 'oublie moi', 'retirez', 'borr*', 'olvidame', 'quiten',
      'احذف*', 'حذف', 'امسح*', 'مسح', 'شيلوا', 'انساني', 'پاک', 'حذف کن*', 'فراموش', 'بردار*',
      'видал*', 'зітр*', 'стерт*', 'забудь', 'приберіть', 'ደምስ*', 'ምድምሳስ', 'ሰርዝ*', 'ኣልግስ', 'ረሲዕኒ',
    ],
  },
  {
    value: 'export',
    phrases: [
      'export*', 'download*', 'a copy', 'copy of', 'send me all', 'exportar', 'descarreg*', 'copia', 'copia dos',
      'esporta*', 'scarica*', 'viedä', 'vie tieto*', 'lataa*', 'kopio*', 'telecharg*', 'descarg*', 'mandame todos',
      'صدر', 'تصدير', 'تنزيل', 'نسخه', 'ابعتلي كل', 'خروجی', 'دانلود', 'کاپی', 'کپی',
      'експорт*', 'завантаж*', 'копі*', 'надішли мені всі', 'ኣውጽኣለይ', 'ከውጽእ', 'ቅዳሕ', 'ኣውርድ', 'ስደደለይ',
    ],
  },
];

const cityMatcher = new PhraseMatcher(CITY_NAMES);
const privacyMatcher = new PhraseMatcher(PRIVACY_WORDS);
const levelMatcher = new PhraseMatcher(LEVEL_WORDS);
const slotMatcher = new PhraseMatcher(SLOT_WORDS);

/** Cyrillic letters that look like the Latin ones of CEFR levels: Ukrainians often type "В1" on a Cyrillic keyboard. */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = { а: 'a', в: 'b', с: 'c' };

/** Finds the city, level, time slot and privacy action a message names; each is left out when the text names none. */
export function extractEntities(text: string): TextEntities {
  const entities: TextEntities = {};
  const city = cityMatcher.findFirst(text);
  if (city !== undefined) entities.city = city;
  const level = explicitLevel(text) ?? levelMatcher.findFirst(text);
  if (level !== undefined) entities.level = level;
  const slot = slotMatcher.findAll(text).find((hit) => hit.value !== null)?.value;
  if (slot !== undefined && slot !== null) entities.slot = slot;
  const privacyAction = privacyMatcher.findFirst(text);
  if (privacyAction !== undefined) entities.privacyAction = privacyAction;
  return entities;
}

/** "B1", "b2", "nivel A2", "A1-taso", "pre-A1", and Cyrillic look-alikes ("В1"). */
function explicitLevel(text: string): NluLevel | undefined {
  const tokens = tokenize(foldText(text));
  for (let i = 0; i < tokens.length; i += 1) {
    const token = [...tokens[i]!].map((char) => CYRILLIC_LOOKALIKES[char] ?? char).join('');
    const match = /^(?:pre)?([abc])([12])$/.exec(token);
    if (!match) continue;
    const level = `${match[1]!.toUpperCase()}${match[2]}` as NluLevel;
    const pre = token.startsWith('pre') || tokens[i - 1] === 'pre';
    return pre && level === 'A1' ? 'pre-A1' : level;
  }
  return undefined;
}
