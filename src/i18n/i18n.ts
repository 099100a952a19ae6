import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n, type Resource, type TFunction } from 'i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, checkLanguageTable, type Language } from './languages';

export type { TFunction };

export const LOCALES_DIR = path.resolve(__dirname, '..', '..', '..', 'locales');

function localesDirFor(candidate: string): string {
  // Compiled code runs from dist/src/i18n, tests and ts tools from src/i18n: find the folder either way.
  if (fs.existsSync(candidate)) return candidate;
  return path.resolve(__dirname, '..', '..', 'locales');
}

/** Reads every locales/<lng>/<namespace>.json into one resource object. */
export function readLocales(localesDir: string, languages: readonly Language[]): Resource {
  const resources: Resource = {};
  for (const language of languages) {
    const dir = path.join(localesDir, language.code);
    const namespaces: Resource[string] = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      namespaces[path.basename(file, '.json')] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
    resources[language.code] = namespaces;
  }
  return resources;
}

/**
 * One i18next instance for the process. Turns never change its language: each turn takes `getFixedT(lng)`.
 */
export function createI18n(options: { localesDir?: string; languages?: readonly Language[] } = {}): I18n {
  const languages = options.languages ?? LANGUAGES;
  const localesDir = options.localesDir ?? localesDirFor(LOCALES_DIR);
  checkLanguageTable(languages, localesDir);
  const resources = readLocales(localesDir, languages);
  const english = resources[DEFAULT_LANGUAGE] ?? {};
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: languages.map((l) => l.code),
    ns: Object.keys(english),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
