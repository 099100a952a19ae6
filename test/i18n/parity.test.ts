import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createI18n } from '../../src/i18n/i18n';
import { DEFAULT_LANGUAGE, LANGUAGES, LanguageTableError, checkLanguageTable, type Language } from '../../src/i18n/languages';
import { normaliseText } from '../../src/nlu/normalise';

const LOCALES_DIR = path.resolve(__dirname, '..', '..', 'locales');

/** botbuilder shows suggested actions only when every label fits in this many characters. */
const MAX_BUTTON_LABEL = 20;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type LeafKind = 'string' | 'array' | 'plural' | 'other';

/** i18next's plural suffixes (Intl.PluralRules categories): `key_one`, `key_other`, … form one plural text `key`. */
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function namespaces(code: string): string[] {
  const dir = path.join(LOCALES_DIR, code);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.basename(f, '.json'))
    .sort();
}

function readNamespace(code: string, ns: string): Json {
  return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, code, `${ns}.json`), 'utf8')) as Json;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every leaf of a resource as "a.b.c" → its kind. Nested objects are walked; an array is one leaf, whatever its length;
 * the plural forms of a text (`a.b_one`, `a.b_other`, …) are one leaf `a.b` of kind 'plural', since languages have
 * different forms.
 */
function leaves(value: Json, prefix = ''): Map<string, LeafKind> {
  const out = new Map<string, LeafKind>();
  for (const [key, kind] of rawLeaves(value, prefix)) {
    if (kind === 'string' && PLURAL_SUFFIX.test(key)) out.set(key.replace(PLURAL_SUFFIX, ''), 'plural');
    else out.set(key, kind);
  }
  return out;
}

/** The plural forms a resource has for the plural text `key`: category → text. */
function pluralForms(root: Json, key: string): Map<string, string> {
  const dot = key.lastIndexOf('.');
  const parent = dot === -1 ? root : valueAt(root, key.slice(0, dot));
  const base = key.slice(dot + 1);
  const forms = new Map<string, string>();
  if (parent === undefined || !isObject(parent)) return forms;
  for (const [name, text] of Object.entries(parent)) {
    const match = PLURAL_SUFFIX.exec(name);
    if (match && name.slice(0, -match[0].length) === base && typeof text === 'string') forms.set(match[1]!, text);
  }
  return forms;
}

function rawLeaves(value: Json, prefix = ''): Map<string, LeafKind> {
  const out = new Map<string, LeafKind>();
  if (!isObject(value)) {
    out.set(prefix, typeof value === 'string' ? 'string' : Array.isArray(value) ? 'array' : 'other');
    return out;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = prefix === '' ? key : `${prefix}.${key}`;
    if (isObject(child)) {
      const nested = rawLeaves(child, childPath);
      // An empty object is still a key: keep it visible so {} in one language and a string in another differ.
      if (nested.size === 0) out.set(childPath, 'other');
      for (const [p, kind] of nested) out.set(p, kind);
    } else {
      out.set(childPath, typeof child === 'string' ? 'string' : Array.isArray(child) ? 'array' : 'other');
    }
  }
  return out;
}

function valueAt(root: Json, dotted: string): Json | undefined {
  let current: Json | undefined = root;
  for (const part of dotted.split('.')) {
    if (current === undefined || !isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** Keys whose kind differs, or that exist on one side only — in both directions. */
function diffKeys(english: Json, other: Json): { missing: string[]; extra: string[]; kindMismatch: string[] } {
  const en = leaves(english);
  const tr = leaves(other);
  return {
    missing: [...en.keys()].filter((k) => !tr.has(k)).sort(),
    extra: [...tr.keys()].filter((k) => !en.has(k)).sort(),
    kindMismatch: [...en.keys()].filter((k) => tr.has(k) && tr.get(k) !== en.get(k)).sort(),
  };
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]!))].sort();
}

/** Every string in a resource, with its path (array items as path[i]). */
function strings(value: Json, prefix = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${prefix}[${i}]`));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => strings(v, prefix === '' ? k : `${prefix}.${k}`));
  return [];
}

/** The button label keys: menu:role.newcomer, menu:role.employer and every menu:topics.<topic>.label. */
function buttonLabelKeys(menu: Json): string[] {
  const keys = ['role.newcomer', 'role.employer'];
  const topics = valueAt(menu, 'topics');
  if (topics !== undefined && isObject(topics)) {
    for (const [topic, spec] of Object.entries(topics)) {
      if (isObject(spec) && 'label' in spec) keys.push(`topics.${topic}.label`);
    }
  }
  return keys;
}

const ENGLISH_NAMESPACES = namespaces(DEFAULT_LANGUAGE);
const CODES = LANGUAGES.map((l) => l.code);
const CASES = LANGUAGES.flatMap((l) => ENGLISH_NAMESPACES.map((ns) => [l.code, ns] as const));

describe('locale files', () => {
  it('English has the namespaces the bot uses', () => {
    expect(ENGLISH_NAMESPACES).toEqual(expect.arrayContaining(['common', 'menu']));
  });

  it('the key comparison sees keys missing on either side', () => {
    const english: Json = { a: { b: 'x', list: ['1', '2'] }, c: 'y' };
    expect(diffKeys(english, { a: { b: 'x', list: ['1'] }, c: 'y' })).toEqual({ missing: [], extra: [], kindMismatch: [] });
    expect(diffKeys(english, { a: { b: 'x', list: ['1'], more: 'z' }, c: 'y' }).extra).toEqual(['a.more']);
    expect(diffKeys(english, { a: { list: [] }, c: 'y' }).missing).toEqual(['a.b']);
    expect(diffKeys(english, { a: { b: 'x', list: 'not a list' }, c: 'y' }).kindMismatch).toEqual(['a.list']);
    expect(diffKeys(english, { a: { b: { deeper: 'x' }, list: [] }, c: 'y' })).toEqual({
      missing: ['a.b'],
      extra: ['a.b.deeper'],
      kindMismatch: [],
    });
    // Plural forms count as one text, whichever forms a language has; a plain string in their place does not.
    const withPlural: Json = { n_one: '{{count}} day', n_other: '{{count}} days' };
    expect(diffKeys(withPlural, { n_one: 'x', n_few: 'y', n_many: 'z', n_other: 'w' })).toEqual({ missing: [], extra: [], kindMismatch: [] });
    expect(diffKeys(withPlural, { n: '{{count}} days' })).toEqual({ missing: [], extra: [], kindMismatch: ['n'] });
  });

  it.each(CODES)('%s has exactly the namespace files English has', (code) => {
    expect(namespaces(code)).toEqual(ENGLISH_NAMESPACES);
  });

  describe.each(CASES)('%s/%s', (code, ns) => {
    const english = readNamespace(DEFAULT_LANGUAGE, ns);
    const own = readNamespace(code, ns);

    it('has the same keys as English, both ways, with arrays where English has arrays', () => {
      expect(diffKeys(english, own)).toEqual({ missing: [], extra: [], kindMismatch: [] });
    });

    it('has exactly the plural forms its language needs (Intl.PluralRules), each with only English placeholders', () => {
      const categories = [...new Intl.PluralRules(code).resolvedOptions().pluralCategories].sort();
      for (const [key, kind] of leaves(english)) {
        if (kind !== 'plural') continue;
        const forms = pluralForms(own, key);
        expect({ key, forms: [...forms.keys()].sort() }).toEqual({ key, forms: categories });
        const englishOther = placeholders(pluralForms(english, key).get('other') ?? '');
        // The general form names every placeholder; others may spell the number out ("دقيقتين": two minutes).
        expect({ key, placeholders: placeholders(forms.get('other') ?? '') }).toEqual({ key, placeholders: englishOther });
        for (const text of forms.values()) expect(placeholders(text).filter((name) => !englishOther.includes(name))).toEqual([]);
      }
    });

    it('uses the same {{placeholders}} as English in each string', () => {
      for (const [key, kind] of leaves(english)) {
        if (kind !== 'string') continue;
        const enText = valueAt(english, key) as string;
        const ownText = valueAt(own, key);
        expect(typeof ownText).toBe('string');
        expect({ key, placeholders: placeholders(ownText as string) }).toEqual({ key, placeholders: placeholders(enText) });
      }
    });

    it('has no empty strings, also inside arrays, and no empty arrays', () => {
      const empty = strings(own)
        .filter(([, text]) => text.trim() === '')
        .map(([key]) => key);
      expect(empty).toEqual([]);
      const emptyArrays = [...leaves(own)].filter(([key, kind]) => kind === 'array' && (valueAt(own, key) as Json[]).length === 0);
      expect(emptyArrays.map(([key]) => key)).toEqual([]);
    });

    if (ns === 'menu') {
      it(`keeps every button label within ${MAX_BUTTON_LABEL} characters`, () => {
        const keys = buttonLabelKeys(english);
        expect(keys.length).toBeGreaterThan(2);
        const tooLong = keys
          .map((key) => ({ key, label: valueAt(own, key) }))
          .filter(({ label }) => typeof label !== 'string' || label.length > MAX_BUTTON_LABEL);
        expect(tooLong).toEqual([]);
      });
    }

    if (ns === 'common') {
      it('shows in help.text command words that are in its own commands lists, in the order English uses', () => {
        const commandOf = (resource: Json, word: string): string | undefined => {
          const commands = valueAt(resource, 'commands');
          if (commands === undefined || !isObject(commands)) return undefined;
          return Object.entries(commands).find(
            ([, words]) => Array.isArray(words) && words.some((w) => typeof w === 'string' && normaliseText(w) === normaliseText(word)),
          )?.[0];
        };
        const shownWords = (resource: Json): string[] =>
          String(valueAt(resource, 'help.text'))
            .split('\n')
            .map((line) => /^- (.+?):/.exec(line)?.[1])
            .filter((word): word is string => word !== undefined);
        const englishCommands = shownWords(english).map((w) => commandOf(english, w));
        expect(englishCommands).not.toContain(undefined);
        const ownWords = shownWords(own);
        expect(ownWords.map((w) => commandOf(own, w))).toEqual(englishCommands);
        expect(String(valueAt(own, 'help.text')).split('\n')).toHaveLength(String(valueAt(english, 'help.text')).split('\n').length);
      });
    }
  });
});

describe('the language command words', () => {
  const required: Record<string, string[]> = {
    en: ['language'],
    pt: ['idioma'],
    it: ['lingua'],
    fi: ['kieli'],
    fr: ['langue'],
    es: ['idioma'],
    ar: ['لغة', 'اللغة'],
    fa: ['زبان'],
    uk: ['мова'],
    ti: ['ቋንቋ'],
  };

  it.each(CODES)('%s lists the plain word for "language" and keeps "?" for help', (code) => {
    const common = readNamespace(code, 'common');
    expect(valueAt(common, 'commands.language')).toEqual(expect.arrayContaining(required[code] ?? []));
    expect(valueAt(common, 'commands.help')).toEqual(expect.arrayContaining(['?']));
  });

  it('covers every language in the table', () => {
    expect(Object.keys(required).sort()).toEqual([...CODES].sort());
  });
});

describe('the language table', () => {
  const tempDirs: string[] = [];
  afterEach(() => {
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempLocales(codes: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locales-test-'));
    tempDirs.push(dir);
    for (const code of codes) {
      fs.mkdirSync(path.join(dir, code));
      for (const ns of ENGLISH_NAMESPACES) fs.writeFileSync(path.join(dir, code, `${ns}.json`), '{}');
    }
    return dir;
  }

  it('lists the ten languages in order, right-to-left for Arabic and Farsi only', () => {
    expect(CODES).toEqual(['en', 'pt', 'it', 'fi', 'fr', 'es', 'ar', 'fa', 'uk', 'ti']);
    expect(LANGUAGES.filter((l) => l.rtl).map((l) => l.code)).toEqual(['ar', 'fa']);
  });

  it('gives every language a native name that fits on a button', () => {
    for (const language of LANGUAGES) expect(language.nativeName.length).toBeLessThanOrEqual(MAX_BUTTON_LABEL);
  });

  it('passes its own check against locales/', () => {
    expect(() => checkLanguageTable(LANGUAGES, LOCALES_DIR)).not.toThrow();
  });

  it('rejects a table where an alias is listed twice', () => {
    const dir = tempLocales(['en', 'fa', 'ar']);
    const en = LANGUAGES.find((l) => l.code === 'en')!;
    const fa = LANGUAGES.find((l) => l.code === 'fa')!;
    const clash: Language = { code: 'ar', nativeName: 'العربية', englishName: 'Arabic', rtl: true, aliases: ['fa-AF'] };
    expect(() => checkLanguageTable([en, fa, clash], dir)).toThrow(LanguageTableError);
    expect(() => checkLanguageTable([en, fa, clash], dir)).toThrow(/"fa-af" is listed twice/);
    // The real locales folder does not make the duplicate acceptable either.
    expect(() => checkLanguageTable([...LANGUAGES, { ...clash, code: 'zz' }], LOCALES_DIR)).toThrow(/listed twice/);
  });

  it('rejects a table whose language has no locales folder', () => {
    const dir = tempLocales(['en', 'pt']);
    expect(() => checkLanguageTable(LANGUAGES.slice(0, 2), dir)).not.toThrow();
    expect(() => checkLanguageTable(LANGUAGES, dir)).toThrow(LanguageTableError);
    expect(() => checkLanguageTable(LANGUAGES, dir)).toThrow(/locales\/ti\/ is missing/);
  });
});

describe('createI18n', () => {
  const i18n = createI18n();

  it.each([
    ['ar', /[\u0600-\u06ff]/],
    ['fa', /[\u0600-\u06ff]/],
    ['uk', /[\u0400-\u04ff]/],
    ['ti', /[\u1200-\u137f]/],
  ])('loads the %s texts from locales/', (code, script) => {
    const prompt = i18n.getFixedT(code)('common:language.prompt');
    expect(prompt).toBe(valueAt(readNamespace(code, 'common'), 'language.prompt'));
    expect(prompt).not.toBe(i18n.getFixedT('en')('common:language.prompt'));
    expect(prompt).toMatch(script);
  });

  it.each(CODES)('%s interpolates the error reference', (code) => {
    const text = i18n.getFixedT(code)('common:error.apology', { reference: 'REF-123' });
    expect(text).toContain('REF-123');
    expect(text).not.toContain('{{');
  });

  it.each(CODES)('%s returns its commands as lists', (code) => {
    const words: unknown = i18n.getFixedT(code)('common:commands.language', { returnObjects: true });
    expect(Array.isArray(words)).toBe(true);
  });
});
